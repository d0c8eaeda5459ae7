"""The DOCX writer, read back by pandoc and by unzipping the package's XML."""

from __future__ import annotations

import zipfile
from functools import partial
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.model import (
    CodeBlock,
    Comparison,
    Dimension,
    Document,
    Heading,
    ListBlock,
    Metadata,
    Paragraph,
    Quote,
    RichText,
    Role,
    Rule,
    Span,
    TableRef,
)
from exporter.parse import parse_text
from exporter.presentation import present
from exporter.text import CONTROL
from exporter.theme import Colours, Theme
from exporter.writers.docx import wordml

from .readers import inline_text, pandoc_ast, pandoc_plain, tables, walk
from .support import document_texts, printed_shape, squash, write_as

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W_NS,
    "r": R_NS,
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
}
W = f"{{{W_NS}}}"
EPOCH = 1_000_000_000  # 2001-09-09 01:46:40 UTC: far from any clock a test runs under
LINK = "https://example.com/roles?team=a&level=2"


# ---------------------------------------------------------------- building


plain = RichText.plain


write = partial(write_as, "docx")


def comparison(roles: int, title: str = "Matrix", summaries: bool = True) -> Comparison:
    """A comparison with `roles` roles and three dimensions of uneven prose."""
    return Comparison(
        title=title,
        corner=plain("Dimension"),
        roles=tuple(
            Role(plain(f"Role {i}"), plain(f"Summary of role {i}" if summaries else ""))
            for i in range(roles)
        ),
        dimensions=tuple(
            Dimension(
                plain(f"Dimension {j}"),
                tuple(plain(f"Cell {j}.{i} " + "and more words " * i) for i in range(roles)),
            )
            for j in range(3)
        ),
    )


def feature_document() -> Document:
    """Every block and span kind, two comparisons placed between prose."""
    styled = RichText(
        (
            Span("Plain then "),
            Span("bold words", bold=True),
            Span(" and "),
            Span("slanted words", italic=True),
            Span(" and "),
            Span("struck words", strike=True),
            Span(" and "),
            Span("call_me()", code=True),
            Span(" and "),
            Span("a linked page", href=LINK),
            Span(" and "),
            Span("mail us", href="mailto:hr@example.com"),
            Span("."),
        )
    )
    small = Comparison(
        title="Small grid",
        corner=plain("Area"),
        roles=(Role(plain("Alpha")), Role(plain("Beta"))),
        dimensions=(
            Dimension(
                plain("Escaping"),
                (plain("<script>alert(1)</script> & co"), plain("first line\nsecond line")),
            ),
            Dimension(plain("Empty"), (RichText(), plain("only Beta"))),
        ),
    )
    blocks = (
        Heading(2, plain("Introduction")),
        Paragraph(styled),
        ListBlock(
            ordered=False,
            start=1,
            items=(
                (
                    Paragraph(plain("Outer bullet")),
                    ListBlock(
                        True,
                        3,
                        ((Paragraph(plain("Third step")),), (Paragraph(plain("Fourth step")),)),
                    ),
                ),
                (Paragraph(plain("Second bullet")), Paragraph(plain("Continued paragraph"))),
            ),
        ),
        Quote((Paragraph(plain("A quoted remark")),)),
        CodeBlock("let x = 1\n    indented()\n"),
        Rule(),
        Heading(3, plain("Wide grid")),
        TableRef(0),
        Paragraph(plain("Prose between the tables")),
        Heading(2, plain("Small grid")),
        TableRef(1),
    )
    return Document(
        path="feature.md",
        title="Feature handbook",
        lede=plain("Every kind of content the writer handles."),
        comparisons=(comparison(3, "Wide grid"), small),
        blocks=blocks,
        meta=Metadata(slug="feature", version="2.1", owner="People Team", lang="en-GB"),
        focus_role="Role 1",
    )


# ---------------------------------------------------------------- reading back


def part(path: Path, name: str) -> ElementTree.Element:
    """One XML part of the package, parsed."""
    with zipfile.ZipFile(path) as package:
        return ElementTree.fromstring(package.read(name))


def relationships(path: Path, name: str = "word/_rels/document.xml.rels") -> dict[str, Any]:
    """Relationship id -> its attributes."""
    rels = part(path, name).findall("pr:Relationship", NS)
    return {rel.get("Id", ""): rel.attrib for rel in rels}


def style_ids(path: Path) -> list[str]:
    """The paragraph style of every body paragraph, in order (tables included)."""
    body = part(path, "word/document.xml")
    return [p.get(f"{W}val", "") for p in body.iter(f"{W}pStyle")]


def style_element(path: Path, style_id: str) -> ElementTree.Element:
    """A style definition from styles.xml."""
    found = part(path, "word/styles.xml").find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


def xml_char(ch: str) -> bool:
    """Whether XML 1.0 can carry the character (its `Char` production)."""
    return (
        ch in "\t\n" or "\x20" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd" or ch >= "\U00010000"
    )


# ---------------------------------------------------------------- the seed


def test_pandoc_reads_the_seed_table(seed_document: Document, theme: Theme, tmp_path: Path) -> None:
    """One real table: 4 columns, header + 10 rows, each cell holding the seed's text."""
    found = tables(pandoc_ast(write(seed_document, theme, tmp_path)))
    assert len(found) == 1
    rows = found[0]
    assert len(rows) == 11
    assert all(len(row) == 4 for row in rows)
    comparison = seed_document.comparisons[0]
    header = [comparison.corner.text, *(r.title.text for r in comparison.roles)]
    assert rows[0] == [squash(text) for text in header]
    for row, dimension in zip(rows[1:], comparison.dimensions, strict=True):
        expected = [dimension.name.text, *(cell.text for cell in dimension.cells)]
        assert row == [squash(text) for text in expected]
    assert rows[1][0] == "Primary Role"
    assert rows[-1][3].startswith("Develops expertise in ML infrastructure")


def test_every_seed_text_reaches_pandoc(
    seed_document: Document, theme: Theme, tmp_path: Path
) -> None:
    """Title, lede, role cards and every cell survive into pandoc's plain text."""
    text = pandoc_plain(write(seed_document, theme, tmp_path))
    missing = [t for t in document_texts(seed_document) if t not in text]
    assert missing == []


def test_seed_role_cards_come_before_the_table(
    seed_document: Document, theme: Theme, tmp_path: Path
) -> None:
    """Each role's title and summary stand in a card above the table; the focus one marked."""
    path = write(seed_document, theme, tmp_path)
    blocks = pandoc_ast(path)["blocks"]
    table_at = next(i for i, b in enumerate(blocks) if b["t"] == "Table")
    before = [squash(inline_text(b["c"])) for b in blocks[:table_at] if b["t"] == "Para"]
    roles = seed_document.comparisons[0].roles
    cards = [squash(f"{r.title.text} {r.summary.text}") for r in roles]
    assert [text for text in before if text in cards] == cards
    styles = style_ids(path)
    assert styles.count("RoleCardFocus") == 1
    assert styles.count("RoleCard") == len(roles) - 1
    assert seed_document.focus_role == roles[0].title.text


def test_seed_table_structure(seed_document: Document, theme: Theme, tmp_path: Path) -> None:
    """Header row repeats, no row splits, brand header fill, focus column tinted, fixed grid."""
    body = part(write(seed_document, theme, tmp_path), "word/document.xml")
    (table,) = body.iter(f"{W}tbl")
    rows = table.findall("w:tr", NS)
    assert len(rows) == 11
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(row.find("w:trPr/w:tblHeader", NS) is None for row in rows[1:])
    assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows)
    primary = Colours.hex(theme.colours.primary)
    header_fills = [c.find("w:tcPr/w:shd", NS) for c in rows[0].findall("w:tc", NS)]
    assert [f.get(f"{W}fill") if f is not None else None for f in header_fills] == [primary] * 4
    # Column 1 is the focus role (the CTO): every body cell there carries a fill.
    focus_fills = {
        row.findall("w:tc", NS)[1].find("w:tcPr/w:shd", NS).get(f"{W}fill")  # type: ignore[union-attr]
        for row in rows[1:]
    }
    assert focus_fills
    assert primary not in focus_fills
    assert all(row.findall("w:tc", NS)[2].find("w:tcPr/w:shd", NS) is None for row in rows[1::2])
    assert table.find("w:tblPr/w:tblLayout", NS).get(f"{W}type") == "fixed"  # type: ignore[union-attr]
    grid = [int(c.get(f"{W}w", "0")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert len(grid) == 4
    width = int(table.find("w:tblPr/w:tblW", NS).get(f"{W}w", "0"))  # type: ignore[union-attr]
    assert sum(grid) == width
    # The long MLOps column gets more room than the terse Director column.
    assert grid[3] > grid[2]


def test_seed_is_portrait_like_its_pdf_with_running_header_and_footer(
    seed_document: Document, theme: Theme, tmp_path: Path
) -> None:
    """The seed's three roles fit an A4 portrait page, in the DOCX as in the PDF; header
    names organisation and title; footer says Page X of Y."""
    path = write(seed_document, theme, tmp_path)
    section = part(path, "word/document.xml").find("w:body/w:sectPr", NS)
    assert section is not None
    size = section.find("w:pgSz", NS)
    assert size is not None
    assert size.get(f"{W}orient") is None
    assert (int(size.get(f"{W}w", "0")), int(size.get(f"{W}h", "0"))) == (11906, 16838)
    header = part(path, "word/header1.xml")
    header_text = "".join(t.text or "" for t in header.iter(f"{W}t"))
    assert theme.organisation in header_text
    assert seed_document.title in header_text
    assert header.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip") is not None
    assert any(
        rel["Type"].endswith("/image")
        for rel in relationships(path, "word/_rels/header1.xml.rels").values()
    )
    footer = part(path, "word/footer1.xml")
    instructions = [i.text.strip() for i in footer.iter(f"{W}instrText") if i.text]
    assert instructions == ["PAGE", "NUMPAGES"]
    footer_text = "".join(t.text or "" for t in footer.iter(f"{W}t"))
    assert footer_text.startswith("Page ")
    assert " of " in footer_text


# ---------------------------------------------------------------- metadata and bytes


def test_core_properties_name_the_document_and_organisation(
    seed_document: Document, theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Title, subject, author, dates and language come from the model; no library leftovers."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    path = write(seed_document, theme, tmp_path)
    core = part(path, "docProps/core.xml")

    def field(name: str) -> str:
        element = core.find(name, NS)
        return "" if element is None or element.text is None else element.text

    assert field("dc:title") == seed_document.title
    assert field("dc:subject") == seed_document.lede.text
    assert field("dc:creator") == theme.organisation
    assert field("cp:lastModifiedBy") == theme.organisation
    assert field("dc:language") == seed_document.meta.lang
    assert field("dcterms:created") == "2001-09-09T01:46:40Z"
    assert field("dcterms:modified") == "2001-09-09T01:46:40Z"
    assert field("dc:description") == ""
    assert field("cp:category") == ""
    assert "Chief Technology Officer (CTO)" in field("cp:keywords")
    app = part(path, "docProps/app.xml")
    assert app.findtext("ep:Company", namespaces=NS) == theme.organisation
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        blobs = b"".join(package.read(name) for name in names)
    assert b"python-docx" not in blobs
    assert b"Macintosh" not in blobs
    assert not any("thumbnail" in name for name in names)


def test_same_input_gives_identical_bytes(
    seed_document: Document, theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under SOURCE_DATE_EPOCH two builds match byte for byte, zip entry dates included."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = write(seed_document, theme, tmp_path, "first.docx")
    second = write(seed_document, theme, tmp_path, "second.docx")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as package:
        assert {info.date_time for info in package.infolist()} == {(2001, 9, 9, 1, 46, 40)}


def test_writes_exactly_one_file(seed_document: Document, theme: Theme, tmp_path: Path) -> None:
    """The writer leaves nothing beside its output."""
    write(seed_document, theme, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]


# ---------------------------------------------------------------- prose and spans


def test_blocks_render_in_source_order(theme: Theme, tmp_path: Path) -> None:
    """Headings, paragraph, nested lists, quote, code, then each table where its TableRef is."""
    document = feature_document()
    ast = pandoc_ast(write(document, theme, tmp_path))
    assert inline_text(ast["meta"]["title"]["c"]) == document.title
    # Lede, facts line, the contents (two comparisons), the prose, then the role profiles:
    # the prose is what lies between the contents and "Role profiles".
    blocks = ast["blocks"]
    headers = [(i, inline_text(b["c"][2])) for i, b in enumerate(blocks) if b["t"] == "Header"]
    (contents, _), (first, _) = headers[:2]
    assert blocks[contents]["c"][1][1] == ["TOC-Heading"]
    assert contents == 2
    profiles = next(i for i, text in headers if text == "Role profiles")
    ast["blocks"] = blocks[:contents] + blocks[first:profiles]
    kinds = [b["t"] for b in ast["blocks"]]
    assert kinds[:3] == ["Para", "Para", "Header"]  # lede, facts line, first heading
    assert squash(inline_text(ast["blocks"][0]["c"])) == document.lede.text
    facts = squash(inline_text(ast["blocks"][1]["c"]))
    assert "People Team" in facts
    assert "2.1" in facts
    heading = ast["blocks"][2]["c"]
    assert heading[0] == 1  # the source's level 2 is the document's top section level
    order = [k for k in kinds if k in ("Header", "BulletList", "BlockQuote", "CodeBlock", "Table")]
    assert order == [
        "Header",
        "BulletList",
        "BlockQuote",
        "CodeBlock",
        "Header",
        "Table",
        "Header",
        "Table",
    ]
    bullets = next(b for b in ast["blocks"] if b["t"] == "BulletList")
    nested = [n for n in walk(bullets) if n["t"] == "OrderedList"]
    assert len(nested) == 1
    assert nested[0]["c"][0][0] == 3  # the numbered list starts where the source said
    code = next(b for b in ast["blocks"] if b["t"] == "CodeBlock")
    assert code["c"][1] == "let x = 1\n    indented()"
    between = [i for i, k in enumerate(kinds) if k == "Table"]
    texts = [
        squash(inline_text(b["c"]))
        for b in ast["blocks"][between[0] : between[1]]
        if b["t"] == "Para"
    ]
    assert "Prose between the tables" in texts


def test_named_styles_carry_the_brand(theme: Theme, tmp_path: Path) -> None:
    """Paragraphs use named styles; fonts and colours sit on styles, not on runs."""
    path = write(feature_document(), theme, tmp_path)
    used = set(style_ids(path))
    expected = {"Title", "Lede", "Heading1", "Heading2", "ListBullet", "ListNumber2"}
    expected |= {"Quote", "SourceCode", "HorizontalRule", "TableText", "TableHeader"}
    assert expected <= used
    body = part(path, "word/document.xml")
    assert body.findall(".//w:r/w:rPr/w:rFonts", NS) == []
    assert body.findall(".//w:r/w:rPr/w:sz", NS) == []

    def font(style_id: str) -> str | None:
        return style_element(path, style_id).find("w:rPr/w:rFonts", NS).get(f"{W}ascii")  # type: ignore[union-attr]

    def colour(style_id: str) -> str | None:
        return style_element(path, style_id).find("w:rPr/w:color", NS).get(f"{W}val")  # type: ignore[union-attr]

    # Word draws the fonts of the reader's machine: the theme's Office fonts.
    fonts = theme.office_fonts
    assert font("Normal") == fonts.body
    assert font("Heading1") == fonts.heading
    assert font("Title") == fonts.heading
    assert font("SourceCode") == fonts.mono
    assert font("VerbatimChar") == fonts.mono
    assert colour("Heading1") == Colours.hex(theme.colours.primary)
    assert colour("Normal") == Colours.hex(theme.colours.text)
    size = style_element(path, "Normal").find("w:rPr/w:sz", NS)
    assert size is not None
    assert int(size.get(f"{W}val", "0")) == round(theme.fonts.size * 2)


def test_spans_are_styled_for_pandoc(theme: Theme, tmp_path: Path) -> None:
    """Bold is Strong, italic Emph, strike Strikeout, code Code, and "\\n" a LineBreak."""
    nodes = walk(pandoc_ast(write(feature_document(), theme, tmp_path))["blocks"])

    def texts(kind: str) -> list[str]:
        return [squash(inline_text(n["c"])) for n in nodes if n["t"] == kind]

    assert "bold words" in texts("Strong")
    assert "slanted words" in texts("Emph")
    assert "struck words" in texts("Strikeout")
    assert "call_me()" in [n["c"][1] for n in nodes if n["t"] == "Code"]
    assert any(n["t"] == "LineBreak" for n in nodes)


def test_hyperlinks_are_real_external_links(theme: Theme, tmp_path: Path) -> None:
    """Links reach pandoc as Links and the package as external hyperlink relationships; the
    contents' links to headings are internal (tested with the contents)."""
    path = write(feature_document(), theme, tmp_path)
    links = {
        n["c"][2][0]: squash(inline_text(n["c"][1]))
        for n in walk(pandoc_ast(path))
        if n["t"] == "Link" and not n["c"][2][0].startswith("#")  # the contents' links
    }
    assert links == {LINK: "a linked page", "mailto:hr@example.com": "mail us"}
    rels = relationships(path)
    body = part(path, "word/document.xml")
    targets = []
    for link in body.iter(f"{W}hyperlink"):
        if link.get(f"{W}anchor"):
            continue
        rel = rels[link.get(f"{{{R_NS}}}id", "")]
        assert rel["TargetMode"] == "External"
        targets.append(rel["Target"])
        run_styles = {s.get(f"{W}val") for s in link.iter(f"{W}rStyle")}
        assert run_styles == {"Hyperlink"}
    assert sorted(targets) == sorted([LINK, "mailto:hr@example.com"])


def test_untrusted_text_stays_text(theme: Theme, tmp_path: Path) -> None:
    """Markup in a cell shows as its characters; empty cells stay empty, not invented."""
    path = write(feature_document(), theme, tmp_path)
    small = tables(pandoc_ast(path))[1]
    assert small[1] == ["Escaping", "<script>alert(1)</script> & co", "first line second line"]
    assert small[2] == ["Empty", "", "only Beta"]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=40))
def test_any_text_is_written_without_loss_of_what_the_parser_keeps(
    theme: Theme, tmp_path: Path, text: str
) -> None:
    """Arbitrary cell text never breaks the writer; every character the parser keeps arrives.

    The writer drops the parser's `CONTROL` characters again (which covers all XML cannot
    carry), so a model built without the parser still makes a valid file.
    """
    document = Document(
        path="any.md",
        title="Any",
        lede=RichText(),
        comparisons=(
            Comparison(
                "Any",
                plain("Dimension"),
                (Role(plain("Role")),),
                (Dimension(plain("Row"), (plain(text),)),),
            ),
        ),
        blocks=(TableRef(0),),
    )
    path = write(document, theme, tmp_path, "any.docx")
    body = part(path, "word/document.xml")
    cell = body.findall(".//w:tbl/w:tr", NS)[1].findall("w:tc", NS)[1]
    marks = {f"{W}br": "\n", f"{W}tab": "\t"}
    written = "".join(
        marks.get(node.tag, node.text or "")
        for node in cell.iter()
        if node.tag in (*marks, f"{W}t")
    )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    assert written == CONTROL.sub("", text)
    assert all(xml_char(ch) for ch in written)


# ---------------------------------------------------------------- layout


def test_few_roles_stay_portrait(theme: Theme, tmp_path: Path) -> None:
    """A two-role comparison needs no landscape page."""
    document = Document("two.md", "Two roles", RichText(), (comparison(2),), (TableRef(0),))
    path = write(document, theme, tmp_path)
    size = part(path, "word/document.xml").find("w:body/w:sectPr/w:pgSz", NS)
    assert size is not None
    assert size.get(f"{W}orient") in (None, "portrait")
    assert int(size.get(f"{W}w", "0")) < int(size.get(f"{W}h", "0"))


def test_many_roles_turn_the_page_and_split_into_groups_like_the_pdf(
    theme: Theme, tmp_path: Path
) -> None:
    """Nine roles: a landscape section, the columns split into the groups the PDF prints
    (each repeating the dimension column, captioned), every column within the page."""
    document = Document(
        "wide.md", "Nine roles", RichText(), (comparison(9),), (TableRef(0),), focus_role="Role 4"
    )
    path = write(document, theme, tmp_path)
    body = part(path, "word/document.xml")
    section = body.find("w:body/w:sectPr", NS)
    assert section is not None
    size, margins = section.find("w:pgSz", NS), section.find("w:pgMar", NS)
    assert size is not None
    assert margins is not None
    assert size.get(f"{W}orient") == "landscape"
    text_width = (
        int(size.get(f"{W}w", "0"))
        - int(margins.get(f"{W}left", "0"))
        - int(margins.get(f"{W}right", "0"))
    )
    groups = present(document, theme).tables[0].plan.groups
    assert [group.caption for group in groups] == [
        "Roles 1\u20133 of 9",
        "Roles 4\u20136 of 9",
        "Roles 7\u20139 of 9",
    ]
    found = tables(pandoc_ast(path))
    assert [table[0][0] for table in found] == ["Dimension"] * 3
    assert [len(table[0]) for table in found] == [4, 4, 4]
    for table in body.findall(".//w:tbl", NS):
        grid = [int(c.get(f"{W}w", "0")) for c in table.findall("w:tblGrid/w:gridCol", NS)]
        assert sum(grid) <= text_width
        assert min(grid) >= text_width // 10  # nothing squeezed to a sliver
    text = pandoc_plain(path)
    for group in groups:
        assert group.caption in text
    assert [t for t in document_texts(document) if t not in text] == []


# ---------------------------------------------------------------- the corpus


def test_corpus_texts_reach_pandoc(corpus_document: Document, theme: Theme, tmp_path: Path) -> None:
    """Each real-world document: one table per comparison, every text in pandoc's reading."""
    document = corpus_document
    out = write(document, theme, tmp_path)
    found = tables(pandoc_ast(out))
    # One table per column group the presentation decided (the PDF prints the same).
    shapes = []
    for view, comparison in zip(present(document, theme).tables, document.comparisons, strict=True):
        columns, rows = printed_shape(comparison)
        labelled = columns - len(view.grid.headers)
        shapes += [(labelled + len(group.columns), rows) for group in view.plan.groups]
    assert [(len(t[0]), len(t)) for t in found] == shapes
    # Cells with line breaks are multi-line in pandoc's plain text: read them from its AST.
    cells = [cell for table in found for row in table for cell in row]
    text = "\n".join([pandoc_plain(out), *cells])
    assert [t for t in document_texts(document) if t not in text] == []


def kept_rows(path: Path) -> list[bool]:
    """For each table row: whether every paragraph in it is kept with the next."""
    table = part(path, "word/document.xml").find(".//w:tbl", NS)
    assert table is not None
    return [
        all(p.find("w:pPr/w:keepNext", NS) is not None for p in row.iter(f"{W}p"))
        for row in table.findall("w:tr", NS)
    ]


@pytest.mark.parametrize(("rows", "whole"), [(5, True), (60, False)])
def test_rows_are_kept_together_so_none_is_stranded(
    rows: int, whole: bool, theme: Theme, tmp_path: Path
) -> None:
    """A short table is one keep-with-next chain (Word moves it whole); a long one keeps
    its header and first row, and its last two rows, with the row after them."""
    body = "".join(f"| Row {n} | {'text ' * 12} | more |\n" for n in range(rows))
    document = parse_text(f"| Dimension | A | B |\n|---|---|---|\n{body}", "keep.md").document
    kept = kept_rows(write(document, theme, tmp_path))
    assert len(kept) == rows + 1
    if whole:
        assert kept == [True] * rows + [False]
    else:
        assert kept[:3] == [True, True, False]
        assert kept[-3:] == [False, True, False]
        assert not any(kept[2:-2])


def test_a_long_chain_of_headings_is_written_in_linear_time(theme: Theme, tmp_path: Path) -> None:
    """Every heading is kept with the next; the contents' page estimate must not follow the
    whole chain from each one (it overflowed Python's stack at a thousand)."""
    source = (
        "".join(f"## Heading {i}\n\n" for i in range(1_200)) + "| D | A |\n|---|---|\n| X | y |\n"
    )
    document = parse_text(source, "headings.md").document
    text = pandoc_plain(write(document, theme, tmp_path))
    assert "Heading 1199" in text


@given(
    text=st.text(alphabet=st.sampled_from(list("ab \t\n\r")), max_size=12),
    kept=st.booleans(),
    bold=st.booleans(),
)
def test_styles_and_text_set_directly_are_what_python_docx_writes(
    text: str, kept: bool, bold: bool
) -> None:
    doc = docx.Document()
    ours, theirs = doc.add_paragraph(), doc.add_paragraph()
    for paragraph in (ours, theirs):
        # Properties already there: the style still goes first.
        paragraph.paragraph_format.keep_with_next = kept or None
    wordml.set_paragraph_style(ours, "Heading1")
    wordml.set_paragraph_style(ours, "Title")  # a second style replaces the first
    theirs._p.style = "Title"
    mine = wordml.add_text_run(ours, text)
    python_docx = theirs.add_run(text)
    for run in (mine, python_docx):
        run.bold = bold or None
    wordml.set_run_style(mine, "Strong")
    python_docx._r.style = "Strong"
    assert ours._p.xml == theirs._p.xml
