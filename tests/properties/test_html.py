"""Any valid deck's page shows every text and runs only its own script."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from cardsmith import registry
from cardsmith.model import (
    ChoiceQuestion,
    ClozeQuestion,
    Deck,
    MatchQuestion,
    MultiQuestion,
    OpenQuestion,
    ShortQuestion,
)
from cardsmith.text.cloze import BLANK
from tests.consumers.markup import Page, template_script, visible_text
from tests.hypothesis_profiles import examples
from tests.properties import load_valid, questions, render
from tests.strategies import decks

# Hypothesis warns that its own recursion limit changed under it (its nested engine
# contexts with these deep strategies); nothing here touches the limit.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")


_PAGE_TAGS = frozenset({
    "html", "head", "meta", "title", "style", "script", "body", "div", "main", "header",
    "h1", "h2", "h3", "nav", "ul", "ol", "li", "a", "p", "button", "label", "input", "section",
    "article", "details", "summary", "span", "dl", "dt", "dd", "aside", "footer", "strong",
    "em", "i", "mark",
})


_MARKDOWN_TAGS = frozenset({
    "p", "em", "strong", "s", "code", "pre", "a", "ul", "ol", "li", "blockquote", "hr", "br",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "span",
})


_MATHML_TAGS = frozenset({
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
    "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror",
    "mmultiscripts", "mprescripts", "none",
})
"""Formulas come as MathML: presentation elements only, never a link or a foreign object."""


def html_texts(deck: Deck) -> Iterator[tuple[str, str]]:
    """(item id, HTML) of every text the page must show (formulas as MathML)."""
    yield deck.id, html.escape(deck.title)
    if deck.intro:
        yield deck.id, deck.intro.html_mathml
    for ex in deck.exercises:
        yield ex.id, html.escape(ex.title)
        for part in ex.parts:
            yield part.id, html.escape(part.title)
    for q, context, note in questions(deck):
        for text in (context, note, q.explanation):
            if text:
                yield q.id, text.html_mathml
        if isinstance(q, ClozeQuestion):
            yield from ((q.id, p) for p in BLANK.split(q.prompt.html_mathml)[::4])
            yield from ((q.id, m.group(2)) for m in BLANK.finditer(q.prompt.html_mathml))
            continue
        yield q.id, q.prompt.html_mathml
        if isinstance(q, OpenQuestion):
            yield q.id, q.answer.html_mathml
        elif isinstance(q, (ChoiceQuestion, MultiQuestion)):
            for c in q.choices:
                yield q.id, c.text.html_mathml
                if c.feedback:
                    yield q.id, c.feedback.html_mathml
        elif isinstance(q, ShortQuestion):
            yield from ((q.id, html.escape(a)) for a in q.answers)
        elif isinstance(q, MatchQuestion):
            yield from ((q.id, t.html_mathml) for p in q.pairs for t in (p.left, p.right))
    for card in deck.flashcards:
        yield card.id, card.front.html_mathml
        yield card.id, card.back.html_mathml


@examples(1)
@given(decks())
def test_html_page_shows_every_text_and_runs_only_its_own_script(
        tmp_path: Path, doc: dict[str, Any]) -> None:
    deck = load_valid(tmp_path, doc)
    [data] = render("html", deck).values()
    page = data.decode("utf-8")
    parsed = Page()
    parsed.feed(page)
    parsed.close()
    tags = [tag for tag, _ in parsed.tags]
    allowed = _PAGE_TAGS | _MARKDOWN_TAGS | _MATHML_TAGS
    assert set(tags) <= allowed, set(tags) - allowed
    assert tags.count("script") == 1 and tags.count("style") == 1
    own_script = registry.load("html").__module__  # the script is the template's, verbatim
    assert parsed.scripts == [template_script(own_script)]
    for tag, attrs in parsed.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for value in attrs.values():
            squashed = re.sub(r"[\x00-\x20]", "", value or "").lower()
            assert not squashed.startswith(("javascript:", "vbscript:", "data:text")), (tag, attrs)
    shown = " ".join("".join(parsed.text).split())
    for item_id, text in html_texts(deck):
        assert visible_text(text) in shown, (item_id, text)
