"""The Anki package, read back by Anki's own importer: every item, field, card, deck and file.

Every test imports the exported .apkg into a fresh collection with the official
`anki` package and reads notes, cards, decks and note types back from it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsmith import registry
from cardsmith.exporter import OptionError
from cardsmith.model import ChoiceQuestion, Deck, OpenQuestion
from cardsmith.source.loader import load_deck
from tests.conftest import DATA
from tests.consumers.anki_collection import Anki, Note
from tests.exporters.anki import ALL_TYPES, EDGES, NOTE_TYPES, export, guid, visible


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


@pytest.mark.parametrize("path", sorted((DATA / "valid").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_deck_imports_whole(path: Path, anki: Anki, tmp_path: Path) -> None:
    deck = load_deck(path)
    apkg, _ = export(deck, tmp_path / "out")
    n_items = sum(1 for _ in deck.all_questions()) + len(deck.flashcards)
    assert anki.import_(apkg) == {"new": n_items, "updated": 0, "duplicate": 0, "conflicting": 0}
    cards = anki.card_count()
    problems, ok = anki.col.fix_integrity()  # Anki's "Check Database"
    assert ok and len(anki.notes()) == n_items and anki.card_count() == cards, problems


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
