"""cardsmith: write study content once as YAML, export it to Anki, Quizlet, HTML and GIFT."""

__version__ = "0.1.0"
