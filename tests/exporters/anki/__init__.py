"""What the Anki tests share: the note types promised to learners, and exporting a deck."""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

import genanki

from cardsmith import registry
from cardsmith.exporter import Report
from cardsmith.model import Deck
from tests.conftest import DATA

ALL_TYPES = DATA / "valid" / "all-types.yaml"


EDGES = DATA / "valid" / "anki-edges.yaml"


# As the registry loads it (`exporters.*` is the same source imported under another name).
notetypes = importlib.import_module("cardsmith.exporters.anki.notetypes")


# The promise to learners: these names and fields never change, or every
# existing note would stop updating. Changing them needs a migration plan.
NOTE_TYPES = {
    "cardsmith Basic": ["Front", "Back", "Context", "Explanation", "Note", "Source"],
    "cardsmith Basic (optional reversed card)":
        ["Front", "Back", "Add Reverse", "Context", "Explanation", "Note", "Source"],
    "cardsmith Cloze": ["Text", "Context", "Explanation", "Note", "Source"],
    "cardsmith Choice": ["Question", "Choices", "Answer", "Feedback", "Context", "Explanation",
                         "Note", "Source"],
    "cardsmith Type-in": ["Question", "Answer", "Accepted", "Context", "Explanation", "Note",
                          "Source"],
}


def export(deck: Deck, out: Path, **options: str) -> tuple[Path, Report]:
    """Export `deck` into `out`; return the package's path and the loss report."""
    result = registry.load("anki")(options).export(deck, out)
    return result.paths[0], result.report


def guid(deck: Deck, item_id: str) -> str:
    """The GUID the issue specifies: genanki's hash of (deck id, item id)."""
    return str(genanki.guid_for(deck.id, item_id))


def visible(card_html: str) -> str:
    """The text a learner sees: no stylesheet, no tags (nor attributes, which Anki fills)."""
    return re.sub(r"<style>.*?</style>|<[^>]+>", "", card_html, flags=re.DOTALL)
