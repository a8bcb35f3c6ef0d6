"""Running exporters over decks: skip what is up to date, render in parallel, write atomically.

Every output is rendered before any is written, so a failure anywhere leaves
all previous outputs as they were. A small cache file in the output folder
records, for each deck file and format, a fingerprint of everything the output
depends on (the file's bytes, the exporter's code, version and options,
SOURCE_DATE_EPOCH); a rebuild with nothing changed reads no YAML at all.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cardsmith import atomic
from cardsmith.exporter import Exporter, ExportError, Report
from cardsmith.gcpause import gc_paused
from cardsmith.loader import find_decks, load_decks
from cardsmith.model import Deck

CACHE = ".cardsmith-cache.json"


class ExportFailed(Exception):
    """An exporter raised while rendering; nothing was written."""


@dataclass
class Outcome:
    """What one format did with one deck file."""

    format: str
    source: Path
    deck: str
    """The deck's id."""
    files: tuple[str, ...]
    report: Report = field(default_factory=Report)
    skipped: bool = False


def fingerprint(source_digest: str, exporter: Exporter) -> str:
    """A digest of everything an output depends on."""
    parts = [source_digest, exporter.fingerprint(), os.environ.get("SOURCE_DATE_EPOCH", "")]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def _load_cache(out_dir: Path) -> dict[str, Any]:
    try:
        cache = json.loads((out_dir / CACHE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return cache if isinstance(cache, dict) else {}


def _fresh(entry: Any, fp: str, out_dir: Path) -> bool:
    if not isinstance(entry, dict) or entry.get("fingerprint") != fp or "deck" not in entry:
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


# Jobs for forked workers: set before the pool starts, inherited, never pickled.
_JOBS: list[tuple[Exporter, Deck]] = []


Rendered = tuple[dict[str, bytes], Report] | str  # the files and report, or an error


def _render(index: int) -> Rendered:
    exporter, deck = _JOBS[index]
    report = Report()
    try:
        with gc_paused():  # for every exporter, third-party ones too
            return exporter.render(deck, report), report
    except ExportError as err:  # the exporter's own words: they name the item and the fix
        return f"{exporter.name}: cannot export {deck.source}: {err}"
    except Exception as err:  # a bug: sent back as text, since not every exception pickles
        return f"{exporter.name}: cannot export {deck.source}: {type(err).__name__}: {err}"


def run(exporters: Sequence[Exporter], paths: Sequence[Path], out_dir: Path, *,
        force: bool = False, jobs: int = 0,
        progress: Callable[[int], None] | None = None) -> list[Outcome]:
    """Export every deck under `paths` with every exporter into `out_dir`.

    Raises `DeckError` when a deck is invalid and `ExportFailed` when an
    exporter fails; in both cases nothing is written. `jobs` is the number of
    worker processes (0: one a core); `progress` is called with the number of
    renders finished so far.
    """
    files = find_decks(paths)
    digests = {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    cache = {} if force else _load_cache(out_dir)
    prints = {(f, e.name): fingerprint(digests[f], e) for f in files for e in exporters}
    stale = [f for f in files
             if any(not _fresh(cache.get(str(f), {}).get(e.name), prints[f, e.name], out_dir)
                    for e in exporters)]
    outcomes = [Outcome(e.name, f, cache[str(f)][e.name]["deck"],
                        tuple(cache[str(f)][e.name]["files"]), skipped=True)
                for f in files if f not in stale for e in exporters]
    if not stale:
        return outcomes
    # Every file is loaded again, so the checks across files (deck ids) see them all;
    # only the stale ones are rendered.
    decks = [d for d in load_decks(files) if d.source in stale]
    # The loaded decks live to the end: keep the collector (and forked workers'
    # copy-on-write pages) off them.
    gc.freeze()
    todo = [(e, d) for e in exporters for d in decks]
    results = _render_all(todo, jobs, progress)
    written: list[tuple[Exporter, Deck, dict[str, bytes], Report]] = []
    for (exporter, deck), result in zip(todo, results, strict=True):
        if isinstance(result, str):
            raise ExportFailed(result + "; nothing was written")
        written.append((exporter, deck, *result))
    out_dir.mkdir(parents=True, exist_ok=True)
    for exporter, deck, rendered, report in written:
        # Record what this build wrote, not what a stat finds later: a build running
        # at the same time may replace the file, and then it must count as stale.
        stats = {name: atomic.write_bytes(out_dir / name, data) for name, data in rendered.items()}
        entry = cache.setdefault(str(deck.source), {})
        entry[exporter.name] = {
            "fingerprint": prints[deck.source, exporter.name], "deck": deck.id,
            "files": {n: [st.st_size, st.st_mtime_ns, st.st_ino] for n, st in stats.items()},
            # The outputs carry the media files too: an edited picture must rebuild.
            "media": {str(m.path): m.digest for m in deck.media.values()},
        }
        outcomes.append(Outcome(exporter.name, deck.source, deck.id, tuple(rendered), report))
    atomic.write_bytes(out_dir / CACHE, json.dumps(cache, indent=1, sort_keys=True).encode())
    return outcomes


def _render_all(todo: list[tuple[Exporter, Deck]], jobs: int,
                progress: Callable[[int], None] | None) -> list[Rendered]:
    global _JOBS
    _JOBS = todo
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    try:
        if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            results: list[Rendered] = []
            for i in range(len(todo)):
                results.append(_render(i))
                if progress:
                    progress(i + 1)
            return results
        # Forked workers inherit the loaded decks; only the rendered bytes travel back.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(_render, i) for i in range(len(todo))]
            out: list[Rendered] = []
            for done, future in enumerate(futures, 1):
                out.append(future.result())
                if progress:
                    progress(done)
            return out
    finally:
        _JOBS = []
