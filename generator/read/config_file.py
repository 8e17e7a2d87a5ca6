"""Reading `site_config.yml` into the archive's settings."""

from __future__ import annotations

from pathlib import Path

from generator.records.config import CONFIG_FILE, SiteConfig
from generator.records.diagnostics import Diagnostic
from generator.read.sources import SourceError, parse_yaml, read_text
from generator.read.validation_errors import validate_located


def load_config(root: Path) -> tuple[SiteConfig | None, list[Diagnostic]]:
    path = root / CONFIG_FILE
    if not path.is_file():
        return None, [
            Diagnostic(
                CONFIG_FILE, 0, "", "site_config.yml is missing",
                "create it beside content/ (see the README's 'Writing records')",
            )
        ]
    try:
        located, diagnostics = parse_yaml(read_text(path, CONFIG_FILE), CONFIG_FILE)
    except SourceError as exc:
        return None, [exc.diagnostic]
    config, problems = validate_located(SiteConfig, located, CONFIG_FILE)
    return config, diagnostics + problems
