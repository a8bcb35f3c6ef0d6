"""Media leaving the deck: no file outside the deck's folder reaches an output.

Nor does a special file named like a picture hang the build.
"""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cardsmith.source.loader import load_deck
from cardsmith.source.problems import DeckError
from tests.hazards import export_all

SECRET = b"\x89PNG\r\n\x1a\n secret bytes of a file outside the deck's folder"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder with a deck folder `deck/` inside and a secret picture beside it."""
    (tmp_path / "deck" / "media").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(SECRET)
    (tmp_path / "secret.mp3").write_bytes(SECRET)
    return tmp_path


REACHES_OUT = {
    "parent": "![s](../secret.png)",
    "detour": "![s](media/../../secret.png)",
    "encoded": "![s](%2e%2e/secret.png)",
    "absolute": "![s]({root}/secret.png)",
    "file-url": "![s](file://{root}/secret.png)",
    "link": "![s](media/link.png)",
    "linked-folder": "![s](media/up/secret.png)",
    "sound": "![s](../secret.mp3)",
    "raw-html": '<img src="../secret.png"> <img src=\'{root}/secret.png\'> '
                '<audio src="../secret.mp3"></audio>',
}


@pytest.mark.parametrize("case", REACHES_OUT)
def test_no_file_outside_the_deck_folder_reaches_an_output(outside: Path, case: str,
                                                          tmp_path: Path) -> None:
    folder = outside / "deck"
    (folder / "media" / "link.png").symlink_to(outside / "secret.png")
    (folder / "media" / "up").symlink_to(outside)
    text = REACHES_OUT[case].format(root=outside)
    allow = "allow_html: true\n" if case == "raw-html" else ""
    (folder / "deck.yaml").write_text(
        f"cardsmith: 1\nid: media\ntitle: Media\n{allow}flashcards:\n"
        f"  - {{id: c, front: {json.dumps(text)}, back: b}}\n", encoding="utf-8")
    try:
        deck = load_deck(folder / "deck.yaml")
    except DeckError:
        return  # refused by the loader: nothing can be written
    files = export_all(deck)
    assert files
    for data in _contents(files):
        assert b"secret bytes" not in data
        assert base64.b64encode(SECRET)[:40] not in data


def _contents(files: dict[str, bytes]) -> list[bytes]:
    """Every file's bytes, and every member of an archive (.apkg and .qti.zip are zips)."""
    out = []
    for name, data in files.items():
        out.append(data)
        if name.endswith((".apkg", ".zip")):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                out += [archive.read(member) for member in archive.namelist()]
    return out


def test_a_pipe_named_like_a_picture_hangs_nothing(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "dot.png")
    (tmp_path / "deck.yaml").write_text(
        "cardsmith: 1\nid: fifo\ntitle: FIFO\nflashcards:\n"
        "  - {id: c, front: '![dot](dot.png)', back: b}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cardsmith.cli", "build", "deck.yaml"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "media file 'dot.png' not found beside the deck" in done.stderr
