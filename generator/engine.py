"""Stage 5b, run the rendering engine (MkDocs) on the exported project, then publish atomically.

MkDocs writes into a fresh folder beside `site/`; only a complete build replaces `site/`, so a
failed build never destroys the previous good site.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.mkdocs_project import CONFIG_NAME


class EngineError(Exception):
    """MkDocs failed; carries its output."""


def run_mkdocs(project: Path, site_dir: Path, source_date_epoch: int) -> None:
    """Build `project` into `site_dir` (replacing it only on success)."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for leftover in site_dir.parent.glob(f".{site_dir.name}-building-*"):
        shutil.rmtree(leftover, ignore_errors=True)  # from a build that was killed
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch)}
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean",
               "-f", str(project / CONFIG_NAME), "-d", str(staging)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=environment)
        if result.returncode != 0:
            raise EngineError((result.stdout + result.stderr).strip() or f"mkdocs exited {result.returncode}")
        _publish(staging, site_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def _publish(staging: Path, site_dir: Path) -> None:
    previous = site_dir.with_name(f".{site_dir.name}-previous")
    if previous.exists():
        shutil.rmtree(previous)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    if previous.exists():
        shutil.rmtree(previous)
