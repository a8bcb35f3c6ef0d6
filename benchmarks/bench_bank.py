"""Benchmark the question-bank exporters (GIFT, Moodle XML, QTI).

Run: `python -m benchmarks.bench_bank [FORMAT...] [--sizes N...] [--cold]`
(default: gift moodle qti, 25,000 50,000 and 100,000 questions).

Decks come from `benchmarks.generate.deck_data`, sized so that they hold
25,000, 50,000 and 100,000 questions (plus the generator's flashcards, which
the default options leave out), and are built straight into the model: YAML
loading and validation are the loader's cost, measured by its own benchmark.

Two figures a size, median/min/max of 5 runs:
- warm: the exporter's own work, every Markdown text already rendered (as in
  `cardsmith build`, where the formats share the renderings). The target is
  under 2 s for 100,000 questions, growing linearly.
- cold (`--cold`): a fresh deck each run, so the core's Markdown rendering,
  done on first use of `Text.html`, is included.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.generate import deck_data
from cardsmith import registry
from cardsmith.exporter import Exporter, Report
from cardsmith.gcpause import gc_paused
from cardsmith.model import Deck
from cardsmith.source.assemble import build_deck

QUESTIONS = (25_000, 50_000, 100_000)
RUNS = 5


def deck_with(questions: int) -> Deck:
    """A generated deck holding about `questions` questions (60 % of its items)."""
    return build_deck(deck_data(questions * 5 // 3), Path("bench.yaml"), 0)


def timed(run: Callable[[], object]) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each of `RUNS` calls of `run`.

    CPU time is printed too because a shared machine stretches wall time.
    """
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def line(label: str, n: int, times: tuple[list[float], list[float]]) -> str:
    """One result line: median/min/max wall time, median CPU time, time a question."""
    wall, cpu = times
    med = statistics.median(wall)
    return (f"{label:<5} {n:>7,} questions  median {med:6.3f} s  min {min(wall):6.3f} s  "
            f"max {max(wall):6.3f} s  cpu median {statistics.median(cpu):6.3f} s  "
            f"({med / n * 1e6:5.1f} µs a question)")


def main(formats: list[str], sizes: list[int], cold: bool) -> None:
    """Print the warm (and optionally cold) figures for every format and size."""
    for name in formats:
        exporter = registry.load(name)()
        for wanted in sizes:
            deck = deck_with(wanted)
            n = sum(1 for _ in deck.all_questions())
            size = sum(map(len, _render(exporter, deck).values()))  # warms the cache

            def again(warm: Deck = deck, exporter: Exporter = exporter) -> object:
                return _render(exporter, warm)

            print(f"{name:<7}", line("warm", n, timed(again)), f" {size / 1e6:.1f} MB",
                  flush=True)
            if cold:
                del deck
                print(f"{name:<7}", line("cold", n, cold_runs(exporter, wanted)), flush=True)


def _render(exporter: Exporter, deck: Deck) -> dict[str, bytes]:
    with gc_paused():  # as the build renders
        return exporter.render(deck, Report())


def cold_runs(exporter: Exporter, wanted: int) -> tuple[list[float], list[float]]:
    """Like `timed`, each run on a fresh deck (built outside the timing, one at a time)."""
    wall, cpu = [], []
    for _ in range(RUNS):
        deck = deck_with(wanted)
        start, start_cpu = time.perf_counter(), time.process_time()
        _render(exporter, deck)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--cold"]
    cut = args.index("--sizes") if "--sizes" in args else len(args)
    main(args[:cut] or ["gift", "moodle", "qti"],
         [int(a) for a in args[cut + 1:]] or list(QUESTIONS), "--cold" in sys.argv[1:])
