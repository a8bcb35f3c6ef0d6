"""Plain text written as Markdown that shows exactly that text, for importers.

A CSV cell `#`, `21.` or `*` is a heading, a list or a bullet to Markdown and
would show nothing; `$5 and $6` would be a formula. Every character that
could start markup is escaped with a backslash (CommonMark lets any ASCII
punctuation be escaped), but only where it could: a `.` only after a line's
leading digits, a `-` only at a line's start, so that ordinary prose stays
readable in the deck file.
"""

from __future__ import annotations

import re

# Markup anywhere in a line: emphasis, code, links, HTML, entities, formulas,
# strikethrough, table cells, cloze braces and the escape character itself.
_ANYWHERE = re.compile(r"([\\`*_\[\]<>$~|{}])|&(?=#?\w+;)")
# Markup only at a line's start (after its indentation, which goes): headings,
# quotes, bullets, rules, fences, setext underlines and numbered items.
_LINE_START = re.compile(r"^([#>+=-]|(\d{1,9})([.)]))")


def markdown_text(text: str) -> str:
    """Markdown that renders as `text`: its lines kept (a hard line break each), its
    paragraphs kept, runs of spaces inside a line and trailing spaces dropped."""
    paragraphs = re.split(r"\n[ \t]*\n\s*", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for paragraph in paragraphs:
        lines = [_line(line) for line in paragraph.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            out.append("\\\n".join(lines))
    return "\n\n".join(out)


def _line(line: str) -> str:
    line = " ".join(line.split())
    line = _ANYWHERE.sub(lambda m: "\\" + m.group(0), line)
    return _LINE_START.sub(lambda m: (m.group(2) + "\\" + m.group(3)) if m.group(2)
                           else "\\" + m.group(1), line)
