"""Stage 1, load: read `content/` into the archive's records, collecting every problem.

Each file is parsed and validated on its own, so one broken file never hides the problems of
another. Cross-record rules (unknown people, duplicate minute numbers) are `validate.py`'s.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from generator.records.archive import (
    Archive,
    Committee,
    Council,
    DocumentFile,
    Meeting,
    SourceFile,
    municipal_year_label,
    municipal_year_start,
)
from generator.records.config import SiteConfig
from generator.records.diagnostics import Diagnostic, error, warning
from generator.read.minutes_parser import parse_minutes_body
from generator.records.models import (
    DOCUMENT_MODELS,
    CommitteeRecord,
    MeetingRecord,
    Minutes,
    MinutesFrontMatter,
    Person,
)
from generator.incremental.memo import text_digest
from generator.read.sources import (
    Located,
    SourceError,
    YamlMemo,
    file_kind,
    is_inside,
    read_text,
    split_front_matter,
)
from generator.read.validation_errors import validate_located

CONTENT_DIR = "content"
# ASCII digits only (re's \d matches Arabic-Indic digits too), the whole name (fullmatch: $ would
# match before a trailing line break).
MEETING_FOLDER = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:-([0-9]{1,2}))?")
FIRST_YEAR, LAST_YEAR = 1900, 2199
RESERVED_FILES = {"meeting.yml", "minutes.md"}
RECORD_SUFFIXES = {".md", ".yml"}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 100
# A document's name is its page's address in the meeting's folder: these are taken, or would be
# taken for the meeting's own records (the importer avoids the same names).
RESERVED_DOCUMENT_NAMES = {
    "index": "the meeting's own page",
    "private": "the folder of attachments never published",
    "meeting": "the meeting's record, meeting.yml",
    "minutes": "the meeting's minutes, minutes.md",
}

# Characters no name under content/ may hold: every name is published as an address, and these
# would make one misleading (a right-to-left override shows 'cod.pdf' for 'fdp.doc'), invisible
# or broken. Surrogates are the bytes of a name that is not UTF-8, as Python reads them.
_LINE_BREAKS_AND_CONTROLS = "\x00-\x1f\x7f-\x9f"
_BIDIRECTIONAL_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff\ufffe\uffff"
_URL_SEPARATORS = ":\\\\"  # a colon reads as a scheme (javascript:), a backslash as / in an address
MISLEADING_IN_NAMES = re.compile(
    f"[{_LINE_BREAKS_AND_CONTROLS}{_BIDIRECTIONAL_CONTROLS}{_INVISIBLE}{_URL_SEPARATORS}\ud800-\udfff]")


def misleading_character(name: str) -> str | None:
    """What the first character of `name` that no name may hold is, in words; None if none."""
    found = MISLEADING_IN_NAMES.search(name)
    if found is None:
        return None
    character = found[0]
    code = f"U+{ord(character):04X}"
    if character in "\n\r":
        return f"a line break ({code})"
    if re.match(f"[{_LINE_BREAKS_AND_CONTROLS}]", character):
        return f"a control character ({code})"
    if re.match(f"[{_BIDIRECTIONAL_CONTROLS}]", character):
        return f"a bidirectional control character ({code}), which can make the address read otherwise"
    if "\ud800" <= character <= "\udfff":
        return "bytes that are not UTF-8"
    if character == ":":
        return "a colon, which would make its address read as a scheme such as javascript:"
    if character == "\\":
        return "a backslash, which browsers read as / in an address"
    return f"an invisible character ({code})"


def escaped_name(name: str) -> str:
    """`name` as diagnostics print it: each character `misleading_character` names is escaped."""
    return MISLEADING_IN_NAMES.sub(lambda found: f"\\u{ord(found[0]):04x}", name)


@dataclass(frozen=True)
class _Entry:
    """A file or folder in a folder of content/ (a link is listed as what it points to)."""

    name: str
    path: Path
    is_folder: bool
    is_link: bool

    @property
    def stem_and_suffix(self) -> tuple[str, str]:
        return os.path.splitext(self.name)


class _Loader:
    def __init__(self, root: Path, config: SiteConfig, yaml: YamlMemo):
        self.root = root
        self.root_prefix = os.path.join(str(root), "")
        self.content = root / CONTENT_DIR
        self.content_real = ""  # the real path of content/, once it is known to be a folder
        self.config = config
        self.yaml = yaml
        self.sources: dict[str, str] = {}
        self.diagnostics: list[Diagnostic] = []

    def display(self, path: Path | str) -> str:
        """`path` relative to the archive's folder, as written in diagnostics. (By its text: every
        path here was made under the root, and pathlib's `relative_to` was slow in a large build.)"""
        text = os.fspath(path)
        if text.startswith(self.root_prefix):
            return text[len(self.root_prefix):].replace(os.sep, "/")
        return Path(path).relative_to(self.root).as_posix()

    # -- files ---------------------------------------------------------------------------------

    def read_text(self, path: Path, display: str) -> str:
        """The text of a record: a regular file inside content/ (see `sources.read_text`)."""
        text = read_text(path, display, inside=self.content)
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

    def listing(self, folder: Path) -> dict[str, _Entry]:
        """The files and folders in `folder`, by name. Each is checked here, once: a name that
        would be published at a misleading address, a special file (a FIFO, a device) and a link
        to a folder outside content/ are reported and left out. A linked file is listed; reading
        it checks where it leads (`sources.read_text`)."""
        try:
            with os.scandir(folder) as scan:
                found = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            self.diagnostics.append(error(self.display(folder), 0, "", f"the folder cannot be read ({exc.strerror})",
                                          "check that the folder exists and that you may read it"))
            return {}
        listed = {}
        for entry in found:
            is_folder = self._is_folder(entry)
            if is_folder is not None:
                listed[entry.name] = _Entry(entry.name, Path(entry.path), is_folder, entry.is_symlink())
        return listed

    def _is_folder(self, entry: os.DirEntry) -> bool | None:
        """True for a folder, False for a file, None for what is reported (and left out)."""
        character = misleading_character(entry.name)
        if character:
            self.diagnostics.append(error(
                f"{self.display(os.path.dirname(entry.path))}/{escaped_name(entry.name)}", 0, "",
                f"the name holds {character}",
                "rename it with letters, digits and hyphens; names become the site's addresses"))
            return None
        try:
            if entry.is_symlink():
                return self._is_linked_folder(entry)
            if entry.is_dir(follow_symlinks=False):
                return True
            if entry.is_file(follow_symlinks=False):
                return False
            kind = file_kind(entry.stat(follow_symlinks=False).st_mode)
        except OSError:
            return None  # gone since the folder was listed
        self.diagnostics.append(error(self.display(entry.path), 0, "", f"this is {kind}, not a file or a folder",
                                      "remove it: the archive holds only plain files and folders"))
        return None

    def _is_linked_folder(self, entry: os.DirEntry) -> bool | None:
        try:
            is_folder = stat.S_ISDIR(os.stat(entry.path).st_mode)
        except OSError:
            return False  # a link to nothing: reading it, or naming it as an attachment, reports it
        if is_folder and not is_inside(os.path.realpath(entry.path), self.content_real):
            self.diagnostics.append(error(self.display(entry.path), 0, "",
                                          "the folder is a link to a folder outside content/",
                                          "move the folder itself into content/ instead of linking to it"))
            return None
        return is_folder

    def check_names_below(self, folder: Path) -> None:
        """Report what `listing` reports in every folder below `folder` (a meeting's private/),
        whose files are published only as attachments. Links are not followed."""
        for entry in self.listing(folder).values():
            if entry.is_folder and not entry.is_link:
                self.check_names_below(entry.path)

    def load(self) -> Archive:
        content = self.content
        if not content.is_dir():
            self.diagnostics.append(
                error(CONTENT_DIR, 0, "", "the content/ folder is missing",
                      "create content/<council>/<committee>/<YYYY-MM-DD>/meeting.yml")
            )
            return Archive(self.config, (), self.sources)
        self.content_real = os.path.realpath(content)
        listing = self.listing(content)
        self._report_unknown_folders(listing, set(self.config.councils), "council", "councils")
        councils = tuple(
            self.load_council(content / slug, slug, listing) for slug in sorted(self.config.councils)
        )
        return Archive(self.config, councils, self.sources)

    def _report_unknown_folders(self, listing: dict[str, _Entry], known: set[str], what: str, where: str):
        for entry in listing.values():
            if entry.is_folder and entry.name not in known:
                self.diagnostics.append(
                    error(self.display(entry.path), 0, "", f"'{entry.name}' is not a {what} in site_config.yml",
                          f"add it under {where}: in site_config.yml, or rename the folder to one of: "
                          + ", ".join(sorted(known)))
                )

    def load_council(self, folder: Path, slug: str, content: dict[str, _Entry]) -> Council:
        council_config = self.config.councils[slug]
        if not _is_folder(content, slug):
            self.diagnostics.append(
                warning(self.display(folder), 0, "", f"council '{slug}' has no folder in content/",
                        f"create {self.display(folder)}/ or remove the council from site_config.yml")
            )
            return Council(slug, council_config, {}, None)
        listing = self.listing(folder)
        people, people_source = self.load_people(folder / "people.yml", _is_file(listing, "people.yml"))
        self._report_unknown_folders(listing, set(council_config.committees), "committee",
                                     f"councils.{slug}.committees")
        known_people = set(people)
        committees = tuple(
            self.load_committee(folder / name, slug, name, known_people, _is_folder(listing, name))
            for name in sorted(council_config.committees)
        )
        return Council(slug, council_config, people, people_source, committees)

    def load_people(self, path: Path, exists: bool) -> tuple[dict[str, Person], SourceFile | None]:
        if not exists:
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
            if len(person_id) > MAX_ID_LENGTH or not SLUG.fullmatch(person_id):
                shown = person_id if len(person_id) <= 60 else person_id[:57] + "..."
                self.diagnostics.append(error(self.display(path), located.line_of((person_id,)), shown,
                                              f"'{shown}' is not a valid id",
                                              "ids use lower-case letters, digits and hyphens, e.g. m-mutton"
                                              + (f", at most {MAX_ID_LENGTH} of them" if shown != person_id else "")))
                continue
            entry = Located(fields, {k[1:]: v for k, v in located.lines.items() if k[:1] == (person_id,)},
                            located.line_of((person_id,)))
            person = self.validate(Person, entry, path, (person_id,))
            if person:
                people[person_id] = person
        return people, SourceFile(self.display(path), located.lines)

    def load_committee(self, folder: Path, council: str, slug: str, known_people: set[str],
                       exists: bool) -> Committee:
        config = self.config.councils[council].committees[slug]
        record, source = CommitteeRecord(), None
        listing = self.listing(folder) if exists else {}
        committee_file = folder / "committee.yml"
        if _is_file(listing, "committee.yml"):
            located = self.read_yaml(committee_file)
            if located is not None:
                record = self.validate(CommitteeRecord, located, committee_file,
                                       known_people=known_people) or record
                source = SourceFile(self.display(committee_file), located.lines)
        meetings = []
        for entry in listing.values():
            if entry.is_folder:
                meeting = self.load_meeting(entry.path, council, slug, known_people)
                if meeting:
                    meetings.append(meeting)
            elif entry.name != "committee.yml":
                self.diagnostics.append(self._stray_file(
                    entry.path, "a committee folder holds committee.yml and one folder per meeting"))
        meetings.sort(key=lambda m: (m.date, m.slug))
        return Committee(council, slug, config, record, source, tuple(meetings))

    def _stray_file(self, path: Path, why: str) -> Diagnostic:
        return warning(self.display(path), 0, "", "this file is not a record and is ignored", why)

    def meeting_date(self, folder: Path) -> dt.date | None:
        match = MEETING_FOLDER.fullmatch(folder.name)
        problem, hint = None, ("name meeting folders by the meeting's date, YYYY-MM-DD "
                               "(YYYY-MM-DD-2 for a second meeting that day)")
        if match and not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
            problem = (f"'{folder.name}' is not a date an archive can hold: "
                       f"its year is not from {FIRST_YEAR} to {LAST_YEAR}")
            hint = "check the year in the folder's name, YYYY-MM-DD"
        elif match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                problem = f"'{folder.name}' is not a real date"
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:-\d{1,2})?", folder.name):
            problem = f"'{folder.name}' is written in digits other than 0 to 9"
            hint = "write the date in the digits 0 to 9, YYYY-MM-DD: the folder's name is the meeting's address"
        self.diagnostics.append(
            error(self.display(folder), 0, "", problem or f"'{folder.name}' is not a meeting folder name", hint)
        )
        return None

    def load_meeting(self, folder: Path, council: str, committee: str,
                     known_people: set[str]) -> Meeting | None:
        date = self.meeting_date(folder)
        if date is None:
            return None
        listing = self.listing(folder)
        meeting_file = folder / "meeting.yml"
        if not _is_file(listing, "meeting.yml"):
            self.diagnostics.append(error(self.display(folder), 0, "", "the meeting folder has no meeting.yml",
                                          "add meeting.yml with at least 'status: held' (see 'Writing records')"))
            return None
        located = self.read_yaml(meeting_file)
        record = (self.validate(MeetingRecord, located, meeting_file, known_people=known_people)
                  if located else None)
        # Minutes and documents are read even when meeting.yml is broken, to report their problems too.
        minutes, minutes_source = self.load_minutes(folder / "minutes.md", _is_file(listing, "minutes.md"),
                                                    known_people)
        documents, invalid = self.load_documents(listing)
        for entry in listing.values():
            if entry.is_folder and not entry.is_link:
                self.check_names_below(entry.path)
        # A broken meeting.yml has been reported; an empty record keeps its minutes in the
        # committee-wide checks (minute numbering) so every problem shows in one run.
        record = record or MeetingRecord()
        starts = self.config.councils[council].committees[committee].municipal_year_starts \
            if council in self.config.councils and committee in self.config.councils[council].committees else None
        year = municipal_year_label(municipal_year_start(date, starts or self.config.municipal_year_starts))
        return Meeting(council, committee, folder.name, date, year, record,
                       SourceFile(self.display(meeting_file), located.lines if located else {}),
                       minutes, minutes_source, documents, invalid, self.display(folder),
                       self.attachment_files(listing))

    def load_minutes(self, path: Path, exists: bool,
                     known_people: set[str]) -> tuple[Minutes | None, SourceFile | None]:
        if not exists:
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

    def attachment_files(self, listing: dict[str, _Entry]) -> tuple[str, ...]:
        """Files in the meeting folder that are not records: attachments if a record names them."""
        return tuple(name for name, entry in listing.items()
                     if not entry.is_folder and entry.stem_and_suffix[1] not in RECORD_SUFFIXES)

    def load_documents(self, listing: dict[str, _Entry]) -> tuple[tuple[DocumentFile, ...], frozenset[str]]:
        """The folder's valid documents, and the names of those with errors (already reported)."""
        documents, invalid = [], set()
        for entry in listing.values():
            stem, suffix = entry.stem_and_suffix
            if entry.is_folder or entry.name in RESERVED_FILES or suffix not in RECORD_SUFFIXES:
                continue
            document = self.load_document(entry.path) if self._usable_document_name(entry) else None
            if document:
                documents.append(document)
            else:
                invalid.add(stem)
        return tuple(documents), frozenset(invalid)

    def _usable_document_name(self, entry: _Entry) -> bool:
        """A document's name is its page's address: a slug, and not one the meeting's folder
        in the site has already."""
        stem, suffix = entry.stem_and_suffix
        if stem in RESERVED_DOCUMENT_NAMES:
            problem = (f"'{entry.name}' cannot name a document: "
                       f"the site keeps '{stem}' for {RESERVED_DOCUMENT_NAMES[stem]}")
            hint = f"rename it, e.g. {stem}-report{suffix}"
        elif len(stem) > MAX_ID_LENGTH or not SLUG.fullmatch(stem):
            problem = f"'{entry.name}' is not a document name the site can publish"
            hint = ("name documents with lower-case letters, digits and hyphens (e.g. fostering-report.md, "
                    f"at most {MAX_ID_LENGTH} characters before {suffix}): the name is the page's address")
        else:
            return True
        self.diagnostics.append(error(self.display(entry.path), 0, "", problem, hint))
        return False

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


def _is_file(listing: dict[str, _Entry], name: str) -> bool:
    return name in listing and not listing[name].is_folder


def _is_folder(listing: dict[str, _Entry], name: str) -> bool:
    return name in listing and listing[name].is_folder


def load_archive(root: Path, config: SiteConfig, yaml: YamlMemo | None = None) -> tuple[Archive, list[Diagnostic]]:
    """The archive under `root`, and every problem found reading it; `yaml` may remember the
    YAML of an earlier build (see `YamlMemo`)."""
    loader = _Loader(root, config, yaml or YamlMemo())
    archive = loader.load()
    return archive, loader.diagnostics
