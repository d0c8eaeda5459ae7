"""Accessibility: the PDF's tag tree (pypdf), XMP and language; the DOCX's header rows and
the logo's alternative text (the package's XML)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from exporter.model import (
    Comparison,
    Dimension,
    Document,
    Layout,
    Metadata,
    Reading,
    RichText,
    Role,
)
from exporter.model import TableRef as Ref
from exporter.presentation import logo_alt, present
from exporter.theme import Theme
from exporter.writers.pdf.render import render_pdf

from .support import write_as
from .test_pdf_writer import catalog, dictionary

EPOCH = 1_000_000_000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}

plain = RichText.plain


@dataclass(frozen=True)
class Element:
    """One structure element of the PDF's tag tree."""

    tag: str
    attributes: DictionaryObject
    children: tuple[Element, ...]

    def walk(self) -> Iterator[Element]:
        """This element and every one below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, tag: str) -> list[Element]:
        """Every element of a tag below this one (itself included)."""
        return [element for element in self.walk() if element.tag == tag]


def tag_tree(reader: PdfReader) -> Element:
    """The document's structure tree, from /StructTreeRoot down (marked content left out)."""

    def build(node: Any) -> Element:
        node = node.get_object()
        kids = node.get("/K", ArrayObject())
        kids = kids if isinstance(kids, list) else [kids]
        children = tuple(
            build(kid)
            for kid in kids
            if hasattr(kid, "get_object")
            and isinstance(kid.get_object(), DictionaryObject)
            and kid.get_object().get("/Type", "/StructElem") == "/StructElem"
            and "/S" in kid.get_object()
        )
        return Element(str(node.get("/S", "/Root")), node, children)

    return build(catalog(reader)["/StructTreeRoot"])


def xmp(reader: PdfReader) -> ElementTree.Element:
    """The XMP metadata packet's RDF."""
    stream = catalog(reader)["/Metadata"].get_object()
    assert isinstance(stream, StreamObject)
    packet = stream.get_data()
    rdf = ElementTree.fromstring(packet).find("rdf:RDF", XMP)
    assert rdf is not None
    return rdf


def document_with(comparisons: list[Comparison]) -> Document:
    """A document placing the comparisons, in British English."""
    return Document(
        path="a11y.md",
        title="Accessible handbook",
        lede=plain("Read aloud."),
        comparisons=tuple(comparisons),
        blocks=tuple(Ref(index) for index in range(len(comparisons))),
        meta=Metadata(lang="en-GB"),
    )


def comparison(layout: Layout, roles: int = 3, rows: int = 4, prose: str = "") -> Comparison:
    """A small comparison that runs the given way (lists have no corner); `prose` ends
    every cell."""
    return Comparison(
        title=f"{layout.value} table",
        corner=plain("" if layout is Layout.LISTS else "Axis"),
        roles=tuple(Role(plain(f"Role {i}")) for i in range(roles)),
        dimensions=tuple(
            Dimension(
                plain(f"Row {j}"), tuple(plain(f"cell {j}.{i} {prose}") for i in range(roles))
            )
            for j in range(rows)
        ),
        reading=Reading(layout),
    )


@pytest.fixture(scope="module")
def tagged(theme: Theme) -> PdfReader:
    """A PDF of three small comparisons, one of each layout."""
    document = document_with([comparison(layout) for layout in Layout])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        pdf, _ = render_pdf(document, theme)
    return PdfReader(io.BytesIO(pdf))


def test_pdf_names_its_language_title_and_author(tagged: PdfReader, theme: Theme) -> None:
    assert str(catalog(tagged)["/Lang"]) == "en-GB"
    info = tagged.metadata
    assert info is not None
    assert (info.title, info.author) == ("Accessible handbook", theme.organisation)


def test_pdf_ua_marks_the_file_and_shows_its_title(tagged: PdfReader, theme: Theme) -> None:
    """Marked, a structure tree with the title as H1, the title shown, XMP claims UA-1."""
    root = catalog(tagged)
    assert dictionary(root["/MarkInfo"])["/Marked"]
    assert dictionary(root["/ViewerPreferences"])["/DisplayDocTitle"]
    rdf = xmp(tagged)
    parts = {d.get(f"{{{XMP['pdfuaid']}}}part") for d in rdf.findall("rdf:Description", XMP)}
    assert "1" in parts
    assert rdf.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=XMP) == "Accessible handbook"
    assert rdf.findtext(".//dc:creator/rdf:Seq/rdf:li", namespaces=XMP) == theme.organisation
    assert tag_tree(tagged).find("/H1")


def test_logo_is_a_figure_with_alternative_text(tagged: PdfReader, theme: Theme) -> None:
    figures = tag_tree(tagged).find("/Figure")
    assert [str(figure.attributes["/Alt"]) for figure in figures] == [logo_alt(theme)]


def test_tables_have_header_cells_that_data_cells_point_to(tagged: PdfReader) -> None:
    """Each table: a THead row of TH; every TD names existing TH ids as its headers, one
    column header each, plus its row's header where the table has a label column."""
    tables = tag_tree(tagged).find("/Table")
    assert len(tables) == 3
    for table, layout in zip(tables, Layout, strict=True):
        (head,) = table.find("/THead")
        (header_row,) = head.find("/TR")
        assert {cell.tag for cell in header_row.children} == {"/TH"}
        ids = {str(th.attributes["/ID"]) for th in table.find("/TH")}
        column_ids = {str(th.attributes["/ID"]) for th in header_row.children}
        (body,) = table.find("/TBody")
        rows = body.find("/TR")
        assert len(rows) == (3 if layout is Layout.ROLES_IN_ROWS else 4)
        labelled = layout is not Layout.LISTS
        for row in rows:
            assert (row.children[0].tag == "/TH") == labelled
            for cell in row.find("/TD"):
                pointers = dictionary(cell.attributes["/A"])["/Headers"]
                assert isinstance(pointers, ArrayObject)
                headers = {str(pointer) for pointer in pointers}
                assert headers <= ids
                assert len(headers & column_ids) == 1
                assert len(headers - column_ids) == (1 if labelled else 0)


def test_docx_logo_has_alternative_text_and_tables_repeat_their_header_row(
    theme: Theme, tmp_path: Path
) -> None:
    """wp:docPr descr on the header's logo; only each table's first row is w:tblHeader."""
    wide = comparison(Layout.ROLES_IN_COLUMNS, roles=9, prose="what the role does " * 6)
    document = document_with([wide, comparison(Layout.LISTS)])
    path = write_as("docx", document, theme, tmp_path)
    with zipfile.ZipFile(path) as package:
        headers = [name for name in package.namelist() if name.startswith("word/header")]
        pictures = [
            picture
            for name in headers
            for picture in ElementTree.fromstring(package.read(name)).iter(f"{WP}docPr")
        ]
        body = ElementTree.fromstring(package.read("word/document.xml"))
    assert pictures
    assert {picture.get("descr") for picture in pictures} == {logo_alt(theme)}
    tables = list(body.iter(f"{W}tbl"))
    assert len(tables) == 4  # nine roles make three column groups
    for table in tables:
        rows = table.findall(f"{W}tr")
        marked = [row.find(f"{W}trPr/{W}tblHeader") is not None for row in rows]
        assert marked == [True] + [False] * (len(rows) - 1)


def test_logo_alt_prefers_the_themes_own_text(theme: Theme) -> None:
    """A theme's logo.alt is used; a blank one gives way to the organisation's name."""

    def with_alt(alt: str) -> Theme:
        return replace(theme, logo=replace(theme.logo, alt=alt))

    assert logo_alt(theme) == "Meridian Labs logo"  # the default theme's "{organisation} logo"
    assert logo_alt(with_alt(" Meridian mark ")) == "Meridian mark"
    assert logo_alt(with_alt(" ")) == theme.organisation
    assert present(document_with([]), theme).logo_alt == logo_alt(theme)
