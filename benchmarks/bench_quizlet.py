"""Benchmark the Quizlet exporter's render on generated decks.

Run: `python -m benchmarks.bench_quizlet [SIZES...]` (default 1000 10000 100000).

Loading is not timed. Three figures a size, each the median, min and max of 5 runs:
- `simple` and `rich`: the exporter's own work, on a deck whose Markdown the core
  has already rendered to plain text (as when several formats are built at once);
- `cold`: the same render on a freshly loaded deck, so it includes the core's
  Markdown rendering (`Text.plain`), which is most of it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from benchmarks.generate import write_deck
from cardsmith import registry
from cardsmith.exporter import Report
from cardsmith.gcpause import gc_paused
from cardsmith.model import Deck
from cardsmith.source.loader import load_deck

RUNS = 5


def _time(render: Callable[[Deck], object], deck: Callable[[], Deck]) -> list[float]:
    """Seconds of `render` on each of 5 decks from `deck()` (called untimed, before each run)."""
    times = []
    for _ in range(RUNS):
        given = deck()
        start = time.perf_counter()
        with gc_paused():  # as the build renders
            render(given)
        times.append(time.perf_counter() - start)
    return times


def _same(deck: Deck) -> Deck:
    return deck


def _row(n: int, what: str, times: list[float], cards: int) -> None:
    med = statistics.median(times)
    print(f"{n:>8} {what:>7} {med:>9.3f} {min(times):>7.3f} {max(times):>7.3f} "
          f"{med / cards * 1e6:>9.1f}")


def main(sizes: list[int]) -> None:
    """Generate each deck once, then time 5 renders of it in each mode."""
    exporter = registry.load("quizlet")
    simple, rich = exporter(), exporter({"mode": "rich"})
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'items':>8} {'mode':>7} {'median s':>9} {'min':>7} {'max':>7} {'us/card':>9}")
        for n in sizes:
            path = write_deck(n, Path(tmp) / f"bench-{n}.yaml")
            deck = load_deck(path)
            files = simple.render(deck, Report())
            cards = sum(data.count(b"\n") + 1 for data in files.values())
            loaded = partial(_same, deck)
            _row(n, "simple", _time(lambda d: simple.render(d, Report()), loaded), cards)
            _row(n, "rich", _time(lambda d: rich.render(d, Report()), loaded), cards)
            _row(n, "cold", _time(lambda d: simple.render(d, Report()),
                                  partial(load_deck, path)), cards)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
