"""Stage 5b, the site folder and the engines: MkDocs and Pagefind run into a staging folder,
which then replaces `site/` in one rename, so a failed, interrupted or killed build never touches
the published site. This module is the one owner of the site folder, its staging folder and its
spare; the orchestrator (build.py) calls, in order:

1. `prepare_spare` (an incremental build, while the archive is read) or `claim_spare`: the spare
   site, brought up to date with the site as hard links to its files, or as it is;
2. `start_staging`: the staging folder, the spare itself for an incremental build (its files
   are the site's; steps then replace files, never write into them), else a fresh folder;
3. `mkdocs_started`, then the exports and Pagefind (publish/search.py) into the staging folder;
   `make_spare`, for a full build, mirrors it into the spare meanwhile, so that the next build
   has little to relink;
4. `publish_staging`, or `abandon_staging` if a step failed; `spare_record` tells the build
   record what changed in the site since the spare was made.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.incremental.build_record import SpareRecord, folder_identity
from generator.processes.helpers import start_engine
from generator.publish.mkdocs_project import CONFIG_NAME, DOCS_DIR
from generator.records.site_paths import page_url

# mkdtemp makes a folder only its owner may read; the site is for web servers and GitHub Pages,
# whose deployment refuses an artifact it cannot read.
PUBLISHED_FOLDER_MODE = 0o755
MKDOCS_ALWAYS_WRITES = ("404.html", "sitemap.xml", "sitemap.xml.gz")
# Each MkDocs process first reads the whole project, then renders its pages: a second process
# pays for itself from about this many pages (the benchmark shows where), and below it leaves a
# core free for the exports being prepared meanwhile.
PAGES_WORTH_A_SECOND_MKDOCS = 100


class EngineError(Exception):
    """An engine (MkDocs or Pagefind) failed; carries its name and output."""

    def __init__(self, engine: str, output: str):
        super().__init__(output)
        self.engine = engine


def prepare_spare(site_dir: Path, last: SpareRecord | None) -> Path | None:
    """Bring the spare site up to date with `site_dir`, so that a build can do it while it reads
    the archive; returns the spare, if there is one. Relinks only what the last build changed
    when its record (`last`) vouches for the spare, else compares every file."""
    site_dir = site_dir.resolve()
    spare = claim_spare(site_dir)
    if spare is None or not site_dir.is_dir():
        return spare
    vouched = last is not None and last.vouches_for(folder_identity(site_dir), folder_identity(spare))
    if not vouched or not _mirrored(site_dir, spare, last.changed):
        mirror(site_dir, spare)
    return spare


def claim_spare(site_dir: Path) -> Path | None:
    """The spare site if there is one, else a staging folder a killed build left (any state
    will do: `mirror` heals it); other leftovers are removed, and a site a killed build was
    publishing is put back."""
    site_dir = site_dir.resolve()
    if not site_dir.exists() and _replaced_path(site_dir).is_dir():  # killed while publishing
        _replaced_path(site_dir).rename(site_dir)
    candidates = [_spare_path(site_dir), *sorted(site_dir.parent.glob(f".{site_dir.name}-building-*"))]
    found = [path for path in candidates if path.is_dir()]
    for leftover in [*found[1:], _replaced_path(site_dir)]:
        shutil.rmtree(leftover, ignore_errors=True)
    return found[0] if found else None


def start_staging(site_dir: Path, spare: Path | None, from_previous: bool) -> Path:
    """A staging folder beside `site_dir` for the engines to build into. With `from_previous`
    it starts as the current site (times kept), for incremental steps: the `spare` brought up to
    date (`prepare_spare`), or, without one, a mirror of the site. Hard links mean that no step
    may write into a file, only replace it (`replace_if_changed`; `mkdocs_started` unlinks what
    MkDocs will rewrite). Otherwise it starts empty, and `spare` is kept as the spare site."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    staging.chmod(PUBLISHED_FOLDER_MODE)
    if from_previous and spare is not None:
        staging.rmdir()
        spare.rename(staging)
    elif spare is not None and spare != _spare_path(site_dir):
        spare.rename(_spare_path(site_dir))
    if from_previous and spare is None:
        try:
            mirror(site_dir, staging)
        except BaseException:
            abandon_staging(staging, site_dir)
            raise
    return staging


def make_spare(staging: Path, site_dir: Path) -> bool:
    """Mirror a full build's staging folder into the spare site, while the engines finish (what
    they write afterwards, the next build relinks); False if that failed, which the next build
    heals (it compares every file)."""
    spare = _spare_path(site_dir)
    try:
        spare.mkdir(exist_ok=True)
        mirror(staging, spare)
        return True
    except OSError:
        return False


def abandon_staging(staging: Path, site_dir: Path) -> None:
    """After a failed step: the staging folder becomes the spare (healed by `mirror` when next
    used), or goes if a spare was made from it meanwhile."""
    if _spare_path(site_dir).exists():
        shutil.rmtree(staging, ignore_errors=True)
    else:
        staging.rename(_spare_path(site_dir))


def publish_staging(staging: Path, site_dir: Path, replaced_is_spare: bool) -> None:
    """Staging becomes the site, in one rename; the replaced site becomes the spare for the next
    build (an incremental build's, whose staging folder was the spare), or is removed."""
    replaced = _spare_path(site_dir) if replaced_is_spare else _replaced_path(site_dir)
    if site_dir.exists():
        site_dir.rename(replaced)
    staging.rename(site_dir)
    if not replaced_is_spare:
        shutil.rmtree(replaced, ignore_errors=True)


def spare_record(site_dir: Path, changed: Iterable[str] | None) -> SpareRecord | None:
    """The record of a published site and its spare that differ only at the paths `changed`
    (None: not known), for the build record; None if there is no spare, or nothing to vouch."""
    site, spare = folder_identity(site_dir), folder_identity(_spare_path(site_dir))
    if changed is None or site is None or spare is None:
        return None
    return SpareRecord(site, spare, tuple(sorted(set(changed))))


def mirror(source: Path, target: Path) -> None:
    """Make the folder `target` hold exactly the files of `source`, each a hard link to the
    source's file, changing only what differs (a file is the same if it is the same inode)."""
    with os.scandir(source) as entries:
        wanted = {entry.name: entry for entry in entries}
    with os.scandir(target) as entries:
        present = {entry.name: entry for entry in entries}
    for name, entry in present.items():
        if name not in wanted or entry.is_dir(follow_symlinks=False) != wanted[name].is_dir(follow_symlinks=False):
            _remove(Path(entry.path))
            present[name] = None
    for name, entry in wanted.items():
        here = target / name
        if entry.is_dir(follow_symlinks=False):
            if present.get(name) is None:
                here.mkdir()
            mirror(Path(entry.path), here)
        elif present.get(name) is None or present[name].inode() != entry.inode():
            if present.get(name) is not None:
                here.unlink()
            os.link(entry.path, here, follow_symlinks=False)


def mirror_paths(source: Path, target: Path, paths: Iterable[str]) -> None:
    """`mirror`, for folders whose files differ only at `paths` (relative; files or folders)."""
    for relative in sorted(set(paths)):
        wanted, here = source / relative, target / relative
        if wanted.is_dir() and not wanted.is_symlink():
            if here.is_symlink() or (os.path.lexists(here) and not here.is_dir()):
                here.unlink()
            here.mkdir(parents=True, exist_ok=True)
            mirror(wanted, here)
        elif os.path.lexists(wanted):
            if os.path.lexists(here):
                if here.lstat().st_ino == wanted.lstat().st_ino:
                    continue
                _remove(here)
            here.parent.mkdir(parents=True, exist_ok=True)
            os.link(wanted, here, follow_symlinks=False)
        elif os.path.lexists(here):
            _remove(here)
            for folder in here.parents:
                if folder == target or (source / folder.relative_to(target)).exists() or any(folder.iterdir()):
                    break
                folder.rmdir()


def _mirrored(source: Path, target: Path, paths: Iterable[str]) -> bool:
    """`mirror_paths`, or False if it could not (a file in the way of a folder, say)."""
    try:
        mirror_paths(source, target, paths)
        return True
    except OSError:
        return False


def _remove(path: Path) -> None:
    shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()


def _spare_path(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-spare")


def _replaced_path(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-replaced")


# Whitespace is meaningful inside these; everywhere else a line's indentation is not.
_VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_INDENTED_LINES = re.compile(r"\n[ \t\n]*")
# Files written less than this long before a run started still count as written by it.
_CLOCK_SLACK_SECONDS = 2.0


def run_mkdocs(project: Path, output: Path, source_date_epoch: int, dirty: bool = False,
               shares: int | None = None) -> list[str] | None:
    """Render the project into `output` with MkDocs, to the end (see `mkdocs_started`)."""
    with mkdocs_started(project, output, source_date_epoch, dirty, shares) as mkdocs:
        return mkdocs.finish()


@contextlib.contextmanager
def mkdocs_started(project: Path, output: Path, source_date_epoch: int, dirty: bool = False,
                   shares: int | None = None) -> Iterator[MkDocsRun]:
    """MkDocs rendering the project into `output` (which is empty unless `dirty`) in processes
    of its own while the block runs; `finish()` waits for it. `dirty` rebuilds only pages whose
    source is newer. MkDocs runs in `shares` processes (default: one per core, at most two,
    unless there are few pages to write), each building its share of the pages
    (`generator.publish.mkdocs_share`); the output is the one `mkdocs build` would write. Leaving
    the block on an exception (Ctrl+C, say) stops MkDocs: it must not write on into a folder
    about to be reused."""
    started = time.time()
    rewritten = _unlink_what_mkdocs_will_write(project / DOCS_DIR, output) if dirty else None
    if shares is None:
        worth_sharing = rewritten is None or len(rewritten) >= PAGES_WORTH_A_SECOND_MKDOCS
        shares = min(2, os.cpu_count() or 1) if worth_sharing else 1
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch), "NO_MKDOCS_2_WARNING": "1"}
    run = MkDocsRun(output, started, rewritten)
    try:
        for index in range(shares):
            run.processes.append(start_engine("generator.publish.mkdocs_share", str(project / CONFIG_NAME),
                                              str(output), str(index), str(shares), *(["--dirty"] if dirty else []),
                                              env=environment))
        yield run
    except BaseException:
        for process in run.processes:
            process.kill()
            process.wait()
        raise


@dataclass
class MkDocsRun:
    """MkDocs at work (see `mkdocs_started`)."""

    output: Path
    started: float
    rewritten: list[Path] | None  # by a dirty build, unlinked beforehand
    processes: list[subprocess.Popen] = field(default_factory=list)

    def finish(self) -> list[str] | None:
        """Wait for MkDocs, then compact the pages it wrote (see `compact_html`). Returns the
        paths a dirty build wrote (a full build writes them all, and returns None); raises
        `EngineError` if it failed."""
        failures = []
        for process in self.processes:
            output_text, _ = process.communicate()
            if process.returncode != 0:
                failures.append(output_text.strip() or f"mkdocs exited {process.returncode}")
        if failures:
            raise EngineError("MkDocs", failures[0])
        if self.rewritten is None:
            compact_html(self.output, since=self.started - _CLOCK_SLACK_SECONDS)
            return None
        compact_files(path for path in self.rewritten if path.suffix == ".html" and path.is_file())
        return [path.relative_to(self.output).as_posix() for path in self.rewritten]


def compact_html(site: Path, since: float) -> None:
    """Drop the indentation and blank lines of HTML files written after `since`. Material's
    templates indent deeply, so this takes about a sixth off every page, and a third off small
    ones, while keeping one element a line, so a diff of two builds stays readable. Idempotent."""
    compact_files(path for path in site.rglob("*.html") if path.stat().st_mtime >= since)


def compact_files(paths: Iterable[Path]) -> None:
    for path in paths:
        replace_if_changed(path, compact_lines(path.read_text(encoding="utf-8")).encode("utf-8"))


def compact_lines(html: str) -> str:
    parts = _VERBATIM.split(html)
    # split() yields text, then each match's two groups: (verbatim block, tag name), in turn.
    return "".join(_INDENTED_LINES.sub("\n", part) if index % 3 == 0 else part if index % 3 == 1 else ""
                   for index, part in enumerate(parts))


def _unlink_what_mkdocs_will_write(docs: Path, output: Path) -> list[Path]:
    """MkDocs writes files in place; in a staging folder of hard links that would change the live
    site. So unlink, beforehand, each file a dirty build rewrites: the output of every source
    newer than it (MkDocs's own test, `File.is_modified`) and the theme's static templates.
    Returns what MkDocs will write, those and the outputs of new sources."""
    written = [output / name for name in MKDOCS_ALWAYS_WRITES]
    for name in MKDOCS_ALWAYS_WRITES:
        (output / name).unlink(missing_ok=True)
    for folder, _, names in os.walk(docs):
        for name in names:
            source = os.path.join(folder, name)
            target = output / mkdocs_output_path(os.path.relpath(source, docs).replace(os.sep, "/"))
            try:
                if target.stat().st_mtime >= os.stat(source).st_mtime:
                    continue
                target.unlink()
            except FileNotFoundError:
                pass
            written.append(target)
    return written


def mkdocs_output_path(source: str) -> str:
    """Where MkDocs (use_directory_urls) writes a docs file: a/b.md -> a/b/index.html."""
    return page_url(source) + "index.html" if source.endswith(".md") else source


def replace_if_changed(path: Path, content: bytes) -> bool:
    """Write `content` to `path` unless it already holds it. The file is replaced, never written
    in place: in an incremental build's staging folder it may be a hard link into the live site."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)
    return True


def remove_empty_parents(path: Path, root: Path) -> None:
    for folder in path.parents:
        if folder == root or not folder.is_relative_to(root) or any(folder.iterdir()):
            return
        folder.rmdir()


def folder_bytes(folder: Path) -> int:
    return sum(os.lstat(os.path.join(parent, name)).st_size
               for parent, _, names in os.walk(folder) for name in names)
