"""Role profiles: for each role, what every comparison says about it, on pages of its own.

A profile is the page a hiring manager prints for one role: its title, its summary, then
each dimension with that role's text. Decided here once, so the PDF and the DOCX hold the
same profiles:

- A role is known by its name, compared as role cards compare names (case and runs of
  spaces aside): a role named in several comparisons gets one profile, its dimensions
  grouped by comparison, in the order the comparisons stand.
- Empty cells are left out. A role that has neither a summary nor any non-empty cell gets
  no profile: its page would hold nothing but its name.
- A list comparison (dimensions without names) gives the role's items as a list.
- Profiles exist only when the document has two roles or more: with one role, the
  comparison itself already is that role's profile. The front matter's `profiles: false`
  leaves them out.
- Profiles follow the order in which roles first appear, so they read in the order of the
  table's columns (or rows). The focus role's profile is marked, not moved: the source
  usually names it first anyway, and moving it would part the profiles from the table.
- The profiles stand under one top-level heading, "Role profiles", which opens the first
  profile's page; in outlines and contents each profile is one level below it, so a long
  ladder's profiles fold under one entry instead of crowding the prose sections. A role in
  several comparisons has a heading per comparison, one level further down.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..cards import normalise
from ..model import Comparison, Document, Layout, RichText

PROFILES_TITLE = "Role profiles"
PROFILES_ANCHOR = "role-profiles"
PROFILE_NOTE = "Role profile"
FOCUS_NOTE = "Focus role"
NOTE_SEPARATOR = " \u00b7 "


@dataclass(frozen=True)
class ProfileEntry:
    """One dimension of a profile: its name (empty in a list comparison) and the role's text."""

    name: RichText
    text: RichText


@dataclass(frozen=True)
class ProfilePart:
    """What one comparison says about the role."""

    table: int  # index of the comparison in the document
    label: str  # the comparison's label, as its heading when the profile has several parts
    entries: tuple[ProfileEntry, ...]
    items: bool  # a list comparison: the entries are the items of a list


@dataclass(frozen=True)
class Profile:
    """One role's profile: title, summary and its parts, one per comparison naming it."""

    title: RichText
    summary: RichText
    focus: bool
    note: str  # the line under the title: "Role profile · Scope · Focus role"
    parts: tuple[ProfilePart, ...]
    anchor: str  # where the profile's heading stands, for the contents to link to

    @property
    def headed_parts(self) -> bool:
        """Whether each part gets a heading: only when the role is in several comparisons."""
        return len(self.parts) > 1

    @property
    def name(self) -> str:
        """The title as plain text on one line, for outlines and contents."""
        return " ".join(self.title.text.split())


@dataclass(frozen=True)
class Profiles:
    """The role profiles and the heading they stand under; no roles, no heading."""

    title: str
    anchor: str
    roles: tuple[Profile, ...]


@dataclass
class _Gathered:
    """A role's texts collected over the comparisons, before they become a Profile."""

    title: RichText
    summary: RichText
    focus: bool
    parts: dict[int, list[ProfileEntry]]


def role_profiles(document: Document, labels: list[str]) -> Profiles:
    """The document's role profiles, in order of first appearance (none for one role)."""
    gathered: dict[str, _Gathered] = {}
    for index, comparison in enumerate(document.comparisons):
        for number, role in enumerate(comparison.roles):
            key = normalise(role.title.text)
            if not key:
                continue
            found = gathered.setdefault(key, _Gathered(role.title, RichText(), False, {}))
            if not found.summary and role.summary:
                found.summary = role.summary
            found.focus = found.focus or document.is_focus(role, comparison)
            # A role listed twice in one comparison (a grade table may) gathers both rows.
            found.parts.setdefault(index, []).extend(_entries(comparison, number))
    if len(gathered) < 2 or not document.meta.profiles:
        return Profiles(PROFILES_TITLE, PROFILES_ANCHOR, ())
    profiles: list[Profile] = []
    for found in gathered.values():
        parts = [(index, tuple(entries)) for index, entries in found.parts.items() if entries]
        if not parts and not found.summary:
            continue
        single = labels[parts[0][0]] if len(parts) == 1 else ""
        profiles.append(
            Profile(
                title=found.title,
                summary=found.summary,
                focus=found.focus,
                note=NOTE_SEPARATOR.join(
                    filter(None, (PROFILE_NOTE, single, FOCUS_NOTE if found.focus else ""))
                ),
                parts=tuple(
                    ProfilePart(
                        table=index,
                        label=labels[index],
                        entries=entries,
                        items=document.comparisons[index].layout is Layout.LISTS,
                    )
                    for index, entries in parts
                ),
                anchor=f"profile-{len(profiles) + 1}",
            )
        )
    return Profiles(PROFILES_TITLE, PROFILES_ANCHOR, tuple(profiles))


def _entries(comparison: Comparison, role: int) -> list[ProfileEntry]:
    """The role's non-empty cells of one comparison, each with its dimension's name."""
    entries = (
        ProfileEntry(dimension.name, dimension.cells[role].strip())
        for dimension in comparison.dimensions
    )
    return [entry for entry in entries if entry.text]
