"""Running exporters over decks: skip what is up to date, render in parallel, write atomically.

Every output is rendered before any is written, so a failure anywhere leaves
all previous outputs as they were. Outputs that `cache` finds up to date are
kept, and a rebuild with nothing changed reads no YAML at all.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cardsmith.build import atomic, cache, prerender, workers
from cardsmith.exporter import Exporter, ExportError, Report
from cardsmith.gcpause import gc_paused
from cardsmith.model import Deck
from cardsmith.source.loader import find_decks, load_decks


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


@dataclass
class Staged:
    """One render's outputs, already on disk as temporary files awaiting their rename."""

    files: dict[str, tuple[str, list[int]]]
    """Output name -> (temporary file, [size, mtime_ns, inode] of what was written)."""
    report: Report
    seconds: float


Result = Staged | str | OSError  # a failed render says why; a failed write is re-raised

# Jobs for forked workers: set before they start, inherited, never pickled.
_JOBS: list[tuple[Exporter, Deck]] = []
_OUT: tuple[Path, str] = (Path(), "")  # the output folder and the temporary files' tag


def _render(index: int) -> Result:
    exporter, deck = _JOBS[index]
    out_dir, tag = _OUT
    start = time.perf_counter()
    report = Report()
    try:
        with gc_paused():  # for every exporter, third-party ones too
            rendered = exporter.render(deck, report)
    except ExportError as err:  # the exporter's own words: they name the item and the fix
        return f"{exporter.name}: cannot export {deck.source}: {err}"
    except Exception as err:  # a bug: sent back as text, since not every exception pickles
        return f"{exporter.name}: cannot export {deck.source}: {type(err).__name__}: {err}"
    seconds = time.perf_counter() - start
    # Whoever rendered writes: the bytes never travel between processes, and the
    # disk's work is shared out too. The renames wait until every render is done.
    files: dict[str, tuple[str, list[int]]] = {}
    for name, data in rendered.items():
        try:
            tmp, st = atomic.write_temp(out_dir / name, data, tag)
        except OSError as err:
            return _naming(err, out_dir / name)
        files[name] = (str(tmp), [st.st_size, st.st_mtime_ns, st.st_ino])
    return Staged(files, report, seconds)


def _naming(err: OSError, path: Path) -> OSError:
    """The error about the output `path`, not about its temporary file."""
    return OSError(err.errno, err.strerror, str(path))


def run(exporters: Sequence[Exporter], paths: Sequence[Path], out_dir: Path, *,
        force: bool = False, jobs: int = 0,
        progress: Callable[[int], None] | None = None) -> list[Outcome]:
    """Export every deck under `paths` with every exporter into `out_dir`.

    Raises `DeckError` when a deck is invalid, `ExportFailed` when an exporter
    fails and `OSError` (naming the file) when an output cannot be written; in
    every case no output is replaced. `jobs` is the number of processes (0: one
    a core); `progress` is called with the number of renders finished so far.
    """
    files = find_decks(paths)
    digests = {f: cache.file_digest(f) for f in files}
    known = cache.load(out_dir)
    records = {} if force else known
    prints = {(f, e.name): cache.fingerprint(digests[f], e) for f in files for e in exporters}
    stale = [f for f in files
             if any(not cache.fresh(records.get(str(f), {}).get(e.name), prints[f, e.name], out_dir)
                    for e in exporters)]
    outcomes = [_kept(e.name, f, records[str(f)][e.name]) for f in files if f not in stale
                for e in exporters]
    if not stale:
        return outcomes
    # Every file is loaded again, so the checks across files (deck ids) see them all;
    # only the stale ones are rendered.
    decks = [d for d in load_decks(files) if d.source in stale]
    processes = jobs or os.cpu_count() or 1
    with gc_paused():
        prerender.render_texts(decks, processes)
    # The decks live to the end: keep the collector (and forked workers'
    # copy-on-write pages) off them.
    gc.freeze()
    todo = [(e, d) for e in exporters for d in decks]
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    tag = f"cardsmith-{os.getpid()}"
    try:
        results = _render_all(todo, _schedule(todo, known), (out_dir, tag), processes, progress)
        for done in results:  # the renames, only once every render succeeded
            for name, (tmp, _) in done.files.items():
                try:
                    os.replace(tmp, out_dir / name)
                except OSError as err:
                    raise _naming(err, out_dir / name) from None
        for (exporter, deck), done in zip(todo, results, strict=True):
            cache.remove_dropped(out_dir, known.get(str(deck.source)), exporter.name, done.files)
            records.setdefault(str(deck.source), {})[exporter.name] = cache.record(
                prints[deck.source, exporter.name], deck, done.files, done.seconds, done.report)
            outcomes.append(Outcome(exporter.name, deck.source, deck.id, tuple(done.files),
                                    done.report))
        try:
            cache.save(out_dir, records)
        except OSError as err:
            raise _naming(err, out_dir / cache.CACHE) from None
    except BaseException:
        atomic.remove_temps(out_dir, tag)
        if created:
            with contextlib.suppress(OSError):  # left alone if anything else is in it
                out_dir.rmdir()
        raise
    return outcomes


def _kept(format_name: str, source: Path, entry: dict[str, Any]) -> Outcome:
    """The outcome of an output kept as it is, with the losses recorded when it was written."""
    report = Report(losses={str(what): [str(i) for i in ids]
                            for what, ids in entry["losses"].items() if isinstance(ids, list)})
    return Outcome(format_name, source, entry["deck"], tuple(entry["files"]), report,
                   skipped=True)


def _schedule(todo: Sequence[tuple[Exporter, Deck]], known: dict[str, Any]) -> list[int]:
    """The jobs, longest first by the last build's times (unknown ones first, as given)."""
    def last(i: int) -> float:
        exporter, deck = todo[i]
        entry = known.get(str(deck.source), {})
        seconds = entry.get(exporter.name, {}).get("seconds") if isinstance(entry, dict) else None
        return -seconds if isinstance(seconds, int | float) else -math.inf

    return sorted(range(len(todo)), key=last)


def _render_all(todo: list[tuple[Exporter, Deck]], order: list[int], out: tuple[Path, str],
                processes: int, progress: Callable[[int], None] | None
                ) -> list[Staged]:
    """Every job's outputs, in `todo` order, rendered in the order of `order`."""
    global _JOBS, _OUT
    _JOBS, _OUT = [todo[i] for i in order], out
    try:
        results = workers.run(len(todo), _render, processes,
                               stop=lambda r: not isinstance(r, Staged), progress=progress)
    except workers.WorkerDied as err:
        raise ExportFailed(f"{err}; nothing was written") from None
    finally:
        _JOBS = []
    done: list[Staged | None] = [None] * len(todo)
    for i in sorted(results):
        result = results[i]
        if isinstance(result, OSError):
            raise result
        if isinstance(result, str):
            raise ExportFailed(result + "; nothing was written")
        done[order[i]] = result
    return [r for r in done if r is not None]
