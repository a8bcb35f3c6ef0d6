"""Any valid deck's Anki package imports whole, and inert, into Anki's own collection."""

from __future__ import annotations

import html
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import genanki
import pytest
from hypothesis import given

from cardsmith.model import (
    ChoiceQuestion,
    ClozeQuestion,
    Deck,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OpenQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from cardsmith.text.cloze import BLANK
from tests.conftest import require
from tests.consumers.anki_collection import HAS_ANKI, anki_import
from tests.consumers.markup import assert_inert
from tests.hypothesis_profiles import examples
from tests.properties import load_valid, questions, render
from tests.strategies import decks

# Hypothesis warns that its own recursion limit changed under it (its nested engine
# contexts with these deep strategies); nothing here touches the limit.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")


def nfc(text: str) -> str:
    """Text as Anki stores it: Anki normalizes note fields to NFC on import."""
    return unicodedata.normalize("NFC", text)


def anki_fields(deck: Deck) -> Iterator[tuple[str, str, dict[str, list[str]], int]]:
    """(item id, note type, field -> HTML the field must hold, number of cards) of each item."""
    for q, context, note in questions(deck):
        common = {"Explanation": [q.explanation.html] if q.explanation else [],
                  "Context": [context.html] if context else [],
                  "Note": [note.html] if note else []}
        prompt = [q.prompt.html]
        if isinstance(q, OpenQuestion):
            yield q.id, "Basic", {**common, "Front": prompt, "Back": [q.answer.html]}, 1
        elif isinstance(q, (ChoiceQuestion, MultiQuestion)):
            yield q.id, "Choice", {
                **common, "Question": prompt, "Choices": [c.text.html for c in q.choices],
                "Answer": [c.text.html for c in q.choices if c.correct],
                "Feedback": [c.feedback.html for c in q.choices if c.feedback]}, 1
        elif isinstance(q, TrueFalseQuestion):
            yield q.id, "Choice", {**common, "Question": prompt,
                                   "Answer": ["True" if q.answer else "False"]}, 1
        elif isinstance(q, ShortQuestion):
            answers = [html.escape(a, quote=False) for a in q.answers]
            yield q.id, "Type-in", {**common, "Question": prompt, "Answer": answers[:1],
                                    "Accepted": answers[1:]}, 1
        elif isinstance(q, NumericQuestion):
            yield q.id, "Type-in", {**common, "Question": prompt}, 1
        elif isinstance(q, MatchQuestion):
            sides = [t.html for p in q.pairs for t in (p.left, p.right)]
            yield q.id, "Basic", {**common, "Front": prompt + sides, "Back": sides}, 1
        else:
            assert isinstance(q, ClozeQuestion)
            pieces = [p for p in BLANK.split(q.prompt.html)[::4] if p]
            answers = [m.group(2) for m in BLANK.finditer(q.prompt.html)]
            yield q.id, "Cloze", {**common, "Text": pieces + answers}, len(
                {b.number for b in q.blanks})
    for card in deck.flashcards:
        yield card.id, "Basic (optional reversed card)", {
            "Front": [card.front.html], "Back": [card.back.html]}, 2 if card.reverse else 1


@examples(0.5)
@given(decks())
def test_anki_imports_every_item_whole_and_inert(tmp_path: Path, doc: dict[str, Any]) -> None:
    require(HAS_ANKI, "the anki package (pip install anki)")
    deck = load_valid(tmp_path, doc)
    [data] = render("anki", deck).values()
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        apkg = Path(folder) / "deck.apkg"
        apkg.write_bytes(data)
        col = anki_import(apkg, Path(folder))
        try:
            _check_anki(deck, col)
        finally:
            col.close()


def _check_anki(deck: Deck, col: Any) -> None:
    wanted = list(anki_fields(deck))
    notes = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        notes[note.guid] = note
    assert len(notes) == len(wanted)
    for item_id, kind, fields, n_cards in wanted:
        note = notes[genanki.guid_for(deck.id, item_id)]
        assert note.note_type()["name"] == "cardsmith " + kind
        # Anki's own tags ([latex], [sound:]...) in a deck's text come as `&#91;`.
        stored = {k: v.replace("&#91;", "[") for k, v in note.items()}
        for name, parts in fields.items():
            for part in parts:
                assert nfc(part) in stored[name], (item_id, name, part, stored[name])
        if kind.startswith("Basic (optional"):
            assert stored["Front"] == nfc(fields["Front"][0])
            assert stored["Back"] == nfc(fields["Back"][0])
        cards = note.cards()
        assert len(cards) == n_cards, item_id
        for value in note.values():
            assert_inert(value)
            # Anki compiles LaTeX in [latex] and [$] tags on the learner's machine.
            assert not col._backend.extract_latex(text=value, svg=False, expand_clozes=True).latex
        for card in cards:
            assert card.question_av_tags() == [] and card.answer_av_tags() == []
            assert_inert(_without_style(card.question()))
            assert_inert(_without_style(card.answer()))
    for question in (q for q, _, _ in questions(deck) if isinstance(q, NumericQuestion)):
        answer = dict(notes[genanki.guid_for(deck.id, question.id)].items())["Answer"]
        assert float(answer) == question.answer
    for name_and_id in col.decks.all_names_and_ids():
        assert_inert(col.decks.get(name_and_id.id)["desc"])


def _without_style(card_html: str) -> str:
    # Anki puts the note type's own stylesheet in front of every rendered card.
    return re.sub(r"^<style>.*?</style>", "", card_html, flags=re.DOTALL)
