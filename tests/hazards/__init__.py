"""Hostile and broken input: YAML hazards, markup and script in Markdown, media leaving the deck.

The YAML hazards that only need an exact message live in the corpus
(tests/data/invalid); here are those that need more than a message: bounded
memory (measured with `resource.getrusage` in a subprocess, so that a
regression cannot take the test run down with it), no crash, no side effect,
no change to any output. Content hazards are checked through each format's
real consumer: nothing a deck writes becomes live markup or script, and no
file outside the deck's folder ever reaches an output.

The size of the large-file test is `CARDSMITH_HAZARD_MB` megabytes (20 by
default; the report of issue 8 gives the figures for 100).
"""

from __future__ import annotations

from cardsmith import registry
from cardsmith.exporter import Report
from cardsmith.model import Deck
from tests.conftest import DATA

FORMATS = ("anki", "gift", "html", "moodle", "qti", "quizlet")


HOSTILE = DATA / "valid" / "html-hostile.yaml"


ALL_TYPES = DATA / "valid" / "all-types.yaml"


def export_all(deck: Deck) -> dict[str, bytes]:
    """Every file of every format (GIFT with its flashcards), by file name."""
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        options = {"flashcards": "essay"} if fmt == "gift" else {}
        files.update(registry.load(fmt)(options).render(deck, Report()))
    return files
