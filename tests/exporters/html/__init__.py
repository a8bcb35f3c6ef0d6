"""What the HTML tests share: exporting a page and the answers a page must show."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cardsmith import registry
from cardsmith.exporter import Report
from cardsmith.model import ChoiceQuestion, Deck, MultiQuestion, OpenQuestion
from tests.conftest import DATA

HOSTILE = DATA / "valid" / "html-hostile.yaml"


ALL_TYPES = DATA / "valid" / "all-types.yaml"


HtmlExporter = registry.load("html")  # through its entry point, as the command line does


def export(deck: Deck, out: Path, **options: str) -> tuple[Path, Report]:
    """Write the page of `deck` into `out`; return its path and the loss report."""
    result = HtmlExporter(options).export(deck, out)
    return result.paths[0], result.report


def expected_answers(deck: Deck) -> Iterator[str]:
    """The plain text of every answer and explanation a printed page must show."""
    for located in deck.all_questions():
        q = located.question
        if isinstance(q, OpenQuestion):
            yield q.answer.plain
        elif isinstance(q, ChoiceQuestion | MultiQuestion):
            yield from (c.text.plain for c in q.choices if c.correct)
        if q.explanation:
            yield q.explanation.plain
    for card in deck.flashcards:
        yield card.front.plain
        yield card.back.plain
