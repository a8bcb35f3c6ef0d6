"""Anki's own importer, run headless.

A temporary collection that imports packages and reads notes, cards, decks and
note types back.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HAS_ANKI = importlib.util.find_spec("anki") is not None


@dataclass
class Card:
    """A card as Anki holds it after the import."""

    id: int
    ord: int
    deck: str
    due: int
    type: int
    question: str
    answer: str


@dataclass
class Note:
    """A note as Anki holds it after the import."""

    id: int
    guid: str
    type: str
    fields: dict[str, str]
    tags: list[str]
    mod: int
    cards: list[Card]


class Anki:
    """A temporary Anki collection: import packages, read everything back."""

    def __init__(self, path: Path) -> None:
        from anki.collection import Collection

        self.path = path
        self.col: Any = Collection(str(path))

    def reopen(self) -> None:
        """Reopen, so that the Python side sees note types an import changed."""
        from anki.collection import Collection

        self.col.close()
        self.col = Collection(str(self.path))

    def import_(self, apkg: Path, merge: bool = False) -> dict[str, int]:
        """Import like the desktop dialog's defaults; return the log's counts."""
        from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

        options = ImportAnkiPackageOptions(merge_notetypes=merge, with_scheduling=False)
        log = self.col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(apkg), options=options)).log
        self.reopen()
        return {k: len(getattr(log, k)) for k in ("new", "updated", "duplicate", "conflicting")}

    def notes(self) -> dict[str, Note]:
        """Every note by GUID."""
        found = {}
        for nid in self.col.find_notes(""):
            n = self.col.get_note(nid)
            cards = [Card(c.id, c.ord, self.col.decks.name(c.did), c.due, c.type,
                          c.question(), c.answer())
                     for c in sorted(n.cards(), key=lambda c: c.ord)]
            found[n.guid] = Note(nid, n.guid, n.note_type()["name"], dict(n.items()),
                                 list(n.tags), n.mod, cards)
        return found

    def decks(self) -> dict[str, str]:
        """Deck name -> description, without Anki's own Default deck."""
        return {d["name"]: d["desc"] for d in self.col.decks.all() if d["id"] != 1}

    def note_types(self) -> dict[str, dict[str, Any]]:
        """cardsmith's note types by name."""
        return {m["name"]: m for m in self.col.models.all() if m["name"].startswith("cardsmith")}

    def card_count(self) -> int:
        """How many cards the collection holds."""
        return len(self.col.find_cards(""))


def anki_import(apkg: Path, folder: Path) -> Any:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    (folder / "collection").mkdir()
    col = Collection(str(folder / "collection" / "collection.anki2"))
    options = ImportAnkiPackageOptions(merge_notetypes=False, with_scheduling=False)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options))
    col.close()
    return Collection(str(folder / "collection" / "collection.anki2"))
