"""The one place a build starts other processes; every one of them dies with the build.

Two kinds:

- **Forked copies** of this process (Linux), for pure Python work on what the build has already
  read: reading ahead, bringing the spare site up to date, a share of the pages or of the
  references (`started`, `run_shared`). The copy starts at once, without importing anything, and
  sends its result back pickled. Where processes cannot fork, the work runs in a thread.
- **Engines**, `python -m MODULE ARGS...` run through this module as a trampoline
  (`python -m generator.processes.helpers PARENT_PID MODULE ARGS...`): MkDocs's shares of the
  pages, Pagefind (`start_engine`, `run_engine`).

A build killed outright (`kill -9`, the out-of-memory killer) cannot stop its helpers; left
running, an engine would go on writing into the killed build's staging folder after the next
build had claimed it, and a forked copy blocked on a pipe would live on, adopted by init. So each
asks the kernel, before anything else, to kill it when the thread that started it goes
(`die_with_parent`, Linux's parent-death signal); a build waits for every helper it starts, from
the thread that started it. Elsewhere a helper runs as it would have.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import runpy
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any, TypeVar

Result = TypeVar("Result")

CAN_FORK = sys.platform.startswith("linux")
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# A fork between making a pipe and closing the parent's write end would hand that end to another
# child, which would then hold the pipe open after its writer died: forks take turns.
_forking = threading.Lock()


class HelperFailed(Exception):
    """A forked copy exited without sending a result (it raised, or was killed)."""


def die_with_parent(parent_pid: int) -> None:
    """Ask the kernel to kill this process when its parent goes; exit now if it has gone."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent_pid:  # the parent died before the request was made
            os._exit(1)


@contextlib.contextmanager
def started(work: Callable[..., Result], *arguments: Any) -> Iterator[Future[Result]]:
    """`work(*arguments)` in a forked copy of this process while the block runs; the future holds
    its result, or `HelperFailed`. Leaving the block waits for the copy; leaving it on an
    exception kills the copy first, so none outlives the block."""
    if not CAN_FORK:
        future: Future[Result] = Future()
        thread = threading.Thread(target=_run_into, args=(future, work, arguments), daemon=True)
        thread.start()
        try:
            yield future
        finally:
            thread.join()
        return
    pid, future = _fork(work, arguments)
    try:
        yield future
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        raise
    finally:
        future.exception()  # waits for the copy to end and be reaped


def run_shared(jobs: list[Callable[[], Result]], workers: int, worth_forking: int) -> list[Result]:
    """Run the jobs, in order: every n-th in one of `workers` processes, this one included, if
    there are at least `worth_forking` of them, else all here. A copy that fails costs time, not
    results: its share is done here."""
    if workers < 2 or len(jobs) < worth_forking or not CAN_FORK:
        return [job() for job in jobs]
    shares: list[list[Result]] = []
    with contextlib.ExitStack() as helpers:
        others = [helpers.enter_context(started(_run_all, jobs[index::workers])) for index in range(1, workers)]
        shares.append(_run_all(jobs[0::workers]))
        for index, other in enumerate(others, start=1):
            shares.append(other.result() if other.exception() is None else _run_all(jobs[index::workers]))
    results: list[Result] = [None] * len(jobs)  # type: ignore[list-item]
    for index, share in enumerate(shares):
        results[index::workers] = share
    return results


def _run_all(jobs: list[Callable[[], Result]]) -> list[Result]:
    return [job() for job in jobs]


def _run_into(future: Future, work: Callable, arguments: tuple) -> None:
    try:
        future.set_result(work(*arguments))
    except BaseException as error:
        future.set_exception(error)


def _fork(work: Callable[..., Result], arguments: tuple) -> tuple[int, Future[Result]]:
    """Fork a copy running `work`; a thread of this process collects its result and reaps it."""
    with _forking:
        read_end, write_end = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            _child(parent, read_end, write_end, work, arguments)
        os.close(write_end)
    future: Future[Result] = Future()
    threading.Thread(target=_collect, args=(pid, read_end, future), name=f"helper {pid}", daemon=True).start()
    return pid, future


def _child(parent: int, read_end: int, write_end: int, work: Callable, arguments: tuple) -> None:
    """The forked copy: never returns, and never runs the parent's exit handlers."""
    status = 1
    try:
        die_with_parent(parent)
        os.close(read_end)
        result = work(*arguments)
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)


def _collect(pid: int, read_end: int, future: Future) -> None:
    try:
        with os.fdopen(read_end, "rb") as pipe:
            result, sent = pickle.load(pipe), True
    except Exception:  # EOF, a broken pickle: the copy failed
        result, sent = None, False
    _, status = os.waitpid(pid, 0)
    if sent and status == 0:
        future.set_result(result)
    else:
        future.set_exception(HelperFailed(f"helper process {pid} exited with status {status}"))


def engine_command(module: str, *arguments: str) -> list[str]:
    """The command line running `python -m module arguments...` as a helper of this process."""
    return [sys.executable, "-m", __name__, str(os.getpid()), module, *arguments]


def start_engine(module: str, *arguments: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`python -m module arguments...` started, its output (standard output and error together)
    on a pipe: wait for it with `communicate()`, kill it if the build gives up on it."""
    return subprocess.Popen(engine_command(module, *arguments), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)


def run_engine(module: str, *arguments: str) -> subprocess.CompletedProcess:
    """`python -m module arguments...` run to its end, its output captured."""
    return subprocess.run(engine_command(module, *arguments), capture_output=True, text=True)


def main(argv: list[str]) -> None:
    """The engine's side of `engine_command`."""
    parent_pid, module, *arguments = argv
    die_with_parent(int(parent_pid))
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
