"""Stage 5a, export the MkDocs project: the rendered pages plus a `mkdocs.yml` derived from
`site_config.yml`.

The project is an ordinary MkDocs project with no plugins or hooks of ours, so any engine that
reads `mkdocs.yml` and Material overrides (MkDocs 1.x, Zensical) can build it. It names one
Markdown extension of ours, `generator.publish.prerendered_html`, which passes the HTML blocks the
render stage marked through whole (an engine runs it as it runs any Python-Markdown extension,
with this package importable).
Files are only rewritten when their text changes, so an engine's incremental mode sees the true
set of changed pages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import markdown as markdown_lib
import nh3
import yaml

from generator.records.archive import Archive
from generator.read.attachments import PublishedFile
from generator.render.page_text import engine_text
from generator.render.pages import Page
from generator.records.site_paths import committee_path, council_path

PROJECT_DIR = ".scrutiny"
DOCS_DIR = "docs"
CONFIG_NAME = "mkdocs.yml"
# Our Markdown extension (not an MkDocs plugin): the HTML blocks the render stage marked pass
# through whole, so the engine parses only the Markdown between them.
PRERENDERED_HTML = "generator.publish.prerendered_html"


def mkdocs_config(archive: Archive, theme_dir: Path) -> dict:
    """MkDocs templates do not autoescape: every maintainer string is `engine_text` here."""
    config = archive.config
    return {
        "site_name": engine_text(config.title),
        "site_description": engine_text(config.description),
        "site_url": config.site_url,
        "docs_dir": DOCS_DIR,
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "custom_dir": str(theme_dir.resolve()),
            "language": theme_language(config.language, theme_dir),
            "font": False,
            "features": ["navigation.indexes", "navigation.prune", "navigation.top", "toc.follow"],
            "palette": {"scheme": "default", "primary": "indigo", "accent": "indigo"},
        },
        "plugins": [],
        "markdown_extensions": [
            "attr_list",
            PRERENDERED_HTML,
            "tables",
            "sane_lists",
            {"toc": {"permalink": True, "permalink_title": "Link to this section"}},
        ],
        "extra_css": ["assets/stylesheets/archive.css", "assets/stylesheets/search.css"],
        "extra": {"generator": False},
        "copyright": _licence_html(config.licence),
        "validation": {"nav": {"omitted_files": "ignore"}},
        "nav": navigation(archive),
    }


def navigation(archive: Archive) -> list:
    """Councils and committees only: never meetings, so every page's navigation HTML stays the
    same size however large the archive grows."""
    nav: list = [{"Home": "index.md"}]
    for council in archive.councils:
        nav.append({engine_text(council.config.name): [council_path(council)] + [
            {engine_text(committee.config.label): committee_path(committee)} for committee in council.committees
        ]})
    nav += [{"Search": "search.md"}, {"Meetings by year": "calendar/index.md"},
            {"Issues followed": "threads/index.md"}, {"About": "about.md"},
            {"Writing records": "writing-records.md"}, {"Accessibility": "accessibility.md"}]
    return nav


def theme_language(language: str, theme_dir: Path) -> str:
    """Material has no region variants: use ours (theme/partials/languages/en-GB.html) if we ship
    one, else Material's file for the language, else English."""
    material = resources.files("material").joinpath("templates/partials/languages")
    if (theme_dir / "partials" / "languages" / f"{language}.html").is_file():
        return language
    for candidate in (language, language.split("-")[0].lower()):
        if material.joinpath(f"{candidate}.html").is_file():
            return candidate
    return "en"


def _licence_html(licence: str) -> str:
    return nh3.clean(markdown_lib.markdown(licence)).removeprefix("<p>").removesuffix("</p>")


@dataclass(frozen=True)
class ProjectChanges:
    """What writing the project changed: the record of what the next build must redo."""

    changed: tuple[str, ...]
    removed: tuple[str, ...]
    config_changed: bool

    @property
    def count(self) -> int:
        return len(self.changed) + len(self.removed) + self.config_changed


def write_project(project: Path, pages: list[Page], files: list[PublishedFile], config: dict) -> ProjectChanges:
    """Write the pages, the published files and mkdocs.yml, touching only what changed, so that
    unchanged pages keep their bytes and times (MkDocs's --dirty relies on the times). A page
    without text was not rendered again: its file is current."""
    docs = project / DOCS_DIR
    docs.mkdir(parents=True, exist_ok=True)
    wanted = {page.path for page in pages} | {file.path for file in files}
    changed = [page.path for page in pages if page.text is not None and _write_if_changed(docs / page.path, page.text)]
    changed += [file.path for file in files if _copy_if_changed(file.source, docs / file.path)]
    removed = sorted(path for path in _files_under(docs) if path not in wanted)
    for stale in removed:
        (docs / stale).unlink()
    if removed:
        _remove_empty_folders(docs)
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
    config_changed = bool(_write_if_changed(project / CONFIG_NAME, text))
    return ProjectChanges(tuple(sorted(changed)), tuple(removed), config_changed)


def _files_under(folder: Path) -> list[str]:
    return [os.path.relpath(os.path.join(parent, name), folder).replace(os.sep, "/")
            for parent, _, names in os.walk(folder) for name in names]


def _write_if_changed(path: Path, text: str) -> int:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return 1


def _copy_if_changed(source: Path, target: Path) -> int:
    data = source.read_bytes()
    if target.is_file() and target.read_bytes() == data:
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return 1


def _remove_empty_folders(root: Path) -> None:
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()
