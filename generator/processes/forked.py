"""Pure work shared out to forked copies of this process, where processes can fork (Linux).

Python runs one thread at a time; rendering pages and finding references are pure functions of
what the build has already read, so a forked copy of the process can do a share of them and send
the results back pickled, while this process does its own share. A copy that fails costs time,
not results: its share is done here.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from typing import TypeVar

from generator.processes.child import die_with_parent

Result = TypeVar("Result")


def run_shared(jobs: list[Callable[[], Result]], workers: int, worth_forking: int) -> list[Result]:
    """Run the jobs, in order: every n-th in one of `workers` processes, this one included, if
    there are at least `worth_forking` of them, else all here."""
    if workers < 2 or len(jobs) < worth_forking or not sys.platform.startswith("linux"):
        return [job() for job in jobs]
    children = [_fork_worker(jobs[index::workers]) for index in range(1, workers)]
    shares = [[job() for job in jobs[0::workers]]]
    for index, (pid, pipe) in enumerate(children, start=1):
        shares.append(_collect_worker(pid, pipe) or [job() for job in jobs[index::workers]])
    results: list[Result] = [None] * len(jobs)  # type: ignore[list-item]
    for index, share in enumerate(shares):
        results[index::workers] = share
    return results


def _fork_worker(jobs: list[Callable[[], Result]]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        die_with_parent(parent)  # a build killed outright takes its share-workers with it
        os.close(read_end)
        status = 1
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump([job() for job in jobs], pipe, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect_worker(pid: int, read_end: int) -> list | None:
    try:
        with os.fdopen(read_end, "rb") as pipe:
            results = pickle.load(pipe)
    except (EOFError, pickle.UnpicklingError):
        results = None
    _, status = os.waitpid(pid, 0)
    return results if status == 0 else None
