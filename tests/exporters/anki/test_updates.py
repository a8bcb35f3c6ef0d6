"""Updating in place: a re-import updates notes and note types.

It keeps the learner's review history and their own styling.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsmith.model import Deck
from cardsmith.source.loader import load_deck
from tests.conftest import SEED_DECK
from tests.consumers.anki_collection import Anki
from tests.exporters.anki import ALL_TYPES, NOTE_TYPES, export, guid, notetypes, visible


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


def test_an_imported_items_guid_is_the_notes_guid(anki: Anki, tmp_path: Path,
                                                  make_deck: Callable[[str], Deck]) -> None:
    """An item that came from an Anki note updates that note, its review history kept."""
    deck = make_deck(
        "cardsmith: 1\nid: kept\ntitle: Kept\n"
        "questions:\n  - id: q1\n    type: open\n    prompt: Two plus two?\n    answer: Four\n"
        "    anki: {guid: 'f%Ex]nT>X&'}\n"
        "flashcards:\n  - id: c1\n    front: Hund\n    back: dog\n    reverse: true\n"
        "    anki: {guid: \"O#;q`1\"}\n  - id: c2\n    front: Katze\n    back: cat\n")
    path, _ = export(deck, tmp_path / "out")
    assert anki.import_(path)["new"] == 3
    notes = anki.notes()
    assert set(notes) == {"f%Ex]nT>X&", "O#;q`1", guid(deck, "c2")}
    assert len(notes["O#;q`1"].cards) == 2  # one note, both directions
    assert notes["f%Ex]nT>X&"].fields["Back"] == "Four"
