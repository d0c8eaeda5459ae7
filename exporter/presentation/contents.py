"""The contents: which headings it lists, at which level, and the anchor each one links to.

Both formats list the same entries: the headings of the two top levels (the levels the
DOCX prints as Heading 1 and Heading 2, the PDF as <h2> and <h3>): the prose's, then "Role
profiles" and each profile under it. Deeper headings (a profile's parts among them) are
left out so the contents stays a page a reader scans; the PDF's bookmarks and Word's
navigation pane still show them. A contents is shown when the document has more than one
comparison or has role profiles, and then only with two entries or more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Block, Heading
from .profiles import Profiles

CONTENTS_TITLE = "Contents"
LEVELS = 2  # heading levels listed, counted from the document's top prose level


@dataclass(frozen=True)
class Entry:
    """One line of the contents."""

    level: int  # 1 or 2
    text: str
    anchor: str


@dataclass(frozen=True)
class Contents:
    """The contents' entries, whether it is shown, and the anchor of each listed heading."""

    title: str
    entries: tuple[Entry, ...]
    shown: bool
    anchors: dict[int, str]  # id() of a listed Heading of the presented document -> anchor

    def anchor(self, block: Block) -> str:
        """The anchor of a heading the contents lists, else "" (any other block too)."""
        return self.anchors.get(id(block), "")


def _level(level: int, top: int) -> int:
    """A source heading's level counted from the document's top prose level (which is 1)."""
    return min(max(level - top + 1, 1), 6)


def contents(headings: Sequence[Heading], profiles: Profiles, comparisons: int) -> Contents:
    """The contents of a document with these headings (in order), profiles and comparisons."""
    top = min((heading.level for heading in headings), default=1)
    entries: list[Entry] = []
    anchors: dict[int, str] = {}
    for heading in headings:
        level = _level(heading.level, top)
        if level <= LEVELS and heading.content.text.strip():
            anchor = f"section-{len(anchors) + 1}"
            anchors[id(heading)] = anchor
            entries.append(Entry(level, " ".join(heading.content.text.split()), anchor))
    if profiles.roles:
        entries.append(Entry(1, profiles.title, profiles.anchor))
        entries += (Entry(2, profile.name, profile.anchor) for profile in profiles.roles)
    shown = (comparisons > 1 or bool(profiles.roles)) and len(entries) > 1
    # Without a contents, nothing links to the headings: they need no anchors.
    return Contents(CONTENTS_TITLE, tuple(entries), shown, anchors if shown else {})
