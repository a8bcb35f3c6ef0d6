"""QTI 1.2 for Canvas: a `.qti.zip` for Settings > Import course content > QTI .zip file.

Each question becomes the Canvas question type that holds it (see `items`),
with its pictures and sounds as files of the package; exercises' intros and
parts' contexts become text-only items. One quiz holds the whole deck, or,
with `-O qti.assessments=exercise`, one quiz a section of the deck (practice
questions, each exercise, the flashcards). Identifiers are hashes of the deck
and item ids: two exports are byte-identical, and a re-import is recognisable.
Formulas stay `\\(...\\)` and `\\[...\\]`, which Canvas shows with its MathJax.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import ClassVar
from urllib.parse import quote
from xml.sax.saxutils import escape

from cardsmith.archive import Data, write_zip
from cardsmith.exporter import Exporter, OptionError, Report
from cardsmith.media import rewrite_sources
from cardsmith.model import ClozeQuestion, Deck, Flashcard, OpenQuestion, Question, Text
from cardsmith.text import cloze

from ..moodle import tree
from ..moodle.bank import number, one_line, question_name
from . import items
from .package import Assessment, assessment_xml, manifest_xml, meta_xml

_CHOICES = {
    "flashcards": ("omit", "essay", "short"),
    "context": ("repeat", "once"),
    "titles": ("prompt", "id"),
    "assessments": ("deck", "exercise"),
    "quiz": ("practice", "graded", "survey"),
    "shuffle": ("yes", "no"),
}
_QUIZ_TYPES = {"practice": "practice_quiz", "graded": "assignment", "survey": "survey"}


def ident(*parts: str) -> str:
    """A stable QTI identifier: a letter, then a hash of the parts (Canvas renames others)."""
    return "g" + hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


class QtiExporter(Exporter):
    """Writes `<deck-id>.qti.zip` for Canvas's course import."""

    name = "qti"
    suffix = ".qti.zip"
    description = "QTI 1.2 package for Canvas (Settings > Import course content > QTI .zip)"
    options: ClassVar[Mapping[str, tuple[str, str]]] = {
        "flashcards": ("omit", "omit, essay (the back as feedback) or short (the back as "
                               "the typed answer): flashcards in the quiz"),
        "context": ("repeat", "repeat: a part's context opens each of its questions; once: "
                              "only as a text item before them"),
        "titles": ("prompt", "question names from the start of the prompt, or the item id"),
        "assessments": ("deck", "deck: one quiz; exercise: one quiz for the practice "
                                "questions, each exercise and the flashcards"),
        "quiz": ("practice", "the Canvas quiz type: practice, graded or survey"),
        "shuffle": ("yes", "shuffle the answers of each question: yes or no"),
        "points": ("1", "the points of each question"),
    }

    def __init__(self, options: Mapping[str, str] | None = None) -> None:
        super().__init__(options)
        self.choose(_CHOICES)
        try:
            points = float(self.settings["points"])
        except ValueError:
            points = -1.0
        if not 0 <= points <= 1000:
            raise OptionError(f"qti: option points={self.settings['points']!r} must be a "
                              "number from 0 to 1000")
        self.settings["points"] = number(points)

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        """The deck as one QTI package."""
        writer = _Writer(deck, report, self.settings)
        quizzes = list(writer.assessments())
        package = ident(deck.id)
        media = sorted(writer.files)
        manifest = manifest_xml(package, quizzes, media).encode()
        entries: list[tuple[str, Data]] = [("imsmanifest.xml", manifest)]
        shuffle = self.settings["shuffle"] == "yes"
        for a in quizzes:
            entries.append((f"{a.ident}/{a.ident}.xml", assessment_xml(a)))
            entries.append((f"{a.ident}/assessment_meta.xml",
                            meta_xml(a, _QUIZ_TYPES[self.settings["quiz"]], shuffle).encode()))
        entries += [(path, writer.files[path]) for path in media]
        # Level 1: the XML compresses well at once, and the package is written on every build.
        return {self.filename(deck): write_zip(entries, deck.timestamp, level=1)}


class _Writer:
    """Walks one deck's tree into assessments of items."""

    def __init__(self, deck: Deck, report: Report, settings: Mapping[str, str]) -> None:
        self.deck = deck
        self.report = report
        self.settings = settings
        self.files: dict[str, bytes] = {}
        self.item_id = ""
        self.english = (deck.language or "en").lower().split("-")[0] == "en"

    def assessments(self) -> Iterator[Assessment]:
        """The quizzes of the package, in deck order."""
        deck, per_exercise = self.deck, self.settings["assessments"] == "exercise"
        intro = self._html(deck.intro.block_html) if deck.intro else ""
        current = Assessment(ident(deck.id, ""), deck.title, intro)
        omitted = "flashcards left out (-O qti.flashcards=essay adds them)"
        flashcards = self.settings["flashcards"] != "omit"
        for entry in tree.walk(deck, Report(), flashcards, omitted):
            if isinstance(entry, tree.Category):
                if per_exercise and len(entry.path) == 2 and current.items:
                    yield current
                if per_exercise and len(entry.path) == 2:
                    current = Assessment(ident(deck.id, entry.item_id, entry.path[1]),
                                         f"{deck.title}: {entry.path[1]}", intro)
            elif isinstance(entry, tree.Description):
                if entry.item_id is not None:  # the deck's intro is the quiz's description
                    current.items.append(self._text_item(entry))
            elif isinstance(entry, tree.Item):
                self._question(entry, current)
            else:
                self._flashcard(entry.card, current)
        if current.items:
            yield current
        if not flashcards:
            for card in deck.flashcards:
                self.report.lose(omitted, card.id)

    def _text_item(self, entry: tree.Description) -> bytes:
        assert entry.item_id is not None
        self.item_id = entry.item_id
        heading = f"<h3>{escape(one_line(entry.name))}</h3>\n"
        return items.write(items.Item(ident(self.deck.id, entry.item_id), entry.name,
                                      "text_only_question", self._html(heading + entry.html),
                                      points="0", body="</presentation>"))

    def _question(self, entry: tree.Item, quiz: Assessment) -> None:
        q, part = entry.question, entry.part
        self.item_id = q.id
        feedback = [q.explanation, part.note if part else None]
        if isinstance(q, OpenQuestion):  # Canvas has nowhere else for a model answer
            feedback.insert(0, q.answer)
        general = self._html("\n".join(t.block_html for t in feedback if t))
        written = items.body(q, general)
        if written is None:
            self.report.lose("questions Canvas cannot hold left out (no answer, or a number "
                             "that is infinite)", q.id)
            return
        kind, body = written
        if kind == "true_false_question" and not self.english:
            self.report.lose("true/false choices written in English (Canvas knows the type "
                             "by these words)", q.id)
        if kind == "matching_question":
            self._check_match(q)
        lead = (tree.context_html(part) if part and part.context
                and self.settings["context"] == "repeat" else "")
        prompt = (items.cloze_text(q)[0] if isinstance(q, ClozeQuestion) else q.prompt.html)
        quiz.items.append(items.write(items.Item(
            ident(self.deck.id, q.id), self._title(q), kind, self._html(lead + prompt),
            general, self.settings["points"], self._html(body))))
        quiz.points += float(self.settings["points"])

    def _check_match(self, q: Question) -> None:
        for pair in getattr(q, "pairs", ()):
            if one_line(pair.right.plain) != pair.right.source.strip():
                self.report.lose("match answers reduced to one line of plain text", q.id)
                return

    def _title(self, q: Question) -> str:
        if self.settings["titles"] == "id":
            return q.id
        plain = (cloze.substitute(q.prompt.plain, q.blanks, lambda _b: "_____")
                 if isinstance(q, ClozeQuestion) else q.prompt.plain)
        return question_name(plain, q.id)

    def _flashcard(self, card: Flashcard, quiz: Assessment) -> None:
        self.item_id = card.id
        sides = [(card.id, card.front, card.back)]
        if card.reverse:
            sides.append((card.id + ".reverse", card.back, card.front))
        for item_id, front, back in sides:
            quiz.items.append(self._card_item(card.id, item_id, front, back))
            quiz.points += float(self.settings["points"])

    def _card_item(self, card_id: str, item_id: str, front: Text, back: Text) -> bytes:
        title = question_name(front.plain, item_id) if self.settings["titles"] == "prompt" \
            else item_id
        typed = one_line(back.plain)
        points = self.settings["points"]
        if self.settings["flashcards"] == "short":
            if typed and typed == back.plain.strip() and not back.images:
                return items.write(items.Item(ident(self.deck.id, item_id), title,
                                              "short_answer_question", self._html(front.html),
                                              "", points, items.typed_body([typed], "")))
            self.report.lose("flashcards written as essays (back is not one typeable line)",
                             card_id)
        general = self._html(back.block_html)
        return items.write(items.Item(ident(self.deck.id, item_id), title, "essay_question",
                                      self._html(front.html), general, points,
                                      items.essay_body(general)))

    def _html(self, html: str) -> str:
        """HTML with local pictures and sounds as files of the package."""
        return rewrite_sources(html, self._file) if "src=" in html else html

    def _file(self, url: str) -> str | None:
        found = self.deck.media.get(url)
        if found is None:
            return None  # remote: a link Canvas shows as it is
        path = f"media/{found.flat_name}"
        self.files[path] = found.data
        return "%24IMS-CC-FILEBASE%24/" + quote(path)

