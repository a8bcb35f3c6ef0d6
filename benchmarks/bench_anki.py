"""Benchmark the Anki exporter against genanki writing the same notes itself.

For each size, a generated deck is loaded once per round (not timed), then, side by side:

- `export, cold`: `AnkiExporter.render` on the fresh deck, Markdown rendering included;
- `export, warm`: `render` again on the same deck: the exporter's own work, the
  Markdown already rendered (the core caches it);
- `genanki raw`: genanki's own `Package.write_to_file` of the same notes (the
  fields, tags, GUIDs, decks and note types read back from the export), note
  objects built inside the timing, as a genanki user would.

Run: `python -m benchmarks.bench_anki [SIZES...] [--runs N]` (default 10000 100000, 5 runs),
or `--deck FILE` for a deck file of your own.
"""

from __future__ import annotations

import argparse
import functools
import gc
import io
import json
import sqlite3
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import genanki

from benchmarks.generate import write_deck
from cardsmith import registry
from cardsmith.exporter import Exporter, Report
from cardsmith.gcpause import gc_paused
from cardsmith.model import Deck
from cardsmith.source.loader import load_deck

Row = tuple[str, int, list[str], list[str], int, int]


def _read(apkg: bytes, folder: Path) -> tuple[list[Row], dict[int, str], list[genanki.Model]]:
    """(guid, note type id, fields, tags, deck id, due) of every note, the decks by id and
    the note types."""
    db = folder / "read.anki2"
    with zipfile.ZipFile(io.BytesIO(apkg)) as archive:
        db.write_bytes(archive.read("collection.anki2"))
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT n.guid, n.mid, n.flds, n.tags, min(c.did), min(c.due) "
                        "FROM notes n JOIN cards c ON c.nid = n.id GROUP BY n.id ORDER BY n.id")
    notes = [(g, mid, flds.split("\x1f"), tags.split(), did, due)
             for g, mid, flds, tags, did, due in rows]
    decks_json, models_json = conn.execute("SELECT decks, models FROM col").fetchone()
    conn.close()
    decks = {int(k): v["name"] for k, v in json.loads(decks_json).items() if k != "1"}
    models = [genanki.Model(int(m["id"]), m["name"],
                            fields=[{"name": f["name"]} for f in m["flds"]],
                            templates=[{k: t[k] for k in ("name", "qfmt", "afmt")}
                                       for t in m["tmpls"]],
                            css=m["css"], model_type=m["type"])
              for m in json.loads(models_json).values()]
    return notes, decks, models


def _genanki_raw(notes: list[Row], decks: dict[int, str], models: list[genanki.Model],
                 timestamp: int, out: Path) -> Callable[[], None]:
    by_id = {m.model_id: m for m in models}

    def run() -> None:
        by_deck = {did: genanki.Deck(did, name) for did, name in decks.items()}
        for guid, mid, fields, tags, did, due in notes:
            by_deck[did].add_note(genanki.Note(model=by_id[mid], fields=fields, tags=tags,
                                               guid=guid, due=due))
        genanki.Package(list(by_deck.values())).write_to_file(str(out), timestamp=timestamp)

    return run


def _export(exporter: Exporter, deck: Deck) -> bytes:
    with gc_paused():  # as the build renders
        return next(iter(exporter.render(deck, Report()).values()))


def _time(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run (CPU time is steadier on a shared machine)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _line(label: str, times: list[tuple[float, float]],
          base: list[tuple[float, float]] | None = None) -> str:
    walls, cpus = [t[0] for t in times], [t[1] for t in times]
    text = (f"  {label:<13} wall median {statistics.median(walls):7.3f} s "
            f"(min {min(walls):.3f}, max {max(walls):.3f})   "
            f"cpu median {statistics.median(cpus):7.3f} s (min {min(cpus):.3f}, "
            f"max {max(cpus):.3f})")
    if base:
        ratio = statistics.median(cpus) / statistics.median(t[1] for t in base)
        text += f"  {ratio:.2f}x raw (cpu)"
    return text


Times = list[tuple[float, float]]


def compare(source: Path, runs: int, folder: Path) -> tuple[Times, Times, Times, str]:
    """(genanki raw, export warm, export cold) (wall, CPU) seconds of each run on the deck
    file `source`, and a line describing the outputs.

    The three are timed side by side, round after round, so that a change in the
    machine's load touches them alike.
    """
    exporter = registry.load("anki")()
    output = _export(exporter, load_deck(source))
    notes, decks, models = _read(output, folder)
    raw_run = _genanki_raw(notes, decks, models, load_deck(source).timestamp,
                           folder / "raw.apkg")
    raw: Times = []
    cold: Times = []
    warm: Times = []
    for _ in range(runs):
        deck = load_deck(source)
        export = functools.partial(_export, exporter, deck)
        cold.append(_time(export))
        warm.append(_time(export))
        del deck, export  # genanki's run gets a lean process, as its own users have
        raw.append(_time(raw_run))
    raw_size = (folder / "raw.apkg").stat().st_size
    about = (f"{len(notes)} notes, export {len(output) / 1e6:.1f} MB, "
             f"genanki raw {raw_size / 1e6:.1f} MB, {runs} runs")
    return raw, warm, cold, about


def _show(title: str, raw: Times, warm: Times, cold: Times) -> None:
    print(title)
    print(_line("genanki raw", raw))
    print(_line("export, warm", warm, raw))
    print(_line("export, cold", cold, raw))


def bench(n: int, runs: int, folder: Path) -> None:
    """Time the three ways for a deck of `n` items and print them side by side."""
    raw, warm, cold, about = compare(write_deck(n, folder / f"bench-{n}.yaml"), runs, folder)
    _show(f"{n} items: {about}", raw, warm, cold)


def main() -> None:
    """Parse the sizes and run count, then benchmark each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--deck", type=Path, help="time this deck file instead of generated ones")
    parser.add_argument("--json", type=Path, help="with --deck: write the times there as JSON "
                        "(how benchmarks.run calls it, in a process of its own)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.deck:
            raw, warm, cold, about = compare(args.deck, args.runs, Path(tmp))
            if args.json:
                args.json.write_text(json.dumps({"raw": raw, "warm": warm, "cold": cold,
                                                 "about": about}), encoding="utf-8")
            else:
                _show(f"{args.deck}: {about}", raw, warm, cold)
            return
        for n in args.sizes:
            bench(n, args.runs, Path(tmp))


if __name__ == "__main__":
    main()
