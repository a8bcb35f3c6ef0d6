"""Cloze blanks: parsing and substitution into rendered text."""

from __future__ import annotations

from cardsmith import cloze
from cardsmith.model import Blank, Text


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
