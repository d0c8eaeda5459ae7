"""Proofs of the printed page, for 2, 3, 6 and 12 roles with short and with long cells.

Read back with pdfminer.six glyph by glyph (no layout analysis, so every glyph keeps its
own box and size), pypdf for the text, and the DOCX's XML for its sections: every glyph
lies on its page, none is smaller than 7 pt, every cell is printed, every page holding
table rows has the header above them, and the DOCX turns each comparison the way the PDF
does. Each document is rendered once per module and shared by the tests.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

from exporter.model import (
    Comparison,
    Dimension,
    Document,
    Heading,
    Metadata,
    RichText,
    Role,
    TableRef,
)
from exporter.page import PAGE_SIZES_MM
from exporter.presentation import present
from exporter.theme import Theme, load_theme

from .support import write_as
from .test_pdf_writer import body_texts, missing_texts

ROLE_COUNTS = (2, 3, 6, 12)
SHORT, LONG = "S", "L"  # token prefixes of the two comparisons
ROWS = {SHORT: 6, LONG: 14}  # the long cells' table runs over pages, whatever the roles
PROSE = "owns planning and delivery across several teams, with outcomes measured each quarter"
SMALLEST_PT = 7.0
SLACK_PT = 0.01  # rounding in the glyph boxes pdfminer computes
TWIPS_PER_MM = 1440 / 25.4
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
plain = RichText.plain


# ---------------------------------------------------------------- the documents


def corner(prefix: str) -> str:
    return f"{prefix}Axis"


def role_token(prefix: str, role: int) -> str:
    return f"{prefix}Role{role:02d}"


def label_token(prefix: str, row: int) -> str:
    return f"{prefix}Dim{row:02d}"


def cell_token(prefix: str, row: int, role: int) -> str:
    return f"{prefix}C{row:02d}x{role:02d}"


def comparison(prefix: str, roles: int, rows: int, text: str) -> Comparison:
    """A comparison whose every label, header and cell starts with a token found once."""
    return Comparison(
        title=f"{prefix} cells",
        corner=plain(corner(prefix)),
        roles=tuple(
            Role(plain(role_token(prefix, i)), plain(f"summary {i}")) for i in range(roles)
        ),
        dimensions=tuple(
            Dimension(
                plain(label_token(prefix, j)),
                tuple(plain(f"{cell_token(prefix, j, i)} {text}") for i in range(roles)),
            )
            for j in range(rows)
        ),
    )


def proof_document(roles: int) -> Document:
    """Short cells, then long ones; a title block with every fact.

    Role profiles are off: these proofs count each cell of the tables once, page by page
    (tests/test_profiles.py proves the profiles).
    """
    comparisons = (
        comparison(SHORT, roles, ROWS[SHORT], "yes"),
        comparison(LONG, roles, ROWS[LONG], PROSE),
    )
    return Document(
        path="proof.md",
        title=f"Proof with {roles} roles",
        lede=plain("Every cell, on every page, whole."),
        comparisons=comparisons,
        blocks=(TableRef(0), TableRef(1)),
        meta=Metadata(
            version="2.1",
            owner="People",
            effective="2026-01-01",
            confidentiality="Internal",
            profiles=False,
        ),
    )


# ---------------------------------------------------------------- reading back


@dataclass(frozen=True)
class Glyph:
    """One glyph as pdfminer.six places it: text, box (points, from the bottom left), size."""

    text: str
    box: tuple[float, float, float, float]
    size: float


@dataclass(frozen=True)
class PrintedPage:
    """A page's media box and its glyphs in drawing order."""

    box: tuple[float, float, float, float]
    glyphs: tuple[Glyph, ...]

    @property
    def landscape(self) -> bool:
        """Whether the page is wider than tall."""
        x0, y0, x1, y1 = self.box
        return x1 - x0 > y1 - y0

    @property
    def text(self) -> str:
        """The glyphs' text, one character per glyph, in drawing order."""
        return "".join(glyph.text for glyph in self.glyphs)

    def find(self, token: str) -> list[tuple[float, float]]:
        """(bottom, top) of each place the token is drawn on this page."""
        found = []
        for match in re.finditer(re.escape(token), self.text):
            glyphs = self.glyphs[match.start() : match.end()]
            found.append((min(g.box[1] for g in glyphs), max(g.box[3] for g in glyphs)))
        return found


def printed_pages(path: Path) -> tuple[PrintedPage, ...]:
    """Every page as pdfminer.six draws it, each glyph with its own box and size."""
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)  # no layout analysis: raw glyphs
    interpreter = PDFPageInterpreter(manager, device)
    pages = []
    with path.open("rb") as stream:
        for page in PDFPage.get_pages(stream):
            interpreter.process_page(page)
            layout = device.get_result()
            glyphs = tuple(
                Glyph(item.get_text(), (item.x0, item.y0, item.x1, item.y1), item.size)
                for item in layout
                if isinstance(item, LTChar)
            )
            x0, y0, x1, y1 = layout.bbox
            pages.append(PrintedPage((x0, y0, x1, y1), glyphs))
    return tuple(pages)


def docx_tables(path: Path) -> Iterator[tuple[str, ElementTree.Element]]:
    """(text of its first row, the w:sectPr of the section holding it) for each table."""
    with zipfile.ZipFile(path) as package:
        body = ElementTree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    assert body is not None
    waiting: list[str] = []
    for child in body:
        if child.tag == f"{W}tbl":
            first_row = child.find(f"{W}tr")
            assert first_row is not None
            waiting.append("".join(t.text or "" for t in first_row.iter(f"{W}t")))
            continue
        # A section ends at a paragraph holding its properties, the last one at the body's.
        properties = child.find(f"{W}pPr/{W}sectPr") if child.tag == f"{W}p" else None
        if child.tag == f"{W}sectPr":
            properties = child
        if properties is not None:
            yield from ((text, properties) for text in waiting)
            waiting = []
    assert not waiting


def page_size(properties: ElementTree.Element) -> tuple[int, int, bool]:
    """A section's (width, height) in twips and whether it says it is landscape."""
    size = properties.find(f"{W}pgSz")
    assert size is not None
    width, height = int(size.get(f"{W}w", "0")), int(size.get(f"{W}h", "0"))
    return width, height, size.get(f"{W}orient") == "landscape"


def sections(path: Path) -> list[ElementTree.Element]:
    """Every section's properties, in order."""
    with zipfile.ZipFile(path) as package:
        root = ElementTree.fromstring(package.read("word/document.xml"))
    return list(root.iter(f"{W}sectPr"))


def holds_rows(page: PrintedPage, prefix: str, roles: int) -> bool:
    """Whether the page holds any cell of the comparison with that token prefix."""
    text = page.text
    return any(
        cell_token(prefix, row, role) in text
        for row in range(ROWS[prefix])
        for role in range(roles)
    )


# ---------------------------------------------------------------- the proofs


@dataclass(frozen=True)
class Proof:
    """One document, its PDF (read back) and its DOCX."""

    roles: int
    document: Document
    pdf: Path
    pages: tuple[PrintedPage, ...]
    docx: Path


@pytest.fixture(scope="module", params=ROLE_COUNTS, ids=[f"{n}-roles" for n in ROLE_COUNTS])
def proof(
    request: pytest.FixtureRequest, theme: Theme, tmp_path_factory: pytest.TempPathFactory
) -> Proof:
    """The proof document with that many roles, as PDF and DOCX."""
    roles = int(request.param)
    document = proof_document(roles)
    folder = tmp_path_factory.mktemp(f"proof-{roles}")
    pdf = write_as("pdf", document, theme, folder)
    docx = write_as("docx", document, theme, folder)
    return Proof(roles, document, pdf, printed_pages(pdf), docx)


def off_page(page: PrintedPage) -> str:
    """The text of the page's glyphs that lie, even in part, outside its media box."""
    x0, y0, x1, y1 = page.box
    return "".join(
        glyph.text
        for glyph in page.glyphs
        if glyph.box[0] < x0 - SLACK_PT
        or glyph.box[1] < y0 - SLACK_PT
        or glyph.box[2] > x1 + SLACK_PT
        or glyph.box[3] > y1 + SLACK_PT
    )


def test_every_glyph_lies_inside_its_page(proof: Proof) -> None:
    for number, page in enumerate(proof.pages, start=1):
        outside = off_page(page)
        assert not outside, f"page {number}: {outside[:80]!r} runs off the page"


def test_a_word_longer_than_the_line_breaks_inside_the_page(theme: Theme, tmp_path: Path) -> None:
    """A role named by one word wider than the page: the contents entry, the card, the
    table's header and the profile each break it, and print it whole; so does the contents
    a heading's word too short to get break points (48 letters) but wider than the line."""
    word = "Supercalifragilisticexpialidocious" * 30
    wide = "Ж" * 48
    table = Comparison(
        title="Long names",
        corner=plain("Dimension"),
        roles=(Role(plain(word), plain("summary")), Role(plain("Short"), plain("summary"))),
        dimensions=(Dimension(plain("Scope"), (plain("a"), plain("b"))),),
    )
    document = Document(
        path="long.md",
        title="Long names",
        lede=plain(""),
        comparisons=(table,),
        blocks=(Heading(2, plain(wide), 1), TableRef(0)),
        meta=Metadata(),
    )
    pages = printed_pages(write_as("pdf", document, theme, tmp_path))
    for number, page in enumerate(pages, start=1):
        outside = off_page(page)
        assert not outside, f"page {number}: {outside[:80]!r} runs off the page"
    # The contents, the role card, the table's header and the profile's title; the footer
    # prints its first line's worth (running_text).
    assert "".join(page.text for page in pages).count(word) == 4


def test_no_text_is_set_below_7_pt(proof: Proof) -> None:
    small: list[str] = []
    for number, page in enumerate(proof.pages, start=1):
        run = ""  # consecutive small glyphs, reported as the text they spell
        for glyph in (*page.glyphs, None):
            if glyph is not None and glyph.size < SMALLEST_PT - SLACK_PT:
                run += glyph.text
                continue
            if run.strip():
                small.append(f"page {number}: {run!r}")
            run = ""
    assert not small, small[:10]


def test_every_cell_is_printed_once_and_whole(proof: Proof) -> None:
    """pypdf finds every text of the document; each cell's token is drawn exactly once."""
    assert missing_texts(proof.document, "".join(body_texts(proof.pdf))) == []
    text = "".join(page.text for page in proof.pages)
    for prefix, rows in ROWS.items():
        for row in range(rows):
            for role in range(proof.roles):
                assert text.count(cell_token(prefix, row, role)) == 1


def test_the_header_tops_every_page_holding_table_rows(proof: Proof) -> None:
    """On each page, every cell has its table's corner cell and its role's header cell
    above it, side by side in one header row."""
    checked = 0
    for number, page in enumerate(proof.pages, start=1):
        for prefix, rows in ROWS.items():
            header_rows = page.find(corner(prefix))
            for row in range(rows):
                for role in range(proof.roles):
                    places = page.find(cell_token(prefix, row, role))
                    if not places:
                        continue
                    cell_top = places[0][1]
                    headers = page.find(role_token(prefix, role))
                    assert any(
                        header_bottom >= cell_top
                        and any(abs(h_bottom - header_bottom) < 1 for h_bottom, _ in headers)
                        for header_bottom, _ in header_rows
                    ), f"page {number}: no header above {cell_token(prefix, row, role)}"
                    checked += 1
    assert checked == proof.roles * sum(ROWS.values())
    # The proof means something only where a table's rows run on to another page.
    assert len([page for page in proof.pages if holds_rows(page, LONG, proof.roles)]) >= 2


def test_docx_and_pdf_turn_each_comparison_the_same_way(proof: Proof, theme: Theme) -> None:
    """The pages holding a comparison's rows and the DOCX sections holding its tables are
    all landscape or all portrait, as the presentation decided."""
    decided = present(proof.document, theme)
    for view, prefix in zip(decided.tables, (SHORT, LONG), strict=True):
        in_pdf = {page.landscape for page in proof.pages if holds_rows(page, prefix, proof.roles)}
        in_docx = set()
        for first_row, properties in docx_tables(proof.docx):
            if corner(prefix) in first_row:
                width, height, says_landscape = page_size(properties)
                assert says_landscape == (width > height)
                in_docx.add(width > height)
        assert in_pdf == in_docx == {decided.page_of(view).landscape}


def test_docx_sections_are_the_themes_paper(proof: Proof, theme: Theme) -> None:
    """Every section is A4 (the default theme's), turned either way."""
    short, long = (round(mm * TWIPS_PER_MM) for mm in PAGE_SIZES_MM[theme.page.size])
    for properties in sections(proof.docx):
        width, height, _ = page_size(properties)
        assert sorted((width, height)) == pytest.approx([short, long], abs=2)


# ---------------------------------------------------------------- another theme's paper


@pytest.fixture(scope="module")
def letter_landscape(tmp_path_factory: pytest.TempPathFactory) -> Theme:
    """The default theme, on Letter paper turned landscape."""
    folder = tmp_path_factory.mktemp("letter") / "letter"
    shutil.copytree(load_theme("default").root, folder)
    toml = folder / "theme.toml"
    text = toml.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^size = "A4".*$', 'size = "Letter"', text)
    text = re.sub(r'(?m)^orientation = "auto".*$', 'orientation = "landscape"', text)
    toml.write_text(text, encoding="utf-8")
    theme = load_theme(str(folder))
    assert (theme.page.size, theme.page.orientation) == ("Letter", "landscape")
    return theme


def test_a_letter_landscape_theme_turns_every_page(letter_landscape: Theme, tmp_path: Path) -> None:
    """Every DOCX section and every PDF page is Letter, landscape, even for a narrow table."""
    document = proof_document(2)
    docx = write_as("docx", document, letter_landscape, tmp_path)
    pdf = write_as("pdf", document, letter_landscape, tmp_path)
    letter = [round(mm * TWIPS_PER_MM) for mm in PAGE_SIZES_MM["Letter"]]
    found = sections(docx)
    assert found
    for properties in found:
        width, height, says_landscape = page_size(properties)
        assert says_landscape
        assert [height, width] == pytest.approx(letter, abs=2)
    for page in printed_pages(pdf):
        x0, y0, x1, y1 = page.box
        assert (x1 - x0, y1 - y0) == pytest.approx((792, 612), abs=0.5)
