"""Real councils' reference forms (tests/fixtures/reference-corpus.yml), found and placed.

Each entry's text is read as the minutes of its citing meeting, in a small archive holding the
meetings its references mean and decoys a wrong reading would land on: the same minute number a
year earlier, in every other body on the same day, and in the citing meeting itself when another
body is meant. A reference counts when it is found, with the right number and sub-item, and
linked to the right minute or meeting; none may be linked anywhere else."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.records.archive import (Archive, Committee, Council, Meeting, SourceFile, municipal_year_label,
                               municipal_year_start)
from generator.records.config import SiteConfig
from generator.link.links import LinkStatus, Resolver
from generator.records.texts import Place
from generator.records.models import CommitteeRecord, MeetingRecord, MinuteItem, Minutes, MinutesFrontMatter
from generator.link.references import find_references

CORPUS = Path(__file__).parent / "fixtures" / "reference-corpus.yml"
TARGET = 0.95
DECOY_BODIES = ("Cabinet", "Council")


@dataclass(frozen=True)
class Expected:
    at: str
    body: str
    date: dt.date
    number: str | None
    sub: str | None


def entries() -> list[dict]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["entries"]


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def expected_refs(entry: dict) -> list[Expected]:
    refs = []
    for ref in entry["refs"]:
        body = entry["body"] if ref["body"] == "self" else ref["body"]
        if "month" in ref:
            year, month = map(int, str(ref["month"]).split("-"))
            date = dt.date(year, month, 15)
        else:
            date = ref["date"]
        refs.append(Expected(ref["at"], body, date, ref.get("number"), ref.get("sub")))
    return refs


def printed(entry: dict, number: str, date: dt.date) -> str:
    """A minute's number as its heading prints it (`A23/029` where the entry says so)."""
    if not entry.get("printed_numbers"):
        return number
    start = municipal_year_start(date, 5)
    return entry["citation"].format(number=number, yy=f"{start % 100:02d}", yyyy=str(start), prefix="")


def meetings_wanted(entry: dict) -> dict[tuple[str, dt.date], set[str]]:
    """The meetings of the model, each with its minute numbers: targets and decoys."""
    own = entry["body"]
    refs = expected_refs(entry)
    bodies = {own, *(r.body for r in refs), *DECOY_BODIES}
    wanted: dict[tuple[str, dt.date], set[str]] = {(own, entry["meeting"]): set()}
    # No decoy may become the citing body's latest meeting: 'the previous minutes' means that one.
    latest = max((r.date for r in refs if r.body == own and r.date < entry["meeting"]), default=dt.date.min)
    for ref in refs:
        numbers = {ref.number} if ref.number else set()
        wanted.setdefault((ref.body, ref.date), set()).update(numbers)
        # A year earlier, the same number: except where numbers never restart, which cannot hold it twice.
        continuous = ref.body == own and entry.get("numbering") == "continuous"
        wanted.setdefault((ref.body, ref.date - dt.timedelta(days=364)), set()).update(set() if continuous else numbers)
        for other in bodies - {ref.body}:
            if not (other == own and latest < ref.date < entry["meeting"]):
                wanted.setdefault((other, ref.date), set()).update(numbers)
        if ref.body != own:
            wanted[(own, entry["meeting"])].update(numbers)
    return wanted


def model(entry: dict) -> tuple[Archive, Meeting]:
    wanted = meetings_wanted(entry)
    bodies = sorted({body for body, _ in wanted})
    committees = {
        slug(body): {"name": body, "numbering": entry.get("numbering", "municipal-year"),
                     **({"citation": entry["citation"]} if body == entry["body"] and "citation" in entry else {})}
        for body in bodies}
    config = SiteConfig.model_validate({"title": "Corpus", "site_url": "https://example.org/", "licence": "Test.",
                                        "councils": {"council": {"name": entry["council"], "committees": committees}}})
    made = []
    for body in bodies:
        meetings = tuple(_meeting(entry, body, date, numbers) for (b, date), numbers in sorted(wanted.items()) if b == body)
        made.append(Committee("council", slug(body), config.councils["council"].committees[slug(body)],
                              CommitteeRecord(), None, meetings))
    archive = Archive(config, (Council("council", config.councils["council"], {}, None, tuple(made)),))
    here = next(m for m in archive.meetings if (m.committee, m.date) == (slug(entry["body"]), entry["meeting"]))
    return archive, here


def _meeting(entry: dict, body: str, date: dt.date, numbers: set[str]) -> Meeting:
    items = tuple(MinuteItem(number=printed(entry, n, date) if body == entry["body"] else n, title=f"Item {n}", line=1)
                  for n in sorted(numbers))
    minutes = Minutes(front=MinutesFrontMatter(), items=items) if items else None
    return Meeting("council", slug(body), date.isoformat(), date, municipal_year_label(municipal_year_start(date, 5)),
                   MeetingRecord(), SourceFile("meeting.yml"), minutes, SourceFile("minutes.md") if minutes else None)


def outcomes(entry: dict) -> list[tuple[Expected, str]]:
    """For each expected reference: 'right', 'wrong' (linked elsewhere) or 'missed' (with why)."""
    archive, here = model(entry)
    resolver = Resolver(archive)
    text = entry["text"]
    found = find_references(text, resolver.schemes)
    results, cursor = [], 0
    for expected in expected_refs(entry):
        at = text.find(expected.at, cursor)
        assert at >= 0, f"{entry['council']}: '{expected.at}' is not in the text"
        cursor = at + 1
        reference = next((r for r in found if r.start < at + len(expected.at) and at < r.end), None)
        if reference is None:
            results.append((expected, "missed: not found"))
            continue
        link = resolver.resolve_at(reference, here, Place(here.key, label="corpus"))
        results.append((expected, _judged(entry, expected, reference, link)))
    return results


def _judged(entry: dict, expected: Expected, reference, link) -> str:
    if link.status is not LinkStatus.RESOLVED:
        return f"missed: {link.status.value} ({link.reason})"
    right_meeting = link.target.meeting == ("council", slug(expected.body), expected.date.isoformat())
    right_minute = expected.number is None or link.target.minute == printed(entry, expected.number, expected.date) \
        if expected.body == entry["body"] else expected.number is None or link.target.minute == expected.number
    if not (right_meeting and right_minute):
        return f"wrong: linked to {'/'.join(link.target.meeting)} {link.target.minute or ''}"
    if reference.number != expected.number and expected.number is not None:
        return f"wrong: number {reference.number}"
    if (reference.sub or None) != expected.sub:
        return f"missed: sub-item {reference.sub!r}"
    return "right"


def test_the_corpus_is_large_and_varied():
    corpus = entries()
    assert sum(len(e["refs"]) for e in corpus) >= 150
    councils = {e["council"] for e in corpus}
    assert len(councils) >= 30
    assert not councils & {"Coventry City Council", "Leicester City Council", "Portsmouth City Council",
                           "Rotherham Metropolitan Borough Council"}
    assert all(e["source"].startswith(("http://", "https://")) for e in corpus)


def test_real_references_are_found_and_linked_to_the_right_minute():
    results = [(entry, expected, outcome) for entry in entries() for expected, outcome in outcomes(entry)]
    right = sum(outcome == "right" for _, _, outcome in results)
    wrong = [(e["council"], x.at, outcome) for e, x, outcome in results if outcome.startswith("wrong")]
    missed = [(e["council"], x.at, outcome) for e, x, outcome in results if outcome.startswith("missed")]
    print(f"\nreference corpus: {right} of {len(results)} right ({right / len(results):.1%}), "
          f"{len(missed)} missed, {len(wrong)} linked wrongly")
    for row in missed + wrong:
        print("   ", *row)
    assert not wrong, wrong
    assert right / len(results) >= TARGET, missed


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e["council"])
def test_no_reference_is_linked_to_a_wrong_target(entry):
    assert not [outcome for _, outcome in outcomes(entry) if outcome.startswith("wrong")]
