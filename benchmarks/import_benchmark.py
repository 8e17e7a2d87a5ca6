"""Benchmark of `scrutiny import` (run by hand, not a timed test):

    .venv/bin/python benchmarks/import_benchmark.py

Imports the five seeds (../shared/seeds) from their text, and from DOCX and PDF made from
that text, into a copy of the sample archive without those meetings, and compares the drafts
with the hand transcriptions in content/: minute numbers and titles, resolutions' text,
attendance names in the right part, meeting dates, and review entries raised against facts
the transcription also lacks. Then speed on two cores and memory against the number of files,
and pdfplumber against pypdf on the same PDFs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from generator.importer import pdf as pdf_module  # noqa: E402
from generator.importer.runner import Options, import_one, run_batch  # noqa: E402
from generator.importer.writer import write_plan  # noqa: E402
from generator.minutes_parser import parse_minutes_body  # noqa: E402
from generator.sources import split_front_matter  # noqa: E402
from importer.seed_documents import make_docx, make_pdf  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
COMMITTEES = {
    "coventry": "education-childrens-services-scrutiny-board-2",
    "leicester": "children-young-people-schools-scrutiny-commission",
    "portsmouth": "education-children-young-people-scrutiny-panel",
    "rotherham": "improving-lives-select-commission",
}
# The meetings each seed holds (the folders its hand transcription wrote).
SEED_MEETINGS = {
    "coventry-sb2-2017-04-27-agenda-pack": ["2017-04-27", "2017-04-06"],
    "coventry-sb2-2018-01-11-minutes": ["2018-01-11"],
    "leicester-cyps-2015-07-22-minutes-and-scoping": ["2015-07-22"],
    "portsmouth-ecyp-2014-11-24-report-and-action-plan": ["2014-11-24"],
    "rotherham-ilsc-2014-06-11-agenda-pack": ["2014-06-11", "2014-04-30"],
}
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
    count_reviews(truth, draft, tally)


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
                    "person" if "people.yml" in found else "heading" if "heading" in found else "other")
            tally[f"reviews {kind}"] += 1
            missing = ((kind == "venue" and not (true_meeting or {}).get("venue"))
                       or (kind == "time" and not (true_meeting or {}).get("start_time"))
                       or (kind == "person" and f"name: {found.split(chr(39))[1]}" in true_text)
                       or (kind == "heading" and "[Heading not given" in true_text))
            tally["reviews of missing facts"] += missing


def run_format(kind: str, work: Path, engine: str = "pdfplumber") -> tuple[Counter, dict[str, Counter]]:
    root = bare_archive(work / f"{kind}-{engine}")
    total, per_seed = Counter(), {}
    pdf_module_read = pdf_module.read_pdf
    if engine == "pypdf":
        pdf_module.read_pdf = lambda path, engine="pypdf": pdf_module_read(path, "pypdf")
    try:
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
    finally:
        pdf_module.read_pdf = pdf_module_read
    check = subprocess.run([sys.executable, "-m", "generator", "check", "--root", str(root), "--quiet"],
                           capture_output=True, text=True, cwd=ROOT)
    total["check errors"] = check.stdout.count(": error:")
    return total, per_seed


def source_file(seed_path: Path, kind: str, work: Path) -> Path:
    text = seed_path.read_text(encoding="utf-8")
    if kind == "text":
        return seed_path
    target = work / f"{seed_path.stem}.{kind}"
    if not target.exists():
        (make_docx if kind == "docx" else make_pdf)(text, target)
    return target


def percent(tally: Counter, key: str) -> str:
    return f"{100 * tally[key + ' ok'] / tally[key]:.1f} %" if tally[key] else "n/a"


def report(kind: str, total: Counter, per_seed: dict[str, Counter]) -> None:
    print(f"\n== from {kind}")
    print(f"{'seed':52} {'minutes':>9} {'resol.':>9} {'names':>9} {'dates':>7} {'reviews (of missing facts)':>28}")
    for seed, tally in list(per_seed.items()) + [("TOTAL", total)]:
        print(f"{seed:52} {percent(tally, 'minutes'):>9} {percent(tally, 'resolutions'):>9} "
              f"{percent(tally, 'names'):>9} {percent(tally, 'dates'):>7} "
              f"{tally['reviews']:>18} ({tally['reviews of missing facts']})")
    print(f"minute titles ignoring case: {100 * total['minutes ok ignoring case'] / max(total['minutes'], 1):.1f} %; "
          f"names in a wrong part or not in the transcription: {total['names extra']}; "
          f"review entries by kind: " + ", ".join(f"{k[8:]} {v}" for k, v in sorted(total.items())
                                                  if k.startswith("reviews ") and k != "reviews of missing facts")
          + f"; scrutiny check errors on the drafts: {total['check errors']}")


def speed(kind: str, work: Path, copies: int) -> tuple[float, int]:
    root = bare_archive(work / f"speed-{kind}-{copies}")
    folder = work / f"speed-src-{kind}-{copies}"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    paths = []
    for index in range(copies):
        seed = seeds[index % len(seeds)]
        if kind == "pdf20":
            original = work / "twenty-pages.pdf"
            if not original.exists():
                make_pdf((SEEDS / "coventry-sb2-2018-01-11-minutes.txt").read_text(encoding="utf-8"), original, repeat=5)
            source = original
        else:
            source = source_file(seed, kind, work)
        target = folder / f"{index:04d}-{source.name}"
        shutil.copy(source, target)
        paths.append(target)
    council = "coventry"
    options = Options(root, council, COMMITTEES[council], dt.date(2018, 1, 11), dry_run=True)
    started = time.perf_counter()
    with open("/dev/null", "w") as quiet:
        run_batch(paths, options, out=quiet, err=quiet, workers=2)
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return copies / seconds, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=40, help="files per speed run (default 40)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        figures = {}
        for kind in ("text", "docx", "pdf"):
            total, per_seed = run_format(kind, work)
            figures[kind] = total
            report(kind, total, per_seed)
        started = time.perf_counter()
        total, per_seed = run_format("pdf", work, engine="pypdf")
        report("pdf read by pypdf (for comparison)", total, per_seed)
        print("\n== speed on two cores (documents a second; peak memory of a worker, MB)")
        for kind in ("text", "docx", "pdf20"):
            rate, memory = speed(kind, work, args.files)
            print(f"{kind:6} {rate:7.1f} docs/s   worker peak {memory} MB")
        pages = len(__import__("pypdf").PdfReader(str(work / "twenty-pages.pdf")).pages)
        print(f"(pdf20: a {pages}-page PDF laid out by reportlab from the Coventry minutes repeated)")
        for engine in ("pdfplumber", "pypdf"):
            started = time.perf_counter()
            for _ in range(3):
                pdf_module.read_pdf(work / "twenty-pages.pdf", engine)
            print(f"{engine:10} reads the {pages}-page PDF in {(time.perf_counter() - started) / 3:.2f} s")
        print("\n== memory against the number of files (text, dry run)")
        for copies in (20, 80):
            rate, memory = speed("text", work, copies)
            print(f"{copies:4} files: {rate:6.1f} docs/s, worker peak {memory} MB")


if __name__ == "__main__":
    main()
