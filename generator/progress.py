"""Progress of a build, stage by stage: a bar on a terminal, plain lines elsewhere (CI logs), or
nothing with `--quiet`.

A `Progress` is the `stage` hook the pipeline calls around each stage (see `build.STAGES`); it
writes to standard error, so standard output keeps only diagnostics and the summary line.
"""

from __future__ import annotations

import contextlib
import enum
import sys
import threading
import time
from typing import TextIO

BAR_WIDTH = 24
REDRAW_SECONDS = 0.25


class Mode(enum.Enum):
    BAR = "bar"
    LINES = "lines"
    QUIET = "quiet"


def mode_for(stream: TextIO, quiet: bool) -> Mode:
    if quiet:
        return Mode.QUIET
    return Mode.BAR if stream.isatty() else Mode.LINES


class Progress:
    """Reports each of `stages` as the pipeline enters and leaves it."""

    def __init__(self, stages: tuple[str, ...], mode: Mode, stream: TextIO = sys.stderr):
        self.stages = stages
        self.mode = mode
        self.stream = stream

    @contextlib.contextmanager
    def stage(self, name: str):
        position = self.stages.index(name) + 1
        label = f"[{position}/{len(self.stages)}] {name}"
        start = time.perf_counter()
        if self.mode is Mode.LINES:
            self.stream.write(f"{label} ...")
            self.stream.flush()
        with self._redrawing(position, name, start):
            yield
        if self.mode is Mode.LINES:
            self.stream.write(f" {time.perf_counter() - start:.1f} s\n")
            self.stream.flush()
        if self.mode is Mode.BAR and position == len(self.stages):
            self.stream.write("\r\033[K")
            self.stream.flush()

    @contextlib.contextmanager
    def _redrawing(self, position: int, name: str, start: float):
        """On a terminal, redraw the bar while the stage runs, so a long MkDocs run visibly ticks."""
        if self.mode is not Mode.BAR:
            yield
            return
        finished = threading.Event()

        def redraw():
            while True:
                self.stream.write("\r\033[K" + bar_line(position - 1, len(self.stages), name,
                                                        time.perf_counter() - start))
                self.stream.flush()
                if finished.wait(REDRAW_SECONDS):
                    return

        ticker = threading.Thread(target=redraw, daemon=True)
        ticker.start()
        try:
            yield
        finally:
            finished.set()
            ticker.join()


def bar_line(done: int, total: int, name: str, seconds: float) -> str:
    filled = BAR_WIDTH * done // total
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total} {name} {seconds:.1f} s"
