"""Anki export: one .apkg a deck, which updates a learner's notes in place on re-import.

Identity is what makes re-imports safe. A note's GUID hashes the deck id and
the item id, never its text, so an edited answer updates the note (keeping its
review history) instead of adding a duplicate; Anki takes the edit because
every note carries the deck's timestamp (the file's mtime or SOURCE_DATE_EPOCH),
which is newer after an edit. Note type ids hash their names and deck ids the
deck id, so the same deck always maps onto the same objects.

The words the package adds (default subdeck names, "Time", "True"...) are in
the deck's language (`cardsmith.text.labels`); note type, field and card template
names never are: they are the note types' identity.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from cardsmith.exporter import Exporter, ExportError, OptionError, Report
from cardsmith.model import Deck, Exercise, Text
from cardsmith.text.labels import Labels, labels

from .media import Media
from .notes import NoteContent, Where, flashcard_note, question_note
from .notetypes import stable_id
from .package import AnkiDeck, NoteRow, write_package

_YES = {"yes": True, "true": True, "no": False, "false": False}
_INVALID_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f"]')
_SPACES = re.compile(r"\s+")
_BAD_TAG_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_ANKI_TAGS = re.compile(r"\[(?=latex\]|\$\$?\]|sound:|anki:)", re.IGNORECASE)


class AnkiExporter(Exporter):
    """Anki package (.apkg) with subdecks, five fixed note types and stable note ids."""

    name = "anki"
    suffix = ".apkg"
    description = "Anki package: subdecks, stable note ids, updates in place on re-import"
    options: ClassVar[Mapping[str, tuple[str, str]]] = {
        "subdecks": ("yes", "yes: practice questions, each exercise and the flashcards get "
                            "their own subdeck; no: every card goes into the deck itself"),
        "parent": ("", "Anki deck to put the deck under, such as 'Courses::NLP' "
                       "(default: top level)"),
        "questions-deck": ("", "name of the practice questions' subdeck (default: "
                               "'Practice questions' in the deck's language)"),
        "flashcards-deck": ("", "name of the flashcards' subdeck (default: 'Flashcards' "
                                "in the deck's language)"),
    }
    _LABELS: ClassVar[Mapping[str, str]] = {"questions-deck": "practice_questions",
                                            "flashcards-deck": "flashcards"}
    """The label that names each section's subdeck when its option is not given."""

    def __init__(self, options: Mapping[str, str] | None = None) -> None:
        super().__init__(options)
        value = self.settings["subdecks"].strip().lower()
        if value not in _YES:
            raise OptionError(f"anki: subdecks must be yes or no, not {value!r}")
        self.subdecks = _YES[value]
        self.parent = [c for c in (_component(p) for p in self.settings["parent"].split("::")) if c]
        self.section_names: dict[str, str] = {}
        """The subdeck names given as options (an empty one: the label in the deck's language)."""
        for key in self._LABELS:
            self.section_names[key] = _component(self.settings[key])
            if self.settings[key].strip() and not self.section_names[key]:
                raise OptionError(f"anki: {key} must name a deck, got {self.settings[key]!r}")
        if self.section_names["questions-deck"] == self.section_names["flashcards-deck"] != "":
            raise OptionError("anki: questions-deck and flashcards-deck must be different names")

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        """The deck as one .apkg."""
        words = labels(deck.language)
        layout = self._layout(deck, words)
        media = Media(deck, report)
        for d in layout.decks:
            media.check_description(d.description, deck.id)
        notes = list(_notes(deck, layout, media, words))
        data = write_package(layout.decks, notes, deck.timestamp, media.files)
        return {self.filename(deck): data}

    def _subdeck_names(self, words: Labels) -> tuple[str, str]:
        """The practice questions' and the flashcards' subdeck names for a deck's labels."""
        questions, flashcards = (self.section_names[key] or _component(words[label])
                                 for key, label in self._LABELS.items())
        if questions == flashcards:
            # Only one was given, and it is the other's name in the deck's language.
            raise ExportError(f"the subdecks of practice questions and flashcards would both "
                              f"be named {questions!r} in this deck's language "
                              f"({words.language}): give -O anki.questions-deck and "
                              "-O anki.flashcards-deck different names")
        return questions, flashcards

    def _layout(self, deck: Deck, words: Labels) -> _Layout:
        top = "::".join([*self.parent, _component(deck.title) or deck.id])
        intro = deck.intro.html if deck.intro else ""
        if not self.subdecks:
            about = [(e, _exercise_description(e, words)) for e in deck.exercises]
            extra = "".join(f"<h3>{_escape(e.title)}</h3>{text}" for e, text in about if text)
            main = AnkiDeck(stable_id("cardsmith deck", deck.id), top, intro + extra)
            return _Layout([main], main.id, main.id, {e.id: main.id for e in deck.exercises})
        layout = _Layout([AnkiDeck(stable_id("cardsmith deck", deck.id), top, intro)])
        questions, flashcards = self._subdeck_names(words)
        taken = {questions, flashcards}
        if deck.questions:
            layout.questions = layout.add(deck.id, "questions", f"{top}::{questions}")
        for ex in deck.exercises:
            name = _component(ex.title) or ex.id
            if name in taken:
                name = f"{name} ({ex.id})"
            taken.add(name)
            layout.exercises[ex.id] = layout.add(deck.id, f"exercise\x1f{ex.id}", f"{top}::{name}",
                                                 _exercise_description(ex, words))
        if deck.flashcards:
            layout.flashcards = layout.add(deck.id, "flashcards", f"{top}::{flashcards}")
        return layout


@dataclass
class _Layout:
    """The Anki decks of one deck, and which of them each section's cards go to."""

    decks: list[AnkiDeck]
    questions: int = 0
    flashcards: int = 0
    exercises: dict[str, int] = field(default_factory=dict)

    def add(self, deck_id: str, key: str, name: str, description: str = "") -> int:
        """Add a subdeck whose id hashes the deck id and `key`; return its id."""
        sub = AnkiDeck(stable_id("cardsmith deck", deck_id, key), name, description)
        self.decks.append(sub)
        return sub.id


def _items(deck: Deck, layout: _Layout, words: Labels
           ) -> Iterator[tuple[str, str | None, NoteContent, str, int]]:
    """(item id, its own GUID, note content, tags, Anki deck id) of every item, in YAML order."""
    practice = Where(_escape(deck.title))
    section = tag_list(deck.tags, (f"{deck.id}::questions",))
    for q in deck.questions:
        yield (q.id, q.anki_guid, question_note(q, practice, f"{deck.id}\x1f{q.id}", words),
               tag_list(section, q.tags), layout.questions)
    for ex in deck.exercises:
        for part in ex.parts:
            where = Where(f"{_escape(ex.title)} &rsaquo; {_escape(part.title)}",
                          _html(part.context), _html(part.note))
            section = tag_list(deck.tags, (f"{deck.id}::{ex.id}::{part.id}",))
            for q in part.questions:
                yield (q.id, q.anki_guid, question_note(q, where, f"{deck.id}\x1f{q.id}", words),
                       tag_list(section, q.tags), layout.exercises[ex.id])
    section = tag_list(deck.tags, (f"{deck.id}::flashcards",))
    for card in deck.flashcards:
        yield (card.id, card.anki_guid, flashcard_note(card, practice),
               tag_list(section, card.tags), layout.flashcards)


def _notes(deck: Deck, layout: _Layout, media: Media, words: Labels) -> Iterator[NoteRow]:
    from genanki import guid_for  # only when writing: see notetypes.NoteType.model

    # `due` is the new-card position: the YAML order, a note's cards side by side.
    for due, (item_id, guid, content, tags, deck_id) in enumerate(_items(deck, layout, words),
                                                                  1):
        if "[" in "".join(content.fields):
            content = NoteContent(content.notetype, tuple(_defuse(f) for f in content.fields),
                                  content.ords)
        if "src=" in "".join(content.fields):
            fields = tuple(media.rewrite(f, item_id) for f in content.fields)
            content = NoteContent(content.notetype, fields, content.ords)
        # An imported item keeps its note's GUID: Anki then updates that very note.
        yield NoteRow(guid or guid_for(deck.id, item_id), content, tags, deck_id, due)


def _defuse(field: str) -> str:
    """A field whose `[latex]`, `[$]`, `[sound:...]` and `[anki:...]` tags are plain text.

    Anki compiles LaTeX tags on the learner's machine and plays sound tags from
    the collection: a deck's text must not bring any. `&#91;` shows as `[`.
    """
    return _ANKI_TAGS.sub("&#91;", field) if "[" in field else field


def _escape(title: str) -> str:
    return html.escape(title, quote=False)


def _html(text: Text | None) -> str:
    return text.html if text else ""


def _exercise_description(ex: Exercise, words: Labels) -> str:
    facts = [(_escape(words[key] + words["colon"]), value) for key, value in (
        ("time", _escape(words.count("minutes", ex.minutes)) if ex.minutes else ""),
        ("materials", _html(ex.materials)), ("side_effects", _html(ex.side_effects))) if value]
    listed = "".join(f"<li><b>{label}</b> {value}</li>" for label, value in facts)
    return _html(ex.intro) + (f"<ul>{listed}</ul>" if listed else "")


def _component(name: str) -> str:
    """One `::` component of a deck name, as Anki would store it (`::` inside becomes `:`)."""
    name = unicodedata.normalize("NFC", name)
    name = _SPACES.sub(" ", _INVALID_NAME_CHARS.sub("", name)).replace("::", ":")
    return name.strip(" :")


def safe_tag(tag: str) -> str:
    """A tag Anki stores as given: no spaces or control characters, no empty `::` levels."""
    tag = _SPACES.sub("_", _BAD_TAG_CHARS.sub("", unicodedata.normalize("NFC", tag)).strip())
    return "::".join(p for p in tag.split("::") if p)


def tag_list(base: Sequence[str] | str, extra: Sequence[str]) -> str:
    """Tags in Anki's stored form (` a b `), made safe, each once whatever its case."""
    if isinstance(base, str):
        if not extra:
            return base
        tags = base.split()
    else:
        tags = list(base)
    seen: set[str] = set()
    out: list[str] = []
    for raw in (*tags, *extra):
        tag = safe_tag(raw)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return f" {' '.join(out)} " if out else ""
