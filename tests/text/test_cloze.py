"""Cloze blanks: parsing and substitution into rendered text."""

from __future__ import annotations

import pytest

from cardsmith.model import Blank, Text
from cardsmith.text import cloze


def test_parse_numbers_unnumbered_blanks_in_order() -> None:
    blanks, mixed = cloze.parse("{{a}} and {{b::hint}}")
    assert blanks == [Blank(1, "a"), Blank(2, "b", "hint")]
    assert not mixed


def test_parse_keeps_anki_numbers_and_flags_a_mix() -> None:
    assert cloze.parse("{{c2::x}} {{c1::y}}") == ([Blank(2, "x"), Blank(1, "y")], False)
    assert cloze.parse("{{c1::x}} {{y}}")[1]


def test_substitute_into_html_takes_the_escaped_answer() -> None:
    source = "If {{c1::a < b}} then *{{c2::c}}*"
    blanks = tuple(cloze.parse(source)[0])
    out = cloze.substitute(Text(source).html, blanks, lambda b: f"[{b.number}:{b.answer}]")
    assert out == "If [1:a &lt; b] then <em>[2:c]</em>"


@pytest.mark.parametrize("prompt", [
    "Fine: {{**bold**}}, `{{code}}`, {{snake_case}}, {{a < b}} and {{x::a *hint*}}.",
    "Beside a formula: $x + y$ is {{x plus y}}, and {{ spaced }} blanks.",
    "| {{a}} | b |\n|---|---|\n| c | {{d}} |",
    "[{{link text}}](https://example.org) and {{1990.}} <b>",
    "A {{C:\\\\}} path, with its backslash doubled.",
])
def test_blanks_markdown_leaves_alone_are_accepted(prompt: str) -> None:
    assert cloze.changed_blanks(prompt) == ()


def test_a_blank_in_a_formula_is_refused() -> None:
    # MathJax would typeset the braces; the offline page's MathML drops them.
    assert cloze.changed_blanks("Solve $x + {{y}} = 2$ for y.") == (
        "blank 1 `{{y}}` is changed by Markdown: a formula is not shown as typed; "
        "move the blank out of it",)


def test_a_blank_raw_html_would_swallow_is_refused_only_with_html_allowed() -> None:
    prompt = '<span title="{{answer}}">shown</span> and {{other}}'
    assert cloze.changed_blanks(prompt) == ()  # the markup is shown as text
    assert cloze.changed_blanks(prompt, allow_html=True) == (
        "blank 1 `{{answer}}` is changed by Markdown: it is inside a link, code, a formula or "
        "HTML that Markdown does not show as typed; move it out",)
