"""The importer interface: one subclass per source format, registered by entry point.

The mirror of `cardsmith.exporter`: an importer turns a source file (an Anki
package, a Moodle export, a CSV file...) into a deck document, the plain data a
deck file holds, plus the media files it shows. The core writes that document
as YAML beside its media and checks it with the same loader as every deck, so
an importer never writes files and never decides what is valid.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from cardsmith.plugin import OptionError, Plugin, Report

__all__ = ["Imported", "Importer", "OptionError", "Report", "SourceError"]


class SourceError(Exception):
    """A source the importer cannot read; the message says what, where and what to do."""


@dataclass(frozen=True)
class Imported:
    """What an importer read from one source."""

    deck: dict[str, Any]
    """The deck document, as `cardsmith: 1`, `id`, `title`, ... in a deck file."""
    media: dict[str, bytes] = field(default_factory=dict)
    """Media files by the relative path the deck's texts use (`media/figure.png`)."""


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
    def read(self, path: Path, report: Report) -> Imported:
        """Read `path`; record in `report` what the deck format cannot hold."""
