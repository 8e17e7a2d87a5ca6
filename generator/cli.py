"""The `scrutiny` command: build, check and serve a scrutiny archive."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import NoReturn

from generator import __version__
from generator.build import BUILD_STAGES, CHECK_STAGES, CheckResult, build, check
from generator.records.diagnostics import sorted_for_report, summary
from generator.publish.engine import EngineError, folder_bytes
from generator.progress import Progress, mode_for


def run() -> NoReturn:
    """The console command: `main`, then an exit that skips the interpreter's teardown, which
    would free a large archive object by object (seconds, for a large one) only to end."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("\nInterrupted; the previous site was left as it was.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours, not a content problem: content problems are diagnostics
        if os.environ.get("SCRUTINY_DEBUG"):
            raise
        print(f"scrutiny: internal error: {type(exc).__name__}: {exc}\n"
              "The previous site was left as it was. Run with SCRUTINY_DEBUG=1 for the traceback, "
              "and please report it.", file=sys.stderr)
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scrutiny",
        description="Build a public scrutiny archive (site_config.yml and content/) into a static website.",
    )
    parser.add_argument("--version", action="version", version=f"scrutiny {__version__}")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    def add(name: str, run, help_text: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--root", type=Path, default=Path("."),
                             help="the archive's folder, holding site_config.yml and content/ (default: .)")
        command.set_defaults(run=run)
        return command

    build_cmd = add("build", _run_build, "Validate the archive and build the website into site/.")
    build_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build_cmd.add_argument("--site-dir", type=Path, help="where to write the site (default: ROOT/site)")
    check_cmd = add("check", _run_check, "Validate the archive and print every problem; exit 1 on any error.")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    for command in (build_cmd, check_cmd):
        command.add_argument("--quiet", action="store_true",
                             help="no progress: print only the problems found and the summary line")
    refs_cmd = add("refs", _run_refs, "Print every reference found in a text or Markdown file, one JSON object per line.")
    refs_cmd.add_argument("file", help="the file to read, or - for standard input")
    refs_cmd.add_argument("--council", help="the council the text belongs to (its slug in site_config.yml)")
    refs_cmd.add_argument("--committee", help="the committee the text belongs to (its slug)")
    refs_cmd.add_argument("--date", help="the date of the meeting the text belongs to, YYYY-MM-DD")
    refs_cmd.add_argument("--resolve", action="store_true",
                          help="also say what each reference links to in this archive (needs --council, --committee, --date)")
    serve_cmd = add("serve", _run_serve, "Preview the site on localhost, rebuilding when content changes.")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    import_cmd = add("import", _run_import,
                     "Turn published minutes and agenda packs (text, PDF, DOCX, HTML) into draft records in content/.")
    from generator.importer.command import add_arguments

    add_arguments(import_cmd)
    return parser


def _run_import(args) -> int:
    from generator.importer.command import run_import

    return run_import(args)


def report(result: CheckResult) -> None:
    for diagnostic in sorted_for_report(result.diagnostics):
        print(diagnostic.format())


def _progress(stages: tuple[str, ...], args) -> Progress:
    return Progress(stages, mode_for(sys.stderr, args.quiet))


def _run_check(args) -> int:
    started = time.perf_counter()
    result = check(args.root, args.strict, _progress(CHECK_STAGES, args).stage)
    report(result)
    meetings = len(result.archive.meetings) if result.archive else 0
    print(f"Checked {meetings} meetings: {summary(result.diagnostics)}, {time.perf_counter() - started:.1f} s.")
    return 0 if result.ok else 1


def _run_build(args) -> int:
    started = time.perf_counter()
    try:
        result = build(args.root, args.site_dir, args.strict, _progress(BUILD_STAGES, args).stage)
    except EngineError as exc:
        print(f"{exc.engine} failed; the previous site was left as it was.\n{exc}", file=sys.stderr)
        return 2
    report(result)
    seconds = time.perf_counter() - started
    if not result.ok:
        print(f"Build stopped: {summary(result.diagnostics)}, {seconds:.1f} s. "
              "Fix the errors above; the previous site was left as it was.")
        return 1
    site = args.site_dir or args.root / "site"
    changed = f"{result.pages_changed} file{'s' * (result.pages_changed != 1)} changed"
    how = f"incremental, {result.pages_rendered} rendered, {changed}" if result.incremental else "full build"
    print(f"Built {result.pages_written} pages into {site}/ ({how}): "
          f"{summary(result.diagnostics)}, {seconds:.1f} s, {folder_bytes(site) / 1e6:.1f} MB.")
    return 0


def _run_refs(args) -> int:
    from generator.refs_command import print_references

    return print_references(args)


def _run_serve(args) -> int:
    from urllib.parse import urlsplit

    from generator.read.config_file import load_config
    from generator.serve import serve

    config, _ = load_config(args.root)  # its problems are the build's to report
    base_path = urlsplit(config.site_url).path if config is not None else "/"
    return serve(args.root, args.host, args.port, rebuild=lambda: _run_build(
        argparse.Namespace(root=args.root, site_dir=None, strict=False, quiet=False)), base_path=base_path)
