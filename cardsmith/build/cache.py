"""The build cache: what each output depends on, and whether it is still up to date.

A small file in the output folder records, for each deck file and format, a
fingerprint of everything the output depends on (the file's bytes, the
exporter's code, version and options, the core's code, the installed
libraries' versions, SOURCE_DATE_EPOCH), the files written with their size,
time and inode, the media's digests, the render's time and its losses; a
rebuild with nothing changed reads no YAML at all.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from cardsmith.build import atomic
from cardsmith.exporter import Exporter, Report
from cardsmith.model import Deck
from cardsmith.source.problems import DeckError, Problem

CACHE = ".cardsmith-cache.json"
CORE = Path(__file__).resolve().parent.parent
"""The whole cardsmith package, whose every file counts: not only build/."""


def fingerprint(source_digest: str, exporter: Exporter) -> str:
    """A digest of everything an output depends on."""
    parts = [source_digest, exporter.fingerprint(), environment(),
             os.environ.get("SOURCE_DATE_EPOCH", "")]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


@functools.cache
def environment() -> str:
    """A digest of what every output depends on besides its deck and exporter.

    That is the core's own files (an edited renderer must not reuse old
    outputs, whatever the version says) and the name and version of every
    installed distribution: a new Markdown or highlighting release may change
    an output, so it rebuilds it. Listing the folders of `sys.path` costs under
    a millisecond, where asking `importlib.metadata` for each library took 7.
    """
    digest = hashlib.sha256()
    for path in sorted(CORE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(CORE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    installed: set[str] = set()
    for entry in sys.path:
        with contextlib.suppress(OSError), os.scandir(entry or ".") as found:
            installed.update(e.name for e in found if e.name.endswith((".dist-info", ".egg-info")))
    digest.update("\n".join(sorted(installed)).encode())
    return digest.hexdigest()


def file_digest(deck_file: Path) -> str:
    """The SHA-256 of a deck file, as a problem of that file if it cannot be read."""
    try:
        return hashlib.sha256(deck_file.read_bytes()).hexdigest()
    except OSError as err:  # found readable a moment ago: it changed since
        raise DeckError([Problem(str(deck_file), 1, 1, "$",
                                 f"cannot read the file: {err.strerror}")]) from None


def load(out_dir: Path) -> dict[str, Any]:
    """The cache of `out_dir`: empty when missing or unreadable (everything is rebuilt)."""
    try:
        cache = json.loads((out_dir / CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return cache if isinstance(cache, dict) else {}


def fresh(entry: Any, fp: str, out_dir: Path) -> bool:
    """Whether a recorded output is still what a build with fingerprint `fp` would write."""
    if not isinstance(entry, dict) or entry.get("fingerprint") != fp or "deck" not in entry:
        return False
    if not isinstance(entry.get("losses"), dict):  # written before losses were recorded
        return False
    for name, digest in entry.get("media", {}).items():
        try:
            if hashlib.sha256(Path(name).read_bytes()).hexdigest() != digest:
                return False
        except OSError:
            return False
    for name, recorded in entry.get("files", {}).items():
        try:
            st = (out_dir / name).stat()
        except OSError:
            return False
        if [st.st_size, st.st_mtime_ns, st.st_ino] != recorded:
            return False
    return True


def record(fp: str, deck: Deck, files: dict[str, tuple[str, list[int]]], seconds: float,
           report: Report) -> dict[str, Any]:
    """The cache entry of one format's fresh outputs of `deck`."""
    return {
        "fingerprint": fp, "deck": deck.id,
        # What this build wrote, not what a stat finds later: a build running at
        # the same time may replace the file, and then it must count as stale.
        "files": {name: st for name, (_, st) in files.items()},
        # The outputs carry the media files too: an edited picture must rebuild.
        "media": {str(m.path): m.digest for m in deck.media.values()},
        "seconds": round(seconds, 3),  # to start the longest renders first
        # Reported again when the output is kept: --strict must fail every time.
        "losses": report.losses,
    }


def save(out_dir: Path, records: dict[str, Any]) -> None:
    """Replace the cache file of `out_dir` atomically."""
    atomic.write_bytes(out_dir / CACHE, json.dumps(records, indent=1, sort_keys=True).encode())


def remove_dropped(out_dir: Path, entry: Any, format_name: str, files: dict[str, Any]) -> None:
    """Remove what the last build of this deck and format wrote and this one did not.

    A deck split into fewer files than before (Quizlet's `max_cards`) would
    otherwise leave its old last parts beside the new ones, to be imported twice.
    Only files the cache says this build's format wrote are ever removed.
    """
    before = entry.get(format_name, {}).get("files", {}) if isinstance(entry, dict) else {}
    for name in before:
        if name not in files and isinstance(name, str) and "/" not in name and name != CACHE:
            with contextlib.suppress(FileNotFoundError):
                (out_dir / name).unlink()
