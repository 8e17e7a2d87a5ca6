"""Absolute addresses of records under `site_url`, shared by every export."""

from __future__ import annotations

from urllib.parse import quote

from generator.records.archive import Archive, Committee, DocumentFile, Meeting
from generator.records.site_paths import PEOPLE_DIR, committee_path, council_path, document_path, meeting_path, page_url

DATA_DIR = "data"


def absolute(archive: Archive, path: str, anchor: str = "") -> str:
    """`path` under `site_url`, with `#anchor` if given, percent-encoded (`url_path`)."""
    return archive.config.site_url + url_path(path) + (f"#{url_path(anchor)}" if anchor else "")


def url_path(path: str) -> str:
    """A site path as it goes into a URL, percent-encoded (UTF-8) but for letters, digits,
    `/` and `-._~`, as RFC 3986 asks. The slugs of councils, committees and meetings come out
    as they are; a document's or attachment's file name may hold spaces, quotes, `#` or a
    colon, and an export's URL fields hold URLs, never text a reader could take for another
    scheme, another fragment or another field."""
    return quote(path, safe="/")


def meeting_url(archive: Archive, meeting: Meeting, anchor: str = "") -> str:
    return absolute(archive, page_url(meeting_path(meeting)), anchor)


def attachment_url(archive: Archive, meeting: Meeting, file: str) -> str:
    """An attachment's address: its `file`, relative to the meeting's folder, under the meeting's page."""
    return absolute(archive, page_url(meeting_path(meeting)) + file)


def document_url(archive: Archive, meeting: Meeting, doc: DocumentFile) -> str:
    return absolute(archive, page_url(document_path(meeting, doc)))


def committee_url(archive: Archive, committee: Committee) -> str:
    return absolute(archive, page_url(committee_path(committee)))


def council_url(archive: Archive, council, anchor: str = "") -> str:
    return absolute(archive, page_url(council_path(council)), anchor)


def person_url(archive: Archive, council: str, person_id: str) -> str:
    return absolute(archive, f"{council}/{PEOPLE_DIR}/{person_id}/")


def page_target_url(archive: Archive, meeting_key: tuple[str, ...], anchor: str | None) -> str:
    """The address of a reference's target: a meeting's page, and the anchor on it."""
    return absolute(archive, "/".join(meeting_key) + "/", anchor or "")
