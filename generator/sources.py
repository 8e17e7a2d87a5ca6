"""Reading source files: UTF-8 text, safe YAML that remembers the line of every value, front matter.

A `Located` value pairs the plain Python data (dicts, lists, strings, numbers) with a map from each
field path, such as ("agenda", 2, "title"), to the line it was written on, so that validation can
point at the exact line of any problem.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from yaml.composer import Composer
from yaml.events import AliasEvent

from generator.diagnostics import Diagnostic, error
from generator.memo import Memo, Remembered, code_key, text_digest

FieldPath = tuple[str | int, ...]


def read_ahead(folder: Path) -> None:
    """Ask the kernel to start reading every file under `folder` into its cache, so that the
    loader's reads, one after another, find them there. Worth its own process: with the files
    out of the cache (a machine that reclaims idle memory drops them), loading 5,000 meetings
    took 5.7 s without it and 3.3 s with it, and a thread would compete with the loader."""
    if not hasattr(os, "posix_fadvise"):
        return
    for parent, _, names in os.walk(folder):
        for name in names:
            try:
                descriptor = os.open(os.path.join(parent, name), os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
            finally:
                os.close(descriptor)


class SourceError(Exception):
    """A file that cannot be read at all; carries its diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class Located:
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, path: FieldPath) -> int:
        """The line of the deepest part of `path` that was written in the file."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return self.first_line


class _NoAliasComposer(Composer):
    """Aliases are refused outright: records never need them, and expanding them is how an
    'alias bomb' makes a few hundred bytes of YAML take gigabytes."""

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in records", event.start_mark
            )
        return super().compose_node(parent, index)


class _PreciseLoader(yaml.SafeLoader, _NoAliasComposer):
    """The pure-Python safe loader: slower, with the most precise error messages."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader where installed: used first; a file it rejects is parsed again by
    `_PreciseLoader` to report the problem precisely."""


for _loader in (_PreciseLoader, _FastLoader):
    # Dates stay text, so validation reports an impossible date (2017-02-30) as a diagnostic
    # instead of the YAML library raising.
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


MAX_RECORD_BYTES = 5 * 1024 * 1024


def read_text(path: Path, display: str) -> str:
    """UTF-8, with or without a byte-order mark; CRLF and CR line endings become LF."""
    size = path.stat().st_size
    if size > MAX_RECORD_BYTES:
        raise SourceError(error(display, 0, "", f"the file is {size // (1024 * 1024)} MB; records may be at most 5 MB",
                                "split it, or publish large material as an attachment (a PDF)"))
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise SourceError(error(display, raw[: raw.index(b"\x00")].count(b"\n") + 1, "",
                                "the file is binary, not text", "records are UTF-8 text files"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            error(
                display,
                line,
                "",
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                "save the file as UTF-8 (most editors offer 'Save with encoding')",
            )
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, display: str, first_line: int = 1) -> tuple[Located, list[Diagnostic]]:
    """Parse one YAML document. Returns the data with lines, and any duplicate-key diagnostics."""
    try:
        return _parse(text, display, first_line, _FastLoader)
    except SourceError as fast_error:
        try:
            _parse(text, display, first_line, _PreciseLoader)
        except SourceError as precise_error:
            raise precise_error from None
        raise fast_error from None


class YamlMemo:
    """`parse_yaml`, remembered from one build to the next by the digest of each text (with the
    file's name and first line, which its diagnostics carry): parsing YAML is half the load
    stage, and nearly every record is the same as last time."""

    def __init__(self, remembered: Remembered | None = None):
        self.memo = Memo(code_key(__file__, settings=yaml.__version__), remembered)

    def parse(self, text: str, display: str, first_line: int = 1) -> tuple[Located, list[Diagnostic]]:
        return self.memo.get(text_digest(text, display, str(first_line)), lambda: parse_yaml(text, display, first_line))


def _parse(text: str, display: str, first_line: int, loader_class) -> tuple[Located, list[Diagnostic]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        raise SourceError(_yaml_diagnostic(exc, display, first_line)) from None
    finally:
        loader.dispose()
    if node is None:
        return Located({}, {(): first_line}, first_line), []
    builder = _Builder(loader, display, first_line)
    try:
        data = builder.build(node, ())
    except yaml.YAMLError as exc:
        raise SourceError(_yaml_diagnostic(exc, display, first_line)) from None
    return Located(data, builder.lines, first_line), builder.diagnostics


def _yaml_diagnostic(exc: yaml.YAMLError, display: str, first_line: int) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + first_line if mark else first_line
    problem = getattr(exc, "problem", None) or str(exc)
    return error(display, line, "", f"malformed YAML: {problem}", _yaml_hint(problem))


def _yaml_hint(problem: str) -> str:
    if "alias" in problem:
        return "write the value out in full instead of using &anchor / *alias"
    if "constructor" in problem:
        return "remove the !tag: records use plain YAML values"
    if "mapping values are not allowed" in problem:
        return "a value containing ': ' must be quoted, e.g. title: \"Item: detail\""
    if "found '<scalar>'" in problem or "quoted scalar" in problem:
        return "look above this line for a quote that is opened but never closed"
    if "found character '\\t'" in problem:
        return "YAML indentation uses spaces, not tabs"
    return "check the indentation and quoting around this line"


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, display: str, first_line: int):
        self.loader = loader
        self.display = display
        self.offset = first_line
        self.lines: dict[FieldPath, int] = {}
        self.diagnostics: list[Diagnostic] = []
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        """Aliases are refused: records never need them, and expanding them is how an 'alias
        bomb' makes a few hundred bytes of YAML take gigabytes. An alias is a node met twice."""
        if not isinstance(node, yaml.ScalarNode):
            if id(node) in self.seen:
                raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not allowed in records",
                                                  node.start_mark)
            self.seen.add(id(node))
        self.lines.setdefault(path, node.start_mark.line + self.offset)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(self.loader.construct_object(key_node, deep=True))
            line = key_node.start_mark.line + self.offset
            if key in result:
                self.diagnostics.append(
                    error(
                        self.display,
                        line,
                        dotted(path + (key,)),
                        f"'{key}' is given twice in the same mapping",
                        "remove or rename one of them; YAML would silently keep only the last",
                    )
                )
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,))
        return result


def split_front_matter(text: str, display: str) -> tuple[str, int, str, int]:
    """Split `---` front matter from a Markdown body.

    Returns (front matter text, its first line, body text, the body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError(
            error(
                display,
                1,
                "",
                "the file does not start with front matter",
                "begin the file with a line '---', the YAML fields, and another line '---'",
            )
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, 2, body, index + 2
    raise SourceError(
        error(display, 1, "", "the front matter is never closed", "add a line '---' after the fields")
    )


def dotted(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


