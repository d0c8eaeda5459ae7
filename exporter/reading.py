"""Which way a table runs: roles across, roles down, or lists side by side, and why.

The reading comes from, in order: a `<!-- jobarch: LAYOUT -->` comment right before the
table; the front matter's `tables: LAYOUT`; what the header row says of itself; the default
(roles across). The header says roles run down the rows when its first cell (or a part of
it between slashes) is, or ends with, a word such as Role or Level; it says every column is
a role when each of its cells ends with a job word (Engineer, Manager, Lead, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Layout, Reading

# Words that, ending the first header cell, name what the rows are: roles or levels.
ROW_WORDS = ("role", "level", "grade", "position", "title", "job", "track", "rank")
# Words that end a job title: a header row made only of these is a row of roles.
JOB_WORDS = (
    "administrator",
    "analyst",
    "architect",
    "associate",
    "ceo",
    "cfo",
    "chair",
    "cio",
    "ciso",
    "committer",
    "consultant",
    "contributor",
    "coo",
    "coordinator",
    "cpo",
    "cto",
    "designer",
    "developer",
    "director",
    "engineer",
    "executive",
    "fellow",
    "head",
    "intern",
    "lead",
    "leader",
    "maintainer",
    "manager",
    "member",
    "officer",
    "owner",
    "partner",
    "president",
    "principal",
    "recruiter",
    "researcher",
    "reviewer",
    "scientist",
    "specialist",
    "steward",
    "tester",
    "vp",
    "writer",
)
LAYOUT_NAMES = {layout.value: layout for layout in Layout}
AUTO = "auto"
# `<!-- jobarch: roles-in-rows -->`: a comment GitHub and every other renderer hide.
_DIRECTIVE = re.compile(r"^\s*<!--\s*jobarch\s*:\s*(?P<value>[^\s>]*)\s*-->\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
# A parenthesised aside at the end of a title: "Chief Technology Officer (CTO)".
_ASIDE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


@dataclass(frozen=True)
class Directive:
    """An explicit reading: the layout, or None for `auto`, and where it was said."""

    layout: Layout | None
    where: str  # "the front matter's `tables`", "the comment at line 12"


def directive_value(comment: str) -> str | None:
    """The value of a `<!-- jobarch: ... -->` comment, or None if it is another comment."""
    match = _DIRECTIVE.match(comment)
    return match.group("value").lower() if match else None


def parse_layout(value: str) -> Layout | None:
    """A layout name -> Layout, `auto` -> None; raise ValueError for anything else."""
    key = value.strip().lower()
    if key == AUTO:
        return None
    if key in LAYOUT_NAMES:
        return LAYOUT_NAMES[key]
    known = ", ".join([*LAYOUT_NAMES, AUTO])
    raise ValueError(f"{value!r} is not a table reading; use one of {known}")


def _last_word(text: str) -> str:
    words = _WORD.findall(_ASIDE.sub("", text).casefold())
    return words[-1] if words else ""


def _names_rows(first_cell: str) -> bool:
    # "Level/Skill" names both axes: one part naming the rows is enough.
    words = [_last_word(part) for part in first_cell.split("/")]
    return any(word in (name, name + "s") for word in words for name in ROW_WORDS)


def _is_job_title(cell: str) -> bool:
    # "Director of Engineering", "Head of Data": the title's own word stands before "of".
    head = re.split(r"\s+of\s+", cell.strip(), maxsplit=1, flags=re.IGNORECASE)[0]
    word = _last_word(head)
    return any(word in (name, name + "s") for name in JOB_WORDS)


def choose(header: list[str], explicit: Directive | None) -> Reading:
    """The reading of a table with these header cell texts, under an explicit directive."""
    if explicit is not None and explicit.layout is not None:
        return Reading(explicit.layout, f"set by {explicit.where}", explicit=True)
    first = " ".join(header[0].split()) if header else ""
    if first and _names_rows(first):
        return Reading(Layout.ROLES_IN_ROWS, f"its first header cell {first!r} names the rows")
    if len(header) >= 2 and all(_is_job_title(cell) for cell in header):
        return Reading(Layout.LISTS, "every header cell is a job title and no column labels rows")
    if first:
        return Reading(Layout.ROLES_IN_COLUMNS, f"its first header cell {first!r} labels the rows")
    return Reading(Layout.ROLES_IN_COLUMNS, "its header names roles after an empty first cell")


def describe(reading: Reading) -> str:
    """A sentence for `jobarch check`: the reading taken and why."""
    what = {
        Layout.ROLES_IN_COLUMNS: "roles in columns, dimensions in rows",
        Layout.ROLES_IN_ROWS: "roles in rows, dimensions in columns",
        Layout.LISTS: "lists: every column is a role, each row holds items",
    }[reading.layout]
    return f"table read as {what}: {reading.reason}"
