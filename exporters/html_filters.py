"""Template filters of the HTML page: deck text as trusted markup, and per-type answer text.

Deck text reaches the page only through `md`, which wraps the core's
rendering (raw HTML already escaped there unless the deck sets
`allow_html`) in `Markup`. Everything else a template prints is escaped by
Jinja2's autoescaping.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from cardsmith import cloze
from cardsmith.model import (
    Blank,
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    NumericQuestion,
    Pair,
    Text,
)

from . import html_images

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def md(text: Text) -> Markup:
    """Deck text as HTML; a lone paragraph loses its `<p>`, so the template gives a container.

    Formulas come as MathML (`Text.html_mathml`), so the page needs no MathJax
    and prints them; the parse behind it is shared with the other exporters.
    """
    return Markup(_html(text.html_mathml))


def _html(rendered: str) -> str:
    if "src=" in rendered:
        images = html_images.CURRENT.get()
        if images is not None:
            return images.embed(rendered)
    return rendered


def letter(index: int) -> str:
    """A, B, ... Z, then AA, AB, ... for the option at 0-based `index`."""
    if index < len(LETTERS):
        return LETTERS[index]
    return letter(index // len(LETTERS) - 1) + LETTERS[index % len(LETTERS)]


def correct_letter(q: ChoiceQuestion) -> str:
    """The letter of the one correct option."""
    return letter(next(i for i, c in enumerate(q.choices) if c.correct))


def number(value: float) -> str:
    """A number as a person writes it: 4 rather than 4.0, 0.1 rather than 0.1000000001."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def numeric_answer(q: NumericQuestion) -> str:
    """`3.14 (± 0.005: anything from 3.135 to 3.145)`, or just the value without tolerance."""
    if not q.tolerance:
        return number(q.answer)
    # Decimal of the shortest repr avoids binary noise such as 3.1350000000000002.
    value, tol = Decimal(repr(q.answer)), Decimal(repr(q.tolerance))
    low, high = _decimal(value - tol), _decimal(value + tol)
    return f"{number(q.answer)} (± {number(q.tolerance)}: anything from {low} to {high})"


def _decimal(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text


def match_options(q: MatchQuestion) -> list[tuple[str, Pair]]:
    """The right-hand items lettered in alphabetical order, so their order gives nothing away."""
    order = _match_order(q)
    return [(letter(n), q.pairs[i]) for n, i in enumerate(order)]


def match_letter(q: MatchQuestion, index: int) -> str:
    """The letter the right-hand item of pair `index` has in `match_options`."""
    return letter(_match_order(q).index(index))


def _match_order(q: MatchQuestion) -> list[int]:
    return sorted(range(len(q.pairs)), key=lambda i: (q.pairs[i].right.source.casefold(), i))


def _cloze(q: ClozeQuestion, fill: Callable[[Blank], str]) -> Markup:
    return Markup(cloze.substitute(_html(q.prompt.html_mathml), q.blanks, fill))


def cloze_gaps(q: ClozeQuestion) -> Markup:
    """The prompt with each blank shown as a gap (its hint, if any): no answer in the markup."""
    return _cloze(q, lambda b: f'<span class="gap">{b.hint or "&#8230;"}</span>')


def cloze_filled(q: ClozeQuestion) -> Markup:
    """The prompt with each blank filled in and highlighted."""
    return _cloze(q, lambda b: f"<mark>{b.answer}</mark>")


FILTERS: dict[str, Callable[..., Any]] = {
    "md": md,
    "letter": letter,
    "correct_letter": correct_letter,
    "numeric_answer": numeric_answer,
    "match_options": match_options,
    "match_letter": match_letter,
    "cloze_gaps": cloze_gaps,
    "cloze_filled": cloze_filled,
}
