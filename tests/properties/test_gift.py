"""Any valid deck's GIFT reads back whole in gift-pegjs and in the model of Moodle's importer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cardsmith.model import (
    ChoiceQuestion,
    ClozeQuestion,
    Deck,
    MatchQuestion,
    MultiQuestion,
    OpenQuestion,
)
from tests.consumers import moodle_gift as moodle
from tests.consumers.gift_readings import (
    Record,
    compare,
    expected,
    for_moodle,
    for_pegjs,
    from_moodle,
    from_pegjs,
)
from tests.consumers.markup import assert_inert
from tests.hypothesis_profiles import examples
from tests.properties import load_valid, questions, render, shown
from tests.strategies import decks

# Hypothesis warns that its own recursion limit changed under it (its nested engine
# contexts with these deep strategies); nothing here touches the limit.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")


@examples(0.5)
@given(decks(), st.sampled_from(["essay", "short"]))
def test_gift_reads_back_in_gift_pegjs_and_moodle(
        tmp_path: Path, pegjs: Callable[[str], list[Record]], doc: dict[str, Any],
        cards: str) -> None:
    deck = load_valid(tmp_path, doc)
    # tests/gift/readings.py finds a cloze blank with a regex that stops at a line break.
    assume(not any("\n" in b.answer for q, _, _ in questions(deck)
                   if isinstance(q, ClozeQuestion) for b in q.blanks))
    [data] = render("gift", deck, flashcards=cards).values()
    text = data.decode("utf-8")
    wanted = gift_expected(deck, cards)
    compare(pegjs_view([from_pegjs(q) for q in pegjs(text)]), pegjs_view(for_pegjs(wanted)))
    compare([from_moodle(q) for q in moodle.read(text)], for_moodle(wanted))
    for record in moodle.read(text):
        for part in _gift_html(record):
            assert_inert(part)


def one_line(text: str) -> str:
    """Every run of whitespace made one space."""
    return " ".join(text.split())


def gift_expected(deck: Deck, cards: str) -> list[Record]:
    """readings.expected, with what it does not model of a random deck.

    - A category name is one line (the deck title may have several).
    - A question GIFT cannot hold is left out (the report says so): every short
      answer, or the cloze answer, holding `->`; a blank right side of a match.
    - A cloze answer and a flashcard's typed back are typed like a short answer:
      `*` escaped (Moodle's wildcard).
    - A match's right side that Markdown shows nothing of (`#` is an empty
      heading) is written as typed; such a flashcard back makes an essay.
    - A choice or its feedback that Markdown shows nothing of (`[A]: yes` is a
      link definition) is written as typed; such a text adds nothing to the
      general feedback.
    - A `[` or `//` right after a cloze's gap starts with an entity (`&#91;`,
      `&#47;`): no reader takes it for a format tag or a comment.
    """
    by_id = {f"{deck.id}-{q.id}": q for q, _, _ in questions(deck)}
    notes = {f"{deck.id}-{q.id}": note for q, _, note in questions(deck)}
    backs = {f"{deck.id}-{c.id}": c.back for c in deck.flashcards}
    backs.update({f"{deck.id}-{c.id}.reverse": c.front for c in deck.flashcards})
    out = []
    for rec in expected(deck, cards=cards):
        q = by_id.get(rec.get("id", ""))
        if q is not None:
            own = [q.answer] if isinstance(q, OpenQuestion) else []
            texts = (*own, q.explanation, notes[rec["id"]])
            rec = {**rec, "feedback": "\n".join(t.block_html for t in texts
                                                if t and t.block_html)}
        if rec["type"] == "category":
            rec = {**rec, "names": [one_line(n) for n in rec["names"]]}
        elif isinstance(q, (ChoiceQuestion, MultiQuestion)):
            rec = {**rec, "answers": [
                (shown(c.text), weight, shown(c.feedback) if c.feedback else "")
                for c, (_, weight, _) in zip(q.choices, rec["answers"], strict=True)]}
        elif isinstance(q, ClozeQuestion):
            rec = {**rec, "answers": [a.strip().replace("*", "\\*") for a in rec["answers"]]}
            before, gap, after = rec["text"].partition("_____")
            start = len(after) - len(after.lstrip())
            if after[start:].startswith(("[", "//")):
                entity = "&#91;" if after[start] == "[" else "&#47;"
                rec["text"] = before + gap + after[:start] + entity + after[start + 1:]
        elif isinstance(q, MatchQuestion):
            rights = [one_line(p.right.plain) or one_line(p.right.source) for p in q.pairs]
            if not all(rights):
                continue
            rec = {**rec, "pairs": [(left, right) for (left, _), right in zip(
                rec["pairs"], rights, strict=True)]}
        elif rec["id"] in backs and rec["type"] == "short":
            if rec["answers"] == [""]:
                rec = {k: v for k, v in rec.items() if k != "answers"}
                rec.update(type="essay", feedback=backs[rec["id"]].block_html)
            else:
                rec = {**rec, "answers": [a.replace("*", "\\*") for a in rec["answers"]]}
        if rec["type"] == "short" and not [a for a in rec["answers"] if "->" not in a]:
            continue
        out.append(rec)
    return out


# JavaScript's String.prototype.trim(): gift-pegjs trims every field with it, so a field's
# end loses these too (Moodle's PHP trim() keeps all but ASCII whitespace); and it trims a
# missing-word stem's two sides before its own unescaping, so a `\n` there is kept. Neither
# changes what a learner sees: whitespace at either end of HTML text is not shown.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
            "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def pegjs_view(value: Any) -> Any:
    """`value` with every string trimmed as JavaScript does, and a gap's sides squashed."""
    if isinstance(value, str):
        parts = value.split("_____")
        if len(parts) > 1:
            parts = [p.strip(_JS_SPACE) for p in parts]
        return "_____".join(parts).strip(_JS_SPACE)
    if isinstance(value, dict):
        return {k: pegjs_view(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(pegjs_view(v) for v in value)
    return value


def _gift_html(record: Record) -> Iterator[str]:
    """Every HTML text Moodle would store for one question (short answers are plain text)."""
    for key in ("text", "feedback"):
        if isinstance(record.get(key), str):
            yield record[key]
    if record.get("qtype") == "multichoice":
        for text, _, feedback in record["answers"]:
            yield text
            yield feedback
    for left, _ in record.get("pairs", []):
        yield left
