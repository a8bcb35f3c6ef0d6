"""The package's bytes: the same deck gives the same file, stamped with the deck's own time."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from cardsmith import registry
from cardsmith.exporter import Report
from cardsmith.model import Deck
from cardsmith.source.loader import load_deck
from tests.conftest import SEED_DECK
from tests.consumers.anki_collection import Anki
from tests.exporters.anki import export


def test_timestamp_is_the_file_mtime_without_source_date_epoch(
        anki: Anki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    source = tmp_path / "deck.yaml"
    shutil.copy(SEED_DECK, source)
    os.utime(source, (1_650_000_000, 1_650_000_000))
    path, _ = export(load_deck(source), tmp_path / "out")
    anki.import_(path)
    assert {n.mod for n in anki.notes().values()} == {1_650_000_000}


def render(deck: Deck, **options: str) -> bytes:
    """The package's bytes, straight from the exporter."""
    return next(iter(registry.load("anki")(options).render(deck, Report()).values()))


def test_same_input_gives_the_same_bytes(seed_deck: Deck,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    one = render(seed_deck)
    assert render(load_deck(SEED_DECK)) == one
    with zipfile.ZipFile(io.BytesIO(one)) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["collection.anki2", "media"]
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
        assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}  # 1700000000 UTC
        assert sum(i.compress_size for i in infos) * 3 < sum(i.file_size for i in infos)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000100")
    assert render(load_deck(SEED_DECK)) != one
