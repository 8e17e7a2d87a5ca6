"""Build one share of an MkDocs project's pages, so that several processes can build a project
together: `python -m generator.publish.mkdocs_share CONFIG SITE_DIR INDEX COUNT [--dirty]`.

MkDocs renders pages one after another in one process. A page's HTML depends only on its own
Markdown, the configuration and the navigation, which is what lets MkDocs's own `--dirty` mode
rebuild one page alone; so a project's pages can be shared out between processes, each running
a dirty build in which only the files of its share count as modified. Share 0 also copies the
theme's static files and writes the theme's static templates (404.html, sitemap.xml).

The project itself stays ordinary: `mkdocs build` builds the same site in one process.
"""

from __future__ import annotations

import logging
import sys
import zlib


def in_share(src_uri: str, index: int, count: int) -> bool:
    return zlib.crc32(src_uri.encode("utf-8")) % count == index


def build_share(config_file: str, site_dir: str, index: int, count: int, dirty: bool) -> None:
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.structure.files import File

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config = load_config(config_file, site_dir=site_dir)
    modified_since_last_build = File.is_modified

    def is_modified(file: File) -> bool:
        mine = in_share(file.src_uri, index, count) if file.is_documentation_page() else index == 0
        return mine and (not dirty or modified_since_last_build(file))

    File.is_modified = is_modified
    if index != 0:
        config.theme.static_templates.clear()
    mkdocs_build.build(config, dirty=True)


def main(argv: list[str]) -> int:
    from mkdocs.exceptions import MkDocsException

    config_file, site_dir, index, count, *flags = argv
    try:
        build_share(config_file, site_dir, int(index), int(count), dirty="--dirty" in flags)
    except MkDocsException as error:
        print(f"mkdocs: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
