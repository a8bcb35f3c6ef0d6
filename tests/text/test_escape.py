"""Plain text written as Markdown comes back as the same text, whatever characters it holds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cardsmith.text.escape import markdown_text
from cardsmith.text.render import to_plain

_MARKUP = "#*_-+=.)>|~`$&<[]!{}\\:;/ 1a\n"


def _normal(text: str) -> str:
    """What a reader sees: spaces collapsed, lines kept, blank lines between paragraphs."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    lines = (" ".join(line.split()) for p in paragraphs for line in [*p.split("\n"), ""])
    return re.sub(r"\n{2,}", "\n\n", "\n".join(lines)).strip("\n")


@given(st.text(alphabet=st.sampled_from(_MARKUP), max_size=40) | st.text(max_size=40))
def test_markdown_text_shows_the_text(text: str) -> None:
    text = text.replace("\r", "")
    assert to_plain(markdown_text(text)) == _normal(text)


def test_markup_at_a_line_start_is_escaped_only_there() -> None:
    assert markdown_text("# 1. - x\n21. y") == "\\# 1. - x\\\n21\\. y"
    assert markdown_text("prose, with commas; and dots.") == "prose, with commas; and dots."
