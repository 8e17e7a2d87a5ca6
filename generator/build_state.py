"""The record of the last successful build: what the site in `site/` was built from.

A build may start from that site and redo only what changed (MkDocs's --dirty for pages, one
search bundle per council) when the engines' inputs other than pages are the same as last time:
the theme, the generator's version, mkdocs.yml and the set of pages. Anything else, or any
doubt, means a full build.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator import __version__

STATE_FILE = "build-state.json"


def engine_fingerprint(theme_dir: Path, generator_dir: Path) -> str:
    digest = hashlib.sha256(__version__.encode())
    for folder in (theme_dir, generator_dir):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def can_build_incrementally(project: Path, site_dir: Path, fingerprint: str) -> bool:
    state_path = project / STATE_FILE
    if not site_dir.is_dir() or not state_path.is_file():
        return False
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return state == {"fingerprint": fingerprint, "site": str(site_dir.resolve())}


def record_build(project: Path, site_dir: Path, fingerprint: str) -> None:
    state = {"fingerprint": fingerprint, "site": str(site_dir.resolve())}
    (project / STATE_FILE).write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")


def forget_build(project: Path) -> None:
    (project / STATE_FILE).unlink(missing_ok=True)
