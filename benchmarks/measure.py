"""Measuring whole processes as a user runs them: wall time, CPU time and memory.

Each command runs in a subprocess. Its CPU time and the resident size of its
largest process come from the kernel's accounting of the finished process
tree (`os.wait4`): CPU time counts every worker process the command forked
and waited for, and is steadier than wall time on a machine shared with other
work. The memory of the whole tree (a build forks workers) is sampled from
`/proc` while it runs: the sum of every process's resident size, an upper
bound, since pages the workers share with their parent copy-on-write are
counted once in each.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
SAMPLE_SECONDS = 0.02
"""How often the process tree's memory is read (reading /proc/PID/statm is cheap)."""


@dataclass(frozen=True)
class Sample:
    """One run of a command."""

    wall: float
    """Seconds from start to exit."""
    cpu: float
    """User plus system CPU seconds of the process and every child it waited for."""
    max_rss: int
    """Bytes: the resident size of the largest single process of the tree."""
    tree_rss: int
    """Bytes: the largest sum of the resident sizes of the tree's live processes (0 if
    /proc cannot be read)."""
    stdout: str


@dataclass(frozen=True)
class Stats:
    """Median, min and max of a series."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        """The statistics of `values` (at least one)."""
        return cls(statistics.median(values), min(values), max(values))

    def show(self, scale: float = 1.0, digits: int = 3) -> str:
        """`median [min, max]`, each multiplied by `scale`."""
        m, lo, hi = (v * scale for v in (self.median, self.low, self.high))
        return f"{m:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"


def cardsmith_command() -> list[str]:
    """The installed `cardsmith` console script, run as a user runs it.

    It is looked up beside this interpreter (not through PATH, where a version
    manager's shim would add its own start-up time); without it, `python -m`.
    """
    folder = Path(sysconfig.get_path("scripts"))
    for name in ("cardsmith", "cardsmith.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    found = shutil.which("cardsmith", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "cardsmith.cli"]


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def _tree_rss(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            continue
        todo += _children(p)
    return total


def _tree_pss(pid: int) -> int:
    """The proportional set size of the tree: each shared page split among its sharers."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, ValueError, IndexError):
            continue
        todo += _children(p)
    return total


def environment() -> dict[str, str]:
    """The environment commands run in: this one, with Python's bytecode cache on.

    A shell may turn the cache off (PYTHONDONTWRITEBYTECODE); an installed package
    has its .pyc files, so each run would otherwise pay for compiling its modules.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(cmd: Sequence[str], *, cwd: Path | None = None, pss: bool = False) -> Sample:
    """Run `cmd` once, waiting for it, and measure it; raise if it fails.

    With `pss`, `tree_rss` is the tree's peak proportional set size instead, read
    every 0.2 s (reading it costs the kernel a walk of every page table, so the
    command runs slower: use it for a separate memory run).
    """
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=environment(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2 if pss else SAMPLE_SECONDS):
            peak[0] = max(peak[0], (_tree_pss if pss else _tree_rss)(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # Read the pipes before waiting, so a chatty command cannot block on a full pipe;
    # the wait itself is os.wait4, which returns the finished tree's resource usage.
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    readers = [threading.Thread(target=lambda s=s, c=c: c.append(s.read()), daemon=True)
               for s, c in ((proc.stdout, out_chunks), (proc.stderr, err_chunks))]
    for r in readers:
        r.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    for r in readers:
        r.join()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = b"".join(out_chunks).decode("utf-8", "replace")
    if proc.returncode != 0:
        stderr = b"".join(err_chunks).decode("utf-8", "replace")
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n{stderr[-2000:]}")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale, peak[0],
                  stdout)


def cpu_model() -> str:
    """The CPU's model name, as the system reports it."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> str:
    """The 1-minute load average (other work on the machine), or '?'."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def machine() -> str:
    """One line naming the machine: CPU, cores, memory, OS and Python."""
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * _PAGE / 2**30
        mem = f", {memory:.0f} GiB memory"
    except (ValueError, OSError, AttributeError):
        mem = ""
    return (f"{cpu_model()}, {os.cpu_count()} cores{mem}, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")
