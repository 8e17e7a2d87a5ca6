"""The pipeline, top to bottom: load, validate, render pages, export the MkDocs project, run MkDocs.

Everything is gathered and resolved before anything is written; content with errors stops the
build before `site/` is touched.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.archive import Archive
from generator.config import load_config
from generator.diagnostics import Diagnostic, has_errors, promote_warnings
from generator.engine import run_mkdocs
from generator.load import load_archive
from generator.mkdocs_project import PROJECT_DIR, mkdocs_config, write_project
from generator.pages import guide_markdown, render_pages
from generator.validate import validate_archive

THEME_DIR = "theme"
SITE_DIR = "site"


@dataclass(frozen=True)
class CheckResult:
    archive: Archive | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.archive is not None and not has_errors(self.diagnostics)


@dataclass(frozen=True)
class BuildResult(CheckResult):
    pages_written: int = 0
    pages_changed: int = 0


def check(root: Path, strict: bool = False) -> CheckResult:
    """Load and validate; never writes anything."""
    config, diagnostics = load_config(root)
    archive = None
    if config is not None and not has_errors(diagnostics):
        archive, problems = load_archive(root, config)
        diagnostics += problems
        diagnostics += validate_archive(archive)
    if strict:
        diagnostics = promote_warnings(diagnostics)
    return CheckResult(archive, diagnostics)


def build(root: Path, site_dir: Path | None = None, strict: bool = False) -> BuildResult:
    checked = check(root, strict)
    if not checked.ok:
        return BuildResult(checked.archive, checked.diagnostics)
    archive = checked.archive
    pages = render_pages(archive, guide_markdown())
    project = root / PROJECT_DIR
    changed = write_project(project, pages, mkdocs_config(archive, root / THEME_DIR))
    run_mkdocs(project, site_dir or root / SITE_DIR, source_date_epoch(archive))
    return BuildResult(archive, checked.diagnostics, len(pages), changed)


def source_date_epoch(archive: Archive) -> int:
    """The build's notion of 'now' comes from the content, never the clock, so two builds of the
    same content are byte-identical (MkDocs stamps the sitemap with it)."""
    latest = max((m.date for m in archive.meetings), default=dt.date(2000, 1, 1))
    return calendar.timegm(latest.timetuple())
