"""The seed deck in cards/ holds everything on the lecture practice page in ../shared/seed/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cardsmith.model import ChoiceQuestion, Deck, OpenQuestion
from tests.conftest import ROOT, require

SEED_PAGE = ROOT.parent / "shared" / "seed"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def page() -> str:
    pages = sorted(SEED_PAGE.glob("*.txt"))
    # The page lives beside the repository (CI lays ../shared beside its clone), not in it.
    require(bool(pages), "the seed page ../shared/seed/*.txt beside the checkout")
    return _norm(pages[0].read_text(encoding="utf-8"))


def test_counts(seed_deck: Deck) -> None:
    assert len(seed_deck.questions) == 6
    assert all(isinstance(q, OpenQuestion) for q in seed_deck.questions)
    (exercise,) = seed_deck.exercises
    assert exercise.minutes == 12
    assert [len(p.questions) for p in exercise.parts] == [2, 1, 3]
    assert len(seed_deck.flashcards) == 12


def test_every_prompt_and_front_is_on_the_page(seed_deck: Deck, page: str) -> None:
    texts = [located.question.prompt.plain for located in seed_deck.all_questions()]
    texts += [card.front.plain for card in seed_deck.flashcards]
    missing = [t for t in texts if _norm(t) not in page]
    assert missing == []


def test_every_answer_is_on_the_page(seed_deck: Deck, page: str) -> None:
    # Plain text drops the Markdown marks, so each paragraph or list item (one line
    # each in plain text, without its marker) must read as on the page.
    texts: list[str] = []
    for located in seed_deck.all_questions():
        q = located.question
        if isinstance(q, OpenQuestion):
            texts.append(q.answer.plain)
        elif isinstance(q, ChoiceQuestion):
            assert q.explanation is not None
            texts += [q.correct.text.plain, q.explanation.plain]
    for card in seed_deck.flashcards:
        texts.append(card.back.plain)
    exercise = seed_deck.exercises[0]
    for extra in (exercise.intro, exercise.materials, exercise.side_effects,
                  exercise.parts[-1].note):
        assert extra is not None
        texts.append(extra.plain)
    for part in exercise.parts:
        assert part.context is not None
        texts.append(part.context.plain)
    lines = [re.sub(r"^(- |\d\. )", "", line) for t in texts for line in t.split("\n") if line]
    assert len(lines) > 40
    missing = [line for line in lines if _norm(line) not in page]
    assert missing == []


def test_lists_stay_lists(seed_deck: Deck) -> None:
    roberta = seed_deck.questions[4]
    assert isinstance(roberta, OpenQuestion)
    assert roberta.answer.html.count("<li>") == 3
    context = seed_deck.exercises[0].parts[0].context
    assert context is not None and context.html.count("<li>") == 3


def test_seed_file_points_editors_at_the_schema() -> None:
    first = (ROOT / "cards" / "distilbert-roberta.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/deck.schema.json"
    assert (ROOT / "cards" / Path(first.split("=", 1)[1])).resolve() == (
        ROOT / "schema" / "deck.schema.json")
