"""The package's folders are the stages of the pipeline, and imports only point forward: a module
may import from its own stage and from the stages before it, never from one after it. The README's
"How it works" draws the same order."""

from __future__ import annotations

import ast
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent

# In order: each stage may use the ones before it. Modules at the top of the package (the
# orchestrator, the commands) and the importer come after them all.
STAGES = ("processes", "records", "incremental", "read", "link", "render", "publish", "exports")
TOP = len(STAGES)


def _stage_of(module: str) -> int | None:
    """The stage of a module named `generator.x.y`; None for the package itself."""
    parts = module.split(".")
    if parts[0] != "generator" or len(parts) == 1:
        return None
    return STAGES.index(parts[1]) if parts[1] in STAGES else TOP


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
    return ".".join(parts)


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every generator module `path` imports, anywhere in it (top level or inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.append((node.lineno, base))
            if base == "generator":  # `from generator import pages`: a module; `__version__` is not
                found += [(node.lineno, f"generator.{alias.name}") for alias in node.names
                          if (PACKAGE / alias.name).is_dir() or (PACKAGE / f"{alias.name}.py").is_file()]
    return [(line, name) for line, name in found if name == "generator" or name.startswith("generator.")]


def _backward_imports() -> list[str]:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _stage_of(_module_name(path))
        for line, imported in _imported_modules(path):
            there = _stage_of(imported)
            if here is not None and there is not None and there > here:
                problems.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {imported}, "
                                f"a later stage ({STAGES[here] if here < TOP else 'top'} -> "
                                f"{STAGES[there] if there < TOP else 'top'})")
    return problems


def test_imports_only_point_forward_through_the_stages():
    assert _backward_imports() == []


def test_every_module_sits_in_a_stage_folder_or_at_the_top():
    loose = [path.name for path in PACKAGE.glob("*.py")]
    assert sorted(loose) == sorted(["__init__.py", "__main__.py", "build.py", "cli.py", "progress.py",
                                    "refs_command.py", "serve.py"])
    assert {path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__"} \
        == set(STAGES) | {"importer", "guide"}


def test_the_check_catches_an_import_pointing_back(tmp_path, monkeypatch):
    """The test above can fail: a records module importing the render stage is reported."""
    records = tmp_path / "generator" / "records"
    records.mkdir(parents=True)
    (tmp_path / "generator" / "__init__.py").write_text("")
    (records / "__init__.py").write_text("")
    (records / "bad.py").write_text("from generator.render.pages import render_pages\n"
                                    "def later():\n    from ..link import links\n")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path / "generator")
    assert _backward_imports() == [
        "generator/records/bad.py:1 imports generator.render.pages, a later stage (records -> render)",
        "generator/records/bad.py:3 imports generator.link, a later stage (records -> link)",
    ]
