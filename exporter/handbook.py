"""Many sources -> one handbook Document: a chapter per source, in a stable order.

The handbook is an ordinary Document, so every writer prints it as it prints one source:
each source becomes a chapter (its title a level-1 heading, its lede, its prose and its
comparisons in place, its headings one level down), comparisons remember the source they
come from (the spreadsheet's `All` sheet names it), and the presentation gathers the role
profiles of every role across chapters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import assert_never

from .model import (
    Block,
    CodeBlock,
    Comparison,
    Document,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    Quote,
    RichText,
    Rule,
    TableRef,
    walk,
)


def chapter_order(document: Document) -> tuple[int, int, str]:
    """Sort key: the front matter's `order` first (in its order), then the file name."""
    order = document.meta.order
    return (0 if order is not None else 1, order or 0, document.path)


def combine(documents: Sequence[Document], title: str, slug: str, created: datetime) -> Document:
    """The handbook of `documents`, titled `title`, dated `created`."""
    chapters = sorted(documents, key=chapter_order)
    blocks: list[Block] = []
    comparisons: list[Comparison] = []
    for document in chapters:
        offset = len(comparisons)
        comparisons += [
            replace(comparison, source=document.title, focus=document.focus_role)
            for comparison in document.comparisons
        ]
        blocks.append(Heading(1, RichText.plain(document.title), 1))
        if document.lede:
            blocks.append(Paragraph(document.lede, 1))
        facts = _facts(document.meta)
        if facts:
            blocks.append(Paragraph(RichText.plain(facts), 1))
        shift = _shift(document)
        blocks += [_moved(block, shift, offset) for block in document.blocks]
        placed = {b.index for b in walk(document.blocks) if isinstance(b, TableRef)}
        blocks += [
            TableRef(offset + index, comparison.line)
            for index, comparison in enumerate(document.comparisons)
            if index not in placed
        ]
    versions = {document.meta.version for document in chapters}
    languages = {document.meta.lang for document in chapters}
    # Every chapter's label reaches the running footer: a handbook holding a Secret chapter
    # must say so, whatever its other chapters are.
    labels = dict.fromkeys(d.meta.confidentiality for d in chapters if d.meta.confidentiality)
    meta = Metadata(
        slug=slug,
        # A version or a language every chapter shares is the handbook's too.
        version=versions.pop() if len(versions) == 1 else "",
        effective=created.date().isoformat(),
        confidentiality=", ".join(labels),
        lang=languages.pop() if len(languages) == 1 else "en",
    )
    return Document(
        path=slug,
        title=title,
        lede=RichText(),
        comparisons=tuple(comparisons),
        blocks=tuple(blocks),
        meta=meta,
    )


def _facts(meta: Metadata) -> str:
    """A chapter's front-matter facts on one line, as its own title block would list them."""
    facts = (
        ("Version", meta.version),
        ("Owner", meta.owner),
        ("Effective", meta.effective),
        ("Confidentiality", meta.confidentiality),
    )
    return " \u00b7 ".join(f"{label}: {value}" for label, value in facts if value.strip())


def _shift(document: Document) -> int:
    """How many levels a chapter's headings move down to sit under its level-1 title."""
    levels = [block.level for block in walk(document.blocks) if isinstance(block, Heading)]
    return 2 - min(levels, default=2)


def _moved(block: Block, shift: int, offset: int) -> Block:
    """A block of a chapter: headings `shift` levels down, comparison indexes `offset` on."""
    match block:
        case Heading():
            return replace(block, level=min(max(block.level + shift, 2), 6))
        case TableRef():
            return replace(block, index=block.index + offset)
        case ListBlock():
            items = tuple(tuple(_moved(b, shift, offset) for b in item) for item in block.items)
            return replace(block, items=items)
        case Quote():
            return replace(block, blocks=tuple(_moved(b, shift, offset) for b in block.blocks))
        case Paragraph() | CodeBlock() | Rule():
            return block
        case _:
            assert_never(block)
