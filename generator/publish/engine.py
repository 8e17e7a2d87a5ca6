"""Stage 5b, run the engines into a staging folder, then publish it atomically.

MkDocs renders and Pagefind indexes into a fresh folder beside `site/`; only when every step
succeeded does it replace `site/`, in one rename, so a failed, interrupted or killed build never
destroys the previous good site.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.processes import child
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


Step = Callable[[Path], Iterable[str] | None]


def build_into(site_dir: Path, steps: Iterable[Step], from_previous: bool = False,
               spare: Path | None = None, spare_ready: threading.Event | None = None) -> None:
    """Run each step on a staging folder, then make it `site_dir`: MkDocs and Pagefind write
    into the staging folder, and only when every step succeeded does it become the site, in one
    rename, so a failed, interrupted or killed build never touches the published site.

    With `from_previous` the staging folder starts as the current site (times kept), for
    incremental steps. The site replaced by the last build is kept as a spare and brought up to
    date as hard links to the current site's files (`prepare_spare`), where copying the site
    costs a directory creation per page, and there is a directory per page. Hard links mean that
    no step may write into a file, only replace it (`replace_if_changed`; `run_mkdocs` unlinks
    what MkDocs will rewrite). A caller that had the spare brought up to date beforehand passes
    it as `spare`.

    Each step returns the paths (relative to the site) it changed, or None when it cannot tell;
    they are recorded, so that bringing the spare up to date relinks only those (`SpareRecord`).

    Without `from_previous` (a full build) the spare is instead made from the staging folder
    while the last step runs, so that the next build does not have to relink every file (seconds
    in a large archive): once `spare_ready` is set, which a caller writing files beside the last
    step does when they are written, or else when the step ends. The last step then returns
    only what it changed after `spare_ready` was set. The site this build replaces is removed."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    if spare is None:
        spare = prepare_spare(site_dir) if from_previous else _claim_spare(site_dir)[0]
    SpareRecord.take(site_dir)  # the spare is about to change
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    staging.chmod(PUBLISHED_FOLDER_MODE)
    if from_previous and spare is not None:
        staging.rmdir()
        spare.rename(staging)
    elif spare is not None and spare != _spare_path(site_dir):
        spare.rename(_spare_path(site_dir))
    *first_steps, last_step = steps
    made = threading.Event()
    try:
        if from_previous and spare is None:
            mirror(site_dir, staging)
        changed = [step(staging) for step in first_steps]
        with contextlib.nullcontext() if from_previous else _spare_made_meanwhile(
                staging, site_dir, spare_ready or threading.Event(), made):
            changed.append(last_step(staging))
    except BaseException:
        if _spare_path(site_dir).exists():  # made meanwhile, from this staging folder
            shutil.rmtree(staging, ignore_errors=True)
        else:
            staging.rename(_spare_path(site_dir))  # healed by `mirror` when next used
        raise
    _publish(staging, site_dir, replaced_is_spare=from_previous)
    if from_previous or made.is_set():
        SpareRecord.write(site_dir, _all_known(changed if from_previous else changed[-1:]))


def _all_known(changed: list[Iterable[str] | None]) -> list[str] | None:
    return None if None in changed else [path for paths in changed for path in paths]


@contextlib.contextmanager
def _spare_made_meanwhile(staging: Path, site_dir: Path, ready: threading.Event, made: threading.Event):
    """Mirror `staging` into the spare in a thread, once `ready` is set, while the caller works
    (it waits on engines, in processes of their own), and set `made` if that succeeded. What is
    written after the thread has passed, the next build relinks, as it heals whatever a failure
    here left; so a failed step leaves the spare as it is."""
    spare = _spare_path(site_dir)
    spare.mkdir(exist_ok=True)
    failed = threading.Event()

    def make_spare() -> None:
        ready.wait()
        if failed.is_set():
            return
        try:
            mirror(staging, spare)
            made.set()
        except OSError:
            pass

    thread = threading.Thread(target=make_spare, name="spare site")
    thread.start()
    try:
        yield
    except BaseException:
        failed.set()
        raise
    finally:
        ready.set()
        thread.join()


def prepare_spare(site_dir: Path) -> Path | None:
    """Bring the spare site up to date with `site_dir` (see `build_into`), so that a build can
    do it while it reads the archive; returns the spare, if there is one. Relinks only what the
    last build changed when its record vouches for the spare, else compares every file."""
    site_dir = site_dir.resolve()
    spare, changed = _claim_spare(site_dir)
    if spare is None or not site_dir.is_dir():
        return spare
    if changed is None or not _mirrored(site_dir, spare, changed):
        mirror(site_dir, spare)
    SpareRecord.write(site_dir, [])  # they are the same now, should this build stop before its own
    return spare


@dataclass(frozen=True)
class SpareRecord:
    """What the last build changed in the site it published, beside the spare it left: the site
    it replaced, or a mirror of it made meanwhile, which differs from it only there. The record
    names the two folders by device, inode and change time, which any rename or removal and
    re-creation changes, and it is taken (removed) before the spare is touched, so that a killed
    build leaves none; files changed inside the folders by hand go unnoticed."""

    site: tuple[int, int, int]
    spare: tuple[int, int, int]
    changed: tuple[str, ...]

    @staticmethod
    def path(site_dir: Path) -> Path:
        return site_dir.with_name(f".{site_dir.name}-spare.json")

    @classmethod
    def write(cls, site_dir: Path, changed: list[str] | None) -> None:
        if changed is None or not _spare_path(site_dir).is_dir():
            return
        record = cls(_identity(site_dir), _identity(_spare_path(site_dir)), tuple(sorted(set(changed))))
        partial = cls.path(site_dir).with_suffix(".partial")
        partial.write_text(json.dumps(dataclasses.asdict(record), indent=0) + "\n", encoding="utf-8")
        partial.replace(cls.path(site_dir))

    @classmethod
    def read(cls, site_dir: Path) -> SpareRecord | None:
        try:
            fields = json.loads(cls.path(site_dir).read_text(encoding="utf-8"))
            return cls(tuple(fields["site"]), tuple(fields["spare"]), tuple(fields["changed"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    @classmethod
    def take(cls, site_dir: Path) -> SpareRecord | None:
        record = cls.read(site_dir)
        cls.path(site_dir).unlink(missing_ok=True)
        return record

    def vouches_for(self, site_dir: Path, spare: Path) -> bool:
        try:
            return (self.site, self.spare) == (_identity(site_dir), _identity(spare))
        except OSError:
            return False


def _identity(folder: Path) -> tuple[int, int, int]:
    status = os.stat(folder)
    return status.st_dev, status.st_ino, status.st_ctime_ns


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


def _claim_spare(site_dir: Path) -> tuple[Path | None, tuple[str, ...] | None]:
    """The spare site if there is one, else a staging folder a killed build left (any state
    will do: `mirror` heals it); other leftovers are removed. With it, the paths the last build
    changed, if its record vouches for the spare (`SpareRecord`)."""
    record = SpareRecord.take(site_dir)
    if not site_dir.exists() and _replaced_path(site_dir).is_dir():  # killed while publishing
        _replaced_path(site_dir).rename(site_dir)
    candidates = [_spare_path(site_dir), *sorted(site_dir.parent.glob(f".{site_dir.name}-building-*"))]
    found = [path for path in candidates if path.is_dir()]
    for leftover in [*found[1:], _replaced_path(site_dir)]:
        shutil.rmtree(leftover, ignore_errors=True)
    if not found:
        return None, None
    vouched = record is not None and record.vouches_for(site_dir, found[0])
    return found[0], record.changed if vouched else None


# Whitespace is meaningful inside these; everywhere else a line's indentation is not.
_VERBATIM = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_INDENTED_LINES = re.compile(r"\n[ \t\n]*")
# Files written less than this long before a run started still count as written by it.
_CLOCK_SLACK_SECONDS = 2.0


def run_mkdocs(project: Path, output: Path, source_date_epoch: int, dirty: bool = False,
               shares: int | None = None, meanwhile: Callable[[], None] = lambda: None) -> list[str] | None:
    """Render the project into `output` (which is empty unless `dirty`); `dirty` rebuilds only
    pages whose source is newer, and returns the paths it wrote (a full build writes them all,
    and returns None). MkDocs runs in `shares` processes (default: one per core, at most two,
    unless there are few pages to write); the pages they write are then compacted (see
    `compact_html`). `meanwhile` is called once MkDocs's processes have started."""
    started = time.time()
    rewritten = _unlink_what_mkdocs_will_write(project / DOCS_DIR, output) if dirty else None
    if shares is None:
        worth_sharing = rewritten is None or len(rewritten) >= PAGES_WORTH_A_SECOND_MKDOCS
        shares = min(2, os.cpu_count() or 1) if worth_sharing else 1
    _run_mkdocs(project, output, source_date_epoch, dirty, shares, meanwhile)
    if rewritten is None:
        compact_html(output, since=started - _CLOCK_SLACK_SECONDS)
        return None
    compact_files(path for path in rewritten if path.suffix == ".html" and path.is_file())
    return [path.relative_to(output).as_posix() for path in rewritten]


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


def _run_mkdocs(project: Path, output: Path, source_date_epoch: int, dirty: bool, shares: int,
                meanwhile: Callable[[], None]) -> None:
    """MkDocs in `shares` processes at once, each building its share of the pages
    (`generator.publish.mkdocs_share`); the output is the one `mkdocs build` would write."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch), "NO_MKDOCS_2_WARNING": "1"}
    processes = [
        subprocess.Popen(child.command("generator.publish.mkdocs_share", str(project / CONFIG_NAME), str(output),
                                              str(index), str(shares), *(["--dirty"] if dirty else [])),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment)
        for index in range(shares)
    ]
    failures = []
    try:
        meanwhile()
        for process in processes:
            output_text, _ = process.communicate()
            if process.returncode != 0:
                failures.append(output_text.strip() or f"mkdocs exited {process.returncode}")
    except BaseException:  # e.g. Ctrl+C: MkDocs must not write on into a folder about to be reused
        for process in processes:
            process.kill()
            process.wait()
        raise
    if failures:
        raise EngineError("MkDocs", failures[0])


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


def _publish(staging: Path, site_dir: Path, replaced_is_spare: bool) -> None:
    """Staging becomes the site; the replaced site becomes the spare for the next build, or,
    when there is one already, is removed."""
    replaced = _spare_path(site_dir) if replaced_is_spare else _replaced_path(site_dir)
    if site_dir.exists():
        site_dir.rename(replaced)
    staging.rename(site_dir)
    if not replaced_is_spare:
        shutil.rmtree(replaced, ignore_errors=True)
