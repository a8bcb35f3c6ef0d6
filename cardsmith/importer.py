"""The importer interface: one subclass per source format, registered by entry point.

The mirror of `cardsmith.exporter`: an importer turns a source file (an Anki
package, a Moodle export, a CSV file...) into a deck document, the plain data a
deck file holds, and hands the files it shows to a `Media`. The core writes
that document as YAML beside its media and checks it with the same loader as every deck, so
an importer never writes files and never decides what is valid.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from cardsmith.plugin import OptionError, Plugin, Report

__all__ = ["Importer", "Media", "OptionError", "Report", "SourceError", "slug"]


class SourceError(Exception):
    """A source the importer cannot read; the message says what, where and what to do."""


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slug(text: str, fallback: str, most: int = 100) -> str:
    """An id from `text`: lowercase ASCII letters (accents dropped), digits and single
    hyphens, at most `most` characters; `fallback` when nothing is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:most].rstrip("-") or fallback


class Media:
    """The media files of one import, each stored once under a safe, unique name.

    Sources name files carelessly: several different pictures called
    `image.png`, one picture under two names, names with spaces, slashes or
    `..`. `add` keeps the name where it can and returns the path a deck text
    uses (`media/<name>`); a file already added, by content, keeps its first name.
    """

    def __init__(self, folder: str = "media") -> None:
        self.folder = folder
        """Where the files go, relative to the deck file (`media/<deck-id>`)."""
        self.files: dict[str, bytes] = {}
        self._by_digest: dict[str, str] = {}

    def add(self, name: str, data: bytes) -> str:
        """Store `data`, found under `name` in the source; return its path for the deck."""
        digest = hashlib.sha256(data).hexdigest()
        known = self._by_digest.get(digest)
        if known is not None:
            return known
        leaf = PurePosixPath(name.replace("\\", "/")).name
        stem, dot, suffix = leaf.rpartition(".")
        if not dot:
            stem, suffix = leaf, ""
        stem = (_UNSAFE.sub("-", stem).strip("-.") or "file")[:80]
        suffix = _UNSAFE.sub("", suffix).lower()
        ext = "." + suffix if suffix else ""
        path = f"{self.folder}/{stem}{ext}"
        if path in self.files:  # another file of the same name: the content tells them apart
            path = f"{self.folder}/{stem}-{digest[:10]}{ext}"
        self.files[path] = data
        self._by_digest[digest] = path
        return path


class Importer(Plugin, ABC):
    """Base class of every source format.

    A subclass sets `name`, `description` and `suffixes` (the file name
    endings it reads, such as `(".apkg", ".colpkg")`), declares its options
    like an exporter, and implements `sniff` and `read`.
    """

    suffixes: ClassVar[tuple[str, ...]]

    @abstractmethod
    def sniff(self, head: bytes, path: Path) -> bool:
        """Whether a file that starts with `head` (its first 4 KiB) is in this format."""

    @abstractmethod
    def read(self, path: Path, media: Media, report: Report) -> dict[str, Any]:
        """The deck document read from `path`: plain data as a deck file holds it
        (`cardsmith: 1`, `title`, items...; the core sets `id`). Files the texts
        show go into `media`, which gives the path to write; what the deck format
        cannot hold is recorded in `report`. Raises `SourceError` for a file it
        cannot read."""
