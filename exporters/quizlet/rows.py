"""What goes on each Quizlet card: the deck's items as term/definition pairs of plain text.

Quizlet has two sides a card and no formatting, so every item becomes plain
text from the core (`Text.plain`) laid out in paragraphs: the part's context
before a question, the options of a choice question listed with letters, the
explanation after the answer. The sides keep their line breaks here; the
exporter decides how a line break is written in the file. The only words
cardsmith adds, a true/false answer's, are in the deck's language
(`cardsmith.text.labels`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

from cardsmith.exporter import Report
from cardsmith.model import (
    Blank,
    Choice,
    ChoiceQuestion,
    ClozeQuestion,
    Deck,
    Flashcard,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OpenQuestion,
    Question,
    ShortQuestion,
    Text,
    TrueFalseQuestion,
)
from cardsmith.text import cloze
from cardsmith.text.labels import Labels, labels

BLANK = "_____"
"""What stands in a cloze term for each blank; a hint follows it in brackets."""


class Row(NamedTuple):
    """One Quizlet card of the item `item_id` (of its `pair`-th pair for a match question)."""

    item_id: str
    term: str
    definition: str
    kind: str = "question"
    pair: int = 0

    @property
    def label(self) -> str:
        """The card as an error message names it: `question 'q1' (pair 2)`."""
        return f"{self.kind} '{self.item_id}'" + (f" (pair {self.pair})" if self.pair else "")


class _Losses:
    """`Report.lose`, once per kind of loss and item however often an item hits it."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.seen: set[tuple[str, str]] = set()

    def lose(self, what: str, item_id: str) -> None:
        """Record `what` for `item_id` unless it already is."""
        if (what, item_id) not in self.seen:
            self.seen.add((what, item_id))
            self.report.lose(what, item_id)


def deck_rows(deck: Deck, report: Report) -> list[list[Row]]:
    """Every card of the deck in deck order, grouped by item (a match question gives several).

    Content Quizlet cannot hold is recorded in `report`.
    """
    losses = _Losses(report)
    words = labels(deck.language)
    _report_left_out(deck, losses)
    # The order of Deck.all_questions, walked here so that each part's context and
    # note are looked at once, not once per question.
    groups = [_question_rows(q, "", "", losses, words) for q in deck.questions]
    for ex in deck.exercises:
        for part in ex.parts:
            # A part's context goes before each of its questions and its note after
            # each answer: the cards are studied one at a time, in any order.
            context = _plain(part.context, part.id, losses)
            note = _plain(part.note, part.id, losses)
            groups += [_question_rows(q, context, note, losses, words) for q in part.questions]
    groups += [[_flashcard_row(card, losses)] for card in deck.flashcards]
    return groups


def paragraphs(*blocks: str) -> str:
    """Non-empty blocks separated by a blank line."""
    return "\n\n".join([b for b in blocks if b])


def _plain(text: Text | None, item_id: str, report: _Losses) -> str:
    if text is None:
        return ""
    # Quizlet's import takes no pictures: the plain text shows "[image: alt]".
    if text.images:
        report.lose("pictures and sounds left out (shown as [image: ...], [audio: ...])",
                    item_id)
    return text.plain


def _flashcard_row(card: Flashcard, report: _Losses) -> Row:
    # `reverse` needs no second card: Quizlet's "Answer with" setting turns any set around.
    return Row(card.id, _plain(card.front, card.id, report), _plain(card.back, card.id, report),
               "flashcard")


def _question_rows(q: Question, context: str, note: str, report: _Losses, words: Labels
                   ) -> list[Row]:
    prompt = _plain(q.prompt, q.id, report)
    explanation = paragraphs(_plain(q.explanation, q.id, report), note)
    if isinstance(q, MatchQuestion):
        return [Row(q.id, paragraphs(context, prompt, _plain(pair.left, q.id, report)),
                    paragraphs(_plain(pair.right, q.id, report), explanation), pair=i)
                for i, pair in enumerate(q.pairs, 1)]
    if isinstance(q, ClozeQuestion):
        prompt = cloze.substitute(q.prompt.plain, q.blanks, _blank)
        answer = cloze.substitute(q.prompt.plain, q.blanks, lambda b: b.answer)
    elif isinstance(q, (ChoiceQuestion, MultiQuestion)):
        prompt = paragraphs(prompt, "\n".join(_choice_lines(q.choices, q.id, report)))
        answer = "\n".join(_correct_lines(q.choices, q.id, report))
    else:
        answer = _answer(q, report, words)
    return [Row(q.id, paragraphs(context, prompt), paragraphs(answer, explanation))]


def _answer(q: OpenQuestion | TrueFalseQuestion | ShortQuestion | NumericQuestion,
            report: _Losses, words: Labels) -> str:
    if isinstance(q, OpenQuestion):
        return _plain(q.answer, q.id, report)
    if isinstance(q, TrueFalseQuestion):
        return words["true" if q.answer else "false"]
    if isinstance(q, ShortQuestion):
        # Every accepted answer, the canonical one first: the learner sees what counts.
        return " / ".join(q.answers)
    tolerance = f" ± {number(q.tolerance)}" if q.tolerance else ""
    return number(q.answer) + tolerance


def number(value: float) -> str:
    """A number as a person writes it: 4 rather than 4.0, 1e-7 rather than 1e-07."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    # repr is the shortest text that reads back as the same float.
    return re.sub(r"e([+-])0*(\d)", lambda m: "e" + m[1].replace("+", "") + m[2], repr(value))


def _blank(blank: Blank) -> str:
    return f"{BLANK} ({blank.hint})" if blank.hint else BLANK


@cache
def letter(index: int) -> str:
    """A, B, ... Z, then AA, AB, ...: the label of the option at `index` (from 0)."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def _option(index: int, text: str) -> str:
    marker = f"{letter(index)}) "
    # Continuation lines line up under the option's text, as the core indents list items.
    return marker + (text.replace("\n", "\n" + " " * len(marker)) if "\n" in text else text)


def _choice_lines(choices: tuple[Choice, ...], item_id: str, report: _Losses) -> Iterator[str]:
    for i, choice in enumerate(choices):
        if choice.feedback is not None and not choice.correct:
            report.lose("feedback on wrong choices left out", item_id)
        yield _option(i, _plain(choice.text, item_id, report))


def _correct_lines(choices: tuple[Choice, ...], item_id: str, report: _Losses) -> Iterator[str]:
    for i, choice in enumerate(choices):
        if choice.correct:
            feedback = _plain(choice.feedback, item_id, report)
            text = choice.text.plain + (f" — {feedback}" if feedback else "")
            yield _option(i, text)


def _report_left_out(deck: Deck, report: _Losses) -> None:
    if deck.intro:
        report.lose("deck intro left out (paste it as the set's description)", deck.id)
    for ex in deck.exercises:
        if ex.intro or ex.materials or ex.side_effects:
            report.lose("exercise intro, materials and side effects left out", ex.id)
