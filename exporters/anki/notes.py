"""From questions and flashcards to Anki notes: which note type, and each field's HTML.

Every field holds HTML rendered once by the core (`Text.html`); the few words
cardsmith adds itself (option letters, accepted answers, labels in the deck's
language from `cardsmith.text.labels`) are escaped here.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from cardsmith.model import (
    Blank,
    Choice,
    ChoiceQuestion,
    ClozeQuestion,
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
from cardsmith.text.labels import Labels

from .notetypes import BASIC, CHOICE, CLOZE, REVERSIBLE, TYPE_IN, NoteType


@cache
def _word(text: str) -> Text:
    """A label as a deck text, shared so that its rendering is made once for every question."""
    return Text(text)


@dataclass(frozen=True)
class Where:
    """The part of the deck a question sits in, for the fields every note type shares."""

    source: str
    """Escaped HTML: where the item comes from (deck, or exercise and part)."""
    context: str = ""
    note: str = ""


@dataclass(frozen=True)
class NoteContent:
    """A note's type, its fields in the note type's order, and the ordinals of its cards."""

    notetype: NoteType
    fields: tuple[str, ...]
    ords: tuple[int, ...]


def _html(text: Text | None) -> str:
    return text.html if text else ""


def _fill(notetype: NoteType, values: Mapping[str, str], where: Where,
          explanation: Text | None, ords: tuple[int, ...] = (0,)) -> NoteContent:
    common = {"Context": where.context, "Note": where.note, "Source": where.source,
              "Explanation": _html(explanation)}
    fields = tuple(values.get(f) or common.get(f, "") for f in notetype.fields)
    return NoteContent(notetype, fields, ords)


def question_note(q: Question, where: Where, salt: str, words: Labels) -> NoteContent:
    """The note of one question; `salt` (deck and item id) seeds the match shuffle.

    `words` are the labels of the deck's language.
    """
    if isinstance(q, OpenQuestion):
        return _fill(BASIC, {"Front": q.prompt.html, "Back": q.answer.html}, where, q.explanation)
    if isinstance(q, (ChoiceQuestion, MultiQuestion)):
        hint = words["select_all"] if isinstance(q, MultiQuestion) else ""
        return _fill(CHOICE, _choice_fields(q.prompt, q.choices, hint), where, q.explanation)
    if isinstance(q, TrueFalseQuestion):
        options = (Choice(_word(words["true"]), q.answer),
                   Choice(_word(words["false"]), not q.answer))
        return _fill(CHOICE, _choice_fields(q.prompt, options, ""), where, q.explanation)
    if isinstance(q, ShortQuestion):
        first, *rest = (html.escape(a, quote=False) for a in q.answers)
        others = ", ".join(f"<i>{a}</i>" for a in rest)
        accepted = _escape(words["also_accepted"]).format(answers=others) if others else ""
        return _fill(TYPE_IN, {"Question": q.prompt.html, "Answer": first,
                               "Accepted": accepted}, where, q.explanation)
    if isinstance(q, NumericQuestion):
        return _fill(TYPE_IN, {"Question": q.prompt.html, "Answer": number(q.answer),
                               "Accepted": _tolerance(q.answer, q.tolerance, words)},
                     where, q.explanation)
    if isinstance(q, MatchQuestion):
        return _fill(BASIC, _match_fields(q, salt), where, q.explanation)
    return _cloze_note(q, where)


def flashcard_note(card: Flashcard, where: Where) -> NoteContent:
    """A flashcard's note: always the reversible type, so toggling `reverse` keeps the note."""
    values = {"Front": card.front.html, "Back": card.back.html,
              "Add Reverse": "y" if card.reverse else ""}
    return _fill(REVERSIBLE, values, where, None, (0, 1) if card.reverse else (0,))


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else str(i + 1)


def _escape(label: str) -> str:
    return html.escape(label, quote=False)


def _choice_fields(prompt: Text, choices: tuple[Choice, ...], hint: str) -> dict[str, str]:
    """The fields of a choice note; `hint` (a label, or "") is shown above the options."""
    hint = f'<div class="cs-hint">{_escape(hint)}</div>' if hint else ""
    options = "".join(f"<li>{c.text.html}</li>" for c in choices)
    answer = "".join(f'<li value="{i + 1}" class="cs-correct">{c.text.html}</li>'
                     for i, c in enumerate(choices) if c.correct)
    feedback = ""
    if any(c.feedback for c in choices):
        feedback = '<ol type="A">' + "".join(_feedback_item(c) for c in choices) + "</ol>"
    return {"Question": prompt.html, "Choices": f'{hint}<ol type="A">{options}</ol>',
            "Answer": f'<ol type="A">{answer}</ol>', "Feedback": feedback}


def _feedback_item(choice: Choice) -> str:
    mark = ' class="cs-correct"' if choice.correct else ""
    why = f'<div class="cs-why">{choice.feedback.html}</div>' if choice.feedback else ""
    return f"<li{mark}>{choice.text.html}{why}</li>"


def _match_fields(q: MatchQuestion, salt: str) -> dict[str, str]:
    # The right-hand items are shown shuffled, the same way on every export.
    order = sorted(range(len(q.pairs)), key=lambda i: hashlib.sha256(
        f"{salt}\x1f{i}\x1f{q.pairs[i].right.source}".encode()).digest())
    if order == sorted(order):
        order = order[1:] + order[:1]
    letter = {pair: _letter(pos) for pos, pair in enumerate(order)}
    rows = "".join(
        f"<tr><td>{i + 1}. {pair.left.html}</td>"
        f"<td>{_letter(i)}. {q.pairs[order[i]].right.html}</td></tr>"
        for i, pair in enumerate(q.pairs))
    solution = "".join(
        f"<tr><td>{i + 1}. {p.left.html}</td><td>{letter[i]}. {p.right.html}</td></tr>"
        for i, p in enumerate(q.pairs))
    return {"Front": f'{q.prompt.html}<table class="cs-match">{rows}</table>',
            "Back": f'<table class="cs-match">{solution}</table>'}


def _cloze_note(q: ClozeQuestion, where: Where) -> NoteContent:
    def fill(blank: Blank) -> str:
        hint = f"::{blank.hint}" if blank.hint else ""
        return f"{{{{c{blank.number}::{blank.answer}{hint}}}}}"

    text = cloze.substitute(q.prompt.html, q.blanks, fill)
    ords = tuple(sorted({b.number - 1 for b in q.blanks}))  # the loader refuses c0
    return _fill(CLOZE, {"Text": text}, where, q.explanation, ords)


def number(x: float) -> str:
    """A number as a person writes it: `3`, not `3.0`; `0.1`, not `0.1000000001`."""
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def _decimals(x: float) -> int:
    text = repr(x)
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _tolerance(answer: float, tolerance: float, words: Labels) -> str:
    if tolerance <= 0:
        return ""
    places = max(_decimals(answer), _decimals(tolerance))
    low, high = (number(round(v, places)) for v in (answer - tolerance, answer + tolerance))
    return _escape(words["accepted_range"]).format(
        low=low, high=high, answer=number(answer), tolerance=number(tolerance))
