"""Shared fixtures: the sample archive built once per test session, and archive copies to break."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build
from generator.publish.search import PAGEFIND_UNSTABLE

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def digest(folder: Path) -> dict[str, str]:
    """Every file under `folder`, by its path, with the digest of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def stable_digest(folder: Path) -> dict[str, str]:
    """`digest`, without the Pagefind files whose bytes change from run to run."""
    return {p: h for p, h in digest(folder).items() if not PAGEFIND_UNSTABLE.match(p)}


def copy_archive(source: Path, destination: Path) -> Path:
    """A writable copy of an archive (site_config.yml, content/, theme/)."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "site_config.yml", destination / "site_config.yml")
    shutil.copytree(source / "content", destination / "content")
    theme = source / "theme" if (source / "theme").is_dir() else PROJECT_ROOT / "theme"
    shutil.copytree(theme, destination / "theme")
    return destination


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT)


def add_meetings(root: Path, count: int) -> None:
    """Copies of the fixture meeting on later dates, as a growing archive would have."""
    source = root / "content/testshire/overview-scrutiny/2016-06-01"
    for day in range(count):
        target = source.parent / f"2017-{1 + day // 28:02d}-{1 + day % 28:02d}"
        shutil.copytree(source, target)
        minutes = target / "minutes.md"
        minutes.write_text(minutes.read_text().replace("confirmed_on: 2016-07-06", "confirmed_on: 2019-01-01"))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample archive (content/) built once; tests read its pages."""
    root = copy_archive(PROJECT_ROOT, tmp_path_factory.mktemp("sample"))
    result = build(root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return root / "site"


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    return copy_archive(PROJECT_ROOT, tmp_path / "archive")


@pytest.fixture
def minimal_copy(tmp_path) -> Path:
    return copy_archive(FIXTURES / "minimal-archive", tmp_path / "archive")
