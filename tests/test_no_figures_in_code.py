"""No measured figures in the package's comments and docstrings: a time, a size, a percentage or
a ratio measured once goes stale as the code changes, and nobody re-measures a comment. Figures
belong in the README's Performance section and in the benchmark's output
(benchmarks/benchmark.py), which measure them again. (Run on the package as it was at commit
9b72cb0, the check finds the twenty-one lines in nine files that issue 16 complained of.)"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent

_NUMBER = r"(?<![\w.,\\-])\d[\d,]*(?:\.\d+)?"
# A number with a unit of time, of size, a percentage, a ratio, or a benchmark archive's size
# (what a figure is quoted "at"). Digits inside a word or a version (UTF-8, 1.x, \x0b) are not numbers.
MEASUREMENT = re.compile(rf"""(?x)
      {_NUMBER}\s?(?:ms|s|secs?|seconds?)\b(?![-'])
    | {_NUMBER}\s?(?:[kKMGT]i?B|bytes?)\b
    | {_NUMBER}\s?(?:%|per\s?cent\b|percent\b)
    | {_NUMBER}\s?(?:times|fold)\b | {_NUMBER}\s?× | ×\s?\d | (?<![\w\\])x\d
    | {_NUMBER}[-\s]meetings?\b
""")
# Quoted examples of what the program reads or prints ('3 of 4 (75 %)', "Minutes PDF 117 KB",
# `code`) are not measurements: a quotation starts and ends outside a word (so "file's" is none).
_QUOTED = re.compile(r"""(?<!\w)'[^'\n]*'(?!\w)|(?<!\w)"[^"\n]*"(?!\w)|`[^`\n]*`""")


def _commentary(source: str) -> Iterator[tuple[int, str]]:
    """Each line of a comment or a docstring in `source`, with its line number."""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                for offset, line in enumerate(first.value.value.splitlines()):
                    yield first.lineno + offset, line


def figures_quoted(package: Path) -> list[str]:
    """`file:line: text` for every comment or docstring line under `package` quoting a figure."""
    found = []
    for path in sorted(package.rglob("*.py")):
        for line, text in _commentary(path.read_text(encoding="utf-8")):
            if MEASUREMENT.search(_QUOTED.sub("", text)):
                found.append(f"{path.relative_to(package.parent).as_posix()}:{line}: {text.strip()}")
    return sorted(found)


def test_no_comment_or_docstring_quotes_a_measured_figure():
    assert figures_quoted(PACKAGE) == []


def test_the_check_finds_a_figure_and_lets_examples_be(tmp_path):
    """The test above can fail: each kind of figure is found, in a comment or a docstring; quoted
    examples, versions and words with digits are not figures."""
    package = tmp_path / "generator"
    package.mkdir()
    (package / "slow.py").write_text(
        '"""Loading 5,000 meetings took 5.7 s without it.\n\nMinutes read as \'3 of 4 (75 %)\'."""\n'
        "\n"
        "# each process renders pages at about 100 pages a second, 0.8 s to start\n"
        "LIMIT = 100  # the site was 140 MB\n"
        "\n"
        "\n"
        "def f():\n"
        '    r"""Peaks 7 % higher; 2.5 times the baseline (x4.8); UTF-8 bytes; MkDocs 1.x; \\x0b."""\n'
        "    # ModernGov's titles end with the size: \"Minutes PDF 117 KB\"\n"
        "    return 'a string, not a comment: 10 MB'\n"
        "\n"
        "\n"
        "def g():\n"
        '    """Reads UTF-8 bytes, as MkDocs 1.x does, escaping \\\\x0b; minute-73; 233 MINUTES."""\n',
        encoding="utf-8")
    assert figures_quoted(package) == [
        "generator/slow.py:10: Peaks 7 % higher; 2.5 times the baseline (x4.8); UTF-8 bytes; MkDocs 1.x; \\x0b.",
        "generator/slow.py:1: Loading 5,000 meetings took 5.7 s without it.",
        "generator/slow.py:5: # each process renders pages at about 100 pages a second, 0.8 s to start",
        "generator/slow.py:6: # the site was 140 MB",
    ]
