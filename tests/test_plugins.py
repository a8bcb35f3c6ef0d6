"""A third-party exporter package, installed by pip into a temporary folder, seen by cardsmith.

The package is the README's worked example, `examples/cardsmith-csv/`; importers
share the registry, shown with an entry point made in place.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cardsmith import registry
from cardsmith.cli import main
from cardsmith.importer import Importer, Media, Report
from cardsmith.source.loader import load_deck
from tests.conftest import ROOT, SEED_DECK

EXAMPLE = ROOT / "examples" / "cardsmith-csv"


def cardsmith(*args: str, path: Path) -> subprocess.CompletedProcess[str]:
    """The command line in a process that also sees the packages installed in `path`."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), str(ROOT)])}
    return subprocess.run([sys.executable, "-m", "cardsmith.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example package, built and installed by pip as a user would, into a folder."""
    # Built from a copy: setuptools writes build/ and egg-info beside the sources.
    source = tmp_path_factory.mktemp("src") / EXAMPLE.name
    shutil.copytree(EXAMPLE, source)
    target = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q",
                           "--target", str(target), str(source)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return target


def test_a_third_party_exporter_is_listed_and_built(installed: Path, tmp_path: Path) -> None:
    formats = cardsmith("formats", path=installed)
    assert formats.returncode == 0, formats.stderr
    assert "csv        .csv           Flashcards as two-column CSV." in formats.stdout.splitlines()
    assert "             -O csv.delimiter=,: field separator, one character" in formats.stdout

    built = cardsmith("build", str(SEED_DECK), "-o", str(tmp_path), "-O", "csv.delimiter=;",
                      path=installed)
    assert built.returncode == 0, built.stderr
    assert f"csv: wrote {tmp_path / 'distilbert-roberta.csv'}" in built.stdout
    deck = load_deck(SEED_DECK)
    questions = sum(1 for _ in deck.all_questions())
    assert f"csv: distilbert-roberta: {questions} questions left out" in built.stdout
    assert (tmp_path / "distilbert-roberta.apkg").exists()  # beside the built-in formats
    with (tmp_path / "distilbert-roberta.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file, delimiter=";"))
    assert rows == [[c.front.plain, c.back.plain] for c in deck.flashcards]


class LinesImporter(Importer):
    """Stand-in: a text file of `front = back` lines."""

    name = "lines"
    suffixes = (".txt",)
    description = "front = back, a card a line."

    def sniff(self, head: bytes, path: Path) -> bool:
        return b" = " in head

    def read(self, path: Path, media: Media, report: Report) -> dict[str, Any]:
        return {"cardsmith": 1, "title": path.stem}


def test_importers_share_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    found = {"lines": EntryPoint("lines", "tests.test_plugins:LinesImporter", registry.IMPORTERS),
             "bad": EntryPoint("bad", "tests.test_plugins:EXAMPLE", registry.IMPORTERS)}
    monkeypatch.setattr(registry, "importers", lambda: found)
    assert registry.load_importer("lines") is LinesImporter
    with pytest.raises(registry.UnknownFormat, match="does not name an Importer subclass"):
        registry.load_importer("bad")
    with pytest.raises(registry.UnknownFormat, match="known import formats: lines, bad"):
        registry.load_importer("nope")
    result = CliRunner().invoke(main, ["formats"])
    assert result.exit_code == 0
    assert "lines      .txt           import: front = back, a card a line." in result.output
    assert "anki " in result.output  # the exporters first
    assert not registry.available().keys() & found.keys()
