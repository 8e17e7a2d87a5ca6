"""A synthetic scrutiny archive, deterministic from a seed, for benchmarks.

    python benchmarks/generate_archive.py OUT --meetings 5000 [--seed 1]

Councils with committees numbering minutes in different ways (per meeting, through the year as
`28/16`, with a prefix `SB16/28`, dotted `OS.28`), municipal years of meetings with realistic
attendance, minutes and resolutions of realistic length, cross-references of every kind (same
meeting, same year, earlier years, other committees, not in the archive), work programmes,
trackers and a few exempt items.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
WORDS = ("children young people services fostering adoption placement school schools attendance exclusion "
         "ofsted inspection improvement plan safeguarding social workers caseload recruitment retention "
         "budget health visiting early help family hubs corporate parenting care leavers education "
         "performance data audit quality assurance board report officers members cabinet review "
         "consultation strategy partnership commissioning contract monitoring outcomes progress").split()
SCHEMES = [("meeting", "{number}", None), ("municipal-year", "{number}/{yy}", None),
           ("municipal-year", "SB{yy}/{number}", None), ("municipal-year", "{prefix}.{number}", "OS")]
COMMITTEE_NAMES = ["Children's Scrutiny Board", "Education Scrutiny Panel", "Health Scrutiny Board",
                   "Overview and Scrutiny Committee", "Corporate Parenting Panel", "Schools Forum Scrutiny",
                   "Adult Social Care Scrutiny", "Finance Scrutiny Commission", "Housing Scrutiny Board",
                   "Communities Scrutiny Panel"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 22)) for _ in range(sentences))


def generate(out: Path, meetings: int, seed: int = 1, meetings_per_year: int = 8) -> dict:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    shutil.copytree(PROJECT / "theme", out / "theme")
    councils = max(1, meetings // 1500 + 1)
    committees_per_council = max(1, min(10, meetings // (councils * meetings_per_year * 2) or 1))
    per_committee = max(1, meetings // (councils * committees_per_council))
    config = {"title": f"Synthetic archive of {meetings} meetings", "site_url": "https://example.github.io/synthetic/",
              "licence": "Synthetic test data.", "councils": {}}
    counts = {"meetings": 0, "minutes": 0, "resolutions": 0}
    for c in range(councils):
        council = f"council-{c + 1}"
        committees = {}
        people = {f"cllr-{i}": {"name": f"{rng.choice('ABCDEFGHJKLMNPRSTW')} {rng.choice(WORDS).title()}{i}",
                                "honorific": "Councillor"} for i in range(40)}
        people.update({f"officer-{i}": {"name": f"Officer {i}", "roles": [f"{rng.choice(WORDS).title()} Manager"]}
                       for i in range(15)})
        (out / "content" / council).mkdir()
        (out / "content" / council / "people.yml").write_text(yaml.safe_dump(people, sort_keys=True))
        for k in range(committees_per_council):
            numbering, citation, prefix = SCHEMES[(c + k) % len(SCHEMES)]
            slug = f"committee-{k + 1}"
            committees[slug] = {"name": f"{COMMITTEE_NAMES[k % len(COMMITTEE_NAMES)]} {k + 1}", "numbering": numbering,
                                "citation": citation, **({"prefix": prefix} if prefix else {})}
            _committee(rng, out / "content" / council / slug, per_committee, meetings_per_year, numbering,
                       citation, prefix, list(people), counts)
        config["councils"][council] = {"name": f"Synthetic Council {c + 1}", "committees": committees}
    (out / "site_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return counts


def _committee(rng, folder: Path, count: int, per_year: int, numbering: str, citation: str, prefix, people, counts):
    folder.mkdir(parents=True)
    (folder / "committee.yml").write_text(yaml.safe_dump({"remit": paragraph(rng, 2), "membership": {
        "2016/17": [{"person": p, "role": "Chair" if i == 0 else None} if i == 0 else p for i, p in enumerate(people[:10])]}}))
    start_year = 2026 - count // per_year - 1
    number, year_of_numbering = 0, None
    history: list[tuple[dt.date, int]] = []
    for index in range(count):
        year = start_year + index // per_year
        month = [6, 7, 9, 10, 11, 1, 2, 3, 4][index % per_year % 9]
        date = dt.date(year + (1 if month < 5 else 0), month, 10 + index % 15)
        municipal = date.year if date.month >= 5 else date.year - 1
        if numbering == "meeting" or municipal != year_of_numbering:
            number, year_of_numbering = 0 if numbering == "meeting" else 0, municipal
        meeting_folder = folder / f"{date.isoformat()}"
        if meeting_folder.exists():
            continue
        meeting_folder.mkdir()
        attendees = rng.sample(people[:40], 9)
        officers = rng.sample(people[40:], 3)
        (meeting_folder / "meeting.yml").write_text(yaml.safe_dump({
            "start_time": "14:00", "venue": "Council House", "attendance": {
                "chair": attendees[0], "present": attendees[1:7], "apologies": attendees[7:],
                "officers": [{"person": o, "directorate": "People Directorate"} for o in officers]},
            "agenda": [{"number": str(i + 1), "title": sentence(rng, 4).rstrip(".")} for i in range(8)]}, sort_keys=False))
        lines = ["---", "status: draft", "---", ""]
        minutes_here = rng.randint(6, 12)
        yy = f"{municipal % 100:02d}"
        for m in range(minutes_here):
            number += 1
            counts["minutes"] += 1
            if rng.random() < 0.01:
                lines += [f"## {number}. Exempt item {{exempt=3}}", ""]
                continue
            lines.append(f"## {number}. {sentence(rng, 4).rstrip('.')}")
            lines.append("")
            lines.append(paragraph(rng, rng.randint(3, 8)) + " " + _reference(rng, citation, prefix, number, yy, history))
            lines.append("")
            if rng.random() < 0.7:
                resolutions = rng.randint(1, 4)
                counts["resolutions"] += resolutions
                lines.append("::: RESOLVED that the Committee")
                lines += [f"{r + 1}) {sentence(rng, rng.randint(8, 25))}" for r in range(resolutions)]
                lines.append(":::")
                lines.append("")
        (meeting_folder / "minutes.md").write_text("\n".join(lines))
        if index % per_year == 0:
            _work_programme(rng, meeting_folder, municipal, date)
        if index % 4 == 0:
            (meeting_folder / "report.md").write_text(
                f"---\ntype: report\ntitle: {sentence(rng, 5).rstrip('.')}\nagenda_item: \"4\"\n---\n\n"
                + "\n\n".join(paragraph(rng, 5) for _ in range(6)))
        history.append((date, number))
        counts["meetings"] += 1


def _reference(rng, citation: str, prefix, number: int, yy: str, history) -> str:
    kind = rng.random()
    if kind < 0.25 and number > 1:
        return f"See minute {rng.randint(1, number - 1)} above."
    if kind < 0.45 and history:
        then, last = rng.choice(history)
        target = rng.randint(max(1, last - 5), last)
        if citation == "{number}":
            return f"Further to minute {target} ({then.day} {then:%B %Y})."
        text = citation.format(number=target, yy=f"{(then.year if then.month >= 5 else then.year - 1) % 100:02d}",
                               prefix=prefix or "", yyyy="", mm="")
        return f"Further to minute {text}." if "prefix" not in citation and not citation.startswith("SB") else f"Further to {text}."
    if kind < 0.55:
        return f"Cabinet minute {rng.randint(1, 90)}/{yy} refers."
    if kind < 0.6:
        return f"The minutes of the meeting held on {rng.randint(1, 28)} March 2009 were approved."
    return ""


def _work_programme(rng, folder: Path, municipal: int, date: dt.date):
    meetings = [{"date": (date + dt.timedelta(days=35 * i)).isoformat(),
                 "items": [{"title": sentence(rng, 4).rstrip("."), "detail": sentence(rng, 15),
                            "lead_officers": ["Officer 1"], "cabinet_members": ["Cllr Example"]} for _ in range(3)]}
                for i in range(1, 7)]
    (folder / "work-programme.yml").write_text(yaml.safe_dump({
        "type": "work-programme", "title": f"Work programme {municipal}/{(municipal + 1) % 100:02d}",
        "municipal_year": f"{municipal}/{(municipal + 1) % 100:02d}", "meetings": meetings}, sort_keys=False))
    (folder / "tracker.yml").write_text(yaml.safe_dump({
        "type": "tracker", "title": "Outstanding issues", "rows": [
            {"meeting_date": date.isoformat(), "agenda_item": sentence(rng, 3).rstrip("."), "type": "action",
             "text": sentence(rng, 12), "status": "open"} for _ in range(5)]}, sort_keys=False))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--meetings", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.out, args.meetings, args.seed))
