"""The frozen model's own helpers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cardsmith.model import Text
from cardsmith.source.loader import load_decks
from tests.conftest import DATA, ROOT


def _every_text(value: object) -> list[Text]:
    """Every Text reachable from `value`, by walking all dataclass fields and tuples."""
    if isinstance(value, Text):
        return [value]
    if dataclasses.is_dataclass(value):
        return [t for f in dataclasses.fields(value) for t in _every_text(getattr(value, f.name))]
    if isinstance(value, tuple | list):
        return [t for item in value for t in _every_text(item)]
    return []


@pytest.mark.parametrize("path", sorted((ROOT / "cards").glob("*.yaml"))
                         + sorted((DATA / "valid").glob("*.yaml")), ids=lambda p: p.name)
def test_texts_lists_every_markdown_text_once(path: Path) -> None:
    # The build renders exactly these up front: one left out would be rendered late,
    # in every worker; this walk finds them all, however the model grows.
    deck = load_decks([path])[0]
    assert sorted(map(id, deck.texts())) == sorted(map(id, _every_text(deck)))
