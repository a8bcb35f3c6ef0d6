"""The Anki package, checked through its real consumer: Anki's own importer, run headless.

Every test imports the exported .apkg into a fresh collection with the official
`anki` package and reads notes, cards, decks and note types back from it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import importlib.util
import io
import os
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki
import pytest

from cardsmith import registry
from cardsmith.exporter import OptionError, Report
from cardsmith.model import ChoiceQuestion, Deck, OpenQuestion
from cardsmith.source.loader import load_deck
from tests.conftest import DATA, SEED_DECK, require

ALL_TYPES = DATA / "valid" / "all-types.yaml"
EDGES = DATA / "valid" / "anki-edges.yaml"
HAS_ANKI = importlib.util.find_spec("anki") is not None
# As the registry loads it (`exporters.*` is the same source imported under another name).
notetypes = importlib.import_module("cardsmith.exporters.anki.notetypes")

# The promise to learners: these names and fields never change, or every
# existing note would stop updating. Changing them needs a migration plan.
NOTE_TYPES = {
    "cardsmith Basic": ["Front", "Back", "Context", "Explanation", "Note", "Source"],
    "cardsmith Basic (optional reversed card)":
        ["Front", "Back", "Add Reverse", "Context", "Explanation", "Note", "Source"],
    "cardsmith Cloze": ["Text", "Context", "Explanation", "Note", "Source"],
    "cardsmith Choice": ["Question", "Choices", "Answer", "Feedback", "Context", "Explanation",
                         "Note", "Source"],
    "cardsmith Type-in": ["Question", "Answer", "Accepted", "Context", "Explanation", "Note",
                          "Source"],
}

@dataclass
class Card:
    """A card as Anki holds it after the import."""

    id: int
    ord: int
    deck: str
    due: int
    type: int
    question: str
    answer: str


@dataclass
class Note:
    """A note as Anki holds it after the import."""

    id: int
    guid: str
    type: str
    fields: dict[str, str]
    tags: list[str]
    mod: int
    cards: list[Card]


class Anki:
    """A temporary Anki collection: import packages, read everything back."""

    def __init__(self, path: Path) -> None:
        from anki.collection import Collection

        self.path = path
        self.col: Any = Collection(str(path))

    def reopen(self) -> None:
        """Reopen, so that the Python side sees note types an import changed."""
        from anki.collection import Collection

        self.col.close()
        self.col = Collection(str(self.path))

    def import_(self, apkg: Path, merge: bool = False) -> dict[str, int]:
        """Import like the desktop dialog's defaults; return the log's counts."""
        from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

        options = ImportAnkiPackageOptions(merge_notetypes=merge, with_scheduling=False)
        log = self.col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(apkg), options=options)).log
        self.reopen()
        return {k: len(getattr(log, k)) for k in ("new", "updated", "duplicate", "conflicting")}

    def notes(self) -> dict[str, Note]:
        """Every note by GUID."""
        found = {}
        for nid in self.col.find_notes(""):
            n = self.col.get_note(nid)
            cards = [Card(c.id, c.ord, self.col.decks.name(c.did), c.due, c.type,
                          c.question(), c.answer())
                     for c in sorted(n.cards(), key=lambda c: c.ord)]
            found[n.guid] = Note(nid, n.guid, n.note_type()["name"], dict(n.items()),
                                 list(n.tags), n.mod, cards)
        return found

    def decks(self) -> dict[str, str]:
        """Deck name -> description, without Anki's own Default deck."""
        return {d["name"]: d["desc"] for d in self.col.decks.all() if d["id"] != 1}

    def note_types(self) -> dict[str, dict[str, Any]]:
        """cardsmith's note types by name."""
        return {m["name"]: m for m in self.col.models.all() if m["name"].startswith("cardsmith")}

    def card_count(self) -> int:
        """How many cards the collection holds."""
        return len(self.col.find_cards(""))


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[Anki]:
    """A fresh, empty collection."""
    require(HAS_ANKI, "the anki package (pip install anki)")
    (tmp_path / "collection").mkdir()
    collection = Anki(tmp_path / "collection" / "collection.anki2")
    yield collection
    collection.col.close()


def export(deck: Deck, out: Path, **options: str) -> tuple[Path, Report]:
    """Export `deck` into `out`; return the package's path and the loss report."""
    result = registry.load("anki")(options).export(deck, out)
    return result.paths[0], result.report


def guid(deck: Deck, item_id: str) -> str:
    """The GUID the issue specifies: genanki's hash of (deck id, item id)."""
    return str(genanki.guid_for(deck.id, item_id))


def visible(card_html: str) -> str:
    """The text a learner sees: no stylesheet, no tags (nor attributes, which Anki fills)."""
    return re.sub(r"<style>.*?</style>|<[^>]+>", "", card_html, flags=re.DOTALL)


def test_seed_deck_reads_back_field_by_field(seed_deck: Deck, anki: Anki,
                                             tmp_path: Path) -> None:
    path, report = export(seed_deck, tmp_path / "out")
    assert report.losses == {}
    n_items = sum(1 for _ in seed_deck.all_questions()) + len(seed_deck.flashcards)
    assert anki.import_(path) == {"new": n_items, "updated": 0, "duplicate": 0,
                                  "conflicting": 0}
    notes = anki.notes()
    assert len(notes) == n_items
    assert anki.card_count() == n_items  # no cloze, no reversed flashcard in the seed deck

    top = seed_deck.title
    exercise = f"{top}::Exercise: soft targets in practice"
    decks = anki.decks()
    assert set(decks) == {top, f"{top}::Practice questions", exercise, f"{top}::Flashcards"}
    assert seed_deck.intro is not None and decks[top] == seed_deck.intro.html
    assert decks[f"{top}::Practice questions"] == decks[f"{top}::Flashcards"] == ""
    assert visible(decks[exercise]).startswith(
        "This exercise puts the soft-targets intuition into practice.")
    assert "Time: 12 minutes" in visible(decks[exercise])
    assert "Materials: Pen and paper, or a text editor." in visible(decks[exercise])

    for located in seed_deck.all_questions():
        q, part = located.question, located.part
        note = notes[guid(seed_deck, q.id)]
        [card] = note.cards
        if part is None:
            assert card.deck == f"{top}::Practice questions"
            assert note.fields["Source"] == top
            assert note.fields["Context"] == note.fields["Note"] == ""
            section = "distilbert-roberta::questions"
        else:
            assert located.exercise is not None
            assert card.deck == exercise
            assert note.fields["Source"] == (f"{located.exercise.title} &rsaquo; {part.title}")
            assert note.fields["Context"] == (part.context.html if part.context else "")
            assert note.fields["Note"] == (part.note.html if part.note else "")
            section = f"distilbert-roberta::soft-targets::{part.id}"
        assert sorted(note.tags) == sorted(["nlp", "transformers", "bert", section])
        assert note.fields["Explanation"] == (q.explanation.html if q.explanation else "")
        if isinstance(q, OpenQuestion):
            assert note.type == "cardsmith Basic"
            assert note.fields["Front"] == q.prompt.html
            assert note.fields["Back"] == q.answer.html
        else:
            assert isinstance(q, ChoiceQuestion)
            assert note.type == "cardsmith Choice"
            assert note.fields["Question"] == q.prompt.html
            assert note.fields["Choices"] == (
                '<ol type="A">' + "".join(f"<li>{c.text.html}</li>" for c in q.choices) + "</ol>")
            index = q.choices.index(q.correct) + 1
            assert note.fields["Answer"] == (
                f'<ol type="A"><li value="{index}" class="cs-correct">{q.correct.text.html}'
                "</li></ol>")
            assert note.fields["Feedback"] == ""

    for flashcard in seed_deck.flashcards:
        note = notes[guid(seed_deck, flashcard.id)]
        assert note.type == "cardsmith Basic (optional reversed card)"
        assert note.fields == {"Front": flashcard.front.html, "Back": flashcard.back.html,
                               "Add Reverse": "", "Context": "", "Explanation": "", "Note": "",
                               "Source": top}
        assert [c.deck for c in note.cards] == [f"{top}::Flashcards"]
        assert sorted(note.tags) == ["bert", "distilbert-roberta::flashcards", "nlp",
                                     "transformers"]

    # New cards come in YAML order: practice questions, exercises, flashcards.
    order = [located.question.id for located in seed_deck.all_questions()]
    order += [card.id for card in seed_deck.flashcards]
    by_due = sorted(notes.values(), key=lambda n: n.cards[0].due)
    assert [n.guid for n in by_due] == [guid(seed_deck, i) for i in order]

    # What a learner sees, rendered by Anki from the templates.
    hard = notes[guid(seed_deck, "hard-label")].cards[0]
    assert "positive: 0.70" in visible(hard.question)
    assert "What is the hard label?" in visible(hard.question)
    assert "The single most likely class." not in visible(hard.question)
    assert "The single most likely class." in visible(hard.answer)
    production = notes[guid(seed_deck, "scenario-production")].cards[0]
    assert "Sanity check:" not in visible(production.question)
    assert "Sanity check:" in visible(production.answer)

    types = anki.note_types()
    assert {name: [f["name"] for f in m["flds"]] for name, m in types.items()} == {
        name: NOTE_TYPES[name] for name in
        ("cardsmith Basic", "cardsmith Choice", "cardsmith Basic (optional reversed card)")}
    problems, ok = anki.col.fix_integrity()
    assert ok and len(anki.notes()) == n_items and anki.card_count() == n_items, problems


def test_every_question_type_maps_to_a_working_card(anki: Anki, tmp_path: Path) -> None:
    deck = load_deck(ALL_TYPES)
    path, report = export(deck, tmp_path / "out")
    assert report.losses == {}
    n_items = sum(1 for _ in deck.all_questions()) + len(deck.flashcards)
    assert anki.import_(path)["new"] == n_items
    notes = {n.guid: n for n in anki.notes().values()}

    def note(item_id: str) -> Note:
        return notes[guid(deck, item_id)]

    types = {i: note(i).type.removeprefix("cardsmith ") for i in (
        "open-1", "choice-1", "multi-1", "tf-1", "short-1", "short-2", "numeric-1", "match-1",
        "cloze-1", "cloze-2", "ex-1-a-1", "card-1", "card-2")}
    assert types == {"open-1": "Basic", "choice-1": "Choice", "multi-1": "Choice",
                     "tf-1": "Choice", "short-1": "Type-in", "short-2": "Type-in",
                     "numeric-1": "Type-in", "match-1": "Basic", "cloze-1": "Cloze",
                     "cloze-2": "Cloze", "ex-1-a-1": "Type-in",
                     "card-1": "Basic (optional reversed card)",
                     "card-2": "Basic (optional reversed card)"}
    # One card a note, except two blanks (two cards) and a reversed flashcard.
    assert {i: len(n.cards) for i, n in ((i, note(i)) for i in types) if len(n.cards) != 1} == {
        "cloze-1": 2, "cloze-2": 2, "card-2": 2}
    assert anki.card_count() == n_items + 3

    open_1 = note("open-1")
    assert open_1.fields["Back"].startswith("<p>Rayleigh scattering:</p>\n<ol>")
    assert open_1.fields["Explanation"] == "See any optics textbook."
    assert "physics" in open_1.tags

    choice = note("choice-1")
    assert "Jupiter" in choice.fields["Answer"] and "Mars" not in choice.fields["Answer"]
    assert "Right, about 11 Earth diameters." in choice.fields["Feedback"]
    assert "Venus is about Earth's size." in choice.fields["Feedback"]
    assert "11 Earth diameters" not in visible(choice.cards[0].question)
    assert "11 Earth diameters" in visible(choice.cards[0].answer)

    multi = note("multi-1").fields
    assert "Select all that apply." in multi["Choices"]
    assert multi["Answer"] == ('<ol type="A"><li value="1" class="cs-correct">2</li>'
                               '<li value="2" class="cs-correct">3</li></ol>')
    assert note("tf-1").fields["Answer"] == (
        '<ol type="A"><li value="1" class="cs-correct">True</li></ol>')
    assert "<li>True</li><li>False</li>" in note("tf-1").fields["Choices"]

    short = note("short-1")
    assert (short.fields["Answer"], short.fields["Accepted"]) == ("Au", "Also accepted: <i>au</i>")
    assert "[[type:Answer]]" in short.cards[0].question  # Anki's type-in box
    assert note("short-2").fields["Accepted"] == ""
    numeric = note("numeric-1").fields
    assert numeric["Answer"] == "3.14"
    assert "3.135 to 3.145" in numeric["Accepted"]
    assert note("ex-1-a-1").fields["Answer"] == "4"
    assert note("ex-1-a-1").fields["Note"] == "Squares grow fast."

    match = note("match-1").fields
    for left, right in (("France", "Paris"), ("Japan", "Tokyo"), ("Kenya", "Nairobi")):
        assert left in match["Front"] and right in match["Front"]
        assert f"{left}</td><td>" in match["Back"]
        assert match["Back"].index(left) < match["Back"].index(right)
    rights = [match["Front"].index(r) for r in ("Paris", "Tokyo", "Nairobi")]
    assert rights != sorted(rights), "the right-hand side is shown shuffled"

    cloze = note("cloze-1")
    assert cloze.fields["Text"] == (
        "The {{c1::mitochondria}} is the powerhouse of the {{c2::cell::a small unit}}.")
    first, second = (visible(c.question) for c in cloze.cards)
    assert "The [...] is the powerhouse of the cell." in first
    assert "The mitochondria is the powerhouse of the [a small unit]." in second
    assert "powerhouse of the cell." in visible(cloze.cards[1].answer)

    hund = note("card-2")
    assert hund.fields["Add Reverse"] == "y"
    assert "german" in hund.tags
    forward, backward = (visible(c.question) for c in hund.cards)
    assert "Hund" in forward and "dog" not in forward
    assert "dog" in backward and "Hund" not in backward
    assert "Hund" in visible(hund.cards[1].answer)
    assert note("card-1").fields["Front"] == "Front <em>one</em>"


def test_reimport_after_an_edit_updates_the_note_and_keeps_its_history(
        anki: Anki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "distilbert-roberta.yaml"
    shutil.copy(SEED_DECK, source)
    deck = load_deck(source)
    count = sum(1 for _ in deck.all_questions()) + len(deck.flashcards)
    first, _ = export(deck, tmp_path / "v1")
    assert anki.import_(first)["new"] == count
    edited = anki.notes()[guid(deck, "distilbert-vs-roberta")]
    anki.col.sched.set_due_date([edited.cards[0].id], "7")  # the learner has studied it
    reviewed = anki.notes()[edited.guid].cards[0]
    assert reviewed.type == 2

    old = "They address different limitations and can be combined."
    new = "They fix different limitations, and they stack."
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1
    source.write_text(text.replace(old, new), encoding="utf-8")

    # Same timestamp: Anki keeps what it has, which is why the timestamp matters.
    stale, _ = export(load_deck(source), tmp_path / "stale")
    assert anki.import_(stale) == {"new": 0, "updated": 0, "duplicate": count,
                                   "conflicting": 0}
    assert old in anki.notes()[edited.guid].fields["Back"]

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000100")
    second, _ = export(load_deck(source), tmp_path / "v2")
    assert anki.import_(second) == {"new": 0, "updated": count, "duplicate": 0,
                                    "conflicting": 0}
    notes = anki.notes()
    assert len(notes) == count and anki.card_count() == count
    after = notes[edited.guid]
    assert after.id == edited.id
    assert new in after.fields["Back"] and old not in after.fields["Back"]
    assert after.mod == 1700000100
    [card] = after.cards  # the same card, still scheduled as the learner left it
    assert (card.id, card.deck, card.type, card.due) == (
        reviewed.id, reviewed.deck, reviewed.type, reviewed.due)
    assert sorted(anki.note_types()) == sorted(
        ["cardsmith Basic", "cardsmith Choice", "cardsmith Basic (optional reversed card)"])
    assert len(anki.decks()) == 4


def test_a_new_reverse_side_or_blank_adds_a_card_to_the_same_note(
        anki: Anki, tmp_path: Path, make_deck: Callable[[str], Deck],
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = """\
        cardsmith: 1
        id: growing
        title: Growing
        questions:
          - id: capital
            type: cloze
            prompt: "{{c1::Canberra}} is the capital of Australia."
        flashcards:
          - id: dog
            front: Hund
            back: dog
            reverse: false
        """
    anki.import_(export(make_deck(text), tmp_path / "v1")[0])
    assert anki.card_count() == 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000100")
    text = text.replace("capital of Australia", "capital of {{c2::Australia}}")
    deck = make_deck(text.replace("reverse: false", "reverse: true"))
    assert anki.import_(export(deck, tmp_path / "v2")[0]) == {
        "new": 0, "updated": 2, "duplicate": 0, "conflicting": 0}
    notes = anki.notes()
    assert [len(n.cards) for n in (notes[guid(deck, "capital")], notes[guid(deck, "dog")])] == [
        2, 2]
    assert "Hund" in visible(notes[guid(deck, "dog")].cards[1].answer)


@pytest.mark.parametrize("path", sorted((DATA / "valid").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_deck_imports_whole(path: Path, anki: Anki, tmp_path: Path) -> None:
    deck = load_deck(path)
    apkg, _ = export(deck, tmp_path / "out")
    n_items = sum(1 for _ in deck.all_questions()) + len(deck.flashcards)
    assert anki.import_(apkg) == {"new": n_items, "updated": 0, "duplicate": 0, "conflicting": 0}
    cards = anki.card_count()
    problems, ok = anki.col.fix_integrity()  # Anki's "Check Database"
    assert ok and len(anki.notes()) == n_items and anki.card_count() == cards, problems


def test_timestamp_is_the_file_mtime_without_source_date_epoch(
        anki: Anki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    source = tmp_path / "deck.yaml"
    shutil.copy(SEED_DECK, source)
    os.utime(source, (1_650_000_000, 1_650_000_000))
    path, _ = export(load_deck(source), tmp_path / "out")
    anki.import_(path)
    assert {n.mod for n in anki.notes().values()} == {1_650_000_000}


def render(deck: Deck, **options: str) -> bytes:
    """The package's bytes, straight from the exporter."""
    return next(iter(registry.load("anki")(options).render(deck, Report()).values()))


def test_same_input_gives_the_same_bytes(seed_deck: Deck,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    one = render(seed_deck)
    assert render(load_deck(SEED_DECK)) == one
    with zipfile.ZipFile(io.BytesIO(one)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["collection.anki2", "media"]
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
        assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}  # 1700000000 UTC
        assert sum(i.compress_size for i in infos) * 3 < sum(i.file_size for i in infos)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000100")
    assert render(load_deck(SEED_DECK)) != one


def test_decks_share_note_types_and_never_fork_them(anki: Anki, seed_deck: Deck,
                                                    tmp_path: Path) -> None:
    anki.import_(export(seed_deck, tmp_path / "a")[0])
    ids = {name: m["id"] for name, m in anki.note_types().items()}
    anki.import_(export(load_deck(ALL_TYPES), tmp_path / "b")[0])
    types = anki.note_types()
    assert {name: [f["name"] for f in m["flds"]] for name, m in types.items()} == NOTE_TYPES
    assert {name: types[name]["id"] for name in ids} == ids
    assert all(1 << 30 <= m["id"] < 1 << 31 for m in types.values())
    assert len({m["css"] for m in types.values()}) == 1
    css = next(iter(types.values()))["css"]
    assert ".nightMode" in css and ".night_mode" in css
    assert ".highlight .k {" in css and ".nightMode .highlight .k {" in css

    fingerprint = hashlib.sha256("\x1e".join(
        [css, *(f"{name}\x1f{[(t['name'], t['qfmt'], t['afmt']) for t in m['tmpls']]}"
                for name, m in sorted(types.items()))]).encode()).hexdigest()[:16]
    # Anki replaces a note type only when the incoming one is newer, so a change to
    # the templates or the stylesheet must come with a new revision.
    assert (fingerprint, {m["mod"] for m in types.values()}) == (
        notetypes.RECORDED[1], {notetypes.RECORDED[0]}), (
        "templates or stylesheet changed: record RECORDED = "
        f"({int(time.time())}, {fingerprint!r}) in exporters/anki/notetypes.py")


def test_revision_follows_the_content_of_the_note_types(monkeypatch: pytest.MonkeyPatch) -> None:
    released, digest = notetypes.RECORDED
    assert notetypes.content_digest() == digest
    assert notetypes.revision(1_900_000_000) == released  # the deck's timestamp plays no part
    monkeypatch.setattr(notetypes, "CSS", notetypes.CSS + ".cs-prompt { color: red; }\n")
    assert notetypes.content_digest() != digest
    assert notetypes.revision(1_900_000_000) == 1_900_000_000
    assert notetypes.revision(released - 5) == released + 1  # newer than the release, always
    monkeypatch.undo()
    basic = notetypes.BASIC
    name, front, back = basic.templates[0]
    edited = dataclasses.replace(basic, templates=((name, front + "<br>", back),))
    monkeypatch.setattr(notetypes, "ALL", (edited, *notetypes.ALL[1:]))
    assert notetypes.content_digest() != digest


def test_anki_takes_new_styling_and_keeps_the_learners_own(
        anki: Anki, seed_deck: Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def css() -> set[str]:
        return {m["css"] for m in anki.note_types().values()}

    anki.import_(export(seed_deck, tmp_path / "released")[0])
    assert css() == {notetypes.CSS}
    # A cardsmith release that restyles the cards, exported before the learner's edit below.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) - 3600))
    restyled = notetypes.CSS + ".cs-prompt { color: red; }\n"
    monkeypatch.setattr(notetypes, "CSS", restyled)
    package = export(load_deck(SEED_DECK), tmp_path / "restyled")[0]
    anki.import_(package)
    assert css() == {restyled}
    # The learner restyles one note type in Anki; neither re-importing the same package nor a
    # newer export of unchanged note types undoes it.
    own = anki.col.models.by_name("cardsmith Basic")
    own["css"] = restyled + ".card { font-size: 30px; }"
    anki.col.models.save(own)
    anki.import_(package)
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time()) + 3600))
    anki.import_(export(load_deck(SEED_DECK), tmp_path / "later")[0])
    assert anki.note_types()["cardsmith Basic"]["css"] == own["css"]


def test_options_flatten_rename_and_nest_the_decks(anki: Anki, seed_deck: Deck,
                                                   tmp_path: Path) -> None:
    path, _ = export(seed_deck, tmp_path / "out", subdecks="no", parent="Courses :: NLP",
                     **{"questions-deck": "Übungsfragen"})
    anki.import_(path)
    name = f"Courses::NLP::{seed_deck.title}"
    decks = anki.decks()
    assert set(decks) == {"Courses", "Courses::NLP", name}
    assert seed_deck.intro is not None and decks[name].startswith(seed_deck.intro.html)
    assert "<h3>Exercise: soft targets in practice</h3>" in decks[name]
    assert {c.deck for n in anki.notes().values() for c in n.cards} == {name}

    path, _ = export(seed_deck, tmp_path / "renamed", **{"questions-deck": "Übungsfragen",
                                                        "flashcards-deck": "Karten"})
    anki.import_(path)
    assert {f"{seed_deck.title}::Übungsfragen", f"{seed_deck.title}::Karten"} <= set(anki.decks())


@pytest.mark.parametrize(("options", "message"), [
    ({"subdecks": "maybe"}, "subdecks must be yes or no"),
    ({"questions-deck": " :: "}, "questions-deck must name a deck"),
    ({"questions-deck": "Quiz", "flashcards-deck": "Quiz"}, "must be different names"),
    ({"colour": "red"}, "unknown option 'colour'"),
])
def test_bad_options_are_refused(options: dict[str, str], message: str) -> None:
    with pytest.raises(OptionError, match=message):
        registry.load("anki")(options)


def test_awkward_titles_and_tags_stay_valid_in_anki(anki: Anki, tmp_path: Path) -> None:
    deck = load_deck(EDGES)
    path, report = export(deck, tmp_path / "out")
    assert report.losses == {}
    anki.import_(path)
    top = 'Tricky: "quotes" and:: colons'
    assert set(anki.decks()) == {
        "Tricky: quotes and: colons", "Tricky: quotes and: colons::Practice questions",
        "Tricky: quotes and: colons::Same title", "Tricky: quotes and: colons::Same title (twin)"}
    assert deck.title == top
    notes = anki.notes()
    tags = notes[guid(deck, "tagged")].tags
    assert sorted(tags, key=str.casefold) == sorted(
        ["C++", "edges::questions", "lang::de", "Mixed"], key=str.casefold)
    source = notes[guid(deck, "twin-q")].fields["Source"]
    assert source == "Same title &rsaquo; A &lt;b&gt;part&lt;/b&gt;"
    numbers = {n.fields["Question"]: n.fields for n in notes.values()
               if n.type == "cardsmith Type-in"}
    assert numbers["Speed of light in m/s?"]["Answer"] == "299792458"
    assert numbers["Speed of light in m/s?"]["Accepted"] == ""
    assert numbers["Absolute zero in °C?"]["Answer"] == "-273.15"
    assert "-273.2 to -273.1" in numbers["Absolute zero in °C?"]["Accepted"]
    assert numbers["Tom &amp; Jerry's creator?"]["Answer"] == "Hanna &amp; Barbera"


def test_pictures_and_sounds_are_packed(
        anki: Anki, tmp_path: Path, make_deck: Callable[[str], Deck]) -> None:
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    (tmp_path / "figs").mkdir()
    (tmp_path / "figs" / "dia gram.png").write_bytes(png)
    wav = (DATA / "valid" / "media" / "beep.wav").read_bytes()
    (tmp_path / "figs" / "beep.wav").write_bytes(wav)
    deck = make_deck("""\
        cardsmith: 1
        id: pictures
        title: Pictures
        intro: "![a banner](figs/dia%20gram.png) Anki imports media for notes only."
        questions:
          - id: shown
            type: open
            prompt: "What does this show? ![a diagram](figs/dia%20gram.png)"
            answer: "A pixel. ![remote](https://example.org/x.png)"
        flashcards:
          - id: heard
            front: "Which note? ![a beep](figs/beep.wav)"
            back: A.
        """)
    path, report = export(deck, tmp_path / "out")
    assert report.losses == {"pictures in deck descriptions not shown by Anki": ["pictures"]}
    anki.import_(path)
    notes = anki.notes()
    front = notes[guid(deck, "shown")].fields["Front"]
    name = f"dia_gram-{hashlib.sha256(png).hexdigest()[:10]}.png"
    sound = f"beep-{hashlib.sha256(wav).hexdigest()[:10]}.wav"
    assert f'src="{name}"' in front
    assert 'src="https://example.org/x.png"' in notes[guid(deck, "shown")].fields["Back"]
    assert notes[guid(deck, "heard")].fields["Front"] == f"Which note? [sound:{sound}]"
    media_dir = Path(anki.col.media.dir())
    assert (media_dir / name).read_bytes() == png and (media_dir / sound).read_bytes() == wav
    assert sorted(os.listdir(media_dir)) == sorted([name, sound])
