"""Run an engine (MkDocs's share of the pages, or Pagefind) as a process that dies with the build
that started it: `python -m generator.processes.child PARENT_PID MODULE ARGS...` runs `python -m
MODULE ARGS...`.

A build killed outright (`kill -9`, the out-of-memory killer) cannot stop its engines; left
running, they would go on writing into the killed build's staging folder after the next build
had claimed it. On Linux the kernel kills the engine when its parent goes, as it asks here before
anything else; elsewhere, the engine runs as it would have.
"""

from __future__ import annotations

import ctypes
import os
import runpy
import signal
import sys

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent_pid:  # the parent died before the request was made
            os._exit(1)


def command(module: str, *arguments: str) -> list[str]:
    """The command line running `python -m module arguments...` as a child of this process."""
    return [sys.executable, "-m", "generator.processes.child", str(os.getpid()), module, *arguments]


def main(argv: list[str]) -> None:
    parent_pid, module, *arguments = argv
    die_with_parent(int(parent_pid))
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
