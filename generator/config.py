"""`site_config.yml`: the archive's settings, councils, committees and their minute numbering."""

from __future__ import annotations

import datetime as dt
import enum
import re
import string
from pathlib import Path

from pydantic import Field, field_validator

from generator.diagnostics import Diagnostic
from generator.models import Contact, Record, Slug
from generator.sources import SourceError, parse_yaml, read_text
from generator.validation_errors import validate_located

CONFIG_FILE = "site_config.yml"
CITATION_FIELDS = {"number", "yy", "yyyy", "mm", "prefix"}
# Folders the site itself has beside the councils' (a test keeps this list whole), and in each
# council's folder beside its committees'. A council or committee of that name would overwrite them.
SITE_FOLDERS = frozenset({"about", "accessibility", "assets", "calendar", "data", "m", "pagefind", "search",
                          "threads", "writing-records"})
COUNCIL_FOLDERS = frozenset({"people"})


def _refuse_taken(slugs, taken: frozenset[str], what: str) -> None:
    clashes = sorted(set(slugs) & taken)
    if clashes:
        raise ValueError(f"'{clashes[0]}' cannot name a {what}: the site has a folder of that name already; "
                         f"choose another (these are taken: {', '.join(sorted(taken))})")


class NumberingScope(enum.Enum):
    """Where minute numbers restart: every meeting, or every municipal year."""

    MEETING = "meeting"
    MUNICIPAL_YEAR = "municipal-year"


class CommitteeConfig(Record):
    name: str
    short_name: str | None = None
    code: Slug | None = Field(default=None, description="a short code for minute permalinks, e.g. sb2")
    former_slugs: tuple[Slug, ...] = Field(default=(), description="old folder names, redirected")
    numbering: NumberingScope = NumberingScope.MUNICIPAL_YEAR
    citation: str = "{number}"
    prefix: str | None = None

    @field_validator("citation")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        unknown = names - CITATION_FIELDS
        if unknown or "number" not in names:
            raise ValueError(
                f"'{value}' is not a citation pattern; it must contain {{number}} and may use only "
                + ", ".join(f"{{{n}}}" for n in sorted(CITATION_FIELDS))
            )
        return value

    @property
    def label(self) -> str:
        return self.short_name or self.name


class CouncilConfig(Record):
    name: str
    former_slugs: tuple[Slug, ...] = Field(default=(), description="old folder names, redirected")
    website: str | None = None
    attribution: str | None = None
    committees: dict[Slug, CommitteeConfig]

    @field_validator("committees")
    @classmethod
    def _committee_folders_free(cls, value: dict[str, CommitteeConfig]) -> dict[str, CommitteeConfig]:
        _refuse_taken([*value, *(old for c in value.values() for old in c.former_slugs)], COUNCIL_FOLDERS, "committee")
        return value


class SiteConfig(Record):
    title: str
    description: str = ""
    site_url: str
    language: str = "en-GB"
    municipal_year_starts: int = Field(default=5, ge=1, le=12)
    contact: Contact | None = None
    licence: str
    accessibility_prepared: dt.date | None = None
    accessibility_reviewed: dt.date | None = None
    councils: dict[Slug, CouncilConfig] = Field(min_length=1)

    @field_validator("councils")
    @classmethod
    def _council_folders_free(cls, value: dict[str, CouncilConfig]) -> dict[str, CouncilConfig]:
        _refuse_taken([*value, *(old for c in value.values() for old in c.former_slugs)], SITE_FOLDERS, "council")
        return value

    @field_validator("site_url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        if not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", value):
            raise ValueError(
                f"'{value}' is not an absolute http(s) URL; write the published address, "
                "such as https://example.github.io/archive/"
            )
        return value if value.endswith("/") else value + "/"


def load_config(root: Path) -> tuple[SiteConfig | None, list[Diagnostic]]:
    path = root / CONFIG_FILE
    if not path.is_file():
        return None, [
            Diagnostic(
                CONFIG_FILE, 0, "", "site_config.yml is missing",
                "create it beside content/ (see the README's 'Writing records')",
            )
        ]
    try:
        located, diagnostics = parse_yaml(read_text(path, CONFIG_FILE), CONFIG_FILE)
    except SourceError as exc:
        return None, [exc.diagnostic]
    config, problems = validate_located(SiteConfig, located, CONFIG_FILE)
    return config, diagnostics + problems
