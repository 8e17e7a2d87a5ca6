"""Stage 5b, run the engines into a staging folder, then publish it atomically.

MkDocs renders and Pagefind indexes into a fresh folder beside `site/`; only when every step
succeeded does it replace `site/`, in one rename, so a failed, interrupted or killed build never
destroys the previous good site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.mkdocs_project import CONFIG_NAME


class EngineError(Exception):
    """An engine failed; carries its output."""


def build_into(site_dir: Path, steps: Iterable[Callable[[Path], None]], from_previous: bool = False) -> None:
    """Run each step on a staging folder, then make it `site_dir`. With `from_previous` the
    staging folder starts as a copy of the current site (times kept), for incremental steps."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for leftover in site_dir.parent.glob(f".{site_dir.name}-building-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # from a build that was killed
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    try:
        if from_previous:
            shutil.copytree(site_dir, staging, dirs_exist_ok=True)
        for step in steps:
            step(staging)
        _publish(staging, site_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def run_mkdocs(project: Path, output: Path, source_date_epoch: int, dirty: bool = False) -> None:
    """Render the project into `output`; `dirty` rebuilds only pages whose source is newer."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--dirty" if dirty else "--clean",
               "-f", str(project / CONFIG_NAME), "-d", str(output)]
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        raise EngineError((result.stdout + result.stderr).strip() or f"mkdocs exited {result.returncode}")


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _publish(staging: Path, site_dir: Path) -> None:
    previous = site_dir.with_name(f".{site_dir.name}-previous")
    if previous.exists():
        shutil.rmtree(previous)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    if previous.exists():
        shutil.rmtree(previous)
