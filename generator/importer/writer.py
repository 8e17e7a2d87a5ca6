"""Drafts to files in the archive's content/: meeting.yml, minutes.md and documents, each with
its `review:` list. Nothing outside content/ is written; an existing meeting folder is kept as
it is unless --force, the draft then going into an `import-draft` folder inside it."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.importer.drafts import DocumentDraft, MeetingDraft, MinutesDraft

DRAFT_FOLDER = "import-draft"


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    text: str


@dataclass(frozen=True)
class Plan:
    folder: Path
    files: tuple[PlannedFile, ...]
    beside_existing: bool        # the meeting folder existed: the draft goes into import-draft/
    review_count: int

    def without_text(self) -> "Plan":
        """The plan as the batch remembers it once written: paths and counts, not the files' text
        (so a batch's memory does not grow with the number of files)."""
        return Plan(self.folder, tuple(PlannedFile(f.path, "") for f in self.files), self.beside_existing,
                    self.review_count)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True  # the archive refuses YAML aliases: a value used twice is written twice


def _text(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)


def plan_meeting(meeting: MeetingDraft, content: Path, council: str, committee: str, force: bool) -> Plan:
    folder = content / council / committee / meeting.date.isoformat()
    beside = folder.exists() and not force
    target = _free_draft_folder(folder) if beside else folder
    files = [PlannedFile(target / "meeting.yml", meeting_yaml(meeting))]
    if meeting.minutes:
        files.append(PlannedFile(target / "minutes.md", minutes_markdown(meeting.minutes)))
    for document in meeting.documents:
        files.append(PlannedFile(target / f"{document.slug}{document.suffix}", document_text(document)))
    reviews = len(meeting.review) + (len(meeting.minutes.review) if meeting.minutes else 0)
    reviews += sum(len(d.review) for d in meeting.documents)
    return Plan(target, tuple(files), beside, reviews)


def _free_draft_folder(folder: Path) -> Path:
    candidate, n = folder / DRAFT_FOLDER, 2
    while candidate.exists():
        candidate, n = folder / f"{DRAFT_FOLDER}-{n}", n + 1
    return candidate


def meeting_yaml(meeting: MeetingDraft) -> str:
    data: dict = {}
    if meeting.start_time:
        data["start_time"] = meeting.start_time
    if meeting.venue:
        data["venue"] = meeting.venue
    data["status"] = "held"
    if meeting.source:
        data["transcribed_from"] = meeting.source
    attendance = meeting.attendance.as_entry()
    if attendance:
        data["attendance"] = attendance
    if meeting.agenda:
        data["agenda"] = [item.as_entry() for item in meeting.agenda]
    if meeting.notes:
        data["notes"] = meeting.notes
    if meeting.review:
        data["review"] = [r.as_entry() for r in meeting.review]
    return "# Imported by `scrutiny import`: a draft. Check it, fix every review entry, then remove them.\n" + dump(data)


def minutes_markdown(minutes: MinutesDraft) -> str:
    front: dict = {"status": "draft"}
    if minutes.closed_at:
        front["closed_at"] = minutes.closed_at
    if minutes.source:
        front["transcribed_from"] = minutes.source
    if minutes.declarations:
        front["declarations"] = [d.as_entry() for d in minutes.declarations]
    if minutes.review:
        front["review"] = [r.as_entry() for r in minutes.review]
    lines = ["---", dump(front).rstrip("\n"), "---", ""]
    part = None
    for item in minutes.items:
        if item.part and item.part != part:
            lines += [f"# {item.part}", ""]
            part = item.part
        marker = " {confidential}" if item.private else ""
        lines += [f"## {item.number}. {item.title}{marker}", ""]
        for block in item.blocks:
            lines += [block, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def document_text(document: DocumentDraft) -> str:
    front = dict(document.front)
    if document.review:
        front["review"] = [r.as_entry() for r in document.review]
    if document.suffix == ".yml":
        return dump(front)
    return "\n".join(["---", dump(front).rstrip("\n"), "---", "", document.body.strip(), ""])


def write_plan(plan: Plan, content: Path) -> None:
    """Every file written to a temporary name and renamed: an interrupted import leaves no
    half-written file. Paths are checked to stay inside content/."""
    real_content = os.path.realpath(content)
    for planned in plan.files:
        real = os.path.realpath(planned.path.parent)
        if not (real == real_content or real.startswith(real_content + os.sep)) and planned.path.parent.exists():
            raise ValueError(f"{planned.path} is outside {content}")
    for planned in plan.files:
        planned.path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=planned.path.parent, delete=False,
                                         prefix=".import-", suffix=".tmp") as handle:
            handle.write(planned.text)
        os.replace(handle.name, planned.path)
