"""The pipeline, top to bottom: read the build record, load, validate, link references, render
pages, export the MkDocs project; then, into a staging folder, MkDocs (the data exports prepared
meanwhile, MkDocs running in processes of its own) and Pagefind (the exports written meanwhile,
and a full build's spare site made); the staging folder replaces site/, and the build record is
written for the next build.

Everything is gathered and resolved before anything is written; content with errors stops the
build before `site/` is touched. The build record (incremental/build_record.py) is read once,
cleared once before anything is written and written once at the end; the site folder belongs to
publish/engine.py; every other process is started by processes/helpers.py.
"""

from __future__ import annotations

import calendar
import contextlib
import gc
import json
import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.records.archive import Archive
from generator.read.attachments import CheckedFiles, PublishedFile, check_files
from generator.incremental.build_record import (
    BuildRecord,
    Exported,
    Memos,
    Recorded,
    RenderedBefore,
    read_memos,
)
from generator.read.config_file import load_config
from generator.records.diagnostics import Diagnostic, has_errors, promote_warnings
from generator.publish.engine import (
    abandon_staging,
    claim_spare,
    make_spare,
    mkdocs_started,
    prepare_spare,
    publish_staging,
    spare_record,
    start_staging,
)
from generator.processes.helpers import HelperFailed, started
from generator.exports import Exports, prepare_exports, remove_stale_generated, write_generated
from generator.link.links import LinkedArchive, Resolver, link_archive, reference_report
from generator.read.load import CONTENT_DIR, load_archive
from generator.publish.mkdocs_project import DOCS_DIR, PROJECT_DIR, mkdocs_config, write_project
from generator.render.page_inputs import page_inputs
from generator.render.pages import Page, guide_markdown, render_pages
from generator.publish.search import index_site
from generator.records.site_paths import bundle_of, search_bundles
from generator.read.sources import YamlMemo, read_ahead
from generator.read.validate import validate_archive

THEME_DIR = "theme"
SITE_DIR = "site"
REFERENCE_REPORT = "reference-report.json"
GENERATOR_DIR = Path(__file__).parent
CHECK_STAGES = ("load", "validate", "link")
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


def check(root: Path, strict: bool = False, stage=_untimed) -> CheckResult:
    """Load and validate; never writes anything. `stage(name)`, a context manager entered around
    each of CHECK_STAGES (BUILD_STAGES for `build`), may report progress or time them."""
    with _no_cycle_collection():
        return _check(root, strict, stage, read_memos(root / PROJECT_DIR))


def _check(root: Path, strict: bool, stage, memos: Memos) -> CheckResult:
    """See `check`; `memos` are what earlier builds remembered (memo.py)."""
    config, diagnostics = load_config(root)
    archive = resolver = linked = files = None
    yaml = YamlMemo(memos.yaml)
    if config is not None and not has_errors(diagnostics):
        # The kernel reads the archive's files ahead of the loader, asked by a helper process.
        with stage("load"), started(read_ahead, root / CONTENT_DIR):
            archive, problems = load_archive(root, config, yaml)
            diagnostics += problems
        with stage("validate"):
            diagnostics += validate_archive(archive)
            files = check_files(archive, root)
            diagnostics += files.diagnostics
        with stage("link"):
            resolver, linked, problems = link_archive(archive, memos.references)
            diagnostics += problems
    if strict:
        diagnostics = promote_warnings(diagnostics)
    return CheckResult(archive, diagnostics, resolver, linked, yaml, files.published if files else [], files)


def build(root: Path, site_dir: Path | None = None, strict: bool = False, stage=_untimed) -> BuildResult:
    with _no_cycle_collection():
        return _build(root, (site_dir or root / SITE_DIR).resolve(), strict, stage)


def _build(root: Path, site: Path, strict: bool, stage) -> BuildResult:
    project = root / PROJECT_DIR
    record = BuildRecord.read(project, project / DOCS_DIR, site, (root / THEME_DIR, GENERATOR_DIR))
    record.clear()
    # A build that may start from the last site starts from a copy of it, the spare site, brought
    # up to date while the archive is read, by a helper process (it is Python too, and would wait
    # for this one).
    with (started(prepare_spare, site, record.spare) if record.previous is not None
          else contextlib.nullcontext()) as preparing_spare:
        checked = _check(root, strict, stage, record.memos)
        if not checked.ok:  # nothing written; the spare site, if brought up to date, is the site
            brought_up_to_date = preparing_spare is not None and _spare_site(site, preparing_spare) is not None
            record.write(record.as_read(spare_record(site, []) if brought_up_to_date else record.spare))
            return BuildResult(checked.archive, checked.diagnostics, checked.resolver, checked.linked)
        return _render_and_publish(root, site, record, checked, preparing_spare, stage)


def _render_and_publish(root: Path, site: Path, record: BuildRecord, checked: CheckResult,
                        preparing_spare: Future | None, stage) -> BuildResult:
    archive, linked, project = checked.archive, checked.linked, root / PROJECT_DIR
    with stage("render pages"):
        inputs = page_inputs(archive, linked)
        pages = render_pages(archive, linked, guide_markdown(), inputs, record.rendered_before, files=checked.files)
    with stage("export project"):
        changes = write_project(project, pages, checked.published, mkdocs_config(archive, root / THEME_DIR))
    previous = record.previous if not changes.removed and not changes.config_changed else None
    incremental = previous is not None
    staging = start_staging(site, _spare_site(site, preparing_spare), from_previous=incremental)
    try:
        with ThreadPoolExecutor(max_workers=1) as background:
            with stage("mkdocs"), mkdocs_started(project, staging, source_date_epoch(archive),
                                                 dirty=incremental) as mkdocs:
                # Prepared once MkDocs's processes have started: before, holding the GIL, it would
                # slow down the scan of the project for what MkDocs will rewrite.
                preparing = background.submit(_prepare_exports, root, archive, linked, pages,
                                              previous.kept_for(inputs.outline) if previous else None)
                rewritten = mkdocs.finish()  # by an incremental build: their search bundles are indexed again
            exports = preparing.result()
            with stage("search index"):
                # Pagefind reads only the councils' pages, never our exports and redirects, so
                # those are written meanwhile, and then a full build makes its spare site.
                indexing = background.submit(index_site, staging, archive.config.language, search_bundles(archive),
                                             None if rewritten is None else {bundle_of(path) for path in rewritten})
                written = write_generated(staging, exports.files)
                spare_made = not incremental and make_spare(staging, site)
                index = indexing.result()
            with stage("write exports"):
                # Stale files are removed only now, so that nothing vanishes under Pagefind.
                removed = remove_stale_generated(staging, exports.files, previous.files if previous else frozenset())
    except BaseException:
        abandon_staging(staging, site)
        raise
    publish_staging(staging, site, replaced_is_spare=incremental)
    # What changed in the site since its spare was made: the next build relinks only that.
    changed = [*rewritten, *written, *index.changed, *removed] if incremental else index.changed if spare_made else None
    record.write(Recorded(
        Exported(frozenset(file.path for file in exports.files), inputs.outline,
                 tuple(file.path for file in exports.outline)),
        {page.path: RenderedBefore(page.inputs, page.updated) for page in pages},
        spare_record(site, changed),
        checked.yaml.memo.to_remember(), checked.resolver.references.memo.to_remember()))
    return BuildResult(archive, checked.diagnostics, checked.resolver, linked,
                       pages_written=len(pages), pages_rendered=sum(page.text is not None for page in pages),
                       pages_changed=changes.count, incremental=incremental, bundles_indexed=tuple(index.bundles))


def _spare_site(site: Path, preparing: Future | None) -> Path | None:
    """The spare site, as the helper brought it up to date, or here if it failed; without a
    helper (a full build, which mirrors its staging folder into it), as it is."""
    if preparing is None:
        return claim_spare(site)
    try:
        return preparing.result()
    except HelperFailed:
        return prepare_spare(site, None)


def _prepare_exports(root: Path, archive: Archive, linked: LinkedArchive, pages: list[Page],
                     kept: tuple[str, ...] | None) -> Exports:
    """The exports (see `prepare_exports`), and the maintainer's reference report, outside the site."""
    write_reference_report(root / REFERENCE_REPORT, linked)
    return prepare_exports(archive, linked, pages, kept)


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
