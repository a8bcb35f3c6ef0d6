"""The build pipeline: up-to-date outputs are kept, changes rebuild, failures write nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import ClassVar

import pytest

from cardsmith.build import pipeline as build
from cardsmith.build import prerender
from cardsmith.build.cache import CACHE
from cardsmith.exporter import Exporter, ExportError, Report
from cardsmith.model import Deck
from cardsmith.source.loader import load_decks
from cardsmith.source.problems import DeckError
from cardsmith.text import render
from tests.conftest import SEED_DECK
from tests.test_cli import BrokenExporter, EchoExporter


@pytest.fixture
def deck_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "cards"
    folder.mkdir()
    shutil.copy(SEED_DECK, folder / "a.yaml")
    text = SEED_DECK.read_text(encoding="utf-8").replace("id: distilbert-roberta", "id: other")
    (folder / "b.yaml").write_text(text, encoding="utf-8")
    return folder


def test_second_build_skips_everything(deck_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build.run([EchoExporter()], [deck_dir], out, jobs=1)
    assert [o.skipped for o in first] == [False, False]
    assert len(first[0].report.lines()) == 1
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    second = build.run([EchoExporter()], [deck_dir], out, jobs=1)
    assert [(o.skipped, o.deck, o.files) for o in second] == [
        (True, "distilbert-roberta", ("distilbert-roberta.echo.txt",)),
        (True, "other", ("other.echo.txt",))]
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes


def test_what_makes_a_rebuild(deck_dir: Path, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build.run([EchoExporter()], [deck_dir], out, jobs=1)

    def rebuilt(options: dict[str, str] | None = None, force: bool = False) -> list[str]:
        outcomes = build.run([EchoExporter(options)], [deck_dir], out, jobs=1, force=force)
        return [o.deck for o in outcomes if not o.skipped]

    (deck_dir / "b.yaml").write_text((deck_dir / "b.yaml").read_text() + "\n")
    assert rebuilt() == ["other"]
    assert rebuilt(options={"case": "upper"}) == ["distilbert-roberta", "other"]
    assert rebuilt(options={"case": "upper"}) == []
    (out / "other.echo.txt").unlink()
    assert rebuilt(options={"case": "upper"}) == ["other"]
    (out / "other.echo.txt").write_text("edited by hand")
    assert rebuilt(options={"case": "upper"}) == ["other"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert rebuilt(options={"case": "upper"}) == ["distilbert-roberta", "other"]
    assert rebuilt(options={"case": "upper"}, force=True) == ["distilbert-roberta", "other"]
    (out / CACHE).write_text("{not json")
    assert rebuilt(options={"case": "upper"}) == ["distilbert-roberta", "other"]


def test_parallel_gives_the_same_files(deck_dir: Path, tmp_path: Path) -> None:
    serial = tmp_path / "serial"
    parallel = tmp_path / "parallel"
    build.run([EchoExporter(), EchoExporter({"case": "upper"})], [deck_dir], serial, jobs=1)
    outcomes = build.run([EchoExporter(), EchoExporter({"case": "upper"})], [deck_dir], parallel,
                         jobs=2)
    assert [len(o.report.lines()) for o in outcomes] == [1, 1, 1, 1]
    for path in serial.iterdir():
        if path.name != CACHE:
            assert (parallel / path.name).read_bytes() == path.read_bytes()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failure_writes_nothing(deck_dir: Path, tmp_path: Path, jobs: int) -> None:
    out = tmp_path / "out"
    with pytest.raises(build.ExportFailed, match="RuntimeError: boom; nothing was written"):
        build.run([EchoExporter(), BrokenExporter()], [deck_dir], out, jobs=jobs)
    assert not out.exists()


def test_a_clash_with_an_unchanged_deck_is_still_found(deck_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build.run([EchoExporter()], [deck_dir], out, jobs=1)
    text = (deck_dir / "b.yaml").read_text().replace("id: other", "id: distilbert-roberta")
    (deck_dir / "b.yaml").write_text(text)
    with pytest.raises(DeckError, match="already used"):
        build.run([EchoExporter()], [deck_dir], out, jobs=1)
    cache = json.loads((out / CACHE).read_text())
    assert set(cache) == {str(deck_dir / "a.yaml"), str(deck_dir / "b.yaml")}


class RefusingExporter(EchoExporter):
    """Refuses the deck the way a format does when content cannot be written as asked."""

    name = "refusing"

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        raise ExportError(f"flashcard '{deck.flashcards[0].id}': too long; use -O size=big")


def test_an_export_error_keeps_the_exporters_words(deck_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(build.ExportFailed) as caught:
        build.run([RefusingExporter()], [deck_dir / "a.yaml"], tmp_path, jobs=1)
    assert str(caught.value) == (
        f"refusing: cannot export {deck_dir / 'a.yaml'}: flashcard 'card-bert-limitations': "
        "too long; use -O size=big; nothing was written")


def test_an_edited_picture_rebuilds(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    (folder / "media").mkdir(parents=True)
    (folder / "media" / "dot.png").write_bytes(b"\x89PNG first")
    (folder / "d.yaml").write_text("cardsmith: 1\nid: d\ntitle: T\nflashcards:\n"
                                   "  - {id: c, front: '![dot](media/dot.png)', back: b}\n")
    out = tmp_path / "out"
    assert not build.run([EchoExporter()], [folder], out, jobs=1)[0].skipped
    assert build.run([EchoExporter()], [folder], out, jobs=1)[0].skipped
    (folder / "media" / "dot.png").write_bytes(b"\x89PNG second")
    assert not build.run([EchoExporter()], [folder], out, jobs=1)[0].skipped


class TextsExporter(EchoExporter):
    """Writes every text's HTML and plain rendering."""

    name = "texts"

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        lines = [f"{t.html}\t{t.plain}" for t in deck.texts()]
        return {self.filename(deck): "\n".join(lines).encode()}


def test_markdown_is_rendered_once_before_any_exporter(
        deck_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real = render.from_parse

    def counted(source: str, allow_html: bool) -> render.Rendered:
        parsed.append(source)
        return real(source, allow_html)

    monkeypatch.setattr(render, "from_parse", counted)
    build.run([TextsExporter(), EchoExporter()], [deck_dir], tmp_path / "out", jobs=1)
    texts = [t.source for d in load_decks([deck_dir]) for t in d.texts()]
    assert sorted(parsed) == sorted(t for t in texts if render.literal(t) is None)
    assert len(parsed) < len(texts)  # the literal ones need no parse


def test_markdown_split_between_processes_gives_the_same_outputs(
        deck_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build.run([TextsExporter()], [deck_dir], tmp_path / "one", jobs=1)
    monkeypatch.setattr(prerender, "TEXTS_A_FORK", 10)  # the seed decks have 68 texts each
    build.run([TextsExporter()], [deck_dir], tmp_path / "three", jobs=3)
    for deck in load_decks([deck_dir]):
        expected = TextsExporter().render(deck, Report())[f"{deck.id}.echo.txt"]
        for folder in ("one", "three"):
            assert (tmp_path / folder / f"{deck.id}.echo.txt").read_bytes() == expected


def test_the_longest_renders_start_first(deck_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    jobs = [(EchoExporter(), d) for d in load_decks([deck_dir])]
    assert build._schedule(jobs, {}) == [0, 1]  # nothing known: as given
    build.run([EchoExporter()], [deck_dir], out, jobs=1)
    cache = json.loads((out / CACHE).read_text())
    cache[str(deck_dir / "a.yaml")]["echo"]["seconds"] = 0.5
    cache[str(deck_dir / "b.yaml")]["echo"]["seconds"] = 2.0
    assert build._schedule(jobs, cache) == [1, 0]
    del cache[str(deck_dir / "a.yaml")]
    assert build._schedule(jobs, cache) == [0, 1]  # a new deck's render may be long


class PartsExporter(Exporter):
    """Writes the deck title into as many files as the `parts` option says."""

    name = "parts"
    suffix = ".txt"
    description = "Test stand-in."
    options: ClassVar[dict[str, tuple[str, str]]] = {"parts": ("1", "how many files")}

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        count = int(self.settings["parts"])
        return {f"{deck.id}.part-{i}.txt": deck.title.encode() for i in range(1, count + 1)}


def test_files_a_format_no_longer_writes_are_removed(deck_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    deck = deck_dir / "a.yaml"
    build.run([PartsExporter({"parts": "3"})], [deck], out, jobs=1)
    (out / "mine.txt").write_text("a file of the user's")
    build.run([PartsExporter({"parts": "2"}), EchoExporter()], [deck], out, jobs=1)
    assert sorted(p.name for p in out.iterdir()) == [
        CACHE, "distilbert-roberta.echo.txt", "distilbert-roberta.part-1.txt",
        "distilbert-roberta.part-2.txt", "mine.txt"]
