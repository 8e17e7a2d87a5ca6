"""Stage 1, load: read `content/` into the archive's records, collecting every problem.

Each file is parsed and validated on its own, so one broken file never hides the problems of
another. Cross-record rules (unknown people, duplicate minute numbers) are `validate.py`'s.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from pydantic import BaseModel

from generator.archive import (
    Archive,
    Committee,
    Council,
    DocumentFile,
    Meeting,
    SourceFile,
    municipal_year_label,
    municipal_year_start,
)
from generator.config import SiteConfig
from generator.diagnostics import Diagnostic, error, warning
from generator.minutes_parser import parse_minutes_body
from generator.models import (
    DOCUMENT_MODELS,
    CommitteeRecord,
    MeetingRecord,
    Minutes,
    MinutesFrontMatter,
    Person,
)
from generator.memo import text_digest
from generator.sources import Located, SourceError, YamlMemo, read_text, split_front_matter
from generator.validation_errors import validate_located

CONTENT_DIR = "content"
MEETING_FOLDER = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:-(\d+))?$")
RESERVED_FILES = {"meeting.yml", "minutes.md"}


class _Loader:
    def __init__(self, root: Path, config: SiteConfig, yaml: YamlMemo):
        self.root = root
        self.root_prefix = os.path.join(str(root), "")
        self.config = config
        self.yaml = yaml
        self.sources: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = []

    def display(self, path: Path) -> str:
        """`path` relative to the archive's folder, as written in diagnostics. (By its text: every
        path here was made under the root, and pathlib's `relative_to` cost 0.3 s a large build.)"""
        text = str(path)
        if text.startswith(self.root_prefix):
            return text[len(self.root_prefix):].replace(os.sep, "/")
        return path.relative_to(self.root).as_posix()

    # -- files ---------------------------------------------------------------------------------

    def read_text(self, path: Path, display: str) -> str:
        text = read_text(path, display)
        self.sources[display] = text_digest(text).hex()
        return text

    def read_yaml(self, path: Path) -> Located | None:
        display = self.display(path)
        try:
            located, problems = self.yaml.parse(self.read_text(path, display), display)
        except SourceError as exc:
            self.diagnostics.append(exc.diagnostic)
            return None
        self.diagnostics += problems
        return located

    def read_markdown(self, path: Path) -> tuple[Located, str, int] | None:
        display = self.display(path)
        try:
            front, front_line, body, body_line = split_front_matter(self.read_text(path, display), display)
            located, problems = self.yaml.parse(front, display, front_line)
        except SourceError as exc:
            self.diagnostics.append(exc.diagnostic)
            return None
        self.diagnostics += problems
        return located, body, body_line

    def validate(self, model: type[BaseModel], located: Located, path: Path, prefix=(),
                 known_people: set[str] | None = None, **extra):
        context = {"known_people": known_people} if known_people is not None else None
        record, problems = validate_located(model, located, self.display(path), prefix, context, **extra)
        self.diagnostics += problems
        return record

    # -- the tree ------------------------------------------------------------------------------

    def load(self) -> Archive:
        content = self.root / CONTENT_DIR
        if not content.is_dir():
            self.diagnostics.append(
                error(CONTENT_DIR, 0, "", "the content/ folder is missing",
                      "create content/<council>/<committee>/<YYYY-MM-DD>/meeting.yml")
            )
            return Archive(self.config, (), self.sources)
        self._report_unknown_folders(content, set(self.config.councils), "council", "councils")
        councils = tuple(
            self.load_council(content / slug, slug) for slug in sorted(self.config.councils)
        )
        return Archive(self.config, councils, self.sources)

    def _report_unknown_folders(self, parent: Path, known: set[str], what: str, where: str):
        for child in sorted(parent.iterdir()):
            if child.is_dir() and child.name not in known:
                self.diagnostics.append(
                    error(self.display(child), 0, "", f"'{child.name}' is not a {what} in site_config.yml",
                          f"add it under {where}: in site_config.yml, or rename the folder to one of: "
                          + ", ".join(sorted(known)))
                )

    def load_council(self, folder: Path, slug: str) -> Council:
        council_config = self.config.councils[slug]
        if not folder.is_dir():
            self.diagnostics.append(
                warning(self.display(folder), 0, "", f"council '{slug}' has no folder in content/",
                        f"create {self.display(folder)}/ or remove the council from site_config.yml")
            )
            return Council(slug, council_config, {}, None)
        people, people_source = self.load_people(folder / "people.yml")
        self._report_unknown_folders(folder, set(council_config.committees), "committee",
                                     f"councils.{slug}.committees")
        known_people = set(people)
        committees = tuple(
            self.load_committee(folder / name, slug, name, known_people)
            for name in sorted(council_config.committees)
        )
        return Council(slug, council_config, people, people_source, committees)

    def load_people(self, path: Path) -> tuple[dict[str, Person], SourceFile | None]:
        if not path.is_file():
            return {}, None
        located = self.read_yaml(path)
        if located is None:
            return {}, None
        if not isinstance(located.data, dict):
            self.diagnostics.append(error(self.display(path), 1, "", "people.yml must be a mapping of id to person",
                                          "write 'm-mutton:' then the person's fields indented below"))
            return {}, None
        people: dict[str, Person] = {}
        for person_id, fields in located.data.items():
            if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", person_id):
                self.diagnostics.append(error(self.display(path), located.line_of((person_id,)), person_id,
                                              f"'{person_id}' is not a valid id",
                                              "ids use lower-case letters, digits and hyphens, e.g. m-mutton"))
                continue
            entry = Located(fields, {k[1:]: v for k, v in located.lines.items() if k[:1] == (person_id,)},
                            located.line_of((person_id,)))
            person = self.validate(Person, entry, path, (person_id,))
            if person:
                people[person_id] = person
        return people, SourceFile(self.display(path), located.lines)

    def load_committee(self, folder: Path, council: str, slug: str, known_people: set[str]) -> Committee:
        config = self.config.councils[council].committees[slug]
        record, source = CommitteeRecord(), None
        committee_file = folder / "committee.yml"
        if committee_file.is_file():
            located = self.read_yaml(committee_file)
            if located is not None:
                record = self.validate(CommitteeRecord, located, committee_file,
                                       known_people=known_people) or record
                source = SourceFile(self.display(committee_file), located.lines)
        meetings = []
        if folder.is_dir():
            for child in sorted(folder.iterdir()):
                if child.is_dir():
                    meeting = self.load_meeting(child, council, slug, known_people)
                    if meeting:
                        meetings.append(meeting)
                elif child.name != "committee.yml":
                    self.diagnostics.append(self._stray_file(child, "a committee folder holds committee.yml and one folder per meeting"))
        meetings.sort(key=lambda m: (m.date, m.slug))
        return Committee(council, slug, config, record, source, tuple(meetings))

    def _stray_file(self, path: Path, why: str) -> Diagnostic:
        return warning(self.display(path), 0, "", "this file is not a record and is ignored", why)

    def meeting_date(self, folder: Path) -> dt.date | None:
        match = MEETING_FOLDER.match(folder.name)
        problem = None
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                problem = f"'{folder.name}' is not a real date"
        self.diagnostics.append(
            error(self.display(folder), 0, "", problem or f"'{folder.name}' is not a meeting folder name",
                  "name meeting folders by the meeting's date, YYYY-MM-DD (YYYY-MM-DD-2 for a second meeting that day)")
        )
        return None

    def load_meeting(self, folder: Path, council: str, committee: str,
                     known_people: set[str]) -> Meeting | None:
        date = self.meeting_date(folder)
        if date is None:
            return None
        meeting_file = folder / "meeting.yml"
        if not meeting_file.is_file():
            self.diagnostics.append(error(self.display(folder), 0, "", "the meeting folder has no meeting.yml",
                                          "add meeting.yml with at least 'status: held' (see 'Writing records')"))
            return None
        located = self.read_yaml(meeting_file)
        record = (self.validate(MeetingRecord, located, meeting_file, known_people=known_people)
                  if located else None)
        # Minutes and documents are read even when meeting.yml is broken, to report their problems too.
        minutes, minutes_source = self.load_minutes(folder / "minutes.md", known_people)
        documents, invalid = self.load_documents(folder)
        # A broken meeting.yml has been reported; an empty record keeps its minutes in the
        # committee-wide checks (minute numbering) so every problem shows in one run.
        record = record or MeetingRecord()
        year = municipal_year_label(municipal_year_start(date, self.config.municipal_year_starts))
        return Meeting(council, committee, folder.name, date, year, record,
                       SourceFile(self.display(meeting_file), located.lines if located else {}),
                       minutes, minutes_source, documents, invalid, self.display(folder),
                       self.attachment_files(folder))

    def load_minutes(self, path: Path, known_people: set[str]) -> tuple[Minutes | None, SourceFile | None]:
        if not path.is_file():
            return None, None
        parsed = self.read_markdown(path)
        if parsed is None:
            return None, None
        located, body, body_line = parsed
        front = self.validate(MinutesFrontMatter, located, path, known_people=known_people)
        items, problems = parse_minutes_body(body, body_line, self.display(path))
        self.diagnostics += problems
        # With broken front matter the minutes themselves are still checked (numbering, documents).
        front = front or MinutesFrontMatter()
        return Minutes(front=front, items=tuple(items)), SourceFile(self.display(path), located.lines)

    def attachment_files(self, folder: Path) -> tuple[str, ...]:
        """Files in the meeting folder that are not records: attachments if a record names them."""
        return tuple(sorted(p.name for p in folder.iterdir()
                            if p.is_file() and p.suffix not in {".md", ".yml"}))

    def load_documents(self, folder: Path) -> tuple[tuple[DocumentFile, ...], frozenset[str]]:
        """The folder's valid documents, and the names of those with errors (already reported)."""
        documents, invalid = [], set()
        for path in sorted(folder.iterdir()):
            if path.name in RESERVED_FILES or path.is_dir():
                continue
            if path.suffix not in {".md", ".yml"}:
                continue
            document = self.load_document(path)
            if document:
                documents.append(document)
            else:
                invalid.add(path.stem)
        return tuple(documents), frozenset(invalid)

    def load_document(self, path: Path) -> DocumentFile | None:
        extra = {}
        if path.suffix == ".md":
            parsed = self.read_markdown(path)
            if parsed is None:
                return None
            located, body, _ = parsed
            extra["body"] = body.strip("\n")
        else:
            located = self.read_yaml(path)
            if located is None:
                return None
        kind = located.data.get("type") if isinstance(located.data, dict) else None
        model = DOCUMENT_MODELS.get(kind) if isinstance(kind, str) else None
        if model is None:
            self.diagnostics.append(
                error(self.display(path), located.line_of(("type",)), "type",
                      f"'{kind}' is not a document type" if kind else "the document has no type",
                      "set type: to one of " + ", ".join(DOCUMENT_MODELS))
            )
            return None
        document = self.validate(model, located, path, **extra)
        if document is None:
            return None
        return DocumentFile(path.stem, document, SourceFile(self.display(path), located.lines))


def load_archive(root: Path, config: SiteConfig, yaml: YamlMemo | None = None) -> tuple[Archive, list[Diagnostic]]:
    """The archive under `root`, and every problem found reading it; `yaml` may remember the
    YAML of an earlier build (see `YamlMemo`)."""
    loader = _Loader(root, config, yaml or YamlMemo())
    archive = loader.load()
    return archive, loader.diagnostics
