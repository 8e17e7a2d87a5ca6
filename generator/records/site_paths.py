"""Where each page of the site lives: the Markdown path in the MkDocs project, its URL, and the
search bundle that indexes it."""

from __future__ import annotations

import re
from functools import lru_cache

from generator.records.archive import Archive, Committee, Council, DocumentFile, Meeting


def page_url(path: str) -> str:
    """The directory URL MkDocs gives a Markdown file: a/b/index.md -> a/b/, a/b.md -> a/b/."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(target_dir: str, here_dir: str) -> str:
    """From one directory URL of the site to another ("a/b/" to "a/c/" is "../c/"; to itself "")."""
    target, here = target_dir.split("/")[:-1], here_dir.split("/")[:-1]
    common = 0
    while common < min(len(target), len(here)) and target[common] == here[common]:
        common += 1
    return "../" * (len(here) - common) + "".join(part + "/" for part in target[common:])


def meeting_path(meeting: Meeting) -> str:
    return f"{meeting.council}/{meeting.committee}/{meeting.slug}/index.md"


def document_path(meeting: Meeting, doc: DocumentFile) -> str:
    return f"{meeting.council}/{meeting.committee}/{meeting.slug}/{doc.slug}.md"


def committee_path(committee: Committee) -> str:
    return f"{committee.council}/{committee.slug}/index.md"


def council_path(council: Council) -> str:
    return f"{council.slug}/index.md"


PEOPLE_DIR = "people"  # one of config.COUNCIL_FOLDERS


def people_index_path(council: Council) -> str:
    return f"{council.slug}/{PEOPLE_DIR}/index.md"


def person_path(council: Council, person_id: str) -> str:
    return f"{council.slug}/{PEOPLE_DIR}/{person_id}.md"


def threads_path(year: int) -> str:
    return f"threads/{year}.md"


def resolutions_path(committee: Committee, year: str) -> str:
    return f"{committee.council}/{committee.slug}/resolutions/{year.replace('/', '-')}.md"


# A search bundle holds a council's committees, in the council's order, while together they have
# at most this many meetings; a committee with more has a bundle of its own.
BUNDLE_MEETINGS = 250
BUNDLE_JOINER = "_"  # between the committees a bundle's name lists: never in a slug
LONGEST_BUNDLE_NAME = 120  # characters of the folder a bundle is written to


def search_bundles(archive: Archive) -> list[str]:
    """The index's bundles, which the search page merges: a council's committees in bundles of
    up to BUNDLE_MEETINGS meetings (`council/committee-a_committee-b`), and one per council for
    its people. A bundle costs a first search a whole chunk of its word index (Pagefind cuts
    each bundle's index into chunks of a fixed size and fetches, from every bundle, the chunk
    holding the word sought), so a large archive wants few bundles; an edit re-indexes the
    bundles holding the pages it changed, so it wants small ones: bundles of a bounded number of
    meetings keep both bounded, whatever the archive's size. Only folders with pages to index
    are in one: in a folder without, Pagefind would index every page whole."""
    return [bundle for council in archive.councils
            for bundle in [*(f"{council.slug}/{BUNDLE_JOINER.join(c.slug for c in group)}"
                             for group in _committee_groups(council)),
                           *([f"{council.slug}/{PEOPLE_DIR}"] if council.people else [])]]


def _committee_groups(council: Council) -> list[list[Committee]]:
    groups: list[list[Committee]] = []
    for committee in (committee for committee in council.committees if committee.meetings):
        last = groups[-1] if groups else []
        if (last and sum(len(c.meetings) for c in last) + len(committee.meetings) <= BUNDLE_MEETINGS
                and len(BUNDLE_JOINER.join(c.slug for c in [*last, committee])) <= LONGEST_BUNDLE_NAME):
            last.append(committee)
        else:
            groups.append([committee])
    return groups


def bundle_folders(bundle: str) -> list[str]:
    """The folders of the site a bundle of `search_bundles` indexes."""
    council, members = bundle.split("/")
    return [f"{council}/{member}" for member in members.split(BUNDLE_JOINER)]


def bundle_of(page: str) -> str:
    """The folder (a committee's, or a council's people) of the page at site path `page`: the
    bundle holding that folder (`bundle_folders`) indexes the page, if any bundle does."""
    return "/".join(page.split("/")[:2])


NOT_IN_ANCHOR = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=None)
def minute_anchor(number: str) -> str:
    """The id of a minute on its meeting's page: minute-73, minute-12a."""
    return "minute-" + NOT_IN_ANCHOR.sub("-", number.lower()).strip("-")


def paragraph_anchor(number: str, label: str) -> str:
    """The id of a numbered paragraph of a minute: 66.1 is minute-66-paragraph-1, (a) of minute
    12 is minute-12-paragraph-a."""
    return f"{minute_anchor(number)}-paragraph-{NOT_IN_ANCHOR.sub('-', label.lower()).strip('-')}"


@lru_cache(maxsize=256)
def _paragraph_mark(number: str) -> re.Pattern:
    return re.compile(rf"(?:{re.escape(number)}\.(?P<dotted>[0-9]{{1,2}})\.?|\((?P<bracketed>[0-9]{{1,2}}|[a-z]|[ivx]{{1,4}})\)"
                      rf"|(?P<closed>[a-z])\))(?:\s|$)")


def paragraph_label(number: str, line: str) -> str | None:
    """The label of the numbered paragraph `line` starts, in minute `number`: '66.1 The
    Committee ...' in minute 66 is '1', '(b) ...' is 'b'; None for any other line."""
    if not line or not (line[0] == "(" or line[0].islower() or line[0] == number[:1]):
        return None  # most lines: a cheap test before the pattern
    match = _paragraph_mark(number).match(line)
    return next(label for label in match.groups() if label) if match else None
