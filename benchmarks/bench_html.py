"""Benchmark of the HTML exporter: `python -m benchmarks.bench_html [SIZES...]`.

For each size (default 10,000 items: the issue's target is under 0.5 s) it
prints median, min and max of 5 runs of `HtmlExporter.render`:

- `page`: the exporter's own work (templates, print layout), with the deck's
  Markdown already rendered, as it is when several formats are built at once;
- `page + markdown`: a freshly loaded deck, so the core's Markdown rendering,
  done once per text and shared by every exporter, is included.

Each line gives wall-clock median, min and max, and the CPU-time median.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.generate import write_deck
from cardsmith.exporter import Exporter, Report
from cardsmith.loader import load_deck
from cardsmith.model import Deck
from cardsmith.registry import load

RUNS = 5


def _runs(setup: Callable[[], Deck], work: Callable[[Deck], object]
          ) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run (CPU time is steadier on a shared machine)."""
    wall, cpu = [], []
    for _ in range(RUNS):
        arg = setup()
        start, start_cpu = time.perf_counter(), time.process_time()
        work(arg)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def _line(label: str, times: tuple[list[float], list[float]]) -> str:
    wall, cpu = times
    return (f"  {label:<16} median {statistics.median(wall):.3f} s   "
            f"min {min(wall):.3f} s   max {max(wall):.3f} s   "
            f"(CPU median {statistics.median(cpu):.3f} s)")


def bench(exporter: Exporter, path: Path) -> None:
    """Time the exporter on the deck at `path`."""
    warm = load_deck(path)
    size = len(exporter.render(warm, Report())[f"{warm.id}.html"])  # caches every Markdown text
    print(f"{path.stem}: {len(warm.flashcards)} flashcards, page of {size / 1e6:.1f} MB")

    def render(deck: Deck) -> object:
        return exporter.render(deck, Report())

    print(_line("page", _runs(lambda: warm, render)))
    print(_line("page + markdown", _runs(lambda: load_deck(path), render)))


def main(sizes: list[int]) -> None:
    """Time the exporter on generated decks of each size."""
    exporter = load("html")()
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            bench(exporter, write_deck(n, Path(tmp) / f"bench-{n}.yaml"))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000])
