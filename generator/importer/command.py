"""The `import` subcommand's arguments and its run function (registered by generator/cli.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from generator.importer.runner import Options, expand_sources, run_batch


def add_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("sources", nargs="+", metavar="SOURCE",
                         help="files (text, PDF, DOCX, HTML), folders or globs of published minutes and agenda packs")
    command.add_argument("--council", required=True, help="the council's slug in site_config.yml")
    command.add_argument("--committee", required=True, help="the committee's slug in site_config.yml")
    command.add_argument("--date", type=_date, help="the meeting's date, YYYY-MM-DD, when the text does not print it")
    command.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    command.add_argument("--force", action="store_true",
                         help="write into a meeting folder that exists (its files are replaced)")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it YYYY-MM-DD") from None


def run_import(args) -> int:
    problem = _unknown_body(args)
    if problem:
        print(f"scrutiny import: {problem}", file=sys.stderr)
        return 2
    paths = expand_sources(args.sources)
    if not paths:
        print("scrutiny import: no files found in " + ", ".join(args.sources), file=sys.stderr)
        return 2
    options = Options(args.root, args.council, args.committee, args.date, args.force, args.dry_run)
    outcomes = run_batch(paths, options)
    return 1 if any(o.reason for o in outcomes) else 0


def _unknown_body(args) -> str | None:
    from generator.read.config_file import load_config

    config, diagnostics = load_config(args.root)
    if config is None:
        first = diagnostics[0].format().splitlines()[0] if diagnostics else "site_config.yml cannot be read"
        return f"the archive's site_config.yml cannot be used: {first}"
    council = config.councils.get(args.council)
    if council is None:
        return (f"'{args.council}' is not a council in {args.root / 'site_config.yml'}; known: "
                + ", ".join(sorted(config.councils)))
    if args.committee not in council.committees:
        return (f"'{args.committee}' is not a committee of {args.council} in site_config.yml; known: "
                + ", ".join(sorted(council.committees)))
    return None
