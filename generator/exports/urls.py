"""Absolute addresses of records under `site_url`, shared by every export."""

from __future__ import annotations

from generator.archive import Archive, Committee, DocumentFile, Meeting
from generator.site_paths import PEOPLE_DIR, committee_path, council_path, document_path, meeting_path, page_url

DATA_DIR = "data"


def absolute(archive: Archive, path: str) -> str:
    return archive.config.site_url + path


def meeting_url(archive: Archive, meeting: Meeting, anchor: str = "") -> str:
    return absolute(archive, page_url(meeting_path(meeting))) + (f"#{anchor}" if anchor else "")


def document_url(archive: Archive, meeting: Meeting, doc: DocumentFile) -> str:
    return absolute(archive, page_url(document_path(meeting, doc)))


def committee_url(archive: Archive, committee: Committee) -> str:
    return absolute(archive, page_url(committee_path(committee)))


def council_url(archive: Archive, council) -> str:
    return absolute(archive, page_url(council_path(council)))


def person_url(archive: Archive, council: str, person_id: str) -> str:
    return absolute(archive, f"{council}/{PEOPLE_DIR}/{person_id}/")
