"""Theme folders made for tests: a few lines of theme.toml on top of a built-in theme."""

from __future__ import annotations

from pathlib import Path

from exporter.model import Document
from exporter.parse import parse_text
from exporter.theme import BUILTIN_THEMES

BUILTIN = BUILTIN_THEMES
DEFAULT = BUILTIN_THEMES / "default"

# A source with the blocks every brand value shows on: headings, prose, code, a quote,
# and a comparison with a focus role; two pages long.
BRANDED_SOURCE = """\
---
title: Brand check
version: "4.2"
owner: People Team
---

# Brand check

Who does what, in `one` table.

## Scope

> Quoted guidance.

| Dimension | Tech Lead | Engineering Manager |
|---|---|---|
| Focus | `Systems` | People |
| Reports to | Director | Director |
| Hiring | Interviews | Owns it |

## Notes

"""
# Enough notes to run onto a second page, whose header the first page leaves to the title.
BRANDED_SOURCE += "".join(f"- Note {n}: one line of a long list.\n" for n in range(1, 60))


def child_theme(folder: Path, toml: str, parent: Path = DEFAULT) -> Path:
    """A theme folder whose theme.toml inherits `parent` (by path) and adds `toml`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.toml").write_text(f'inherit = "{parent.as_posix()}"\n{toml}', encoding="utf-8")
    return folder


def branded_document() -> Document:
    """A small document with every kind of block a theme styles."""
    return parse_text(BRANDED_SOURCE, "brand.md").document
