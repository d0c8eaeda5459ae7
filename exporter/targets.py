"""Output names: where a source's files go, and the names refused before anything is written.

`jobarch check` and `jobarch build` both refuse, for every source involved: two sources
writing one output, outputs whose names differ only in case or Unicode normalisation (one
file on macOS and Windows), names too long for the file system once made a temporary file,
and names that would be hidden files.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from .errors import Diagnostic, printable
from .tempfiles import temporary_name_length

NAME_MAX = 255  # bytes in one file name: Linux, macOS and Windows (in UTF-16 units) alike
_SLUG_HINT = "set a different `slug:` in the front matter"


@dataclass(frozen=True)
class Claim:
    """The outputs one source would write: `stem` (folder and slug, relative to OUT) plus
    one extension per format."""

    source: str
    stem: PurePosixPath
    formats: tuple[str, ...]

    def output(self, fmt: str) -> PurePosixPath:
        """The output of one format, relative to OUT."""
        return self.stem.with_name(f"{self.stem.name}.{fmt}")


def refusals(claims: Sequence[Claim]) -> list[list[Diagnostic]]:
    """For each claim, in order, the errors that stop its outputs being written."""
    found: list[list[Diagnostic]] = [_own_problems(claim) for claim in claims]
    exact: dict[PurePosixPath, int] = {}
    folded: dict[str, int] = {}
    for index, claim in enumerate(claims):
        other = exact.setdefault(claim.stem, index)
        if other != index:
            _clash(found, claims, index, other, "would write the same files as")
            continue
        other = folded.setdefault(_fold(str(claim.stem)), index)
        if other != index:
            _clash(
                found,
                claims,
                index,
                other,
                "would write files whose names differ only in case or accents from those of",
                "; they would overwrite each other on macOS and Windows",
            )
    return found


def _own_problems(claim: Claim) -> list[Diagnostic]:
    slug = claim.stem.name
    if slug.startswith("."):
        message = f"its outputs would be hidden files ({slug!r} starts with a dot)"
        return [Diagnostic(claim.source, 1, 1, "error", message, _SLUG_HINT)]
    longest = max((claim.output(fmt).name for fmt in claim.formats), key=temporary_name_length)
    length = temporary_name_length(longest)
    if length > NAME_MAX:
        return [
            Diagnostic(
                claim.source,
                1,
                1,
                "error",
                f"output name {longest!r} is too long: with the build's temporary-file "
                f"prefix it takes {length} bytes, above the file system's {NAME_MAX}",
                "set a shorter `slug:` in the front matter, or rename the file",
            )
        ]
    return []


def _clash(
    found: list[list[Diagnostic]],
    claims: Sequence[Claim],
    index: int,
    other: int,
    verb: str,
    why: str = "",
) -> None:
    """Refuse both sources of a clash, each naming the other."""
    for one, two in ((index, other), (other, index)):
        names = ", ".join(printable(str(claims[one].output(fmt))) for fmt in claims[one].formats)
        found[one].append(
            Diagnostic(
                claims[one].source,
                1,
                1,
                "error",
                f"{verb} {printable(claims[two].source)} ({names}){why}",
                _SLUG_HINT,
            )
        )


def _fold(name: str) -> str:
    """The name as a case-insensitive, normalisation-insensitive file system sees it."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
