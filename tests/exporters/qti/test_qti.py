"""The QTI package, read back by the model of Canvas's importer and checked against IMS schemas.

`tests/consumers/canvas_qti/` models Canvas's two import stages
(QTIMigrationTool, then canvas-lms's QTI converters). Each deck must come back
whole: every question with its Canvas type, text, answers, weights, blanks,
pairs, feedback and files, as `readings.expected` works them out from the deck.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from cardsmith import registry
from cardsmith.exporter import OptionError, Report
from cardsmith.model import Deck
from cardsmith.source.loader import load_deck
from tests.conftest import DATA, ROOT, SEED_DECK, require
from tests.consumers import canvas_qti
from tests.exporters.qti.readings import expected, reading

DECKS = [SEED_DECK, SEED_DECK.parent / "rich-content.yaml",
         *sorted((DATA / "valid").glob("*.yaml"))]
SCHEMAS = ROOT.parent / "shared" / "qti-xsd"


def export(deck: Deck, **options: str) -> tuple[bytes, Report]:
    """The QTI package of `deck` and the export's report."""
    report = Report()
    [data] = registry.load("qti")(options).render(deck, report).values()
    return data, report


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
@pytest.mark.parametrize(("cards", "context"), [("omit", "repeat"), ("short", "repeat"),
                                                ("essay", "once")])
def test_canvas_reads_back_every_item(path: Path, cards: str, context: str) -> None:
    deck = load_deck(path)
    data, _ = export(deck, flashcards=cards, context=context)
    [quiz] = canvas_qti.read(data)
    assert quiz["title"] == deck.title and quiz["kind"] == "quiz"
    got = [reading(q, quiz["files"]) for q in quiz["questions"]]
    want = expected(deck, cards=cards, repeat=context == "repeat")
    assert [g["type"] for g in got] == [w["type"] for w in want]
    for g, w in zip(got, want, strict=True):
        assert {k: v for k, v in g.items() if k in w} == w
    assert set(quiz["files"]) <= {f"media/{m.flat_name}" for m in deck.media.values()}
    assert "{{missing-file:" not in repr(quiz["questions"])


def test_one_quiz_a_section_with_exercise_assessments(seed_deck: Deck) -> None:
    data, _ = export(seed_deck, assessments="exercise", flashcards="essay")
    # Canvas creates them in the order of their folders in the zip, not the deck's.
    quizzes = {q["title"].removeprefix(seed_deck.title + ": "): q["questions"]
               for q in canvas_qti.read(data)}
    titles = ["Practice questions"] * bool(seed_deck.questions) + [
        ex.title for ex in seed_deck.exercises] + ["Flashcards"]
    assert sorted(quizzes) == sorted(titles)
    whole = canvas_qti.read(export(seed_deck, flashcards="essay")[0])[0]["questions"]
    assert [q["question_name"] for title in titles for q in quizzes[title]] == [
        q["question_name"] for q in whole]


def test_same_deck_gives_the_same_bytes_and_stable_identifiers(seed_deck: Deck) -> None:
    one, _ = export(seed_deck)
    assert one == export(load_deck(SEED_DECK))[0]
    [quiz] = canvas_qti.read(one)
    assert re.fullmatch(r"g[0-9a-f]{32}", quiz["ident"])
    assert all(re.fullmatch(r"g[0-9a-f]{32}", q["migration_id"]) for q in quiz["questions"])


def test_the_package_is_valid_against_the_ims_schemas(seed_deck: Deck) -> None:
    require(SCHEMAS.is_dir(), "the IMS schemas in ../shared/qti-xsd")
    import xmlschema

    cp = xmlschema.XMLSchema(str(SCHEMAS / "imscp_v1p1.xsd"))
    qti = xmlschema.XMLSchema(str(SCHEMAS / "ims_qtiasiv1p2.xsd"))
    for path in DECKS:
        data, _ = export(load_deck(path), flashcards="essay")
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            cp.validate(io.BytesIO(package.read("imsmanifest.xml")))
            for name in package.namelist():
                if name.endswith(".xml") and not name.endswith(("assessment_meta.xml",
                                                                "imsmanifest.xml")):
                    qti.validate(io.BytesIO(package.read(name)))


def test_the_report_names_what_canvas_cannot_hold(make_deck: object) -> None:
    deck = load_deck(DATA / "valid" / "gift-torture.yaml")
    _, report = export(deck, flashcards="short")
    assert report.losses == {
        "match answers reduced to one line of plain text": ["match-specials"],
        "flashcards written as essays (back is not one typeable line)": ["card-long-back"],
    }
    _, report = export(load_deck(SEED_DECK))
    assert list(report.losses) == ["flashcards left out (-O qti.flashcards=essay adds them)"]


@pytest.mark.parametrize(("options", "message"), [
    ({"points": "-1"}, "points='-1' must be a number from 0 to 1000"),
    ({"assessments": "part"}, "assessments='part' must be one of: deck, exercise"),
    ({"quiz": "exam"}, "quiz='exam' must be one of: practice, graded, survey"),
])
def test_bad_options_are_refused(options: dict[str, str], message: str) -> None:
    with pytest.raises(OptionError, match=re.escape(message)):
        registry.load("qti")(options)
