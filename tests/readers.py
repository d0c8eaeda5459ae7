"""Independent readers: what pandoc makes of a DOCX, as text and as tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pypandoc

from .support import squash


def pandoc_ast(path: Path) -> dict[str, Any]:
    """pandoc's reading of the file as its JSON AST."""
    result: dict[str, Any] = json.loads(pypandoc.convert_file(str(path), "json"))
    return result


def pandoc_plain(path: Path) -> str:
    """pandoc's plain-text rendering, title included, table cells never wrapped."""
    args = ["--standalone", "--wrap=none", "--columns=20000"]
    return squash(str(pypandoc.convert_file(str(path), "plain", extra_args=args)))


def inline_text(inlines: list[Any]) -> str:
    """The text of pandoc inlines."""
    parts = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind == "Code":
            parts.append(content[1])
        elif kind in ("Link", "Span", "Quoted"):
            parts.append(inline_text(content[1]))
        elif isinstance(content, list):
            parts.append(inline_text(content))
    return "".join(parts)


def block_text(blocks: list[Any]) -> str:
    """The text of pandoc blocks, paragraphs joined by spaces."""
    return " ".join(inline_text(b["c"]) for b in blocks if b["t"] in ("Para", "Plain"))


def walk(node: Any) -> list[dict[str, Any]]:
    """Every pandoc element (a dict with a "t") below `node`, in document order."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if "t" in node:
            found.append(node)
        for value in node.values():
            found += walk(value)
    elif isinstance(node, list):
        for value in node:
            found += walk(value)
    return found


def tables(ast: dict[str, Any]) -> list[list[list[str]]]:
    """Each pandoc table as rows of squashed cell texts, header rows first."""
    result = []
    for table in (n for n in walk(ast["blocks"]) if n["t"] == "Table"):
        _attr, _caption, _specs, head, bodies, _foot = table["c"]
        rows = list(head[1])
        for body in bodies:
            rows += body[2] + body[3]
        result.append([[squash(block_text(cell[4])) for cell in row[1]] for row in rows])
    return result
