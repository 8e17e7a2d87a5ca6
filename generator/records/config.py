"""`site_config.yml`: the archive's settings, councils, committees and their minute numbering."""

from __future__ import annotations

import datetime as dt
import enum
import re
import string
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from generator.records.models import EMAIL_PATTERN, Contact, Record, Slug

CONFIG_FILE = "site_config.yml"
CITATION_FIELDS = {"number", "yy", "yyyy", "mm", "prefix"}
# Folders the site itself has beside the councils' (a test keeps this list whole), and in each
# council's folder beside its committees'. A council or committee of that name would overwrite them.
SITE_FOLDERS = frozenset({"about", "accessibility", "assets", "calendar", "data", "m", "pagefind", "search", "search-map",
                          "threads", "writing-records"})
COUNCIL_FOLDERS = frozenset({"people"})


# The parts of a web address, as RFC 3986 names them, narrowed to what a published address needs.
_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?"
_PORT = r"(?::[0-9]{1,5})?"
_PLAIN_PATH = r"(?:/(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})*)*"
# Any of RFC 3986's path, query and fragment characters but the single quote.
_URL_PART = r"(?:[A-Za-z0-9._~!$&()*+,;=:@/-]|%[0-9A-Fa-f]{2})*"
WEB_ADDRESS = re.compile(rf"https?://{_HOST}{_PORT}(?:/{_URL_PART})?(?:\?{_URL_PART}|\?)?(?:#{_URL_PART})?")
SITE_ADDRESS = re.compile(rf"https?://{_HOST}{_PORT}{_PLAIN_PATH}")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
LINE_BREAKS = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _on_one_line(value: str | None) -> str | None:
    """Names head pages, menus and calendars: one line each."""
    if value is not None and LINE_BREAKS.search(value):
        raise ValueError("line breaks are not allowed here; write it on one line (YAML keeps "
                         "a break written as a '|' block, a blank line or \\n)")
    return value


OneLine = Annotated[str, AfterValidator(_on_one_line)]


def _check_web_address(value: str) -> str:
    """A link the site publishes (a council's website): an http(s) address or a mailto: one,
    nothing a browser would run (`javascript:`, `data:`) or read as more than an address."""
    address = value.removeprefix("mailto:")
    if address != value and EMAIL_PATTERN.fullmatch(address):
        return value
    if not WEB_ADDRESS.fullmatch(value):
        raise ValueError(f"'{value}' is not a web address; write an http(s) address such as "
                         "https://www.example.gov.uk/ (or mailto: and an email address), with any space "
                         "written %20 and no quotes or angle brackets")
    return value


def _site_address_problem(value: str) -> str | None:
    """What keeps `value` from being the plain http(s) address `site_url` must be, or None."""
    scheme, sep, rest = value.partition("://")
    if not sep or scheme not in ("http", "https") or not rest:
        return "is not an absolute http(s) URL"
    if SITE_ADDRESS.fullmatch(value):
        return None
    authority = rest.split("/", 1)[0]
    if "@" in authority:
        return "names a user or password"
    if "?" in rest or "#" in rest:
        return "has a query or fragment (? or #)"
    if not re.fullmatch(_HOST + _PORT, authority):
        return "has a host other than letters, digits, dots and hyphens (and a :port)"
    return "has a path with characters other than letters, digits, - . _ ~ / and %XX"


def _refuse_taken(slugs, taken: frozenset[str], what: str) -> None:
    clashes = sorted(set(slugs) & taken)
    if clashes:
        raise ValueError(f"'{clashes[0]}' cannot name a {what}: the site has a folder of that name already; "
                         f"choose another (these are taken: {', '.join(sorted(taken))})")


class NumberingScope(enum.Enum):
    """Where minute numbers restart: every meeting, every municipal year, or never (continuous:
    the numbers run on from year to year, as Chichester's do)."""

    MEETING = "meeting"
    MUNICIPAL_YEAR = "municipal-year"
    CONTINUOUS = "continuous"


# What each placeholder of a citation pattern matches, in the group references read it from.
CITATION_GROUPS = {"number": r"(?P<number>\d+[a-z]?)", "yy": r"(?P<year>\d{2})", "yyyy": r"(?P<year>\d{4})",
                   "mm": r"(?P<mm>\d{1,2})"}


def citation_regex(citation: str, prefix: str | None) -> str:
    """A committee's citation pattern as a regular expression, with groups `number`, `year` and
    `mm`: how references find its minutes, and how `scrutiny check` knows the minute headings it
    can print (`SCb/40/11/18` under `{prefix}/{number}/{mm}/{yy}` with `prefix: SCb`)."""
    parts = []
    for text, name, _, _ in string.Formatter().parse(citation):
        parts.append(re.escape(text))
        if name == "prefix":
            parts.append(re.escape(prefix or ""))
        elif name:
            parts.append(CITATION_GROUPS[name])
    return "".join(parts)


PLAIN_MINUTE_NUMBER = re.compile(r"[0-9]+[a-z]?")


class CommitteeConfig(Record):
    name: OneLine
    short_name: OneLine | None = None
    code: Slug | None = Field(default=None, description="a short code for minute permalinks, e.g. sb2")
    former_slugs: tuple[Slug, ...] = Field(default=(), description="old folder names, redirected")
    numbering: NumberingScope = NumberingScope.MUNICIPAL_YEAR
    citation: str = "{number}"
    prefix: str | None = None
    municipal_year_starts: int | None = Field(default=None, ge=1, le=12,
                                              description="the month its year starts, if not the site's")

    @field_validator("citation")
    @classmethod
    def _known_placeholders(cls, value: str) -> str:
        try:
            written = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
        except ValueError:  # a lone brace: '{number'
            written = ["{"]
        names = set(written)
        unknown = names - CITATION_FIELDS
        if unknown or "number" not in names:
            raise ValueError(
                f"'{value}' is not a citation pattern; it must contain {{number}} and may use only "
                + ", ".join(f"{{{n}}}" for n in sorted(CITATION_FIELDS))
            )
        if len(written) != len(names) or {"yy", "yyyy"} <= names:
            raise ValueError(f"'{value}' is not a citation pattern; each placeholder may appear once, "
                             "and the year as {yy} or {yyyy}, not both")
        return value

    def heading_number(self, printed: str) -> str | None:
        """The minute number in a heading: a plain number (`40`, `12a`) is itself; one printed as
        the committee cites it (`SCb/40/11/18`, `28/16`) is the number its citation pattern
        reads there. None when the pattern cannot produce it: no reference could ever link it."""
        if PLAIN_MINUTE_NUMBER.fullmatch(printed):
            return printed
        match = re.fullmatch(citation_regex(self.citation, self.prefix), printed.rstrip("."))
        return match["number"] if match else None

    @property
    def label(self) -> str:
        return self.short_name or self.name


class CouncilConfig(Record):
    name: OneLine
    former_slugs: tuple[Slug, ...] = Field(default=(), description="old folder names, redirected")
    website: Annotated[str, AfterValidator(_check_web_address)] | None = None
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
        """The published address: scheme, host, optional port and path, nothing else. It goes
        into every page's canonical link, every feed, calendar and export, and MkDocs's config."""
        problem = _site_address_problem(value)
        if problem:
            raise ValueError(
                f"'{value}' {problem}; write the published address, "
                "such as https://example.github.io/archive/"
            )
        return value if value.endswith("/") else value + "/"

    @field_validator("title")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if LINE_BREAKS.search(value):
            raise ValueError("line breaks are not allowed here; write the title on one line (YAML keeps "
                             "a break written as a '|' block, a blank line or \\n)")
        return value

    @field_validator("language")
    @classmethod
    def _language_tag(cls, value: str) -> str:
        if not LANGUAGE_TAG.fullmatch(value):
            raise ValueError(f"'{value}' is not a language tag; write one such as en-GB or cy")
        return value
