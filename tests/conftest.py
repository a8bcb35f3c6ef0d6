"""Shared fixtures: the seed deck, decks from strings, and how a missing consumer is handled."""

from __future__ import annotations

import base64
import importlib.util
import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from cardsmith.model import Deck
from cardsmith.source.loader import load_deck

if TYPE_CHECKING:
    from tests.consumers.anki_collection import Anki

ROOT = Path(__file__).resolve().parent.parent
SEED_DECK = ROOT / "cards" / "distilbert-roberta.yaml"
DATA = Path(__file__).resolve().parent / "data"
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAC"
                         "hwGA60e6kgAAAABJRU5ErkJggg==")
"""A one-pixel PNG, for decks that show a picture."""


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


@pytest.fixture(scope="session")
def pegjs() -> Callable[[str], list[dict[str, Any]]]:
    """gift-pegjs's parse, once Node and the parser are known to be there."""
    from tests.consumers import gift_pegjs

    gift_pegjs.parse("::t::x{}\n")
    return gift_pegjs.parse


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[Anki]:
    """A fresh, empty Anki collection (Anki's own importer, run headless)."""
    from tests.consumers.anki_collection import HAS_ANKI, Anki

    require(HAS_ANKI, "the anki package (pip install anki)")
    (tmp_path / "collection").mkdir()
    collection = Anki(tmp_path / "collection" / "collection.anki2")
    yield collection
    collection.col.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """The system Chromium driven by playwright (no downloaded browser)."""
    require(importlib.util.find_spec("playwright") is not None, "the Python package playwright")
    require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                      args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()
