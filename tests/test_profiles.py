"""Role profiles and contents, read back from the PDF (pypdf) and the DOCX (pandoc, XML).

What each profile must hold is worked out here from the model, on its own: a role is its
name, case and spacing aside; its profile holds its summary and every non-empty cell of
every comparison naming it, with the cell's dimension name.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pypdf import PageObject, PdfReader

from exporter.model import Document, Heading, Metadata, TableRef, walk
from exporter.parse import parse_file, parse_text
from exporter.presentation import present
from exporter.theme import Theme

from .conftest import CORPUS, SEED
from .readers import inline_text, pandoc_ast
from .support import squash, write_as
from .test_pdf_writer import body_text, compact, reader_of, wide_document

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = {"w": W_NS}
PROFILES = "Role profiles"

SHARED = """---
title: Shared roles
---
Role
Engineering Manager
Leads the team
Role
Staff Engineer
Sets technical direction
Role
Observer
Watches only

## Scope

| Dimension | Engineering Manager | Staff Engineer | Observer | Intern |
|---|---|---|---|---|
| Focus | People | Systems |  |  |
| Reach | Team | Organisation |  |  |

## Grades

| Role | Level | Pay band |
|---|---|---|
| engineering manager | M1 | B4 |
| Staff Engineer | IC5 |  |
"""

SOURCES = {
    "seed": SEED,  # roles in columns, role cards, a focus role
    "rows": CORPUS / "10-indrive-crafters-model-principles.md",  # four roles-in-rows tables
    "lists": CORPUS / "09-engineeringladders-techlead-vs-em.md",  # lists, no summaries
}


# ---------------------------------------------------------------- the oracle


@dataclass
class Expected:
    """A role's profile as the model says it must be."""

    name: str
    texts: list[str] = field(default_factory=list)


def expected_profiles(document: Document) -> list[Expected]:
    """Each role with something to say, in order of first appearance, with its texts."""
    roles: dict[str, Expected] = {}
    for comparison in document.comparisons:
        for number, role in enumerate(comparison.roles):
            name = squash(role.title.text)
            found = roles.setdefault(name.casefold(), Expected(name))
            found.texts.append(squash(role.summary.text))
            for dimension in comparison.dimensions:
                if squash(dimension.cells[number].text):
                    found.texts += [
                        squash(dimension.name.text),
                        squash(dimension.cells[number].text),
                    ]
    for found in roles.values():
        found.texts = [text for text in found.texts if text]
    return [found for found in roles.values() if found.texts]


def expected_contents(document: Document) -> list[str]:
    """The contents' entries: headings of the two top levels, then the profiles."""
    headings = [b for b in walk(document.blocks) if isinstance(b, Heading)]
    top = min((heading.level for heading in headings), default=1)
    texts = [squash(h.content.text) for h in headings if h.level <= top + 1]
    return [*texts, PROFILES, *(profile.name for profile in expected_profiles(document))]


def shared_document() -> Document:
    """Two comparisons sharing two roles (one named in another case), an empty role with a
    summary (Observer) and one with nothing at all (Intern)."""
    return parse_text(SHARED, "shared.md").document


def documents() -> Iterator[tuple[str, Document]]:
    """(name, document) of every document these tests read back."""
    yield from ((name, parse_file(path)) for name, path in SOURCES.items())
    yield "shared", shared_document()


# ---------------------------------------------------------------- the PDF


@dataclass
class Pdf:
    """A PDF and what its readers say: pypdf's reader, each page's body text."""

    document: Document
    reader: PdfReader
    bodies: list[str]

    def profile_pages(self) -> dict[str, int]:
        """The page (from 0) each profile starts on: the page whose text starts with its
        title ("Role profiles" opens the first one's page), after the contents."""
        part = compact(PROFILES)
        first = next(n for n, body in enumerate(self.bodies) if compact(body).startswith(part))
        starts: dict[str, int] = {}
        for index, profile in enumerate(expected_profiles(self.document)):
            title = part + compact(profile.name) if index == 0 else compact(profile.name)
            pages = [n for n, body in enumerate(self.bodies) if compact(body).startswith(title)]
            pages = [n for n in pages if n >= first]
            assert len(pages) == 1, (profile.name, pages)
            starts[profile.name] = pages[0]
        return starts


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page from 0) of every bookmark, depth-first."""
    found: list[tuple[int, str, int]] = []

    def visit(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                visit(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                assert page is not None, item.title
                found.append((depth, str(item.title), page))

    visit(reader.outline, 0)
    return found


def placed_texts(page: PageObject) -> list[tuple[float, float, str]]:
    """(x, y, text) of each piece of text pypdf reads on a page, at its baseline's start."""
    pieces: list[tuple[float, float, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        pieces.append((x, y, text))

    page.extract_text(visitor_text=visit)
    return pieces


def contents_entries(reader: PdfReader) -> list[tuple[str, int, int]]:
    """(text, printed page number, page it links to, from 0) of each contents entry: each
    link to a place in the document, read with the text its area holds."""
    entries: list[tuple[str, int, int]] = []
    destinations = reader.named_destinations
    for page in reader.pages:
        areas: dict[str, list[float]] = {}
        for annotation in page.get("/Annots", []) or []:
            link = annotation.get_object()
            if isinstance(link.get("/Dest"), str):
                # WeasyPrint links each box of an entry; the first spans the whole line.
                areas.setdefault(link["/Dest"], [float(v) for v in link["/Rect"]])
        pieces = placed_texts(page)
        for name, (left, top, right, bottom) in areas.items():
            low, high = sorted((top, bottom))
            # A point of slack: the text starts where its link's area does. Pieces are joined
            # with a space because older pypdf places the spaces between them off the page.
            inside = " ".join(
                t for x, y, t in pieces if left - 1 <= x <= right + 1 and low <= y <= high
            )
            text, number = squash(inside).rsplit(" ", 1)
            target = reader.get_destination_page_number(destinations[name])
            assert target is not None, name
            entries.append((text, int(number), target))
    return entries


@pytest.fixture(scope="module")
def pdfs(theme: Theme, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pdf]:
    """Each test document as PDF, written once."""
    folder = tmp_path_factory.mktemp("pdf")
    built = {}
    for name, document in documents():
        reader = reader_of(write_as("pdf", document, theme, folder, f"{name}.pdf"))
        built[name] = Pdf(document, reader, [body_text(page) for page in reader.pages])
    return built


@pytest.mark.parametrize("name", [*SOURCES, "shared"])
def test_pdf_profiles_start_pages_and_hold_every_cell_of_their_role(
    name: str, pdfs: dict[str, Pdf]
) -> None:
    """Each profile's page starts with its title; from there to the next profile's page
    stand its summary and each non-empty cell of that role, with the dimension's name."""
    pdf = pdfs[name]
    starts = pdf.profile_pages()
    ends = [*list(starts.values())[1:], len(pdf.bodies)]
    for profile, (start, end) in zip(
        expected_profiles(pdf.document), zip(starts.values(), ends, strict=True), strict=True
    ):
        pages = compact("".join(pdf.bodies[start:end]))
        assert [text for text in profile.texts if compact(text) not in pages] == []


@pytest.mark.parametrize("name", [*SOURCES, "shared"])
def test_pdf_profiles_are_bookmarks_under_role_profiles(name: str, pdfs: dict[str, Pdf]) -> None:
    """The "Role profiles" bookmark is top-level; each profile, under it, opens its page."""
    pdf = pdfs[name]
    marks = outline(pdf.reader)
    at = next(n for n, (depth, title, _) in enumerate(marks) if title == PROFILES)
    assert marks[at][0] == 1  # under the document's title
    under = [(title, page) for depth, title, page in marks[at + 1 :] if depth == 2]
    assert under == list(pdf.profile_pages().items())


@pytest.mark.parametrize("name", [*SOURCES, "shared"])
def test_pdf_contents_gives_each_heading_its_page(name: str, pdfs: dict[str, Pdf]) -> None:
    """The contents lists the two top heading levels and the profiles, each linking to its
    heading and printing the page where the heading stands: where its link and its bookmark
    point, and the page that holds its text."""
    pdf = pdfs[name]
    entries = contents_entries(pdf.reader)
    assert [text for text, _, _ in entries] == expected_contents(pdf.document)
    marks = [(squash(title), page) for _, title, page in outline(pdf.reader)]
    for text, number, target in entries:
        at = next(n for n, (title, _) in enumerate(marks) if title == text)
        assert marks.pop(at)[1] + 1 == number == target + 1, text
        assert compact(text) in compact(pdf.bodies[number - 1]), text


def test_pdf_shared_roles_gather_their_comparisons(pdfs: dict[str, Pdf]) -> None:
    """A role in two comparisons has one profile, a part per comparison (bookmarked under
    it); a role with only a summary gets title and summary; one with nothing, no profile."""
    pdf = pdfs["shared"]
    starts = pdf.profile_pages()
    assert list(starts) == ["Engineering Manager", "Staff Engineer", "Observer"]
    marks = [(depth, title) for depth, title, _ in outline(pdf.reader)]
    manager = marks.index((2, "Engineering Manager"))
    assert marks[manager + 1 : manager + 3] == [(3, "Scope"), (3, "Grades")]
    assert all(title != "Intern" for _, title in marks)
    manager_page = compact(pdf.bodies[starts["Engineering Manager"]])
    assert manager_page.index(compact("Scope")) < manager_page.index(compact("M1"))
    # Empty cells are left out: no pay band for the Staff Engineer, no dimension at all
    # for the Observer, whose page holds its title and summary.
    assert compact("Pay band") not in compact(pdf.bodies[starts["Staff Engineer"]])
    observer = compact(pdf.bodies[starts["Observer"]])
    assert compact("Watches only") in observer
    assert all(compact(label) not in observer for label in ("Focus", "Reach", "Level"))


def test_pdf_focus_profile_is_marked(pdfs: dict[str, Pdf]) -> None:
    """Only the focus role's profile says so, under its title."""
    pdf = pdfs["seed"]
    marked = [
        name
        for name, page in pdf.profile_pages().items()
        if "focusrole" in compact(pdf.bodies[page]).casefold()
    ]
    assert marked == [pdf.document.focus_role]


def narrow_then_wide() -> Document:
    """A portrait comparison, then one of nine roles printed on landscape pages."""
    wide = wide_document(profiles=True)
    narrow = dataclasses.replace(wide.comparisons[0], roles=wide.comparisons[0].roles[:2])
    narrow = dataclasses.replace(
        narrow,
        dimensions=tuple(dataclasses.replace(d, cells=d.cells[:2]) for d in narrow.dimensions),
    )
    return dataclasses.replace(
        wide, comparisons=(narrow, wide.comparisons[0]), blocks=(TableRef(0), TableRef(1))
    )


def test_pdf_profiles_after_a_wide_table_are_portrait(theme: Theme, tmp_path: Path) -> None:
    """Nine roles print on landscape pages; the profiles after them on portrait ones."""
    reader = reader_of(write_as("pdf", narrow_then_wide(), theme, tmp_path))
    bodies = [body_text(page) for page in reader.pages]
    first = next(n for n, body in enumerate(bodies) if compact(body).startswith(compact(PROFILES)))
    assert len(reader.pages) - first == 9
    wide = [float(page.mediabox.width) > float(page.mediabox.height) for page in reader.pages]
    assert wide[first - 1]
    assert not any(wide[first:])


# ---------------------------------------------------------------- the DOCX


@dataclass
class Docx:
    """A DOCX as pandoc reads it (its blocks) and as its XML stands."""

    document: Document
    blocks: list[dict[str, Any]]
    body: ElementTree.Element

    def headers(self) -> list[tuple[int, int, str]]:
        """(block index, level, text) of each of pandoc's Headers."""
        return [
            (n, b["c"][0], squash(inline_text(b["c"][2])))
            for n, b in enumerate(self.blocks)
            if b["t"] == "Header"
        ]

    def paragraphs(self) -> list[tuple[ElementTree.Element, str, str]]:
        """(element, style id, text) of each body paragraph outside tables."""
        found = []
        for p in self.body.iterfind("w:body/w:p", NS):
            style = p.find("w:pPr/w:pStyle", NS)
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))
            found.append((p, style.get(f"{W}val", "") if style is not None else "", text))
        return found


@pytest.fixture(scope="module")
def docxs(theme: Theme, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Docx]:
    """Each test document as DOCX, written once."""
    folder = tmp_path_factory.mktemp("docx")
    built = {}
    for name, document in documents():
        path = write_as("docx", document, theme, folder, f"{name}.docx")
        with zipfile.ZipFile(path) as package:
            body = ElementTree.fromstring(package.read("word/document.xml"))
        built[name] = Docx(document, pandoc_ast(path)["blocks"], body)
    return built


def page_break_before(paragraph: ElementTree.Element) -> bool:
    """Whether the paragraph starts a page (its own pageBreakBefore)."""
    mark = paragraph.find("w:pPr/w:pageBreakBefore", NS)
    return mark is not None and mark.get(f"{W}val", "1") not in ("0", "false")


@pytest.mark.parametrize("name", [*SOURCES, "shared"])
def test_docx_profiles_are_headings_that_start_pages_and_hold_every_cell(
    name: str, docxs: dict[str, Docx]
) -> None:
    """ "Role profiles" (Heading 1) starts a page, then each profile is a Heading 2 that
    starts its own page (the first one's page is the part's); between one profile's heading
    and the next stand its summary and each non-empty cell of the role, with its name."""
    docx = docxs[name]
    expected = expected_profiles(docx.document)
    headers = docx.headers()
    at = next(n for n, (_, level, text) in enumerate(headers) if (level, text) == (1, PROFILES))
    profiles = [(index, text) for index, level, text in headers[at + 1 :] if level == 2]
    assert [text for _, text in profiles] == [profile.name for profile in expected]
    ends = [index for index, _ in profiles[1:]] + [len(docx.blocks)]
    for profile, (start, _), end in zip(expected, profiles, ends, strict=True):
        texts = squash(
            " ".join(inline_text(block.get("c") or []) for block in _flat(docx.blocks[start:end]))
        )
        assert [text for text in profile.texts if text not in texts] == []
    paragraphs = docx.paragraphs()
    styled = [
        (p, style, squash(text)) for p, style, text in paragraphs if style.startswith("Heading")
    ]
    part = next(
        n for n, (_, style, text) in enumerate(styled) if (style, text) == ("Heading1", PROFILES)
    )
    assert page_break_before(styled[part][0])
    titles = [(p, text) for p, style, text in styled[part + 1 :] if style == "Heading2"]
    assert [text for _, text in titles] == [profile.name for profile in expected]
    assert [page_break_before(p) for p, _ in titles] == [False] + [True] * (len(titles) - 1)


def _flat(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Paragraphs, headers and the list items' paragraphs, for their text."""
    found = []
    for block in blocks:
        if block["t"] in ("Para", "Plain"):
            found.append(block)
        elif block["t"] == "Header":
            found.append({"t": "Plain", "c": block["c"][2]})
        elif block["t"] == "BulletList":
            found += _flat([item for entry in block["c"] for item in entry])
    return found


@pytest.mark.parametrize("name", [*SOURCES, "shared"])
def test_docx_contents_field_shows_an_entry_per_heading(name: str, docxs: dict[str, Docx]) -> None:
    """A TOC field over the two top levels; pandoc reads its result: one entry per heading
    of those levels, in order, each linking to its heading and ending in a page number;
    every entry links to a bookmark on a heading of that text."""
    docx = docxs[name]
    instructions = [squash(i.text or "") for i in docx.body.iter(f"{W}instrText")]
    assert instructions[0] == 'TOC \\o "1-2" \\h \\z \\u'
    headers = docx.headers()
    (toc, _, title), *sections = headers
    assert (docx.blocks[toc]["c"][1][1], title) == (["TOC-Heading"], "Contents")
    listed = [(level, text) for _, level, text in sections if level <= 2]
    assert [text for _, text in listed] == expected_contents(docx.document)
    entries = docx.blocks[toc + 1 : toc + 1 + len(listed)]
    ids = {b["c"][1][0]: squash(inline_text(b["c"][2])) for b in docx.blocks if b["t"] == "Header"}
    pages = []
    for entry, (_, text) in zip(entries, listed, strict=True):
        (link,) = entry["c"]
        assert link["t"] == "Link"
        shown = squash(inline_text(link["c"][1]))
        assert re.fullmatch(re.escape(text) + r" \d+", shown), shown
        assert ids[link["c"][2][0].removeprefix("#")] == text
        pages.append(int(shown.rsplit(" ", 1)[1]))
    # Each profile starts a page: their numbers rise one page at least at a time.
    profile_pages = pages[len(pages) - len(expected_profiles(docx.document)) :]
    assert all(b > a for a, b in itertools.pairwise(profile_pages))
    bookmarks = {
        mark.get(f"{W}name"): squash("".join(t.text or "" for t in p.iter(f"{W}t")))
        for p, style, _ in docx.paragraphs()
        for mark in p.iter(f"{W}bookmarkStart")
        if style.startswith("Heading")
    }
    anchors = [link.get(f"{W}anchor") for link in docx.body.iter(f"{W}hyperlink")]
    assert [bookmarks[anchor] for anchor in anchors if anchor] == [text for _, text in listed]


def test_docx_shared_roles_gather_their_comparisons(docxs: dict[str, Docx]) -> None:
    """A role in two comparisons has a Heading 3 per comparison; Intern has no profile;
    empty cells are left out."""
    docx = docxs["shared"]
    headers = docx.headers()
    texts = [(level, text) for _, level, text in headers]
    manager = texts.index((2, "Engineering Manager"))
    assert texts[manager + 1 : manager + 3] == [(3, "Scope"), (3, "Grades")]
    assert all(text != "Intern" for _, text in texts)
    observer = next(index for index, level, text in headers if text == "Observer")
    shown = [squash(inline_text(block["c"])) for block in _flat(docx.blocks[observer + 1 :])]
    assert shown == ["Role profile", "Watches only"]


def test_docx_profiles_after_a_wide_table_are_portrait(theme: Theme, tmp_path: Path) -> None:
    """The wide comparison's section is landscape; the profiles' section (the last) is not."""
    with zipfile.ZipFile(write_as("docx", narrow_then_wide(), theme, tmp_path)) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
    sections = [*body.iterfind("w:body/w:p/w:pPr/w:sectPr", NS), body.find("w:body/w:sectPr", NS)]
    sizes = [s.find("w:pgSz", NS) for s in sections if s is not None]
    turned = [size is not None and size.get(f"{W}orient") == "landscape" for size in sizes]
    assert turned[-2:] == [True, False]


# ---------------------------------------------------------------- when there are none


@pytest.mark.parametrize(
    ("source", "profiles", "contents"),
    [
        ("| D | Only role |\n|---|---|\n| X | y |\n", False, False),  # one role: no profiles
        ("| D | A | B |\n|---|---|---|\n| X | y | z |\n", True, True),
        ("---\nprofiles: false\n---\n| D | A | B |\n|---|---|---|\n| X | y | z |\n", False, False),
        # Two comparisons of the same single role: contents, no profiles.
        (
            "## One\n\n| D | A |\n|---|---|\n| X | y |\n\n## Two\n\n"
            + "| D | A |\n|---|---|\n| X | z |\n",
            False,
            True,
        ),
    ],
)
def test_profiles_need_two_roles_and_contents_two_comparisons_or_profiles(
    source: str, profiles: bool, contents: bool, theme: Theme
) -> None:
    """One role is its own profile; `profiles: false` leaves them out; a contents shows
    with profiles or with more than one comparison."""
    presentation = present(parse_text(source, "t.md").document, theme)
    assert bool(presentation.profiles.roles) is profiles
    assert presentation.contents.shown is contents


def test_no_contents_and_no_profiles_in_either_format_without_them(
    theme: Theme, tmp_path: Path
) -> None:
    """A document without profiles or a second comparison has neither, in PDF nor DOCX."""
    parsed = parse_text("| D | A | B |\n|---|---|---|\n| X | y | z |\n", "t.md").document
    document = dataclasses.replace(parsed, meta=Metadata(profiles=False))
    pdf = reader_of(write_as("pdf", document, theme, tmp_path))
    assert len(pdf.pages) == 1
    assert "Contents" not in pdf.pages[0].extract_text()
    assert outline(pdf) == [(0, document.title, 0)]
    with zipfile.ZipFile(write_as("docx", document, theme, tmp_path)) as package:
        body = package.read("word/document.xml")
    assert b"instrText" not in body
    assert b"bookmarkStart" not in body
