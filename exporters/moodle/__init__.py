"""Moodle XML: a question file for the question bank's import (format Moodle XML).

The file holds the same tree of categories as the GIFT export (`tree`), and
what GIFT cannot carry: pictures and sounds as files of the text that shows
them, every blank of a cloze as a gap of one "Embedded answers" question,
per-choice feedback, the model answer of an essay as the grader's
information, and the penalty, shuffling and numbering a teacher chooses.
Every question has the ID number `<deck-id>-<item-id>` and the deck's and
its own tags. Formulas stay as `\\(...\\)` and `\\[...\\]`, which Moodle's
MathJax filter (on by default) shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar

from cardsmith.exporter import Exporter, OptionError, Report
from cardsmith.model import ClozeQuestion, Deck, Flashcard, Text
from cardsmith.text import cloze

from . import tree
from .bank import category_path, idnumber, merge_tags, one_line, question_name, tag_ok
from .questions import Context, essay, question, short_answers, wrap
from .xml import Files, plain_field

_CHOICES = {
    "flashcards": ("omit", "essay", "short"),
    "context": ("repeat", "once"),
    "titles": ("prompt", "id"),
    "model_answer": ("grader", "both"),
    "shuffle": ("yes", "no"),
    "numbering": ("abc", "ABCD", "123", "iii", "IIII", "none"),
}


class MoodleXmlExporter(Exporter):
    """Writes `<deck-id>.moodle.xml` for Moodle's question bank import."""

    name = "moodle"
    suffix = ".moodle.xml"
    description = "Moodle XML questions, with pictures (Question bank > Import > Moodle XML)"
    options: ClassVar[Mapping[str, tuple[str, str]]] = {
        "flashcards": ("omit", "omit, essay (the back for the grader and as feedback) or "
                               "short (the back as the typed answer): flashcards in the bank"),
        "context": ("repeat", "repeat: a part's context opens each of its questions, so a "
                              "shuffled quiz still makes sense; once: only as a description"),
        "titles": ("prompt", "question names from the start of the prompt, or the item id"),
        "model_answer": ("grader", "grader: an open question's model answer is for the "
                                   "grader only; both: students also see it as feedback"),
        "penalty": ("0.3333333", "the share of the grade lost per wrong try (0 to 1), "
                                 "in interactive quizzes"),
        "shuffle": ("yes", "shuffle the choices and matches of each question: yes or no"),
        "numbering": ("abc", "how choices are numbered: abc, ABCD, 123, iii, IIII or none"),
    }

    def __init__(self, options: Mapping[str, str] | None = None) -> None:
        super().__init__(options)
        self.choose(_CHOICES, keep_case=("numbering",))
        try:
            penalty = float(self.settings["penalty"])
        except ValueError:
            penalty = -1.0
        if not 0 <= penalty <= 1:
            raise OptionError(f"moodle: option penalty={self.settings['penalty']!r} must be a "
                              "number from 0 to 1, such as 0.3333333 or 0.1")
        self.settings["penalty"] = f"{penalty:.7f}"

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        """The deck as one Moodle XML file."""
        writer = _Writer(deck, report, self.settings)
        head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f"<!-- Deck '{deck.id}', written by cardsmith. Import it in Moodle under"
                " Question bank > Import, format Moodle XML. -->\n<quiz>")
        # Each question encoded as it comes, the file joined once: two copies of a
        # large file in memory, not the four of joining, framing and encoding text.
        pieces = [head.encode(), *(entry.encode() for entry in writer.entries()), b"</quiz>\n"]
        return {self.filename(deck): b"\n".join(pieces)}


class _Writer:
    """Walks one deck and writes its categories and questions in order."""

    def __init__(self, deck: Deck, report: Report, settings: Mapping[str, str]) -> None:
        self.deck = deck
        self.report = report
        self.settings = settings
        self.files = Files(deck, report)
        self.tags = merge_tags(self._tags(deck.tags, deck.id), ())
        self.repeat_context = settings["context"] == "repeat"

    def entries(self) -> Iterator[str]:
        """Every `<question>` element of the file, categories included."""
        flashcards = self.settings["flashcards"] != "omit"
        omitted = "flashcards left out (-O moodle.flashcards=essay adds them)"
        for entry in tree.walk(self.deck, self.report, flashcards, omitted):
            if isinstance(entry, tree.Category):
                yield self._category(entry)
            elif isinstance(entry, tree.Description):
                yield self._description(entry)
            elif isinstance(entry, tree.Item):
                yield from self._question(entry)
            else:
                yield from self._flashcard(entry.card)

    def _category(self, entry: tree.Category) -> str:
        # No ID number: Moodle would file a category under an existing one that has it.
        return ('<question type="category">\n'
                + plain_field("category", category_path(list(entry.path))) + "\n"
                + '<info format="html"><text></text></info>\n</question>')

    def _description(self, entry: tree.Description) -> str:
        item_id = entry.item_id or self.deck.id
        self.files.item_id = item_id
        ctx = self._context(entry.item_id, ())
        name = question_name(entry.name, item_id)
        return wrap("description", name, entry.html, [], [], ctx)

    def _question(self, entry: tree.Item) -> Iterator[str]:
        q, part = entry.question, entry.part
        lead = tree.context_html(part) if part and part.context and self.repeat_context else ""
        if self.settings["titles"] == "id":
            name = q.id
        else:
            plain = (cloze.substitute(q.prompt.plain, q.blanks, lambda _b: "_____")
                     if isinstance(q, ClozeQuestion) else q.prompt.plain)
            name = question_name(plain, q.id)
        after = (part.note,) if part else ()
        written = question(q, lead, after, name, self._context(q.id, q.tags))
        if written is not None:
            yield written

    def _flashcard(self, card: Flashcard) -> Iterator[str]:
        sides = [(card.id, card.front, card.back)]
        if card.reverse:
            sides.append((card.id + ".reverse", card.back, card.front))
        for item_id, front, back in sides:
            self.files.item_id = card.id
            name = question_name(front.plain, item_id) if self.settings["titles"] == "prompt" \
                else item_id
            ctx = self._context(item_id, card.tags)
            yield self._card_question(card.id, name, front, back, ctx)

    def _card_question(self, card_id: str, name: str, front: Text, back: Text, ctx: Context
                       ) -> str:
        typed = one_line(back.plain)
        if self.settings["flashcards"] == "short":
            # Only a back that is one line of text can be typed: not a picture or a list.
            if typed and typed == back.plain.strip() and not back.images:
                return wrap("shortanswer", name, front.html, [], short_answers([typed]), ctx)
            self.report.lose("flashcards written as essays (back is not one typeable line)",
                             card_id)
        return wrap("essay", name, front.html, [back], essay(back.block_html, ctx), ctx)

    def _context(self, item_id: str | None, own_tags: Sequence[str]) -> Context:
        tags = list(self.tags)
        if own_tags:
            tags = merge_tags(tags, self._tags(own_tags, item_id or self.deck.id))
        return Context(self.settings, self.files, self.report, self._id(item_id), tags)

    def _id(self, item_id: str | None) -> str:
        # The deck's intro takes the deck id alone: no item id can make it clash.
        if item_id is None:
            return self.deck.id
        value, shortened = idnumber(self.deck.id, item_id)
        if shortened:
            self.report.lose("Moodle ID numbers shortened to 100 characters", item_id)
        return value

    def _tags(self, tags: Sequence[str], item_id: str) -> list[str]:
        kept = [t for t in tags if tag_ok(t)]
        if len(kept) < len(tags):
            self.report.lose("tags with < > ` or over 255 characters left out (Moodle refuses "
                             "or cuts them)", item_id)
        return kept
