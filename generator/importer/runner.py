"""`scrutiny import`: a batch of source files read on both cores, drafts written one file at a
time by this process. One bad file never stops the rest; the exit code says whether any failed."""

from __future__ import annotations

import datetime as dt
import glob
import multiprocessing
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from generator.importer.document import ImportProblem
from generator.importer.minutes import Context
from generator.importer.pack import meetings_in
from generator.importer.people_match import PeopleIndex
from generator.importer.readers import read_source
from generator.importer.writer import Plan, plan_meeting, write_plan

SOURCE_SUFFIXES = {".txt", ".text", ".md", ".pdf", ".docx", ".htm", ".html", ".aspx", ".doc"}


@dataclass(frozen=True)
class Options:
    root: Path
    council: str
    committee: str
    date: dt.date | None = None
    force: bool = False
    dry_run: bool = False


@dataclass(frozen=True)
class Outcome:
    source: str
    plans: tuple[Plan, ...] = ()
    reason: str | None = None      # why the file failed; None when it was read

    @property
    def reviews(self) -> int:
        return sum(plan.review_count for plan in self.plans)


def expand_sources(sources: list[str]) -> list[Path]:
    found: list[Path] = []
    for source in sources:
        matches = sorted(glob.glob(source)) if any(c in source for c in "*?[") else [source]
        for match in matches:
            path = Path(match)
            if path.is_dir():
                found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
            else:
                found.append(path)
    return found


def import_one(path: Path, options: Options) -> Outcome:
    """Read and plan one file (in a worker process); nothing is written here."""
    people_file = options.root / "content" / options.council / "people.yml"
    context = Context(PeopleIndex.load(people_file), f"content/{options.council}/people.yml", options.date)
    try:
        meetings = meetings_in(read_source(path), context)
        undated = [m for m in meetings if m.date is None]
        if undated:
            raise ImportProblem(str(path), "no meeting date found in the text; give it with --date YYYY-MM-DD")
        content = options.root / "content"
        plans = tuple(plan_meeting(m, content, options.council, options.committee, options.force) for m in meetings)
        return Outcome(str(path), plans)
    except ImportProblem as problem:
        return Outcome(str(path), reason=problem.reason)
    except RecursionError:
        return Outcome(str(path), reason="is nested too deeply to read")
    except Exception as exc:  # a reader library's own failure on a damaged file: reported, never a traceback
        return Outcome(str(path), reason=f"could not be read ({type(exc).__name__}: {str(exc)[:120]})")


def _worker(arguments: tuple[Path, Options]) -> Outcome:
    return import_one(*arguments)


def run_batch(paths: list[Path], options: Options, out=None, err=None, workers: int = 2) -> list[Outcome]:
    out, err = out or sys.stdout, err or sys.stderr
    outcomes: list[Outcome] = []
    tty = err.isatty()
    started = time.perf_counter()
    jobs = [(path, options) for path in paths]
    if len(jobs) > 1 and workers > 1:
        with multiprocessing.get_context("fork").Pool(min(workers, len(jobs))) as pool:
            for count, outcome in enumerate(pool.imap(_worker, jobs, chunksize=1), start=1):
                outcomes.append(_finish(outcome, options, out))
                _progress(count, len(jobs), tty, err)
    else:
        for count, job in enumerate(jobs, start=1):
            outcomes.append(_finish(_worker(job), options, out))
            _progress(count, len(jobs), tty, err)
    if tty:
        err.write("\n")
    print(summary(outcomes, time.perf_counter() - started, options.dry_run), file=out)
    return outcomes


def _finish(outcome: Outcome, options: Options, out) -> Outcome:
    """Write (or, with --dry-run, describe) one file's drafts; report it on one line."""
    if outcome.reason:
        print(f"{outcome.source}: failed: {outcome.reason}", file=out)
        return outcome
    content = options.root / "content"
    written = []
    for plan in outcome.plans:
        plan = _replan_if_taken(plan, outcome, options)
        if not options.dry_run:
            try:
                write_plan(plan, content)
            except (OSError, ValueError) as exc:
                print(f"{outcome.source}: failed: could not write {plan.folder} ({exc})", file=out)
                return Outcome(outcome.source, reason=f"could not write {plan.folder} ({exc})")
        written.append(plan.without_text())
        verb = "would write" if options.dry_run else "wrote"
        beside = " (the meeting folder exists: draft written beside its files)" if plan.beside_existing else ""
        names = ", ".join(f.path.name for f in plan.files)
        print(f"{outcome.source}: {verb} {_shown(plan.folder, options.root)}/ [{names}], "
              f"{plan.review_count} review item{'s' * (plan.review_count != 1)}{beside}", file=out)
    return Outcome(outcome.source, tuple(written))


def _replan_if_taken(plan: Plan, outcome: Outcome, options: Options) -> Plan:
    """Another file of this batch may have written the folder since this one was planned."""
    if options.force or options.dry_run or not any(f.path.exists() for f in plan.files):
        return plan
    from generator.importer.writer import _free_draft_folder, PlannedFile

    target = _free_draft_folder(plan.folder if plan.folder.name[:4].isdigit() else plan.folder.parent)
    files = tuple(PlannedFile(target / f.path.name, f.text) for f in plan.files)
    return Plan(target, files, True, plan.review_count)


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _progress(count: int, total: int, tty: bool, err) -> None:
    if tty:
        filled = int(30 * count / total)
        err.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {count}/{total} files")
        err.flush()


def summary(outcomes: list[Outcome], seconds: float, dry_run: bool) -> str:
    failed = [o for o in outcomes if o.reason]
    read = [o for o in outcomes if not o.reason]
    with_review = [o for o in read if o.reviews]
    meetings = sum(len(o.plans) for o in read)
    verb = "would import" if dry_run else "imported"
    return (f"{len(outcomes)} file{'s' * (len(outcomes) != 1)}: {len(read)} {verb} ({meetings} meeting folder"
            f"{'s' * (meetings != 1)}), {len(with_review)} with review items "
            f"({sum(o.reviews for o in read)} in all), {len(failed)} failed; {seconds:.1f} s.")
