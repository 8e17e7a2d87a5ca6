"""A Python-Markdown extension, named in the exported mkdocs.yml, that passes our pre-rendered
HTML blocks through whole.

The render stage puts a marker line before each HTML block of a page (`<!--html N-->`, the
block's length in lines; see generator/render/html_blocks.py). Before the engine's own raw-HTML
reader, which would feed every block to Python's HTML parser tag by tag, this stores each marked
block in the HTML stash as that reader would have stored it, so the page the engine builds is the
same and only the Markdown between the blocks (headings, with their anchors for the contents) is
left to convert. Any engine that runs Python-Markdown extensions from `markdown_extensions` (MkDocs,
Zensical) runs it; it is not an MkDocs plugin. It imports nothing of ours that needs more than
Python-Markdown, so an engine installed elsewhere runs it with this project on its path.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from generator.render.html_blocks import MARKED_PAGE, MARKER_LINE

# After the whitespace is normalised (30), before the raw-HTML reader (20, `html_block`).
PRIORITY = 25


class PrerenderedHtml(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(_StashMarkedBlocks(md), "prerendered_html", PRIORITY)


class _StashMarkedBlocks(Preprocessor):
    """Each marked block stored as the raw-HTML reader stores one; a run of blocks with only
    blank lines between them stored as one, as the engine would write them one after another
    (joined by a line break), so that it does not look for inline Markdown in each block's
    placeholder paragraph."""

    def run(self, lines: list[str]) -> list[str]:
        first = next((index for index, line in enumerate(lines) if line), len(lines))
        if first == len(lines) or lines[first] != MARKED_PAGE:
            return lines  # not a page the render stage marked
        kept: list[str] = lines[:first]
        run: list[str] = []  # the blocks of the run being read
        between: list[str] = []  # lines since the run's last block
        index = first + 1
        while index < len(lines):
            line = lines[index]
            marker = MARKER_LINE.fullmatch(line) if line.startswith("<!--html ") else None
            end = index + 1 + int(marker[1]) if marker else 0
            if marker is None or end > len(lines):
                between.append(line)
                index += 1
                continue
            if run and any(text.strip(" ") for text in between):
                self._store(run, kept)
                run = []
            if not run:
                kept += between
            between = []
            block = "\n".join(lines[index + 1:end])
            # The raw-HTML reader keeps the line break of a block that a blank line follows.
            if end + 1 < len(lines) and not lines[end].strip(" "):
                block += "\n"
            run.append(block)
            index = end
        self._store(run, kept)
        return kept + between

    def _store(self, run: list[str], kept: list[str]) -> None:
        if run:
            kept += ["", self.md.htmlStash.store("\n".join(run)), ""]


def makeExtension(**kwargs) -> PrerenderedHtml:  # noqa: N802 (Python-Markdown's name)
    return PrerenderedHtml(**kwargs)
