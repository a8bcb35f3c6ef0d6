"""Jobs shared between the calling process and forked workers."""

from __future__ import annotations

import os
import signal
import time

import pytest

from cardsmith.build import workers

PARENT = os.getpid()


def square(i: int) -> tuple[int, int]:
    return i * i, os.getpid()


@pytest.mark.parametrize("processes", [1, 2, 3, 8])
def test_every_job_runs_once_and_comes_back_by_number(processes: int) -> None:
    done: list[int] = []
    results = workers.run(20, square, processes, progress=done.append)
    assert {i: r[0] for i, r in results.items()} == {i: i * i for i in range(20)}
    assert done == list(range(1, 21))
    if processes == 1:  # nothing forked; with more, who takes which quick job is a race
        assert {pid for _, pid in results.values()} == {PARENT}


def test_the_calling_process_works_too() -> None:
    def slow(i: int) -> int:
        time.sleep(0.05)
        return os.getpid()

    pids = set(workers.run(12, slow, 2).values())
    assert PARENT in pids and len(pids) == 2


def test_a_failed_job_stops_the_others() -> None:
    def work(i: int) -> str:
        time.sleep(0.01)
        return "failed" if i == 1 else "ok"

    results = workers.run(50, work, 2, stop=lambda r: r == "failed")
    assert results[1] == "failed" and len(results) < 10


def test_a_killed_worker_is_reported() -> None:
    def work(i: int) -> int:
        if os.getpid() != PARENT:
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        time.sleep(0.05)
        return i

    with pytest.raises(workers.WorkerDied, match=r"ended early \(signal 9\)"):
        workers.run(4, work, 2)


def test_an_interrupted_parent_stops_its_workers() -> None:
    started: list[int] = []

    def work(i: int) -> int:
        if os.getpid() == PARENT:
            started.append(i)
            raise KeyboardInterrupt
        time.sleep(30)  # a child: only a kill ends this in time
        return i

    begin = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        workers.run(4, work, 2)
    assert time.monotonic() - begin < 10 and started
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind, not even a zombie


def test_big_results_travel_whole() -> None:
    results = workers.run(3, lambda i: bytes([i]) * 5_000_000, 3)
    assert [len(r) == 5_000_000 and r[:1] == bytes([i]) for i, r in sorted(results.items())] == [
        True] * 3
