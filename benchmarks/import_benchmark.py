"""Benchmark of `scrutiny import` (run by hand, not a timed test):

    .venv/bin/python benchmarks/import_benchmark.py

Imports the five seeds (../shared/seeds) from their text, and from DOCX and PDF made from
that text, into a copy of the sample archive without those meetings, and compares the drafts
with the hand transcriptions in content/: minute numbers and titles, resolutions' text,
attendance names in the right part, meeting dates, and review entries raised against facts
the transcription also lacks. Then speed on two cores and memory against the number of files,
and the PDF readers (pypdf, pdfplumber, pdfminer's layout) on the same PDFs. Memory: each batch
of 20 and of 80 files in a fresh process, its peak RSS and its workers'; and tracemalloc's peak
in one process.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from generator.importer import pdf as pdf_module  # noqa: E402
from generator.importer.runner import Options, import_one, run_batch  # noqa: E402
from generator.importer.writer import write_plan  # noqa: E402
from generator.read.minutes_parser import parse_minutes_body  # noqa: E402
from generator.read.sources import split_front_matter  # noqa: E402
from generator.importer.readers import plain  # noqa: E402
from importer.seed_documents import COMMITTEES, SEED_MEETINGS, make_docx, make_pdf  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
PARTS = ("chair", "vice_chair", "present", "co_opted", "in_attendance", "officers", "invited", "apologies", "substitutes")


def bare_archive(where: Path) -> Path:
    root = where / "archive"
    root.mkdir(parents=True)
    shutil.copy(ROOT / "site_config.yml", root)
    shutil.copytree(ROOT / "content", root / "content")
    for seed, dates in SEED_MEETINGS.items():
        council = seed.split("-")[0]
        for date in dates:
            shutil.rmtree(root / "content" / council / COMMITTEES[council] / date, ignore_errors=True)
    return root


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def minutes_of(path: Path):
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    _front, _line, body, body_line = split_front_matter(text, str(path))
    items, _problems = parse_minutes_body(body, body_line, str(path))
    return {item.number: item for item in items}


def people_names(council: str) -> dict[str, str]:
    data = yaml.safe_load((ROOT / "content" / council / "people.yml").read_text(encoding="utf-8")) or {}
    return {pid: entry.get("name", pid) for pid, entry in data.items()}


def person_key(entry, names: dict[str, str]) -> str:
    if isinstance(entry, str):
        name = names.get(entry, entry)
    elif entry.get("person"):
        name = names.get(entry["person"], entry["person"])
    else:
        name = entry.get("name", "")
    words = re.sub(r"[^\w\s-]", " ", name).split()
    return words[-1].lower() if words else ""


def attendance_of(path: Path, names) -> dict[str, Counter]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    attendance = (data or {}).get("attendance") or {}
    out = {}
    for part in PARTS:
        value = attendance.get(part)
        entries = [value] if part in ("chair", "vice_chair") and value else (value or [])
        out[part] = Counter(person_key(e, names) for e in entries)
    return out


def compare_meeting(truth: Path, draft: Path, council: str, tally: Counter) -> None:
    tally["dates"] += 1
    tally["dates ok"] += draft.is_dir()
    names = people_names(council)
    true_minutes, draft_minutes = minutes_of(truth / "minutes.md"), minutes_of(draft / "minutes.md") or {}
    if true_minutes:
        for number, item in true_minutes.items():
            tally["minutes"] += 1
            mine = draft_minutes.get(number)
            bracketed = item.title.startswith("[")
            if mine and (mine.title == item.title or (bracketed and mine.title.startswith("["))):
                tally["minutes ok"] += 1
            if mine and mine.title.lower() == item.title.lower() or (mine and bracketed and mine.title.startswith("[")):
                tally["minutes ok ignoring case"] += 1
            true_res = [normal(r.text) for block in item.resolution_blocks for r in block.resolutions]
            my_res = [normal(r.text) for block in (mine.resolution_blocks if mine else ()) for r in block.resolutions]
            tally["resolutions"] += len(true_res)
            tally["resolutions ok"] += sum(1 for i, text in enumerate(true_res) if i < len(my_res) and my_res[i] == text)
    truth_attendance = attendance_of(truth / "meeting.yml", names)
    draft_attendance = attendance_of(draft / "meeting.yml", names)
    for part in PARTS:
        expected, got = truth_attendance[part], draft_attendance[part]
        tally["names"] += sum(expected.values())
        tally["names ok"] += sum((expected & got).values())
        tally["names extra"] += sum((got - expected).values())
    count_roles(truth, draft, names, tally)
    compare_documents(truth, draft, tally)
    count_reviews(truth, draft, tally)


DOCUMENT_FIELDS = {
    "report": ("to", "from", "author", "date", "purpose", "recommendations", "contact", "appendices"),
    "scoping-document": ("version", "date", "chair", "proposed_by", "rationale", "aims", "links_to_priorities", "scope",
                         "methodology", "witnesses", "timescales", "resources", "further_resources", "findings_to",
                         "likely_publicity", "publicising", "added_value", "divisional_comments", "risks",
                         "able_to_assist", "impact_on_scrutiny_team", "staffing_available", "sign_offs"),
    "action-plan": ("recommendation", "lead", "linked_plan", "expected_outcomes", "measures_of_success", "actions",
                    "progress", "impact"),
    "tracker": ("as_at", "rows"),
    "work-programme": ("municipal_year", "last_updated", "meetings", "progress_reports", "next_year"),
}
DOCUMENT_FIELDS["briefing-note"] = DOCUMENT_FIELDS["appendix"] = DOCUMENT_FIELDS["report"]


def documents_of(folder: Path) -> list[dict]:
    found = []
    for path in sorted(folder.glob("*.*")) if folder.is_dir() else []:
        if path.name in ("meeting.yml", "minutes.md"):
            continue
        text = path.read_text(encoding="utf-8")
        front = text.split("\n---", 1)[0].strip("-\n") if path.suffix == ".md" else text
        data = yaml.safe_load(front) or {}
        if isinstance(data, dict) and data.get("type"):
            found.append(data)
    return found


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{4,}", str(text).lower()))


def compare_documents(truth: Path, draft: Path, tally: Counter) -> None:
    """Each hand-transcribed document: a draft of the same type (the one with the most title words
    in common), its fields filled where the transcription fills them, and its rows as transcribed."""
    drafts = documents_of(draft)
    for true in documents_of(truth):
        tally["documents"] += 1
        same = [d for d in drafts if d["type"] == true["type"]]
        mine = max(same, key=lambda d: len(_words(d["title"]) & _words(true["title"])), default=None)
        if mine is None:
            tally["fields"] += sum(1 for f in DOCUMENT_FIELDS.get(true["type"], ()) if true.get(f))
            tally["rows"] += len(row_keys(true))
            continue
        drafts.remove(mine)
        tally["documents ok"] += 1
        for field in DOCUMENT_FIELDS.get(true["type"], ()):
            if true.get(field):
                tally["fields"] += 1
                tally["fields ok"] += bool(mine.get(field))
        expected, got = Counter(row_keys(true)), Counter(row_keys(mine))
        tally["rows"] += sum(expected.values())
        tally["rows ok"] += sum((expected & got).values())


def row_keys(document: dict) -> list[tuple]:
    """A tracker's rows by date and text, a work programme's items by meeting and title, an action
    plan's actions by their text (spaces and dashes made alike)."""
    def norm(text) -> str:
        return re.sub(r"[\s–—-]+", " ", str(text)).strip().lower()

    if document["type"] == "tracker":
        return [(str(r.get("meeting_date")), norm(r.get("text"))) for r in document.get("rows") or []]
    if document["type"] == "action-plan":
        return [(norm(a.get("action")),) for a in document.get("actions") or []]
    if document["type"] == "work-programme":
        keys = [(str(m.get("date")), norm(i.get("title"))) for m in document.get("meetings") or []
                for i in m.get("items") or []]
        for section in ("to_schedule", "progress_reports", "next_year"):
            keys += [(section, norm(i.get("title"))) for i in document.get(section) or []]
        return keys
    return []


def count_roles(truth: Path, draft: Path, names, tally: Counter) -> None:
    """Roles the transcription gives people in attendance (Cabinet Member, Other Member ...)."""
    def roles(path: Path) -> Counter:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
        out = Counter()
        for part in PARTS:
            value = ((data or {}).get("attendance") or {}).get(part)
            for entry in ([value] if isinstance(value, dict) else value if isinstance(value, list) else []):
                if isinstance(entry, dict) and entry.get("role"):
                    out[(part, person_key(entry, names), entry["role"])] += 1
        return out

    expected, got = roles(truth / "meeting.yml"), roles(draft / "meeting.yml")
    tally["roles"] += sum(expected.values())
    tally["roles ok"] += sum((expected & got).values())


def count_reviews(truth: Path, draft: Path, tally: Counter) -> None:
    """Each review entry, and whether the fact it names is also missing from (or inline in) the
    hand transcription: a venue or time it lacks, a person it names inline, a heading it brackets."""
    true_meeting = yaml.safe_load((truth / "meeting.yml").read_text(encoding="utf-8")) if (truth / "meeting.yml").is_file() else {}
    true_text = "".join(p.read_text(encoding="utf-8") for p in truth.glob("*.*"))
    for path in draft.glob("*.*"):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = text.split("\n---", 1)[0]
        data = yaml.safe_load(text.strip("-\n")) if text.strip() else {}
        for entry in (data or {}).get("review", []) if isinstance(data, dict) else []:
            tally["reviews"] += 1
            found = entry["found"]
            kind = ("venue" if "venue" in found else "time" if "start time" in found else
                    "person" if "people.yml" in found else "heading" if "heading" in found else
                    "title only" if "named only by title" in found else "other")
            tally[f"reviews {kind}"] += 1
            missing = ((kind == "venue" and not (true_meeting or {}).get("venue"))
                       or (kind == "time" and not (true_meeting or {}).get("start_time"))
                       or (kind == "person" and f"name: {found.split(chr(39))[1]}" in true_text)
                       or (kind == "heading" and "[Heading not given" in true_text)
                       or (kind == "title only" and "named by title only" in true_text))
            tally["reviews of missing facts"] += missing


def run_format(kind: str, work: Path, engine: str = "pypdf") -> tuple[Counter, dict[str, Counter]]:
    root = bare_archive(work / f"{kind}-{engine}")
    total, per_seed = Counter(), {}
    with pdf_engine(engine):
        for seed_path in sorted(SEEDS.glob("*.txt")):
            seed = seed_path.stem
            council = seed.split("-")[0]
            source = source_file(seed_path, kind, work)
            options = Options(root, council, COMMITTEES[council])
            outcome = import_one(source, options)
            for plan in outcome.plans:
                write_plan(plan, root / "content")
            tally = Counter()
            for date in SEED_MEETINGS[seed]:
                truth = ROOT / "content" / council / COMMITTEES[council] / date
                draft = root / "content" / council / COMMITTEES[council] / date
                compare_meeting(truth, draft, council, tally)
            per_seed[seed] = tally
            total += tally
    check = subprocess.run([sys.executable, "-m", "generator", "check", "--root", str(root), "--quiet"],
                           capture_output=True, text=True, cwd=ROOT)
    total["check errors"] = check.stdout.count(": error:")
    return total, per_seed


@contextlib.contextmanager
def pdf_engine(engine: str):
    """Every PDF read with `engine` (also in the batch's forked workers) while inside."""
    original = pdf_module.read_pdf
    pdf_module.read_pdf = lambda path, _engine=engine: original(path, _engine)
    try:
        yield
    finally:
        pdf_module.read_pdf = original


def source_file(seed_path: Path, kind: str, work: Path) -> Path:
    text = seed_path.read_text(encoding="utf-8")
    if kind == "text":
        return seed_path
    target = work / f"{seed_path.stem}.{kind}"
    if not target.exists():
        remember_rows(text)
        (make_docx_with_tables if kind == "docx" else make_pdf)(text, target)
    return target


def make_docx_with_tables(text: str, path: Path) -> Path:
    """The seed as a Word document (tests/importer/seed_documents.make_docx), its tab-separated
    rows written as Word tables, as the council's document has them."""
    import docx

    make_docx(text, path)
    document = docx.Document(str(path))
    body = document.element.body
    run: list = []
    for paragraph in list(document.paragraphs) + [None]:
        if paragraph is not None and paragraph.text in _TAB_ROWS:
            run.append(paragraph)
            continue
        if run:
            rows = [_TAB_ROWS[p.text] for p in run]
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for row, cells in zip(table.rows, rows):
                for cell, value in zip(row.cells, cells):
                    cell.text = value
            run[0]._p.addprevious(table._tbl)
            for p in run:
                body.remove(p._p)
            run = []
    document.save(str(path))
    return path


_TAB_ROWS: dict[str, list[str]] = {}


def remember_rows(text: str) -> None:
    """The seed's tab-separated rows, by the text make_docx writes for each (tabs as spaces)."""
    for raw in text.splitlines():
        if "\t" in raw:
            cells = [plain(cell) for cell in raw.split("\t")]
            _TAB_ROWS[plain(raw).replace("\t", " ")] = cells


def percent(tally: Counter, key: str) -> str:
    return f"{100 * tally[key + ' ok'] / tally[key]:.1f} %" if tally[key] else "n/a"


COLUMNS = (("minutes", "minutes"), ("resolutions", "resol."), ("names", "names"), ("roles", "roles"),
           ("dates", "dates"), ("documents", "doc type"), ("fields", "doc fields"), ("rows", "table rows"))


def report(kind: str, total: Counter, per_seed: dict[str, Counter]) -> None:
    print(f"\n== from {kind}")
    print(f"{'seed':50}" + "".join(f"{label:>11}" for _key, label in COLUMNS) + f"{'reviews (of missing facts)':>28}")
    for seed, tally in list(per_seed.items()) + [("TOTAL", total)]:
        print(f"{seed:50}" + "".join(f"{percent(tally, key):>11}" for key, _label in COLUMNS)
              + f"{tally['reviews']:>18} ({tally['reviews of missing facts']})")
    print("counted: " + ", ".join(f"{total[key]} {label}" for key, label in COLUMNS))
    print(f"minute titles ignoring case: {100 * total['minutes ok ignoring case'] / max(total['minutes'], 1):.1f} %; "
          f"names in a wrong part or not in the transcription: {total['names extra']}; "
          f"review entries by kind: " + ", ".join(f"{k[8:]} {v}" for k, v in sorted(total.items())
                                                  if k.startswith("reviews ") and k != "reviews of missing facts")
          + f"; scrutiny check errors on the drafts: {total['check errors']}")


def sources(kind: str, work: Path, copies: int) -> list[Path]:
    folder = work / f"src-{kind}-{copies}"
    if folder.is_dir():
        return sorted(folder.iterdir())
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    paths = []
    for index in range(copies):
        if kind == "pdf20":
            source = twenty_pages(work)
        else:
            source = source_file(seeds[index % len(seeds)], kind, work)
        target = folder / f"{index:04d}-{source.name}"
        shutil.copy(source, target)
        paths.append(target)
    return paths


def twenty_pages(work: Path) -> Path:
    original = work / "twenty-pages.pdf"
    if not original.exists():
        make_pdf((SEEDS / "coventry-sb2-2018-01-11-minutes.txt").read_text(encoding="utf-8"), original, repeat=6)
    return original


def speed(kind: str, work: Path, copies: int, engine: str = "pypdf") -> float:
    root = bare_archive(work / f"speed-{kind}-{copies}-{engine}")
    paths = sources(kind, work, copies)
    options = Options(root, "coventry", COMMITTEES["coventry"], dt.date(2018, 1, 11), dry_run=True)
    started = time.perf_counter()
    with open("/dev/null", "w") as quiet, pdf_engine(engine):
        run_batch(paths, options, out=quiet, err=quiet, workers=2)
    return copies / (time.perf_counter() - started)


def memory_run(kind: str, work: Path, copies: int, traced: bool) -> dict:
    """One batch in this (fresh) process: its peak RSS and its two workers' (each measured over
    every file it read), or, traced, the peak of Python's allocations with one worker."""
    paths = sources(kind, work, copies)
    root = bare_archive(work / f"memory-{kind}-{copies}-{traced}")
    options = Options(root, "coventry", COMMITTEES["coventry"], dt.date(2018, 1, 11), dry_run=True)
    with open("/dev/null", "w") as quiet:
        if traced:
            tracemalloc.start()
            run_batch(paths, options, out=quiet, err=quiet, workers=1)
            return {"traced_peak_mb": tracemalloc.get_traced_memory()[1] / 2**20}
        run_batch(paths, options, out=quiet, err=quiet, workers=2)
    return {"batch_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def measure_memory(kind: str, work: Path, copies: int, traced: bool) -> dict:
    result = subprocess.run([sys.executable, __file__, "--memory-run", kind, str(copies), str(work)]
                            + (["--traced"] if traced else []), capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40, help="files per speed run (default 40)")
    parser.add_argument("--memory-run", nargs=3, metavar=("KIND", "FILES", "WORK"), help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_run:
        kind, copies, work = args.memory_run
        print(json.dumps(memory_run(kind, Path(work), int(copies), args.traced)))
        return
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        for kind, engine in (("text", "pypdf"), ("docx", "pypdf"), ("pdf", "pypdf"), ("pdf", "pdfplumber"),
                             ("pdf", "pdfminer")):
            total, per_seed = run_format(kind, work, engine)
            report(kind if kind != "pdf" else f"pdf read by {engine}", total, per_seed)
        pages = len(__import__("pypdf").PdfReader(str(twenty_pages(work))).pages)
        print(f"\n== speed on two cores (documents a second; pdf20: a {pages}-page PDF laid out by reportlab "
              "from the Coventry minutes repeated)")
        for kind, engine in (("text", "pypdf"), ("docx", "pypdf"), ("pdf20", "pypdf"), ("pdf20", "pdfplumber"),
                             ("pdf20", "pdfminer")):
            label = kind if kind != "pdf20" else f"pdf20 read by {engine}"
            print(f"{label:26} {speed(kind, work, args.files, engine):7.1f} docs/s")
        for engine in pdf_module.ENGINES:
            started = time.perf_counter()
            for _ in range(3):
                pdf_module.read_pdf(twenty_pages(work), engine)
            print(f"{engine:10} reads the {pages}-page PDF in {(time.perf_counter() - started) / 3:.2f} s (one core)")
        print("\n== memory against the number of files (dry runs, each batch in a fresh process)")
        for kind in ("text", "pdf20"):
            for copies in (20, 80):
                rss = measure_memory(kind, work, copies, traced=False)
                print(f"{kind:6} {copies:3} files: batch peak RSS {rss['batch_peak_mb']:6.1f} MB, "
                      f"worker peak RSS {rss['worker_peak_mb']:6.1f} MB")
        for copies in (20, 80):
            traced = measure_memory("text", work, copies, traced=True)
            print(f"text   {copies:3} files, one process: peak traced by tracemalloc {traced['traced_peak_mb']:6.1f} MB")


if __name__ == "__main__":
    main()
