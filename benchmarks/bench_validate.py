"""Benchmark `cardsmith validate` on generated decks (whole process, as a user runs it).

Run: `python -m benchmarks.bench_validate [SIZES...]` (default 1000 10000 100000).
Prints the median, min and max of 5 runs, and the time per item.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import write_deck


def _time(cmd: list[str], runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main(sizes: list[int]) -> None:
    """Generate each deck once, then time 5 validations of it."""
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'items':>8} {'median s':>9} {'min':>7} {'max':>7} {'us/item':>8}")
        for n in sizes:
            deck = write_deck(n, Path(tmp) / f"bench-{n}.yaml")
            times = _time([sys.executable, "-m", "cardsmith.cli", "validate", str(deck)])
            med = statistics.median(times)
            print(f"{n:>8} {med:>9.3f} {min(times):>7.3f} {max(times):>7.3f} "
                  f"{med / n * 1e6:>8.1f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
