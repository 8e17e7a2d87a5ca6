"""Reading source files: UTF-8 text, safe YAML that remembers the line of every value, front matter.

A `Located` value pairs the plain Python data (dicts, lists, strings, numbers) with a map from each
field path, such as ("agenda", 2, "title"), to the line it was written on, so that validation can
point at the exact line of any problem.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from yaml.events import AliasEvent

from generator.records.diagnostics import Diagnostic, FieldPath, dotted, error
from generator.incremental.memo import Memo, Remembered, code_key, text_digest

# Opening a file never blocks (a FIFO would wait for a writer) and never follows a link at the
# last step of the path: a link is resolved and checked first (see `open_regular_file`).
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def read_ahead(folder: Path) -> None:
    """Ask the kernel to start reading every file under `folder` into its cache, so that the
    loader's reads, one after another, find them there. Worth its own process: with the files
    out of the cache (a machine that reclaims idle memory drops them), loading a large archive
    took far longer without it, and a thread would compete with the loader (the build runs it in
    a helper process, processes/helpers.py).
    Only regular files are opened, and without following links: opening a FIFO could wait
    forever, and a device or a linked file may be anything."""
    if not hasattr(os, "posix_fadvise"):
        return
    folders = [str(folder)]
    while folders:  # depth first, each folder's files before its folders', as os.walk goes
        below = []
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        below.append(entry.path)
                    elif entry.is_file(follow_symlinks=False):
                        _advise_reading(entry.path)
        except OSError:
            pass
        folders += reversed(below)


def _advise_reading(path: str) -> None:
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError:
        return
    try:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
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


class _PreciseLoader(yaml.SafeLoader):
    """The pure-Python safe loader: slower, with the most precise error messages."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's safe loader where installed: used first; a file it rejects is parsed again by
    `_PreciseLoader` to report the problem precisely."""


# Tags the loaders resolve plain scalars to. Dates stay text, so validation reports an impossible
# date (2017-02-30) as a diagnostic instead of the YAML library raising; `=` and `<<` stay text
# too (YAML 1.1's "value" and "merge" keys, which records never mean).
_PLAIN_TAGS_KEPT_AS_TEXT = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"}

for _loader in (_PreciseLoader, _FastLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _PLAIN_TAGS_KEPT_AS_TEXT]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


MAX_RECORD_BYTES = 5 * 1024 * 1024
# What no record may hold: C0 control characters other than tab, line feed and carriage return,
# DEL, and C1 control characters (found in the UTF-8 bytes, which is quicker than in the text);
# U+FFFE and U+FFFF, which XML (the feeds, the sitemap) cannot carry.
_C0_CONTROLS = bytes(c for c in range(32) if c not in b"\t\n\r") + b"\x7f"
_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")  # two searches, each with a literal prefix re finds fast
_NONCHARACTER = re.compile(rb"\xef\xbf[\xbe\xbf]")
FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def read_text(path: Path, display: str, inside: Path | None = None) -> str:
    """UTF-8, with or without a byte-order mark; CRLF and CR line endings become LF.

    The file must be a regular file whose real path is inside the folder `inside` (by default
    the folder `path` names it in): see `open_regular_file`. Control characters are refused."""
    descriptor, size = open_regular_file(path, display, inside)
    try:
        raw = _read_at_most(descriptor, size, MAX_RECORD_BYTES, display)
    finally:
        os.close(descriptor)
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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _may_hold_forbidden_characters(raw):
        found = FORBIDDEN_CHARACTER.search(text)
        if found:
            raise SourceError(forbidden_character(display, text.count("\n", 0, found.start()) + 1, "", found[0]))
    return text


def _may_hold_forbidden_characters(raw: bytes) -> bool:
    """Whether the UTF-8 bytes `raw` may hold a character of FORBIDDEN_CHARACTER (quicker than
    searching the text for them, which is done only when they may be there)."""
    if len(raw.translate(None, _C0_CONTROLS)) != len(raw):
        return True
    return not raw.isascii() and (_C1_CONTROL.search(raw) or _NONCHARACTER.search(raw)) is not None


def forbidden_character(display: str, line: int, field: str, character: str,
                        hint: str = "delete it (editors show it as a box, a '?' or ^ and a letter) "
                                    "and retype the text around it") -> Diagnostic:
    """The diagnostic for a control character (or U+FFFE, U+FFFF) in a record."""
    what = "control character" if character not in "\ufffe\uffff" else "non-character"
    return error(display, line, field, f"the text holds the {what} U+{ord(character):04X}, which cannot be published",
                 hint)


def open_regular_file(path: Path, display: str, inside: Path | None = None) -> tuple[int, int]:
    """A descriptor open for reading `path`, and the file's size: only a regular file, and when
    `path` is a link, only one whose real path is inside the folder `inside` (by default the
    folder `path` names it in). Nothing else is opened: a FIFO would block the reader, a device
    such as /dev/zero never ends, and a link out of content/ would publish what it points to."""
    link = not getattr(os, "O_NOFOLLOW", 0) and os.path.islink(path)
    if not link:
        try:
            return _regular(os.open(path, _OPEN_FLAGS), display)
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.EMLINK) or not os.path.islink(path):
                raise SourceError(_unreadable(display, exc)) from None
    target = os.path.realpath(path)
    folder = os.path.realpath(inside if inside is not None else os.path.dirname(path))
    if not is_inside(target, folder):
        where = f"{Path(inside).name}/" if inside is not None else "its folder"
        raise SourceError(error(display, 0, "", f"the file is a link to a file outside {where}",
                                "put the file itself here instead of a link to it"))
    try:
        return _regular(os.open(target, _OPEN_FLAGS), display)
    except OSError as exc:
        raise SourceError(_unreadable(display, exc)) from None


def is_inside(path: str, folder: str) -> bool:
    """Whether the real path `path` is `folder` or below it (both as `os.path.realpath` gives them)."""
    return path == folder or path.startswith(os.path.join(folder, ""))


def _regular(descriptor: int, display: str) -> tuple[int, int]:
    status = os.fstat(descriptor)
    if stat.S_ISREG(status.st_mode):
        return descriptor, status.st_size
    os.close(descriptor)
    raise SourceError(error(display, 0, "", f"this is {file_kind(status.st_mode)}, not a text file",
                            "records are plain text files: remove it, or put the file itself in its place"))


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words, from its `st_mode`."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _unreadable(display: str, exc: OSError) -> Diagnostic:
    if exc.errno == errno.ENOENT:
        return error(display, 0, "", "the file is a link to a file that does not exist",
                     "put the file itself here, or remove the link")
    return error(display, 0, "", f"the file cannot be read ({exc.strerror or exc})",
                 "check that the file exists and that you may read it")


def _read_at_most(descriptor: int, size: int, limit: int, display: str) -> bytes:
    """The file's bytes, refused above `limit` whether its size says so or reading finds more."""
    if size > limit:
        raise SourceError(_too_large(display, f"{size // (1024 * 1024)} MB"))
    parts, room, request = [], limit + 1, size + 1
    while room > 0:
        part = os.read(descriptor, min(request, room))
        if not part:
            break
        parts.append(part)
        room -= len(part)
        request = 1024 * 1024
    if room <= 0:
        raise SourceError(_too_large(display, f"more than {limit // (1024 * 1024)} MB"))
    return b"".join(parts)


def _too_large(display: str, size: str) -> Diagnostic:
    return error(display, 0, "", f"the file is {size}; records may be at most {MAX_RECORD_BYTES // (1024 * 1024)} MB",
                 "split it, or publish large material as an attachment (a PDF)")


def parse_yaml(text: str, display: str, first_line: int = 1) -> tuple[Located, list[Diagnostic]]:
    """Parse one YAML document. Returns the data with lines, and any duplicate-key diagnostics."""
    try:
        try:
            return _parse(text, display, first_line, _FastLoader)
        except SourceError as fast_error:
            try:
                _parse(text, display, first_line, _PreciseLoader)
            except SourceError as precise_error:
                raise precise_error from None
            raise fast_error from None
    except RecursionError:  # lists or mappings nested thousands deep: no record is
        raise SourceError(error(display, first_line, "", "malformed YAML: the YAML is nested too deeply to be a record",
                                "records nest a few levels at most: look for a run of '[' or '{'")) from None


class YamlMemo:
    """`parse_yaml`, remembered from one build to the next by the digest of each text (with the
    file's name and first line, which its diagnostics carry): parsing YAML is half the load
    stage, and nearly every record is the same as last time."""

    def __init__(self, remembered: Remembered | None = None):
        self.memo = Memo(code_key(__file__, settings=yaml.__version__), remembered)

    def parse(self, text: str, display: str, first_line: int = 1) -> tuple[Located, list[Diagnostic]]:
        return self.memo.get(text_digest(text, display, str(first_line)), lambda: parse_yaml(text, display, first_line))


def _parse(text: str, display: str, first_line: int, loader_class) -> tuple[Located, list[Diagnostic]]:
    _refuse_aliases_and_tags(text, display, first_line, loader_class)
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


def _refuse_aliases_and_tags(text: str, display: str, first_line: int, loader_class) -> None:
    """Records are plain YAML values: no alias (`*name`, of a scalar, a list or a mapping, as a
    value or as a key) and no tag (`!!set`, `!!python/object/apply:...`, `!foo`, `!`) on any node.
    Aliases are how an 'alias bomb' makes a few hundred bytes of YAML take gigabytes, and a tag
    asks for a value of a kind records never hold. Both show in the parser's events, before any
    node is composed; a text without `*` or `!` has neither, and is not parsed twice."""
    if "*" not in text and "!" not in text:
        return
    loader = loader_class(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + first_line
            if isinstance(event, AliasEvent):
                raise SourceError(error(display, line, "",
                                        "malformed YAML: YAML aliases (*name) are not allowed in records",
                                        "write the value out in full instead of using &anchor / *alias"))
            tag = getattr(event, "tag", None)
            if tag is not None:
                raise SourceError(error(display, line, "", f"YAML tags ({_short_tag(tag)}) are not allowed in records",
                                        "remove the tag: records hold plain text, numbers, true or false, "
                                        "lists and mappings; quote a value that starts with !"))
    except yaml.YAMLError:
        return  # malformed: composing the text reports where
    finally:
        loader.dispose()


def _short_tag(tag: str) -> str:
    tag = tag.replace("tag:yaml.org,2002:", "!!")
    return tag if len(tag) <= 40 else tag[:37] + "..."


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


MAX_INTEGER_BITS = 128  # some 38 decimal digits: more than any count or number a record holds


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, display: str, first_line: int):
        self.loader = loader
        self.display = display
        self.offset = first_line
        self.lines: dict[FieldPath, int] = {}
        self.diagnostics: list[Diagnostic] = []

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        """The data of `node`. (There are no aliases: `_refuse_aliases_and_tags` refused them.)"""
        self.lines.setdefault(path, node.start_mark.line + self.offset)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        """A scalar's value. Integers are refused long before Python's limit on reading them
        (4,300 digits) or printing them (a hexadecimal one is read whatever its length, then
        cannot be printed in a diagnostic); a double-quoted string's escapes (\\0, \\e, \\x0b)
        can hold control characters the text does not."""
        line = node.start_mark.line + self.offset
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError:
            value = None
        if value is None and node.tag == "tag:yaml.org,2002:int" or (
                type(value) is int and value.bit_length() > MAX_INTEGER_BITS):
            raise SourceError(error(self.display, line, dotted(path),
                                    f"the number is {len(node.value)} characters long, too long to read",
                                    "shorten it, or quote it if it is text"))
        if node.style == '"' and isinstance(value, str):
            found = FORBIDDEN_CHARACTER.search(value)
            if found:
                raise SourceError(forbidden_character(
                    self.display, line, dotted(path), found[0],
                    "remove the escape that writes it (such as \\0, \\e, \\b or \\x0b) from the quoted text"))
        return value

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + self.offset
            if not isinstance(key_node, yaml.ScalarNode):
                raise SourceError(error(self.display, line, dotted(path), "a list or a mapping cannot be a key",
                                        "write a field name before the colon, e.g. title: ..."))
            key = str(self._scalar(key_node, path))
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
