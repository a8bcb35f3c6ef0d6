"""Benchmark of the HTML exporter: `python -m benchmarks.bench_html [SIZES...]`.

For each size (default 10,000 items; the targets are under 0.5 s at 10,000
items and 1.3 s at 100,000) it prints median, min and max of 5 runs of
`HtmlExporter.render`:

- `page`: the exporter's own work (templates, print layout), with the deck's
  Markdown already rendered, as it is when several formats are built at once;
- `page + markdown`: a freshly loaded deck, so the core's Markdown rendering,
  done once per text and shared by every exporter, is included.

Each line gives wall-clock median, min and max, and the CPU-time median. The
first line of a size also gives the page's size and the memory its render
took at its peak beyond what the process held before (Linux: the kernel's
high-water mark of the resident size, reset just before the render).
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
from cardsmith.gcpause import gc_paused
from cardsmith.model import Deck
from cardsmith.registry import load
from cardsmith.source.loader import load_deck

RUNS = 5
_STATUS = Path("/proc/self/status")


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


def _kib(field: str) -> int:
    """A size field of /proc/self/status (`VmRSS`, `VmHWM`) in KiB."""
    for line in _STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def peak_extra(work: Callable[[], object]) -> float | None:
    """MiB the resident size rose to during `work` above its size before; None off Linux.

    Writing 5 to clear_refs resets the high-water mark to the current size.
    Memory freed earlier and kept by the allocator can be reused, so this is
    measured on the first render of a process.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
        before = _kib("VmRSS")
    except (OSError, LookupError):
        return None
    work()
    return (_kib("VmHWM") - before) / 1024


def bench(exporter: Exporter, path: Path) -> None:
    """Time the exporter on the deck at `path`."""
    def render(deck: Deck) -> dict[str, bytes]:
        with gc_paused():  # as the build renders
            return exporter.render(deck, Report())

    warm = load_deck(path)
    for text in warm.texts():
        _ = text.html_mathml  # every rendering of the text comes from one parse
    pages: list[bytes] = []
    peak = peak_extra(lambda: pages.extend(render(warm).values()))
    memory = "" if peak is None else f", {peak:.0f} MiB at the peak"
    print(f"{path.stem}: {len(warm.flashcards)} flashcards, page of "
          f"{len(pages[0]) / 2**20:.1f} MiB{memory}")
    pages.clear()


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
