"""Deck text as page HTML, and the per-type answer text of the HTML page.

Deck text reaches the page only through `text_html` (the `md` template
filter wraps it in `Markup`): the core's rendering, raw HTML already escaped
there unless the deck sets `allow_html`. Everything else is escaped, by
Jinja2's autoescaping in the templates and by `markupsafe.escape` in the
Python-built parts (html_questions, html_cards).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from markupsafe import Markup, escape

from cardsmith.model import (
    Blank,
    ClozeQuestion,
    MatchQuestion,
    NumericQuestion,
    Text,
)
from cardsmith.text import cloze

from . import images as html_images

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_SPECIAL = re.compile(r"[&<>'\"]").search
_CSS_SPECIAL = re.compile(r'["\\<\x00-\x1f\x7f]')


def text_html(text: Text) -> str:
    """Deck text as HTML; a lone paragraph loses its `<p>`, so the caller gives a container.

    Formulas come as MathML (`Text.html_mathml`), so the page needs no MathJax
    and prints them; the parse behind it is shared with the other exporters.
    """
    rendered = text.html_mathml
    # Called for every text of the page: the common case (no picture) stays one test.
    return _embed(rendered) if "src=" in rendered else rendered


def escaped(value: str) -> str:
    """`value` escaped as the templates escape it; most values (ids) need nothing.

    The search for a special character costs a fifth of `markupsafe.escape`,
    and the page escapes a value or more for every item.
    """
    return str(escape(value)) if _SPECIAL(value) else value


def md(text: Text) -> Markup:
    """`text_html` as trusted markup: the template filter for deck text."""
    return Markup(text_html(text))


def css_string(text: str) -> Markup:
    """`text` as a double-quoted CSS string, safe inside the page's `<style>` element.

    A quote, backslash or line break would end or break the string, and `<`
    could start `</style>`: each is written as a CSS hex escape, as is every
    other control character. The result is markup, so autoescaping (meant for
    HTML, not CSS) leaves it as it is.
    """
    return Markup('"' + _CSS_SPECIAL.sub(lambda m: f"\\{ord(m[0]):X} ", text) + '"')


def chunks(pieces: Iterator[str], size: int = 256) -> Iterator[Markup]:
    """Markup built in Python, joined `size` pieces at a time for a template to print.

    A template printing each piece would spend a loop turn and an escape on
    each; one string of them all would hold a large deck's page twice.
    """
    while batch := list(itertools.islice(pieces, size)):
        yield Markup("".join(batch))


def _embed(rendered: str) -> str:
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


def number(value: float) -> str:
    """A number as a person writes it: 4 rather than 4.0, 0.1 rather than 0.1000000001."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def numeric_answer(q: NumericQuestion, template: str) -> str:
    """`3.14 (± 0.005: anything from 3.135 to 3.145)`, or just the value without tolerance.

    `template` is the page's `tolerance` label, with `{answer}`, `{tolerance}`,
    `{low}` and `{high}` to fill in.
    """
    if not q.tolerance:
        return number(q.answer)
    # Decimal of the shortest repr avoids binary noise such as 3.1350000000000002.
    value, tol = Decimal(repr(q.answer)), Decimal(repr(q.tolerance))
    low, high = _decimal(value - tol), _decimal(value + tol)
    return template.format(answer=number(q.answer), tolerance=number(q.tolerance), low=low,
                           high=high)


def _decimal(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text


def match_order(q: MatchQuestion) -> list[int]:
    """Pair indexes in the order the right-hand items are lettered.

    Alphabetical, so the order gives nothing away.
    """
    return sorted(range(len(q.pairs)), key=lambda i: (q.pairs[i].right.source.casefold(), i))


def _cloze(q: ClozeQuestion, fill: Callable[[Blank], str]) -> str:
    return cloze.substitute(_embed(q.prompt.html_mathml), q.blanks, fill)


def cloze_gaps(q: ClozeQuestion) -> str:
    """The prompt with each blank shown as a gap (its hint, if any): no answer in the markup."""
    return _cloze(q, lambda b: f'<span class="gap">{b.hint or "&#8230;"}</span>')


def cloze_filled(q: ClozeQuestion) -> str:
    """The prompt with each blank filled in and highlighted."""
    return _cloze(q, lambda b: f"<mark>{b.answer}</mark>")


FILTERS: dict[str, Callable[..., Any]] = {"md": md, "css_string": css_string}
"""The filters the templates use; the per-item markup is built in Python (html_questions)."""
