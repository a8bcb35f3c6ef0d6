"""The import command: one checked deck a source, nothing written on any failure."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cardsmith.cli import main
from cardsmith.importer import Media, slug
from tests.conftest import DATA, PIXEL

GOOD = DATA / "import" / "quizlet-tab.txt"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", *args])
    return result.exit_code, result.output


def test_import_writes_a_deck_and_never_overwrites_without_force(tmp_path: Path) -> None:
    code, out = run(str(GOOD), "-o", str(tmp_path))
    deck = tmp_path / "quizlet-tab.yaml"
    assert code == 0, out
    assert f"quizlet: wrote {deck} (3 items) from {GOOD}" in out
    first = deck.read_bytes()
    code, out = run(str(GOOD), "-o", str(tmp_path))
    assert code == 1
    assert f"{deck} exists: use --force to replace it" in out
    code, out = run(str(GOOD), "-o", str(tmp_path), "--force", "--id", "animals")
    assert code == 0, out
    assert (tmp_path / "animals.yaml").read_bytes().replace(b"animals", b"quizlet-tab") == first
    assert deck.read_bytes() == first  # the same input gives the same bytes


def test_one_unreadable_source_means_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "broken.csv"
    bad.write_bytes(b"\x00\x01\x02binary")
    out_dir = tmp_path / "cards"
    code, out = run(str(GOOD), str(bad), "-o", str(out_dir), "--from", "csv")
    assert code == 1
    assert f"{bad}: the file holds NUL characters: it is not a text file" in out
    assert "Traceback" not in out
    assert not out_dir.exists()
    code, out = run(str(bad), "-o", str(out_dir))
    assert code == 1
    assert "cannot tell which format this file is in; name it with --from" in out


def test_two_sources_for_one_id_are_refused(tmp_path: Path) -> None:
    code, out = run(str(GOOD), str(GOOD), "-o", str(tmp_path))
    assert code == 1
    assert "would both become deck 'quizlet-tab'" in out
    assert list(tmp_path.iterdir()) == []


def test_media_names_are_safe_and_unique_by_content() -> None:
    media = Media("media/deck")
    assert media.add("../../etc/My Picture.PNG", PIXEL) == "media/deck/My-Picture.png"
    assert media.add("other.png", PIXEL) == "media/deck/My-Picture.png"  # same file, once
    other = media.add("sub/My Picture.png", PIXEL + b"x")
    assert other.startswith("media/deck/My-Picture-") and other.endswith(".png")
    assert media.add("...", b"z") == "media/deck/file"
    assert sorted(media.files) == sorted({"media/deck/My-Picture.png", other, "media/deck/file"})


def test_deck_ids_come_from_file_names() -> None:
    assert slug("KIT HM 1", "imported") == "kit-hm-1"
    assert slug("Ünïcode — only", "imported") == "unicode-only"
    assert slug("한국어", "imported") == "imported"
