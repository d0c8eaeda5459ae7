"""The role-card preamble: `Role` lines that introduce a role's title and/or summary.

A card is a line `Role` followed by a title line (a role of the table) and/or one summary
line. The first card, when it has a title, names the focus role. Lines outside cards are
the document title (the first) and the lede (the rest). Cards without a title are matched
to the table's roles in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Diagnostic
from .model import RichText

MARKER = "role"


@dataclass(frozen=True)
class Line:
    """One source line of the preamble paragraph."""

    text: RichText
    number: int


@dataclass
class Preamble:
    """What a preamble says: free lines, and summaries keyed by normalised role title."""

    free: list[Line] = field(default_factory=list)
    summaries: dict[str, tuple[RichText, int]] = field(default_factory=dict)
    focus_role: str = ""
    errors: list[Diagnostic] = field(default_factory=list)


def normalise(name: str) -> str:
    """Role and dimension names compare case- and space-insensitively."""
    return " ".join(name.split()).casefold()


def is_preamble(lines: list[Line]) -> bool:
    """True when a paragraph opens with a `Role` line."""
    return bool(lines) and normalise(lines[0].text.text) == MARKER


def read_preamble(path: str, lines: list[Line], role_titles: list[str]) -> Preamble:
    """Split preamble lines into cards and free lines, and match cards to roles."""
    known = {normalise(title): title for title in role_titles}
    result = Preamble()
    titled: list[tuple[str, Line | None]] = []  # (role key, summary line)
    untitled: list[Line] = []
    index = 0
    first_card = True
    while index < len(lines):
        line = lines[index]
        if normalise(line.text.text) != MARKER:
            result.free.append(line)
            index += 1
            continue
        title_or_summary = _card_line(lines, index + 1, known, allow_role=True)
        if title_or_summary is None:
            result.errors.append(
                Diagnostic(
                    path,
                    line.number,
                    1,
                    "error",
                    "a `Role` line must be followed by a role title or a summary",
                )
            )
            index += 1
            continue
        key = normalise(title_or_summary.text.text)
        if key in known:
            summary = _card_line(lines, index + 2, known, allow_role=False)
            titled.append((key, summary))
            if first_card:
                result.focus_role = known[key]
            index += 3 if summary is not None else 2
        else:
            untitled.append(title_or_summary)
            index += 2
        first_card = False

    for key, summary_line in titled:
        if summary_line is not None:
            _give(result, path, key, known[key], summary_line)
    _match_untitled(result, path, untitled, {key for key, _ in titled}, role_titles)
    return result


def _card_line(
    lines: list[Line], index: int, known: dict[str, str], allow_role: bool
) -> Line | None:
    """The line at `index` if it can belong to a card: not a marker, and a role title
    only where one is allowed (a summary never repeats a role's title)."""
    if index >= len(lines):
        return None
    key = normalise(lines[index].text.text)
    if key == MARKER or (key in known and not allow_role):
        return None
    return lines[index]


def _match_untitled(
    result: Preamble,
    path: str,
    untitled: list[Line],
    titled_keys: set[str],
    role_titles: list[str],
) -> None:
    if not untitled:
        return
    keys = [normalise(title) for title in role_titles]
    if len(untitled) == len(keys):
        targets = keys
    else:
        targets = [key for key in keys if key not in titled_keys]
        if len(untitled) != len(targets):
            result.errors.append(
                Diagnostic(
                    path,
                    untitled[0].number,
                    1,
                    "error",
                    f"{len(untitled)} role card(s) without a title, but the table has "
                    f"{len(keys)} role(s): cannot tell which card belongs to which role",
                    "put the role's title on the line after `Role`",
                )
            )
            return
    titles = {normalise(title): title for title in role_titles}
    for key, line in zip(targets, untitled, strict=True):
        _give(result, path, key, titles[key], line)


def _give(result: Preamble, path: str, key: str, title: str, line: Line) -> None:
    """Record a role's summary; two different summaries for one role is an error."""
    previous = result.summaries.get(key)
    if previous is not None and previous[0].text.strip() != line.text.text.strip():
        result.errors.append(
            Diagnostic(
                path,
                line.number,
                1,
                "error",
                f"role card gives {title!r} another summary than the card at line {previous[1]}",
            )
        )
        return
    if previous is None:
        result.summaries[key] = (line.text, line.number)
