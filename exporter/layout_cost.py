"""How long laying a document out as a PDF takes, estimated from the model before any work.

WeasyPrint's time grows with the text it sets and the boxes it makes: characters in table
cells cost more than characters of prose (cells are measured twice, for the table's column
widths and for its rows), and each table, heading, paragraph and list item costs a box
tree of its own. The rates are measured on a 2-core machine busy with other work (see
`make bench`, "stress" cases), so the estimate errs on the slow side.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import assert_never

from . import line_breaks
from .model import Block, CodeBlock, Document, Heading, ListBlock, Paragraph, Quote, Rule, TableRef
from .presentation import comparison_labels
from .presentation.grid import grid
from .presentation.profiles import role_profiles

# Seconds per unit of work.
START = 0.5  # the page furniture, fonts and the title block
TABLE = 0.016
CELL = 0.001
TABLE_CHARACTER = 36e-6
PROSE_CHARACTER = 10e-6
HEADING = 0.011  # a bookmark and a contents entry too, whose page numbers take a relayout
PARAGRAPH = 0.8e-3
LIST_ITEM = 3e-3
PROFILE = 0.045  # a role's profile starts a page of its own
# A stretch Pango cannot break (a long word, a URL, letters of two scripts alternating)
# costs far more: about 0.3 ms a character beyond a few hundred, in a cell or in prose
# (12,000 characters took 3.3 s in a cell and 3.8 s as a paragraph).
LONG_STRETCH = 200
LONG_CHARACTER = 0.3e-3
# Only where no plain space stands for this long can Pango find no break for as long.
_CANDIDATE = re.compile(f"[^ \t\n]{{{LONG_STRETCH},}}")


@dataclass(frozen=True)
class Step:
    """The estimated time so far, at a source line."""

    line: int
    seconds: float


def steps(document: Document) -> Iterator[Step]:
    """The running estimate, block by block in the order the PDF prints them."""
    total = START + _characters(document.lede.text, PROSE_CHARACTER)
    placed: set[int] = set()
    tables: list[int] = []
    for line, cost, table in _blocks(document.blocks):
        if table is None:
            total += cost
            yield Step(line, total)
        elif table not in placed and 0 <= table < len(document.comparisons):
            placed.add(table)
            tables.append(table)
    tables += [index for index in range(len(document.comparisons)) if index not in placed]
    for index in tables:
        for line, cost in _table_rows(document, index):
            total += cost
            yield Step(line, total)
    # The role profiles print every non-empty cell again, a page per role.
    profiles = role_profiles(document, comparison_labels(document.comparisons))
    for profile in profiles.roles:
        characters = sum(
            len(entry.name.text) + len(entry.text.text)
            for part in profile.parts
            for entry in part.entries
        )
        long = sum(
            _unbreakable(entry.text.text) for part in profile.parts for entry in part.entries
        )
        total += PROFILE + characters * PROSE_CHARACTER + long * LONG_CHARACTER
        first = profile.parts[0].table if profile.parts else 0
        yield Step(document.comparisons[first].line if document.comparisons else 1, total)


def estimate(document: Document) -> float:
    """The estimated seconds to lay the whole document out."""
    return max((step.seconds for step in steps(document)), default=START)


def _characters(text: str, rate: float) -> float:
    """Seconds to set `text` at `rate` a character, and its long unbreakable stretches."""
    return len(text) * rate + _unbreakable(text) * LONG_CHARACTER


def _unbreakable(text: str) -> int:
    """Characters of `text` in stretches of LONG_STRETCH or more that Pango cannot break."""
    if len(text) < LONG_STRETCH:
        return 0
    return sum(
        len(run)
        for candidate in _CANDIDATE.finditer(text)
        for run in line_breaks.runs(candidate.group())
        if len(run) >= LONG_STRETCH
    )


def _table_rows(document: Document, index: int) -> Iterator[tuple[int, float]]:
    """(line, seconds) for a table's header row, then each of its rows as the source has it."""
    table = grid(document.comparisons[index])
    header = [table.corner.text if table.corner else "", *(h.text for h in table.headers)]
    summaries = [role.summary.text for role in document.comparisons[index].roles]
    cost = TABLE + len(header) * CELL + sum(_characters(t, TABLE_CHARACTER) for t in header)
    cost += sum(_characters(summary, TABLE_CHARACTER) for summary in summaries)
    yield document.comparisons[index].line, cost
    for number, cells in enumerate(table.cells):
        texts = [cell.text for cell in cells]
        if table.labels is not None:
            texts.append(table.labels[number].text)
        cost = len(texts) * CELL + sum(_characters(text, TABLE_CHARACTER) for text in texts)
        yield table.row_lines[number], cost


def _blocks(blocks: tuple[Block, ...]) -> Iterator[tuple[int, float, int | None]]:
    """(line, seconds, table index or None) for each block, nested ones included."""
    for block in blocks:
        match block:
            case Heading():
                yield block.line, HEADING + _characters(block.content.text, PROSE_CHARACTER), None
            case Paragraph():
                cost = PARAGRAPH + _characters(block.content.text, PROSE_CHARACTER)
                yield block.line, cost, None
            case ListBlock():
                for item in block.items:
                    yield block.line, LIST_ITEM, None
                    yield from _blocks(item)
            case Quote():
                yield block.line, PARAGRAPH, None
                yield from _blocks(block.blocks)
            case CodeBlock():
                yield block.line, PARAGRAPH + _characters(block.text, PROSE_CHARACTER), None
            case Rule():
                yield block.line, PARAGRAPH, None
            case TableRef():
                yield block.line, 0.0, block.index
            case _:
                assert_never(block)
