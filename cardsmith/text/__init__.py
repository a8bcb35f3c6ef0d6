"""Rendering texts once for every format.

Markdown, HTML, plain text, formulas, cloze, highlighting, and the words cardsmith adds.
"""
