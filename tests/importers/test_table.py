"""CSV and Quizlet imports: every cell comes back as the text it was, through the deck's checks."""

from __future__ import annotations

import csv
import importlib
from pathlib import Path

import pytest

from cardsmith.importer import Media, OptionError, Report, SourceError
from cardsmith.importing.run import import_sources
from cardsmith.source.loader import load_deck
from tests.conftest import DATA, ROOT, require

REAL = ROOT.parent / "shared" / "real"
# Installed as cardsmith.importers (package-dir), which mypy cannot follow: see tests/exporters.
TableImporter = importlib.import_module("cardsmith.importers.table").TableImporter
QuizletImporter = importlib.import_module("cardsmith.importers.quizlet").QuizletImporter


def imported(tmp_path: Path, source: Path, **options: str) -> Path:
    fmt = "quizlet" if source.suffix == ".txt" else "csv"
    (done,) = import_sources([source], tmp_path, from_format=fmt, options={fmt: options})
    return done.deck


def test_excel_csv_with_bom_semicolons_quotes_and_markup_characters(tmp_path: Path) -> None:
    deck = load_deck(imported(tmp_path, DATA / "import" / "excel-semicolon.csv"))
    sides = [(c.front.plain, c.back.plain, list(c.tags)) for c in deck.flashcards]
    assert sides == [('What is "21."?', "A number; with a dot", ["math", "basics"]),
                     ("#", "hash sign", []),
                     ("- x", "two\nlines", []),
                     ("$5 and $6", "<b>not bold</b>", [])]
    assert not any(c.front.html.startswith("<") for c in deck.flashcards)  # no heading, no list


def test_rows_that_do_not_map_are_reported() -> None:
    report = Report()
    TableImporter().read(DATA / "import" / "excel-semicolon.csv", Media(), report)
    assert report.losses == {"rows left out (empty front or back)": ["row 5"]}
    assert any("first row read as column names (Question, Answer, Tags)" in n
               for n in report.notes)


def test_columns_option_maps_and_skips(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("x,front side,back side,t1 t2\ny,f2,b2,\n", encoding="utf-8")
    deck = load_deck(imported(tmp_path, source, columns="-,front,back,tags"))
    assert [(c.front.plain, c.back.plain, c.tags) for c in deck.flashcards] == [
        ("front side", "back side", ("t1", "t2")), ("f2", "b2", ())]
    with pytest.raises(OptionError, match="must name a front and a back"):
        TableImporter({"columns": "front,tags"})


def test_quizlet_splits_at_the_first_side_separator(tmp_path: Path) -> None:
    deck = load_deck(imported(tmp_path, DATA / "import" / "quizlet-tab.txt"))
    assert [(c.front.plain, c.back.plain) for c in deck.flashcards] == [
        ("Hund", "dog"), ("Katze", "cat, also a tiger; sometimes"), ("*", "star")]
    source = tmp_path / "custom.txt"
    source.write_text("a - b - c;;d - e", encoding="utf-8")
    deck = load_deck(imported(tmp_path, source, side_sep=" - ", card_sep=";;"))
    assert [(c.front.plain, c.back.plain) for c in deck.flashcards] == [("a", "b - c"), ("d", "e")]


def test_binary_and_empty_sources_are_refused(tmp_path: Path) -> None:
    png = tmp_path / "fake.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(SourceError, match="not a text file"):
        TableImporter().read(png, Media(), Report())
    assert not TableImporter().sniff(png.read_bytes(), png)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no card found"):
        QuizletImporter().read(empty, Media(), Report())


@pytest.mark.parametrize("name", ["AlexanderHHansen__TaekwondoFlashcards__flashcards.csv",
                                  "GiulioCusenza__korean-flashcards__flashcards.csv"])
def test_real_csv_files_keep_every_row(tmp_path: Path, name: str) -> None:
    source = REAL / "csv" / name
    require(source.is_file(), f"the real file ../shared/real/csv/{name}")
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.reader(f) if any(r)]
    deck = load_deck(imported(tmp_path, source))
    header = name.startswith("Giulio")
    body = rows[1:] if header else rows
    assert [(c.front.plain, c.back.plain.split("\n\n")[0]) for c in deck.flashcards] == [
        (" ".join(r[0].split()), " ".join(r[1].split())) for r in body]
    if header:  # the other columns follow the back, labelled; `category` became the tags
        first = deck.flashcards[0]
        assert first.back.plain.split("\n\n")[1:] == [f"example: {body[0][2]}",
                                                      f"example_translation: {body[0][3]}"]
        assert first.tags == (body[0][4],)


@pytest.mark.parametrize(("name", "side"), [
    ("ngntrgduc__english-learning-system__quizlet.txt", " - "),
    ("RotoHands__3BLD_trainer__quizlet.txt", ",")])
def test_real_quizlet_exports_keep_every_card(tmp_path: Path, name: str, side: str) -> None:
    source = REAL / "quizlet" / name
    require(source.is_file(), f"the real file ../shared/real/quizlet/{name}")
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    deck = load_deck(imported(tmp_path, source, side_sep=side))
    assert [(c.front.plain, c.back.plain) for c in deck.flashcards] == [
        tuple(" ".join(s.split()) for s in line.split(side, 1)) for line in lines]


def test_a_quizlet_set_goes_back_to_quizlet_as_it_came(tmp_path: Path) -> None:
    """Import, then export to Quizlet: Quizlet's own split rules give the same cards back."""
    from tests.exporters.quizlet.test_quizlet import export, only, parse, unguarded

    source = REAL / "quizlet" / "ngntrgduc__english-learning-system__quizlet.txt"
    require(source.is_file(), "the real file ../shared/real/quizlet/ngntrgduc__...quizlet.txt")
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    deck = load_deck(imported(tmp_path, source, side_sep=" - "))
    files, report = export(deck)
    assert report.losses == {}
    assert unguarded(parse(only(files))) == [
        tuple(" ".join(s.split()) for s in line.split(" - ", 1)) for line in lines]
