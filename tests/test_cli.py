"""The command line, end to end, with a stand-in exporter registered like a third-party one."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from cardsmith import registry
from cardsmith.cli import main
from cardsmith.exporter import Exporter, OptionError, Report
from cardsmith.model import Deck
from tests.conftest import DATA, ROOT, SEED_DECK


class EchoExporter(Exporter):
    """Writes the deck's title; drops every flashcard, to exercise the report."""

    name = "echo"
    suffix = ".echo.txt"
    description = "Test stand-in."
    options: ClassVar[dict[str, tuple[str, str]]] = {"case": ("keep", "keep or upper")}

    def __init__(self, options: dict[str, str] | None = None) -> None:
        super().__init__(options)
        if self.settings["case"] not in ("keep", "upper"):
            raise OptionError(f"echo: case must be keep or upper, not {self.settings['case']!r}")

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        for card in deck.flashcards:
            report.lose("flashcards left out", card.id)
        report.note("open the file with care")
        title = deck.title.upper() if self.settings["case"] == "upper" else deck.title
        return {self.filename(deck): title.encode()}


class BrokenExporter(EchoExporter):
    """Fails half-way, as a buggy plugin would."""

    name = "broken"

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def fake_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    eps = {name: EntryPoint(name, f"tests.test_cli:{cls}", registry.GROUP)
           for name, cls in (("broken", "BrokenExporter"), ("echo", "EchoExporter"))}
    monkeypatch.setattr(registry, "available", lambda: eps)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_validate_default_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run("validate")
    assert code == 0
    assert "distilbert-roberta.yaml: ok (12 questions, 12 flashcards)" in out


def test_validate_reports_every_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA / "invalid")
    code, _, err = run("validate", "many-problems.yaml", "unknown-key.yaml")
    expected = (Path("many-problems.expected").read_text() +
                Path("unknown-key.expected").read_text()).splitlines()
    assert code == 1
    assert err.splitlines() == [*expected, "9 problems found"]


def test_validate_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA / "invalid")
    code, out, _ = run("validate", "--format", "json", "duplicate-id.yaml")
    assert code == 1
    assert json.loads(out) == [{
        "file": "duplicate-id.yaml", "line": 7, "column": 9, "where": "$.flashcards[0].id",
        "message": "duplicate id 'same' (first used at line 5, $.questions[0].id)"}]
    code, out, _ = run("validate", "--format", "json", str(SEED_DECK))
    assert (code, json.loads(out)) == (0, [])


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", str(tmp_path / "missing"))[0] == 2
    assert run("validate", str(tmp_path))[0] == 2  # a folder without decks
    code, _, err = run("export", "nope", str(SEED_DECK))
    assert code == 2 and "unknown format 'nope' (known formats: broken, echo)" in err
    code, _, err = run("export", "echo", str(SEED_DECK), "-O", "colour=red")
    assert code == 2 and "unknown option 'colour'" in err
    code, _, err = run("export", "echo", str(SEED_DECK), "-O", "case=lower")
    assert code == 2 and "case must be keep or upper" in err


def test_export_writes_and_reports(tmp_path: Path) -> None:
    code, out, _ = run("export", "echo", str(SEED_DECK), "-o", str(tmp_path), "-O", "case=upper")
    assert code == 0
    assert (tmp_path / "distilbert-roberta.echo.txt").read_text() == (
        "PRACTICE: HOW THESE MODELS KEEP IMPROVING: DISTILBERT AND ROBERTA")
    assert "echo: distilbert-roberta: 12 flashcards left out (ids: card-bert-limitations," in out
    assert out.splitlines()[-1] == "echo: open the file with care"
    assert run("export", "echo", str(SEED_DECK), "-o", str(tmp_path), "--strict")[0] == 1


def test_strict_fails_again_when_the_lossy_output_is_kept(tmp_path: Path) -> None:
    rich = ROOT / "cards" / "rich-content.yaml"
    command = [sys.executable, "-m", "cardsmith.cli", "build", str(rich), "-o", str(tmp_path),
               "--strict"]
    first, second = (subprocess.run(command, capture_output=True, text=True) for _ in "12")
    assert "quizlet: wrote" in first.stdout and "quizlet: up to date" in second.stdout
    for done in (first, second):
        assert done.returncode == 1, done.stdout + done.stderr
        assert "--strict: some content could not be exported" in done.stderr
        lost = [line for line in done.stdout.splitlines() if "pictures" in line]
        assert lost and lost[0].startswith("quizlet: rich-content: ") and "soft-figure" in lost[0]
    assert second.stdout.count("(output kept from the last build)") == len(
        [line for line in first.stdout.splitlines() if "(ids: " in line])
    # Without --strict the kept output's losses are still reported, and the exit is 0.
    relaxed = subprocess.run(command[:-1], capture_output=True, text=True)
    assert relaxed.returncode == 0 and "soft-figure" in relaxed.stdout


def test_invalid_deck_writes_nothing(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, _, err = run("export", "echo", str(SEED_DECK), str(DATA / "invalid" / "empty.yaml"),
                       "-o", str(out_dir))
    assert code == 1 and err.endswith("1 problem found; nothing was written\n")
    assert not out_dir.exists()


def test_failing_exporter_leaves_old_outputs(tmp_path: Path) -> None:
    assert run("export", "echo", str(SEED_DECK), "-o", str(tmp_path))[0] == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, _, err = run("build", str(SEED_DECK), "-o", str(tmp_path), "-O", "echo.case=upper")
    assert code == 1 and "broken: cannot export" in err and "RuntimeError: boom" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_formats_lists_options() -> None:
    code, out, _ = run("formats")
    assert code == 0
    assert out.splitlines() == [
        "broken     .echo.txt      Test stand-in.",
        "             -O broken.case=keep: keep or upper",
        "echo       .echo.txt      Test stand-in.",
        "             -O echo.case=keep: keep or upper",
        # then the built-in importers, from the same registry
        "csv        .csv .tsv      import: CSV or TSV (Excel quoting), a card a row; header "
        "row or --columns",
        "quizlet    .txt           import: Quizlet export text (--side-sep, --card-sep; default "
        "tab and new line)"]


def test_help_imports_nothing_heavy() -> None:
    code = ("import sys; from cardsmith.cli import main\n"
            "try: main(['--help'])\nexcept SystemExit: pass\n"
            "heavy = {'yaml', 'jsonschema', 'jinja2', 'genanki', 'pyromark'}\n"
            "heavy &= set(sys.modules)\n"
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("cardsmith, version ")


def test_the_installed_command_exits_at_once_losing_nothing(tmp_path: Path) -> None:
    # `entry` skips the interpreter's teardown: every line and the exit code must survive.
    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts["cardsmith"] == "cardsmith.cli:entry"

    def cardsmith(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "cardsmith.cli", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120, check=False)

    ok = cardsmith("validate", str(SEED_DECK))
    assert (ok.returncode, ok.stdout) == (0, f"{SEED_DECK}: ok (12 questions, 12 flashcards)\n")
    bad = cardsmith("validate", str(SEED_DECK), str(DATA / "invalid" / "empty.yaml"))
    assert bad.returncode == 1 and bad.stderr.endswith("\n1 problem found\n")
    assert cardsmith("no-such-command").returncode == 2
    built = cardsmith("build", str(SEED_DECK), "-o", "out")
    assert built.returncode == 0 and built.stdout.count("wrote") == 6  # every built-in format
    assert len(list((tmp_path / "out").iterdir())) == 7  # and the cache


def test_build_reports_an_unreadable_deck_file(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "seed.yaml").write_bytes(SEED_DECK.read_bytes())
    (cards / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    code, _, err = run("build", str(cards), "-o", str(tmp_path / "out"))
    assert (code, err) == (1, f"{cards / 'gone.yaml'}:1:1: $: cannot read the file: its symbolic "
                              "link points to nothing\n1 problem found; nothing was written\n")
    assert not (tmp_path / "out").exists()
