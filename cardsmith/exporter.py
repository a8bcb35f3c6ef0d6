"""The exporter interface: one subclass per output format, registered by entry point."""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import sys
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from cardsmith import __version__
from cardsmith.build import atomic
from cardsmith.gcpause import gc_paused
from cardsmith.model import Deck
from cardsmith.plugin import OptionError, Plugin, Report

__all__ = ["ExportError", "ExportResult", "Exporter", "OptionError", "Report", "write_all"]


class ExportError(Exception):
    """Content a format cannot write as asked; the message names the item and the fix."""


@dataclass(frozen=True)
class ExportResult:
    """The files an export wrote and what it had to leave out."""

    paths: tuple[Path, ...]
    report: Report


class Exporter(Plugin, ABC):
    """Base class of every output format.

    A subclass sets the class variables, declares its options with their help
    text and default in `options`, and implements `render`. It never writes
    files itself: `export` replaces each output atomically.
    """

    suffix: ClassVar[str]

    def fingerprint(self) -> str:
        """A digest of this exporter's code, version and settings, for up-to-date checks.

        It covers every file of the exporter's package folder (its helper
        modules and templates), or the module alone when it is not in a
        package, so that an edited exporter never reuses old outputs.
        """
        digest = hashlib.sha256()
        module = sys.modules.get(type(self).__module__)
        file = getattr(module, "__file__", None)
        source = Path(file) if file else None
        if source is not None and source.is_file():
            files = [source]
            if module is not None and module.__package__:
                files = sorted(p for p in source.parent.rglob("*") if p.is_file() and not (
                    {"__pycache__", "node_modules"} & set(p.parts) or p.name.startswith(".")))
            for path in files:
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
        else:
            # Defined where no file holds it (`python -c`, a REPL): its source if Python
            # still has it; else its name alone (a changed class then reuses old outputs).
            with contextlib.suppress(OSError, TypeError):
                digest.update(inspect.getsource(type(self)).encode())
        digest.update(json.dumps([type(self).__qualname__, __version__, self.settings],
                                 sort_keys=True).encode())
        return digest.hexdigest()

    def filename(self, deck: Deck) -> str:
        """The default output name: `<deck-id><suffix>`."""
        return deck.id + self.suffix

    @abstractmethod
    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        """Return every output file of `deck` as file name -> content."""

    def export(self, deck: Deck, out_dir: Path) -> ExportResult:
        """Render `deck` and atomically write its files into `out_dir`."""
        report = Report()
        with gc_paused():  # as the build renders: many small objects, no cycles
            files = self.render(deck, report)
        return ExportResult(write_all(files, out_dir), report)


def write_all(files: Mapping[str, bytes], out_dir: Path) -> tuple[Path, ...]:
    """Atomically write each named file into `out_dir` (created if missing)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        atomic.write_bytes(out_dir / name, data)
    return tuple(out_dir / name for name in files)
