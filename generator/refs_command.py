"""`scrutiny refs`: the reference finder on any document, for maintainers asking 'why no link?'."""

from __future__ import annotations

import datetime as dt
import json
import sys

from generator.records.archive import Archive, Meeting, SourceFile, municipal_year_label, municipal_year_start
from generator.build import check
from generator.records.config import CONFIG_FILE
from generator.read.config_file import load_config
from generator.records.texts import Place
from generator.records.models import MeetingRecord
from generator.link.references import CitationScheme, find_references


def print_references(args) -> int:
    text = _read(args.file)
    if text is None:
        return 2
    resolver = here = None
    if args.resolve:
        result = check(args.root)
        if result.archive is None or result.resolver is None:
            print("the archive has errors; run 'scrutiny check'", file=sys.stderr)
            return 2
        here, problem = _context(args, result.archive)
        if problem:
            print(problem, file=sys.stderr)
            return 2
        resolver = result.resolver
    schemes = resolver.schemes if resolver else _configured_schemes(args)
    for reference in find_references(text, schemes):
        row = reference.as_json()
        if resolver is not None:
            link = resolver.resolve_at(reference, here, Place(here.key, label=args.file))
            row["status"] = link.status.value
            row["target"] = ("/".join(link.target.meeting) + (f"#{link.target.anchor}" if link.target.anchor else "")
                             if link.target else None)
            row["reason"] = link.reason or None
        print(json.dumps(row, ensure_ascii=False))
    return 0


def _read(name: str) -> str | None:
    try:
        data = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()
    except OSError as exc:
        print(f"cannot read {name}: {exc.strerror}", file=sys.stderr)
        return None
    return data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")


def _context(args, archive: Archive) -> tuple[Meeting | None, str | None]:
    """The meeting the text belongs to: the archive's own if it has it, else a stand-in."""
    if not (args.council and args.committee and args.date):
        return None, "--resolve needs --council, --committee and --date to place bare minute numbers"
    try:
        date = dt.date.fromisoformat(args.date)
    except ValueError:
        return None, f"--date {args.date!r} is not a date; write YYYY-MM-DD"
    known = next((m for m in archive.meetings
                  if (m.council, m.committee, m.date) == (args.council, args.committee, date)), None)
    if known is not None:
        return known, None
    year = municipal_year_label(municipal_year_start(date, archive.config.municipal_year_starts))
    return Meeting(args.council, args.committee, args.date, date, year, MeetingRecord(), SourceFile(args.file)), None


def _configured_schemes(args) -> tuple[CitationScheme, ...]:
    """The committees' citation patterns from site_config.yml when run inside an archive (those
    of --council's committees when it is given): without them the generic forms are still found."""
    if not (args.root / CONFIG_FILE).is_file():
        return ()
    config, _ = load_config(args.root)
    if config is None:
        return ()
    councils = {slug: c for slug, c in config.councils.items() if not args.council or slug == args.council}
    return tuple(scheme for slug, council in councils.items() for name, committee in council.committees.items()
                 if (scheme := CitationScheme.from_citation(f"{slug}/{name}", committee.citation, committee.prefix)))
