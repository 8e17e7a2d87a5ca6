"""The pipeline, top to bottom: load, validate, link references, render pages, export the MkDocs
project, then render it with MkDocs (the data exports are prepared meanwhile, MkDocs running in
processes of its own) and index it with Pagefind (the exports are written meanwhile), into a
staging folder that replaces site/.

Everything is gathered and resolved before anything is written; content with errors stops the
build before `site/` is touched.
"""

from __future__ import annotations

import calendar
import contextlib
import gc
import json
import datetime as dt
import multiprocessing
import os
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.records.archive import Archive
from generator.read.attachments import CheckedFiles, PublishedFile, check_files
from generator.incremental.build_state import (
    PreviousBuild,
    engine_fingerprint,
    forget_build,
    forget_pages,
    previous_build,
    recall,
    record_build,
    record_pages,
    remember,
    RenderedBefore,
    rendered_before,
)
from generator.read.config_file import load_config
from generator.records.diagnostics import Diagnostic, has_errors, promote_warnings
from generator.publish.engine import build_into, prepare_spare, run_mkdocs
from generator.processes.child import die_with_parent
from generator.exports import (
    ExportFile,
    outline_export_files,
    remove_stale_generated,
    rewritten_export_files,
    write_generated,
)
from generator.link.links import LinkedArchive, Resolver, link_archive, reference_report
from generator.read.load import CONTENT_DIR, load_archive
from generator.publish.mkdocs_project import DOCS_DIR, PROJECT_DIR, ProjectChanges, mkdocs_config, write_project
from generator.render.page_inputs import page_inputs
from generator.render.pages import Page, guide_markdown, render_pages
from generator.exports.redirects import redirect_files, redirects
from generator.publish.search import index_site
from generator.exports.search_map import search_map_files
from generator.records.site_paths import bundle_of, search_bundles
from generator.read.sources import YamlMemo, read_ahead
from generator.read.validate import validate_archive

THEME_DIR = "theme"
SITE_DIR = "site"
REFERENCE_REPORT = "reference-report.json"
# Where processes can fork (Linux), a helper process starts at once, without importing anything.
_FORK = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
CHECK_STAGES = ("load", "validate", "link")
YAML_MEMO, REFERENCES_MEMO = "yaml", "references"  # in .scrutiny/, as <name>.pickle
BUILD_STAGES = CHECK_STAGES + ("render pages", "export project", "mkdocs", "search index", "write exports")


@dataclass(frozen=True)
class CheckResult:
    archive: Archive | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    resolver: Resolver | None = None
    linked: LinkedArchive | None = None
    yaml: YamlMemo | None = None
    published: list[PublishedFile] = field(default_factory=list)  # files beside the pages
    files: CheckedFiles | None = None  # and the pages that links to record files lead to

    @property
    def ok(self) -> bool:
        return self.archive is not None and not has_errors(self.diagnostics)


@dataclass(frozen=True)
class BuildResult(CheckResult):
    pages_written: int = 0
    pages_rendered: int = 0
    pages_changed: int = 0
    incremental: bool = False
    bundles_indexed: tuple[str, ...] = ()


def _untimed(stage: str):
    return contextlib.nullcontext()


@contextlib.contextmanager
def _no_cycle_collection():
    """A build makes millions of long-lived objects and hardly any reference cycles, yet the
    cycle collector, however rarely it runs, rescans the ever larger heap: in a large archive it
    cost a large share of the time that loading, validating and linking take, even with its
    thresholds raised far above the default. So it is off for the build, whose peak memory grows
    a little (the cycles it leaves being few). Switched back on, the collector would first scan
    every object made meanwhile, at a like cost, so they are moved to its oldest
    generation (freeze, unfreeze), which it scans only when that has grown by a quarter: the
    few cycles left (Jinja's, Markdown's) wait until then, or a `gc.collect()`."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _with_parent(parent_pid: int, work, *arguments) -> None:
    """`work` in a helper process that dies with the build, even one killed outright."""
    die_with_parent(parent_pid)
    work(*arguments)


@contextlib.contextmanager
def _reading_ahead(folder: Path):
    """`read_ahead` in a process of its own (where processes can fork) while the caller reads."""
    if _FORK is None:
        yield
        return
    reader = _FORK.Process(target=_with_parent, args=(os.getpid(), read_ahead, folder), name="read ahead", daemon=True)
    reader.start()
    try:
        yield
    finally:
        reader.join()


def check(root: Path, strict: bool = False, stage=_untimed) -> CheckResult:
    """Load and validate; never writes anything. `stage(name)`, a context manager entered around
    each of CHECK_STAGES (BUILD_STAGES for `build`), may report progress or time them."""
    with _no_cycle_collection():
        return _check(root, strict, stage)


def _check(root: Path, strict: bool, stage) -> CheckResult:
    """See `check`. What earlier builds remembered (memo.py) is read, never written, here."""
    config, diagnostics = load_config(root)
    archive = resolver = linked = files = None
    yaml = YamlMemo(recall(root / PROJECT_DIR, YAML_MEMO))
    if config is not None and not has_errors(diagnostics):
        with stage("load"), _reading_ahead(root / CONTENT_DIR):
            archive, problems = load_archive(root, config, yaml)
            diagnostics += problems
        with stage("validate"):
            diagnostics += validate_archive(archive)
            files = check_files(archive, root)
            diagnostics += files.diagnostics
        with stage("link"):
            resolver, linked, problems = link_archive(archive, recall(root / PROJECT_DIR, REFERENCES_MEMO))
            diagnostics += problems
    if strict:
        diagnostics = promote_warnings(diagnostics)
    return CheckResult(archive, diagnostics, resolver, linked, yaml, files.published if files else [], files)


def build(root: Path, site_dir: Path | None = None, strict: bool = False, stage=_untimed) -> BuildResult:
    with _no_cycle_collection():
        return _build(root, site_dir, strict, stage)


def _build(root: Path, site_dir: Path | None, strict: bool, stage) -> BuildResult:
    project = root / PROJECT_DIR
    site = site_dir or root / SITE_DIR
    fingerprint = engine_fingerprint(root / THEME_DIR, Path(__file__).parent)
    with contextlib.ExitStack() as running:
        spare = None
        if previous_build(project, site, fingerprint) is not None:
            # An incremental build starts from a copy of the site: it is made while the archive
            # is read, in a process of its own (it is Python too, and would wait for this one).
            spare = running.enter_context(ProcessPoolExecutor(
                max_workers=1, mp_context=_FORK, initializer=die_with_parent, initargs=(os.getpid(),))).submit(
                prepare_spare, site)
        background = running.enter_context(ThreadPoolExecutor(max_workers=2))
        checked = _check(root, strict, stage)
        if not checked.ok:
            return BuildResult(checked.archive, checked.diagnostics, checked.resolver, checked.linked)
        return _render_and_publish(root, site, fingerprint, checked, spare, background, stage)


def _render_and_publish(root: Path, site: Path, fingerprint: str, checked: CheckResult, spare: Future | None,
                        background: ThreadPoolExecutor, stage) -> BuildResult:
    archive = checked.archive
    project = root / PROJECT_DIR
    with stage("render pages"):
        inputs = page_inputs(archive, checked.linked)
        pages = render_pages(archive, checked.linked, guide_markdown(), inputs,
                             rendered_before(project, project / DOCS_DIR, fingerprint), files=checked.files)
    with stage("export project"):
        changes = _export_project(root, fingerprint, checked, pages)
    previous = previous_build(project, site, fingerprint)
    incremental = not changes.removed and not changes.config_changed and previous is not None
    rewritten: list[str] = []  # by MkDocs: their search bundles are indexed again
    forget_build(project)

    def timed(name, step):
        def run(staging):
            with stage(name):
                return step(staging)
        return run

    indexed: list[str] = []
    prepared: list[Future] = []  # the exports, prepared while MkDocs runs
    exports_written = threading.Event()  # then a full build makes its spare site (build_into)

    def prepare_meanwhile() -> None:
        """Started once MkDocs's processes are: not before, when it would slow down, by holding
        the GIL, the scan of the project for what MkDocs will rewrite (several times slower)."""
        prepared.append(background.submit(prepare_exports, root, archive, checked.linked, pages, inputs.outline,
                                          previous if incremental else None))

    def render_site(staging: Path) -> list[str] | None:
        written = run_mkdocs(project, staging, source_date_epoch(archive), dirty=incremental,
                             meanwhile=prepare_meanwhile)
        rewritten.extend(written or ())
        return written

    def index_while_writing_exports(staging: Path) -> list[str]:
        """Pagefind reads only the councils' pages, never our exports and redirects, so those are
        written meanwhile; stale ones are removed after it, so nothing vanishes under it. Returns
        what changed, but for a full build's exports (its spare site is made once they are written)."""

        def write_exports() -> list[str]:
            try:
                return write_generated(staging, prepared[0].result().files)
            finally:
                exports_written.set()

        written = background.submit(write_exports)
        with stage("search index"):
            stale = {bundle_of(path) for path in rewritten} if incremental else None
            index = index_site(staging, archive.config.language, search_bundles(archive), stale)
            indexed.extend(index.bundles)
        with stage("write exports"):
            exports_changed = written.result()
            changed = [*index.changed, *(exports_changed if incremental else ())]
            return changed + remove_stale_generated(staging, prepared[0].result().files,
                                                    previous.generated if incremental else frozenset())

    build_into(site, [
        timed("mkdocs", render_site),
        index_while_writing_exports,
    ], from_previous=incremental, spare=spare.result() if spare is not None else None, spare_ready=exports_written)
    exports = prepared[0].result()
    record_build(project, site, fingerprint, [file.path for file in exports.files], inputs.outline,
                 [file.path for file in exports.outline])
    return BuildResult(archive, checked.diagnostics, checked.resolver, checked.linked,
                       pages_written=len(pages), pages_rendered=sum(page.text is not None for page in pages),
                       pages_changed=changes.count, incremental=incremental,
                       bundles_indexed=tuple(indexed))


def _export_project(root: Path, fingerprint: str, checked: CheckResult, pages: list[Page]) -> ProjectChanges:
    """Write the MkDocs project, and record beside it what its pages were rendered from (never
    while it is being written) and what this build remembers for the next (memo.py)."""
    project = root / PROJECT_DIR
    forget_pages(project)
    changes = write_project(project, pages, checked.published,
                            mkdocs_config(checked.archive, root / THEME_DIR))
    record_pages(project, fingerprint, {page.path: RenderedBefore(page.inputs, page.updated) for page in pages})
    remember(project, YAML_MEMO, checked.yaml.memo)
    remember(project, REFERENCES_MEMO, checked.resolver.references.memo)
    return changes


@dataclass(frozen=True)
class Exports:
    outline: list[ExportFile]
    rewritten: list[ExportFile]

    @property
    def files(self) -> list[ExportFile]:
        return self.outline + self.rewritten


def prepare_exports(root: Path, archive: Archive, linked: LinkedArchive, pages: list[Page], outline: str,
                    previous: PreviousBuild | None) -> Exports:
    """Everything the build publishes beside MkDocs's pages: permalink redirects and open data.
    What follows from the outline is kept from the `previous` build if the outline is unchanged.
    Writes only the maintainer's reference report, outside the site."""
    write_reference_report(root / REFERENCE_REPORT, linked)
    if previous is not None and previous.outline == outline:
        kept = [ExportFile(path, None) for path in previous.outline_files]
    else:
        kept = (redirect_files(redirects(archive, pages), archive.config.site_url, pages)
                + outline_export_files(archive, linked) + search_map_files(archive))
    return Exports(kept, rewritten_export_files(archive, linked, pages))


def write_reference_report(path: Path, linked: LinkedArchive) -> None:
    """Every reference with its file, line and what it links to, for maintainers."""
    text = json.dumps(reference_report(linked), indent=1, ensure_ascii=False) + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def source_date_epoch(archive: Archive) -> int:
    """The build's notion of 'now' comes from the content, never the clock, so two builds of the
    same content are byte-identical (MkDocs stamps the sitemap with it)."""
    latest = max((m.date for m in archive.meetings), default=dt.date(2000, 1, 1))
    return calendar.timegm(latest.timetuple())
