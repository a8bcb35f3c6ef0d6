"""Running numbered jobs in forked worker processes, the calling process one of them.

The workers are forked after the decks are loaded, so they inherit them for
free; only each job's result (small: file names and a report, or rendered
Markdown) travels back, pickled through a pipe. Jobs are handed out one at a
time from a shared counter, so a process that finishes early takes the next.
The calling process works too: with two cores, one fork is enough, and the
decks exist once plus what the one child changes of them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import select
import signal
import struct
import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_HEADER = struct.Struct("<Q")


class WorkerDied(Exception):
    """A worker process ended before it sent back every job it took."""


class _Counter:
    """The next job's number, for when nothing is forked."""

    def __init__(self) -> None:
        self.value = 0
        self.lock = threading.Lock()

    def get_lock(self) -> threading.Lock:
        return self.lock


class _Pool(Generic[T]):
    def __init__(self, count: int, work: Callable[[int], T], stop: Callable[[T], bool],
                 progress: Callable[[int], None] | None, counter: Any) -> None:
        self.count = count
        self.work = work
        self.stop = stop
        self.progress = progress
        self.next = counter  # shared with the children when they are forked
        self.results: dict[int, T] = {}
        self.stopped = False
        self.lock = threading.Lock()

    def take(self) -> int | None:
        with self.next.get_lock():
            index = int(self.next.value)
            if index >= self.count:
                return None
            self.next.value = index + 1
            return index

    def loop(self, done: Callable[[int, T], None]) -> None:
        while (index := self.take()) is not None:
            result = self.work(index)
            if self.stop(result):
                with self.next.get_lock():  # the other jobs are not needed any more
                    self.next.value = self.count
            done(index, result)

    def record(self, index: int, result: T) -> None:
        with self.lock:
            self.results[index] = result
            self.stopped = self.stopped or self.stop(result)
            if self.progress:
                self.progress(len(self.results))


def run(count: int, work: Callable[[int], T], workers: int, *,
        stop: Callable[[T], bool] = lambda result: False,
        progress: Callable[[int], None] | None = None) -> dict[int, T]:
    """`{i: work(i)}` for every job `i` below `count`, computed by `workers` processes in all.

    Results must pickle. When `stop(result)` is true no further jobs start, and
    only the results made so far come back: the caller looks for the failure
    among them. `progress` is called with the number of jobs done. Without
    `fork` (Windows), or with one worker, every job runs here. Raises
    `WorkerDied` when a worker ended before sending what it took.
    """
    forks = min(workers, count) - 1
    if forks < 1 or "fork" not in multiprocessing.get_all_start_methods():
        pool = _Pool(count, work, stop, progress, _Counter())
        pool.loop(pool.record)
        return pool.results
    pool = _Pool(count, work, stop, progress, multiprocessing.get_context("fork").Value("q", 0))
    sys.stdout.flush()  # or a child would print the parent's buffered text again
    sys.stderr.flush()
    children: dict[int, int] = {}  # pid -> read end of its pipe
    reader: threading.Thread | None = None
    finished = False
    try:
        for _ in range(forks):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child, seen through its results
                os.close(read)
                _child(pool, write)
            os.close(write)
            children[pid] = read
        reader = threading.Thread(target=_collect, args=(pool, list(children.values())),
                                  daemon=True)
        reader.start()
        pool.loop(pool.record)
        finished = True
    finally:
        if not finished:  # Ctrl-C or a failure here: the children's work is not wanted
            for pid in children:
                _kill(pid)
        if reader is not None:
            reader.join()  # it ends when every child has closed its pipe
        statuses = {pid: os.waitpid(pid, 0)[1] for pid in children}
        for read in children.values():
            os.close(read)
    if not pool.stopped and len(pool.results) < count:
        died = [f"{_status(status)}" for status in statuses.values() if status]
        raise WorkerDied(f"a worker process ended early ({', '.join(died) or 'no reason'})")
    return pool.results


def _child(pool: _Pool[Any], write: int) -> None:
    """Take jobs and send each result home; never return (no parent's cleanup runs twice)."""
    code = 0
    try:
        # Ctrl-C reaches the whole process group: the parent alone decides what stops.
        signal.signal(signal.SIGINT, signal.SIG_IGN)

        def send(index: int, result: Any) -> None:
            data = pickle.dumps((index, result), protocol=pickle.HIGHEST_PROTOCOL)
            with memoryview(_HEADER.pack(len(data)) + data) as view:
                while view:
                    view = view[os.write(write, view):]

        pool.loop(send)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _collect(pool: _Pool[Any], reads: list[int]) -> None:
    """Read every child's results as they come, so no child waits on a full pipe."""
    buffers = {fd: bytearray() for fd in reads}
    open_fds = set(reads)
    while open_fds:
        ready, _, _ = select.select(list(open_fds), [], [])
        for fd in ready:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                open_fds.discard(fd)
                continue
            buffer = buffers[fd]
            buffer += chunk
            while len(buffer) >= _HEADER.size:
                (size,) = _HEADER.unpack_from(buffer)
                if len(buffer) < _HEADER.size + size:
                    break
                index, result = pickle.loads(buffer[_HEADER.size:_HEADER.size + size])
                del buffer[:_HEADER.size + size]
                pool.record(index, result)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it may have ended already
        os.kill(pid, signal.SIGTERM)


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"
