"""The Moodle XML export, read back by the model of Moodle's own importer.

`tests/consumers/moodle_xml.py` models `question/format/xml/format.php`, the
Cloze reader and the import's checks (grades, categories, ID numbers), and was
checked against Moodle 4.5.6 itself. Each deck must come back whole: every
question with its type, texts, right answers, grades, tolerance, feedback,
gaps, tags and files, as `readings.expected` works them out from the deck.
"""

from __future__ import annotations

import re
import xml.dom.minidom
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsmith import registry
from cardsmith.exporter import OptionError, Report
from cardsmith.model import Deck
from cardsmith.source.loader import load_deck
from tests.conftest import DATA, PIXEL, SEED_DECK
from tests.consumers import moodle_xml
from tests.exporters.moodle.readings import expected, reading

DECKS = [SEED_DECK, SEED_DECK.parent / "rich-content.yaml",
         *sorted((DATA / "valid").glob("*.yaml"))]


def export(deck: Deck, **options: str) -> tuple[bytes, Report]:
    """The Moodle XML file of `deck` and the export's report."""
    report = Report()
    [data] = registry.load("moodle")(options).render(deck, report).values()
    return data, report


def read_back(data: bytes) -> list[dict[str, object]]:
    """What Moodle stores of the file, reduced as `readings.expected` gives it."""
    return [reading(r) for r in moodle_xml.read(data)]


def compare(got: list[dict[str, object]], want: list[dict[str, object]]) -> None:
    """The same records in the same order; a key the expectation leaves out is not compared."""
    assert [r.get("idnumber", r.get("category")) for r in got] == [
        r.get("idnumber", r.get("category")) for r in want]
    for g, w in zip(got, want, strict=True):
        assert {k: v for k, v in g.items() if k in w} == w


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
@pytest.mark.parametrize(("cards", "context"), [("omit", "repeat"), ("short", "repeat"),
                                                ("essay", "once")])
def test_moodle_reads_back_every_item(path: Path, cards: str, context: str) -> None:
    deck = load_deck(path)
    data, _ = export(deck, flashcards=cards, context=context)
    compare(read_back(data), expected(deck, cards=cards, repeat=context == "repeat"))


def test_the_file_is_well_formed_xml_with_every_text_in_cdata(seed_deck: Deck) -> None:
    data, _ = export(seed_deck, flashcards="essay")
    dom = xml.dom.minidom.parseString(data)
    assert dom.documentElement is not None and dom.documentElement.tagName == "quiz"
    kinds = [t.firstChild.nodeType for t in dom.getElementsByTagName("text")
             if t.firstChild is not None]
    assert kinds and set(kinds) == {xml.dom.Node.CDATA_SECTION_NODE}


def test_hostile_text_and_every_gap_character_come_back(make_deck: Callable[..., Deck]) -> None:
    deck = make_deck(r"""
        cardsmith: 1
        id: probe
        title: "Probe ]]> <script>alert(1)</script> & { } ~ = # : / \" \\"
        questions:
          - id: gaps
            type: cloze
            prompt: >-
              Type {{a}b}} {{c#d}} {{e~f}} {{g=h%i:j}} {{k\l*m}} {{n&o<p"q}},
              not {x}: {1:SA:=y}.
          - id: short
            type: short
            prompt: "]]> and <![CDATA[ inside"
            answer: ['a}b#c~d', '50%', 'x]]>y']
        """)
    data, report = export(deck)
    got = read_back(data)
    assert got[0]["category"] == ['Probe ]]> alert(1) & { } ~ = # : / " \\']
    gaps, short = got[2], got[3]
    assert [answers for _, answers in gaps["subquestions"]] == [  # type: ignore[attr-defined]
        [(a, 1.0)] for a in ["a}b", "c#d", "e~f", "g=h%i:j", "k\\l\\*m", 'n&o<p"q']]
    assert "{x}" not in gaps["questiontext"] and "&#123;x&#125;" in gaps["questiontext"]  # type: ignore[operator]
    assert short["answers"] == [("a}b#c~d", 1.0), ("50%", 1.0), ("x]]>y", 1.0)]
    assert report.losses == {"HTML tags in titles dropped from Moodle category names": ["probe"]}


def test_pictures_and_sounds_travel_as_files_named_by_content(
        make_deck: Callable[..., Deck], tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    (tmp_path / "a" / "image.png").write_bytes(PIXEL)
    (tmp_path / "b" / "image.png").write_bytes(PIXEL + b"\0")  # another picture, same name
    (tmp_path / "tone.wav").write_bytes(b"RIFF....WAVEfmt ")
    deck = make_deck("""
        cardsmith: 1
        id: pics
        title: Pictures
        questions:
          - id: two
            type: choice
            prompt: "Which is A? ![A](a/image.png) ![B](b/image.png)"
            choices: ["![A](a/image.png) this", "that ![a tone](tone.wav)"]
            answer: "![A](a/image.png) this"
            explanation: "See ![A](a/image.png) again."
        """)
    data, report = export(deck)
    [question] = [r for r in moodle_xml.read(data) if r["qtype"] == "multichoice"]
    files = question["questiontext"]["files"]
    assert sorted(files.values()) == [PIXEL, PIXEL + b"\0"] and len(set(files)) == 2
    assert list(question["answers"][0]["text"]["files"].values()) == [PIXEL]
    assert list(question["answers"][1]["text"]["files"].values()) == [b"RIFF....WAVEfmt "]
    assert list(question["generalfeedback"]["files"].values()) == [PIXEL]
    for field in (question["questiontext"], question["generalfeedback"]):
        assert set(moodle_xml.pluginfile_references(field["text"])) == set(field["files"])
    assert report.losses == {}


def test_the_report_names_what_moodle_cannot_hold() -> None:
    deck = load_deck(DATA / "valid" / "gift-torture.yaml")
    _, report = export(deck, flashcards="short")
    assert report.losses == {
        "match answers reduced to one line of plain text": ["match-specials"],
        "tags with < > ` or over 255 characters left out (Moodle refuses or cuts them)":
            ["ex-dup-tf"],
        "flashcards written as essays (back is not one typeable line)": ["card-long-back"],
    }
    _, report = export(load_deck(SEED_DECK))
    assert list(report.losses) == ["flashcards left out (-O moodle.flashcards=essay adds them)"]


def test_same_deck_gives_the_same_bytes(seed_deck: Deck) -> None:
    assert export(seed_deck)[0] == export(load_deck(SEED_DECK))[0]


def test_options_set_what_teachers_choose(seed_deck: Deck) -> None:
    data, _ = export(seed_deck, penalty="0.1", shuffle="no", numbering="ABCD",
                     model_answer="both", titles="id")
    records = moodle_xml.read(data)
    choice = next(r for r in records if r["qtype"] == "multichoice")
    assert (choice["penalty"], choice["shuffleanswers"], choice["answernumbering"]) == (
        0.1, False, "ABCD")
    essay = next(r for r in records if r["qtype"] == "essay")
    assert essay["graderinfo"]["text"] in essay["generalfeedback"]["text"]
    assert essay["name"] == essay["idnumber"].removeprefix(seed_deck.id + "-")


@pytest.mark.parametrize(("options", "message"), [
    ({"penalty": "2"}, "penalty='2' must be a number from 0 to 1"),
    ({"penalty": "a third"}, "penalty='a third' must be a number"),
    ({"numbering": "abcd"}, "numbering='abcd' must be one of: abc, ABCD"),
    ({"model_answer": "students"}, "model_answer='students' must be one of: grader, both"),
])
def test_bad_options_are_refused(options: dict[str, str], message: str) -> None:
    with pytest.raises(OptionError, match=re.escape(message)):
        registry.load("moodle")(options)
