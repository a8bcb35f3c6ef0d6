"""A deck as a Moodle question bank sees it: categories, descriptions and questions, in order.

The deck is the category `<deck title>` holding its intro as a description;
below it `Practice questions`, one category per exercise (a description with
its intro, time, materials and side effects) and per part (its context as a
description, then its questions), and `Flashcards` when they are asked for.
Category names are in the deck's language (`cardsmith.text.labels`) and unique
among their siblings. GIFT and Moodle XML write the same tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html import escape as escape_html

from cardsmith.exporter import Report
from cardsmith.model import Deck, Exercise, Flashcard, Part, Question, Text
from cardsmith.text.labels import Labels, labels

from .bank import category_name


@dataclass(frozen=True)
class Category:
    """A category path below `top`, named after the item that opens it."""

    item_id: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class Description:
    """A description question (text, no answer); `item_id` None is the deck's intro."""

    item_id: str | None
    name: str
    html: str


@dataclass(frozen=True)
class Item:
    """A question, with the part it belongs to (whose context and note travel with it)."""

    question: Question
    part: Part | None = None


@dataclass(frozen=True)
class Card:
    """A flashcard, as one question a side when it is reversed."""

    card: Flashcard


Entry = Category | Description | Item | Card


def walk(deck: Deck, report: Report, flashcards: bool, omitted: str) -> Iterator[Entry]:
    """Every entry of the deck's tree; flashcards left out are reported with `omitted`."""
    words = labels(deck.language)
    top = _name(deck.title, deck.id, report)
    yield Category(deck.id, (top,))
    if deck.intro:
        yield Description(None, deck.title, deck.intro.block_html)
    names = _Names(report)
    if deck.questions:
        yield Category(deck.id, (top, names.unique(words["practice_questions"], "questions")))
        yield from (Item(q) for q in deck.questions)
    for ex in deck.exercises:
        yield from _exercise(ex, (top, names.unique(ex.title, ex.id)), words, report)
    if not flashcards:
        for card in deck.flashcards:
            report.lose(omitted, card.id)
    elif deck.flashcards:
        yield Category(deck.id, (top, names.unique(words["flashcards"], "flashcards")))
        yield from (Card(card) for card in deck.flashcards)


def _exercise(ex: Exercise, path: tuple[str, ...], words: Labels, report: Report
              ) -> Iterator[Entry]:
    about = exercise_html(ex, words)
    if about:
        yield Category(ex.id, path)
        yield Description(ex.id, ex.title, about)
    parts = _Names(report)
    for part in ex.parts:
        yield Category(part.id, (*path, parts.unique(part.title, part.id)))
        if part.context:
            yield Description(part.id, part.title, part.context.block_html)
        yield from (Item(q, part) for q in part.questions)


def _name(title: str, item_id: str, report: Report) -> str:
    name, changes = category_name(title, item_id)
    for change in changes:
        report.lose(change, item_id)
    return name


class _Names:
    """Category names under one parent, made unique by adding the item id."""

    def __init__(self, report: Report) -> None:
        self.used: set[str] = set()
        self.report = report

    def unique(self, title: str, item_id: str) -> str:
        name = _name(title, item_id, self.report)
        if name.casefold() in self.used:
            name = f"{name} ({item_id})"
        self.used.add(name.casefold())
        return name


def context_html(part: Part) -> str:
    """A part's context as HTML that opens each of its questions."""
    assert part.context is not None
    return f'<div class="cardsmith-context">{part.context.block_html}</div>'


def exercise_html(ex: Exercise, words: Labels) -> str:
    """The exercise's intro and practical details, or "" when it has none."""
    html = [ex.intro.block_html] if ex.intro else []
    colon = words["colon"]
    if ex.minutes:
        html.append(f"<p><strong>{escape_html(words['time'] + colon)}</strong> "
                    f"{escape_html(words.count('minutes', ex.minutes))}</p>")
    labelled: tuple[tuple[str, Text | None], ...] = (
        ("materials", ex.materials), ("side_effects", ex.side_effects))
    html += [f"<div><strong>{escape_html(words[key] + colon)}</strong> {text.html}</div>"
             for key, text in labelled if text]
    return "\n".join(html)


