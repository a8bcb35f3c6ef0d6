"""Benchmark `cardsmith validate` on generated decks (whole process, as a user runs it).

Run: `python -m benchmarks.bench_validate [SIZES...]` (default 1000 10000 100000).
Prints the median, min and max of 5 runs (wall and CPU time), and the time per item.
`python -m benchmarks.run` measures this and every other command together.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import measure


def main(sizes: list[int]) -> None:
    """Generate each deck once, then time 5 validations of it."""
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'items':>8} {'median s':>9} {'min':>7} {'max':>7} {'CPU s':>7} {'us/item':>8}")
        for n in sizes:
            deck = Path(tmp) / f"bench-{n}.yaml"
            # In a process of its own, so that this one stays small (see benchmarks.run).
            subprocess.run([sys.executable, "-m", "benchmarks.generate", str(n), str(deck)],
                           check=True)
            cmd = [*measure.cardsmith_command(), "validate", str(deck)]
            measure.run(cmd)  # untimed: writes the bytecode cache
            runs = [measure.run(cmd) for _ in range(5)]
            wall = [r.wall for r in runs]
            med = statistics.median(wall)
            print(f"{n:>8} {med:>9.3f} {min(wall):>7.3f} {max(wall):>7.3f} "
                  f"{statistics.median(r.cpu for r in runs):>7.3f} {med / n * 1e6:>8.1f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
