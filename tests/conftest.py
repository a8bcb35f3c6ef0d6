"""Shared fixtures: the seed deck, decks from strings, and how a missing consumer is handled."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsmith.model import Deck
from cardsmith.source.loader import load_deck

ROOT = Path(__file__).resolve().parent.parent
SEED_DECK = ROOT / "cards" / "distilbert-roberta.yaml"
DATA = Path(__file__).resolve().parent / "data"


def require(available: bool, what: str) -> None:
    """Skip locally, but fail in CI, when a real consumer or outside file (`what`) is missing."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing, and CI must run every test that needs it")
    pytest.skip(f"{what} is not here")


def require_tool(*names: str) -> None:
    """`require` for command-line tools on PATH."""
    for name in names:
        require(shutil.which(name) is not None, f"the command {name!r}")


@pytest.fixture(autouse=True)
def _fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    # Outputs depend on the deck's timestamp; pin it unless a test sets its own.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture
def seed_deck() -> Deck:
    """The lecture practice deck from cards/."""
    return load_deck(SEED_DECK)


@pytest.fixture
def make_deck(tmp_path: Path) -> Callable[[str], Deck]:
    """Load a deck from YAML text (dedented), written to a temporary file."""

    def make(text: str, name: str = "deck.yaml") -> Deck:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return load_deck(path)

    return make
