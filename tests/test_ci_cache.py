"""The Pages workflow keeps the build record between runs (.github/workflows/pages.yml): GitHub's
cache action saves the MkDocs project with the record (.scrutiny/), the site and the spare site,
and restores them before the next run's build. A run checks the repository out afresh, so every
source file has a new modification time, and the cache comes back as a tar archive unpacks: the
same paths, the same modification times, new inodes. Whatever comes back (nothing, a cache from
older content, a damaged record), the build must succeed and publish what a clean build does,
byte for byte; with a sound cache, a push that edits one minute rebuilds incrementally."""

from __future__ import annotations

import io
import os
import re
import shutil
import tarfile
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, PROJECT_ROOT, add_meetings, copy_archive, run_cli, stable_digest

WORKFLOW = PROJECT_ROOT / ".github/workflows/pages.yml"
MEETINGS = "content/testshire/overview-scrutiny"
SOURCES = ("site_config.yml", "content", "theme")


def _cache_step() -> dict:
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    [step] = [step for step in steps if step.get("uses", "").startswith("actions/cache")]
    return step


def cached_paths() -> list[str]:
    return _cache_step()["with"]["path"].split()


# The repository's content at three commits, oldest first: the cache may come from any earlier one.
def older_content(root: Path) -> None:
    add_meetings(root, 4)


def cached_content(root: Path) -> None:
    add_meetings(root, 3)


def pushed_content(root: Path) -> None:
    """The push being built: one word of one minute edited since the cached build."""
    add_meetings(root, 3)
    minutes = root / MEETINGS / "2016-06-01/minutes.md"
    minutes.write_text(minutes.read_text().replace("There were no apologies.", "There were no apologies today."))


def checkout(workspace: Path, content) -> Path:
    """The repository checked out at a commit holding `content`: a fresh folder whose every file
    is newer than anything a cache holds."""
    shutil.rmtree(workspace, ignore_errors=True)
    copy_archive(FIXTURES / "minimal-archive", workspace)
    content(workspace)
    later = time.time() + 60
    for path in workspace.rglob("*"):
        os.utime(path, (later, later))
    return workspace


def build(root: Path) -> str:
    result = run_cli("build", "--root", str(root), "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def save_cache(root: Path) -> bytes:
    """What the cache action saves: the workflow's cached paths, as a tar archive."""
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        for pattern in cached_paths():
            for path in sorted(root.glob(pattern)):
                tar.add(path, arcname=path.relative_to(root).as_posix())
    return archive.getvalue()


def restore_cache(saved: bytes, root: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(saved)) as tar:
        tar.extractall(root, filter="tar")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """Where every run checks the repository out: always the same folder, as on GitHub's runners."""
    return tmp_path_factory.mktemp("runner") / "repository"


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> dict[str, str]:
    """The pushed content built from nothing, as a run with no cache builds it."""
    root = checkout(tmp_path_factory.mktemp("no-cache") / "repository", pushed_content)
    assert "(full build)" in build(root)
    return stable_digest(root / "site")


def cache_of(workspace: Path, content) -> bytes:
    """The cache a run saved after building `content` in `workspace`."""
    build(checkout(workspace, content))
    return save_cache(workspace)


@pytest.fixture(scope="module")
def saved(workspace) -> bytes:
    """The cache the run before the push saved."""
    return cache_of(workspace, cached_content)


def test_a_restored_cache_rebuilds_an_edited_minute_incrementally_as_a_clean_build_would(workspace, saved,
                                                                                         clean_site):
    root = checkout(workspace, pushed_content)
    restore_cache(saved, root)
    summary = build(root)
    assert "(incremental" in summary, summary
    assert stable_digest(root / "site") == clean_site
    assert "There were no apologies today." in (root / "site/testshire/overview-scrutiny/2016-06-01/index.html").read_text()


def test_a_cache_from_older_content_is_brought_up_to_date(workspace, clean_site):
    """Older content: a meeting since deleted, and the minute not yet edited."""
    saved = cache_of(workspace, older_content)
    root = checkout(workspace, pushed_content)
    restore_cache(saved, root)
    build(root)
    assert stable_digest(root / "site") == clean_site


def _remove_record(root: Path) -> None:
    for path in (root / ".scrutiny").glob("*.json"):
        path.unlink()


def _corrupt_record(root: Path) -> None:
    for path in (root / ".scrutiny").iterdir():
        if path.is_file() and path.name != "mkdocs.yml":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2] + b"\x00\xff{[")


def _remove_every_other_project_page(root: Path) -> None:
    for path in sorted((root / ".scrutiny/docs").rglob("*.md"))[::2]:
        path.unlink()


def _remove_the_spare_site(root: Path) -> None:
    for path in root.glob(".site-*"):
        shutil.rmtree(path) if path.is_dir() else path.unlink()


def _remove_the_site(root: Path) -> None:
    shutil.rmtree(root / "site")


def _remove_the_project(root: Path) -> None:
    shutil.rmtree(root / ".scrutiny")


@pytest.mark.parametrize("damage", [_remove_record, _corrupt_record, _remove_every_other_project_page,
                                    _remove_the_spare_site, _remove_the_site, _remove_the_project],
                         ids=lambda damage: damage.__name__.strip("_"))
def test_a_damaged_cache_falls_back_to_the_clean_builds_site(workspace, saved, clean_site, damage):
    root = checkout(workspace, pushed_content)
    restore_cache(saved, root)
    damage(root)
    build(root)
    assert stable_digest(root / "site") == clean_site


def test_a_cache_restored_into_another_folder_builds_the_clean_builds_site(saved, clean_site, tmp_path):
    """A runner whose workspace is elsewhere: the record speaks of another site, so it is not
    trusted, and a build with new inodes and modification times still publishes the same."""
    root = checkout(tmp_path / "elsewhere", pushed_content)
    restore_cache(saved, root)
    build(root)
    assert stable_digest(root / "site") == clean_site


def test_a_whole_workspace_copied_keeps_building_the_clean_builds_site(workspace, clean_site, tmp_path):
    """The workspace copied as it is (shutil.copytree: modification times kept, inodes new, the
    spare site's hard links made copies), then the push's content checked out over it."""
    build(checkout(workspace, cached_content))
    root = tmp_path / "copy"
    shutil.copytree(workspace, root, symlinks=True)
    fresh = checkout(tmp_path / "fresh", pushed_content)
    for name in SOURCES:
        shutil.rmtree(root / name) if (root / name).is_dir() else (root / name).unlink()
        shutil.move(fresh / name, root / name)
    build(root)
    assert stable_digest(root / "site") == clean_site


def test_the_workflow_caches_the_build_record_with_an_action_pinned_by_commit(tmp_path):
    step = _cache_step()
    assert re.fullmatch(r"actions/cache@[0-9a-f]{40}", step["uses"]), step["uses"]
    assert re.search(r"actions/cache@[0-9a-f]{40} # v\d", WORKFLOW.read_text(encoding="utf-8"))
    assert step["with"]["key"] and step["with"]["restore-keys"]
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    names = [s.get("uses", s.get("name", "")) for s in steps]
    restore, build_step = names.index(step["uses"]), next(i for i, n in enumerate(names) if n.startswith("Build"))
    assert names.index(next(n for n in names if n.startswith("actions/checkout"))) < restore < build_step

    # Everything a build leaves beside the archive's sources is cached (the reference report is
    # for the maintainer, and the next build does not read it), and every cached path is there.
    root = copy_archive(FIXTURES / "minimal-archive", tmp_path / "archive")
    build(root)
    left = {path.name for path in root.iterdir()} - set(SOURCES) - {"reference-report.json"}
    assert left == {path.name for pattern in cached_paths() for path in root.glob(pattern)}
    assert all(list(root.glob(pattern)) for pattern in cached_paths())
