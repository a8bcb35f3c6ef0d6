"""Any valid deck's Quizlet file splits back, by Quizlet's separator rules, into every card."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from cardsmith.exporter import ExportError
from cardsmith.model import (
    ChoiceQuestion,
    ClozeQuestion,
    Deck,
    MatchQuestion,
    MultiQuestion,
    OpenQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from cardsmith.text.cloze import BLANK
from tests.hypothesis_profiles import examples
from tests.properties import flat, kept, load_valid, questions, render
from tests.strategies import decks

# Hypothesis warns that its own recursion limit changed under it (its nested engine
# contexts with these deep strategies); nothing here touches the limit.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")


WORD_JOINER = "\u2060"


def quizlet_cards(deck: Deck) -> Iterator[tuple[str, list[str], list[str]]]:
    """(item id, texts the term shows, texts the definition shows) of every card, in order."""
    for q, context, note in questions(deck):
        around = [t.plain for t in (context,) if t]
        after = [t.plain for t in (q.explanation, note) if t]
        if isinstance(q, MatchQuestion):
            for pair in q.pairs:
                yield q.id, [*around, q.prompt.plain, pair.left.plain], [pair.right.plain, *after]
            continue
        if isinstance(q, ClozeQuestion):
            pieces = BLANK.split(q.prompt.plain)[::4]  # the text between the blanks
            answers = [m.group(2) for m in BLANK.finditer(q.prompt.plain)]
            yield q.id, [*around, *pieces], [*pieces, *answers, *after]
            continue
        term = [*around, q.prompt.plain]
        if isinstance(q, (ChoiceQuestion, MultiQuestion)):
            term += [c.text.plain for c in q.choices]
            answer = [c.text.plain for c in q.choices if c.correct]
        elif isinstance(q, OpenQuestion):
            answer = [q.answer.plain]
        elif isinstance(q, TrueFalseQuestion):
            answer = ["True" if q.answer else "False"]
        elif isinstance(q, ShortQuestion):
            answer = list(q.answers)
        else:
            answer = []  # the number's spelling is checked in the exporter's own tests
        yield q.id, term, [*answer, *after]
    for card in deck.flashcards:
        yield card.id, [card.front.plain], [card.back.plain]


def split(data: bytes, side_sep: str, card_sep: str) -> list[tuple[str, str]]:
    """Quizlet's import: cards on `card_sep`, term from definition on `side_sep`."""
    text = data.decode("utf-8").replace(WORD_JOINER, "")
    if not text:
        return []
    cards = [row.split(side_sep) for row in text.split(card_sep)]
    assert all(len(sides) == 2 for sides in cards), [c for c in cards if len(c) != 2]
    return [(term, definition) for term, definition in cards]


def _quizlet_check(deck: Deck, cards: list[tuple[str, str]], side: Callable[[str], str]) -> None:
    # The exporter puts word joiners before formula signs; `split` took them all out.
    def shown(text: str) -> str:
        return side(text).replace(WORD_JOINER, "")

    def unindented(text: str) -> str:
        # Options and lists indent their continuation lines under their text.
        return "\n".join(line.strip() for line in text.split("\n"))

    wanted = list(quizlet_cards(deck))
    assert len(cards) == len(wanted)
    for (term, definition), (item_id, in_term, in_definition) in zip(cards, wanted, strict=True):
        for text in in_term:
            assert unindented(shown(text)) in unindented(term), (item_id, text)
        for text in in_definition:
            assert unindented(shown(text)) in unindented(definition), (item_id, text)
    # A flashcard is exactly its two sides.
    for card, got in zip(deck.flashcards, cards[len(cards) - len(deck.flashcards):], strict=True):
        assert got == (shown(card.front.plain), shown(card.back.plain))


@examples(1)
@given(decks())
def test_quizlet_splits_back_into_every_card(tmp_path: Path, doc: dict[str, Any]) -> None:
    deck = load_valid(tmp_path, doc)
    [data] = render("quizlet", deck).values()
    _quizlet_check(deck, split(data, "\t", "\n"), flat)


@examples(0.5)
@given(decks())
def test_quizlet_rich_mode_splits_back_or_refuses(tmp_path: Path, doc: dict[str, Any]) -> None:
    deck = load_valid(tmp_path, doc)
    try:
        [data] = render("quizlet", deck, mode="rich").values()
    except ExportError as err:  # a separator inside a card: refused, naming the card
        assert "Quizlet would split the card there" in str(err)
        return
    _quizlet_check(deck, split(data, "|~|", "|~~|"), kept)
