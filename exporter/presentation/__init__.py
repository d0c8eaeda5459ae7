"""What every format shows the same way, decided once from the document and the theme.

Writers render a Presentation and never re-decide what is in it: the text (control
characters gone, only safe link targets kept), page geometry and each table's orientation
and column groups, the focus role, the comparisons' labels and whether their titles show,
the facts of the title block, the document properties, the colour tints and the logo's
alternative text; the role profiles and the contents.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from ..distinct import distinct
from ..inline import safe_href
from ..model import Comparison, Document, Heading, Span, TableRef, map_spans, walk
from ..reproducible import build_timestamp
from ..text import CONTROL
from ..theme import Theme
from .contents import Contents, Entry, contents
from .grid import Grid, grid
from .page import Page, pages
from .profiles import Profile, ProfileEntry, ProfilePart, Profiles, role_profiles
from .running import Band, Running, running
from .tables import ColumnGroup, TablePlan, plan_table

__all__ = [
    "Band",
    "ColumnGroup",
    "Contents",
    "Entry",
    "Fact",
    "Grid",
    "Page",
    "Presentation",
    "Profile",
    "ProfileEntry",
    "ProfilePart",
    "Profiles",
    "Properties",
    "Running",
    "TablePlan",
    "TableView",
    "Tints",
    "logo_alt",
    "mix",
    "present",
]

SINGLE_LABEL = "Comparison"


@dataclass(frozen=True)
class TableView:
    """One comparison as every format prints it."""

    index: int
    comparison: Comparison
    grid: Grid
    plan: TablePlan
    focus: int | None  # index of the focus role, if the comparison has it
    label: str  # distinct among the document's comparisons: "Scope", "Scope (2)"
    show_title: bool  # False when the heading right above already says the same
    cards: bool  # role cards are printed when any role has a summary

    @property
    def landscape(self) -> bool:
        """Whether the table is printed on landscape pages."""
        return self.plan.landscape


@dataclass(frozen=True)
class Fact:
    """One fact of the title block, from the front matter."""

    key: str  # version, owner, effective, confidentiality
    label: str
    value: str


@dataclass(frozen=True)
class Properties:
    """The document's properties, as each format's metadata carries them."""

    title: str
    subject: str
    author: str
    keywords: tuple[str, ...]  # the roles, each once, in order
    language: str
    identifier: str
    version: str
    status: str
    created: datetime


@dataclass(frozen=True)
class Tints:
    """Colours derived from the theme's: the focus role's fills on plain and banded rows."""

    focus: str
    focus_band: str


@dataclass(frozen=True)
class Presentation:
    """A document ready to print, in every format alike."""

    document: Document
    theme: Theme
    portrait: Page
    landscape: Page
    landscape_document: bool  # every page landscape (every table is wide, or the theme says)
    tables: tuple[TableView, ...]
    unplaced: tuple[int, ...]  # comparisons no block places: printed after the prose
    facts: tuple[Fact, ...]
    properties: Properties
    tints: Tints
    running: Running  # the running header and footer, the theme's texts filled in
    logo_alt: str  # what screen readers say for the logo
    profiles: Profiles  # printed after the comparisons, each from a new page
    contents: Contents  # printed after the title block when `contents.shown`

    def page_of(self, view: TableView) -> Page:
        """The page a table is printed on."""
        return self.landscape if view.landscape or self.landscape_document else self.portrait

    @property
    def first_page(self) -> Page:
        """The page the document starts on."""
        return self.landscape if self.landscape_document else self.portrait


def present(document: Document, theme: Theme) -> Presentation:
    """Decide, once for all formats, how the document is printed."""
    document = _safe(document)
    portrait, landscape = pages(theme)
    titles_above = _headings_above(document)
    labels = comparison_labels(document.comparisons)
    tables = []
    for index, comparison in enumerate(document.comparisons):
        focus = next(
            (
                number
                for number, role in enumerate(comparison.roles)
                if document.is_focus(role, comparison)
            ),
            None,
        )
        above = titles_above.get(index, document.title)
        tables.append(
            TableView(
                index=index,
                comparison=comparison,
                grid=grid(comparison),
                plan=plan_table(comparison, theme, portrait, landscape),
                focus=focus,
                label=labels[index],
                show_title=bool(comparison.title.strip()) and not _same(comparison.title, above),
                cards=any(role.summary for role in comparison.roles),
            )
        )
    placed = {block.index for block in walk(document.blocks) if isinstance(block, TableRef)}
    orientation = theme.page.orientation
    every_wide = bool(tables) and all(view.landscape for view in tables)
    profiles = role_profiles(document, labels)
    headings = [block for block in walk(document.blocks) if isinstance(block, Heading)]
    meta = document.meta
    # The theme's label stands in for a document whose front matter names none.
    own = meta.confidentiality
    confidentiality = own if own.strip() else theme.confidentiality
    properties = _properties(document, theme, confidentiality)
    values = {
        "organisation": theme.organisation,
        "title": document.title,
        "version": meta.version,
        "date": meta.effective.strip() or properties.created.date().isoformat(),
        "confidentiality": confidentiality,
    }
    return Presentation(
        document=document,
        theme=theme,
        portrait=portrait,
        landscape=landscape,
        landscape_document=orientation == "landscape" or (orientation == "auto" and every_wide),
        tables=tuple(tables),
        unplaced=tuple(index for index in range(len(tables)) if index not in placed),
        facts=_facts(document, confidentiality),
        properties=properties,
        tints=Tints(
            focus=mix(theme.colours.accent, "#FFFFFF", 0.09),
            focus_band=mix(theme.colours.accent, theme.colours.band, 0.12),
        ),
        running=running(theme.header, theme.footer, values),
        logo_alt=logo_alt(theme),
        profiles=profiles,
        contents=contents(headings, profiles, len(tables)),
    )


def logo_alt(theme: Theme) -> str:
    """The logo's alternative text: the theme's `logo.alt`, else (left blank) the organisation."""
    return theme.logo.alt.strip() or theme.organisation


def mix(colour: str, base: str, amount: float) -> str:
    """`amount` of `colour` over `base` (both #RRGGBB), as #RRGGBB."""
    ours = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    theirs = [int(base[i : i + 2], 16) for i in (1, 3, 5)]
    blended = (round(a * amount + b * (1 - amount)) for a, b in zip(ours, theirs, strict=True))
    return "#" + "".join(f"{value:02X}" for value in blended)


def _safe(document: Document) -> Document:
    """The document with only text documents can hold and only safe link targets.

    The parser already ensures both; a model built another way (a library user's) is
    held to the same rules before any writer sees it.
    """

    def span(value: Span) -> Span:
        href = safe_href(value.href) if value.href else None
        return replace(value, text=CONTROL.sub("", value.text), href=href)

    return map_spans(document, span, lambda text: CONTROL.sub("", text))


def _headings_above(document: Document) -> dict[int, str]:
    """For each placed comparison, the text of the nearest heading above it."""
    above: dict[int, str] = {}
    heading = document.title
    for block in walk(document.blocks):
        if isinstance(block, Heading):
            heading = block.content.text
        elif isinstance(block, TableRef):
            above.setdefault(block.index, heading)
    return above


def _same(left: str, right: str) -> bool:
    return " ".join(left.split()).casefold() == " ".join(right.split()).casefold()


def comparison_labels(comparisons: tuple[Comparison, ...]) -> list[str]:
    """Distinct labels: the comparison's title, " (2)" on a repeat; untitled ones numbered."""
    bases = [
        " ".join(comparison.title.split())
        or (SINGLE_LABEL if len(comparisons) == 1 else f"{SINGLE_LABEL} {number}")
        for number, comparison in enumerate(comparisons, start=1)
    ]
    # Case counts here: "Scope" and "scope" are two labels, as the source wrote them.
    return distinct(bases, lambda base, counter: f"{base} ({counter})", key=str)


def _facts(document: Document, confidentiality: str) -> tuple[Fact, ...]:
    meta = document.meta
    facts = (
        Fact("version", "Version", meta.version),
        Fact("owner", "Owner", meta.owner),
        Fact("effective", "Effective", meta.effective),
        Fact("confidentiality", "Confidentiality", confidentiality),
    )
    return tuple(fact for fact in facts if fact.value.strip())


def _properties(document: Document, theme: Theme, confidentiality: str) -> Properties:
    roles: dict[str, None] = {}
    for comparison in document.comparisons:
        roles.update((" ".join(role.title.text.split()), None) for role in comparison.roles)
    meta = document.meta
    return Properties(
        title=document.title,
        subject=document.lede.text,
        author=theme.organisation,
        keywords=tuple(role for role in roles if role),
        language=meta.lang or "en",
        identifier=meta.slug,
        version=meta.version,
        status=confidentiality,
        created=build_timestamp(),
    )
