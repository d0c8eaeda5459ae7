"""`jobarch check`: parse every source and check every output name, writing nothing.

It refuses what `jobarch build` refuses, before anything is written: the sources' own
errors, and the output names that clash or cannot be made (see targets.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from . import handbook
from .errors import Diagnostic, SourceError
from .limits import output_diagnostics
from .model import Document
from .parse import parse_source, reading_notes
from .report import place
from .reproducible import build_timestamp
from .targets import Claim, refusals
from .walk import Source
from .writers import FORMATS

# What a Markdown file with no table at all is told: walked into, it is not a source.
_NO_TABLE = frozenset({"no comparison table found", "source is empty"})


def tableless(error: SourceError) -> bool:
    """Whether a source's only error is that it holds no table (or nothing at all)."""
    errors = [d for d in error.diagnostics if d.severity == "error"]
    return len(errors) == 1 and errors[0].message in _NO_TABLE


def skipped_note(source: Source) -> Diagnostic:
    """The note for a file found by walking a folder that holds no table."""
    return place(
        str(source.path),
        "note",
        "skipped: no comparison table (a file found in a folder is a source only with one)",
    )


@dataclass
class Checked:
    """One source's diagnostics, in the order they stand; `skipped` if it is no source."""

    source: Source
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: bool = False
    document: Document | None = None  # parsed, whatever its output names
    claim: Claim | None = None  # the outputs it would write


def handbook_claim(name: str, formats: Sequence[str]) -> Claim:
    """The files a handbook called `name` writes, at the top of the output folder."""
    return Claim(f"handbook {name}", PurePosixPath(name), tuple(formats))


def handbook_clashes(
    claims: Sequence[Claim], name: str, formats: Sequence[str]
) -> list[Diagnostic]:
    """Why a handbook called `name` cannot be written beside the sources' `claims`."""
    # The handbook's name is the command's choice, not a source's: a clash refuses it alone.
    found = refusals([*claims, handbook_claim(name, formats)])[-1]
    hint = "give the handbook another name with --handbook"
    return [place(name, "error", f"handbook not written: {p.message}", hint) for p in found]


def handbook_limits(
    documents: Sequence[Document], name: str, title: str, formats: Sequence[str]
) -> tuple[Document, list[Diagnostic]]:
    """The handbook of `documents`, and the limits of `formats` it breaks as a whole."""
    book = handbook.combine(documents, title or name, name, build_timestamp())
    hint = "build the sources as several handbooks, or fewer sources into this one"
    return book, [
        # Its line is some chapter's: the problem is the handbook's as a whole.
        place(name, "error", f"handbook not written: {problem.message}", hint)
        for problem in output_diagnostics(book, formats)
        if problem.severity == "error"
    ]


def check_handbook(
    checked: Sequence[Checked], name: str, formats: Sequence[str]
) -> list[Diagnostic]:
    """What `build --handbook name` would refuse: a name that clashes, or, when every
    source parsed, a handbook beyond the limits of `formats`."""
    claims = [result.claim for result in checked if result.claim is not None]
    found = handbook_clashes(claims, name, formats)
    sources = [result for result in checked if not result.skipped]
    documents = [result.document for result in sources if result.document is not None]
    if len(documents) == len(sources) and documents:
        found += handbook_limits(documents, name, "", formats)[1]
    return found


def check_sources(
    sources: Sequence[Source],
    max_bytes: int,
    verbose: bool,
    formats: Sequence[str] = tuple(FORMATS),
) -> list[Checked]:
    """Every problem of every source, output names included; notes on tables (and with
    `verbose`, on what was left out); the limits of `formats` only."""
    checked: list[Checked] = []
    claims: list[tuple[Checked, Claim]] = []
    for source in sources:
        result = Checked(source)
        checked.append(result)
        try:
            parsed = parse_source(source.path, max_bytes, tuple(formats))
        except SourceError as error:
            if not source.named and tableless(error):
                result.skipped = True
                result.diagnostics = [skipped_note(source)]
            else:
                result.diagnostics = list(error.diagnostics)
            continue
        found = [*parsed.warnings, *reading_notes(parsed.document)]
        if verbose:
            found += parsed.notes
        result.diagnostics = sorted(found, key=lambda d: (d.line, d.col))
        result.document = parsed.document
        stem = source.folder / PurePosixPath(parsed.document.meta.slug)
        result.claim = Claim(str(source.path), stem, tuple(formats))
        claims.append((result, result.claim))
    for (result, _), refused in zip(claims, refusals([claim for _, claim in claims]), strict=True):
        result.diagnostics = refused + result.diagnostics
    return checked
