"""Document -> plain JSON-ready data (the `jobarch model` command's output)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .model import (
    Block,
    CodeBlock,
    Comparison,
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    RichText,
    Rule,
    TableRef,
)

JSON = dict[str, Any]


def spans(text: RichText) -> list[JSON]:
    """Spans as objects, keeping only the style flags that are set."""
    return [
        {key: value for key, value in asdict(span).items() if value or key == "text"}
        for span in text.spans
    ]


def rich(text: RichText) -> JSON:
    """A RichText as its plain text plus its styled spans."""
    return {"text": text.text, "spans": spans(text)}


def comparison_data(comparison: Comparison) -> JSON:
    """One comparison: title, roles, and dimensions with one cell per role."""
    return {
        "title": comparison.title,
        "line": comparison.line,
        "reading": {
            "layout": comparison.layout.value,
            "reason": comparison.reading.reason,
            "explicit": comparison.reading.explicit,
        },
        "corner": comparison.corner.text,
        "roles": [
            {
                "title": role.title.text,
                "summary": role.summary.text,
                "line": role.line,
                "title_spans": spans(role.title),
                "summary_spans": spans(role.summary),
            }
            for role in comparison.roles
        ],
        "dimensions": [
            {
                "name": dimension.name.text,
                "name_spans": spans(dimension.name),
                "line": dimension.line,
                "cells": [rich(cell) for cell in dimension.cells],
            }
            for dimension in comparison.dimensions
        ],
    }


def block_data(block: Block) -> JSON:
    """A prose block as a tagged object."""
    if isinstance(block, Heading):
        return {"type": "heading", "level": block.level, **rich(block.content)}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", **rich(block.content)}
    if isinstance(block, ListBlock):
        return {
            "type": "list",
            "ordered": block.ordered,
            "start": block.start,
            "items": [[block_data(child) for child in item] for item in block.items],
        }
    if isinstance(block, Quote):
        return {"type": "quote", "blocks": [block_data(child) for child in block.blocks]}
    if isinstance(block, CodeBlock):
        return {"type": "code", "text": block.text}
    if isinstance(block, Rule):
        return {"type": "rule"}
    if isinstance(block, TableRef):
        return {"type": "comparison", "index": block.index}
    raise TypeError(f"unknown block {block!r}")


def document_data(document: Document) -> JSON:
    """The whole document: metadata, title, lede, comparisons and prose blocks."""
    return {
        "source": document.path,
        "title": document.title,
        "lede": document.lede.text,
        "lede_spans": spans(document.lede),
        "focus_role": document.focus_role,
        "meta": asdict(document.meta),
        "comparisons": [comparison_data(comparison) for comparison in document.comparisons],
        "blocks": [block_data(block) for block in document.blocks],
    }
