"""The XLSX writer, read back with python-calamine and by unzipping the package's XML."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from exporter.model import (
    Comparison,
    Dimension,
    Document,
    Layout,
    Metadata,
    RichText,
    Role,
    Span,
    TableRef,
)
from exporter.parse import parse_file
from exporter.presentation import comparison_labels
from exporter.theme import Theme
from exporter.writers.xlsx.names import MAX_SHEET_NAME
from exporter.writers.xlsx.names import sheet_names as names_for_labels

from .conftest import CORPUS_BUILT, SEED
from .support import squash, table_texts, write_as

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
}
M = f"{{{NS['m']}}}"
LONG_HEADER = ["Comparison", "Role", "Dimension", "Text", "Links"]
ROLES_HEADER = ["Role", "Summary", "Comparison", "Focus", "Links"]
EPOCH = 1_000_000_000  # 2001-09-09 01:46:40 UTC: far from any clock a test runs under
RISKY = ["=1+1", "+A1", "-2", "@SUM(A1)", "\tTab first", "\rCR first", '=HYPERLINK("x")']


# ---------------------------------------------------------------- building and reading


write = partial(write_as, "xlsx")


def sheets(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's rows as python-calamine (not openpyxl) reads them."""
    workbook = CalamineWorkbook.from_path(str(path))
    return {
        name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in workbook.sheet_names
    }


def rich(*spans: Span) -> RichText:
    return RichText(tuple(spans))


plain = RichText.plain


def labels(comparisons: tuple[Comparison, ...]) -> list[str]:
    """The comparisons' distinct labels, as the presentation gives them to every writer."""
    return comparison_labels(comparisons)


def sheet_names(comparisons: tuple[Comparison, ...]) -> list[str]:
    """The sheet names the XLSX writer gives these comparisons."""
    return names_for_labels(labels(comparisons))


def make_document(
    comparisons: list[Comparison], focus: str = "", title: str = "Doc title"
) -> Document:
    """A hand-built document around some comparisons."""
    return Document(
        path="hand.md",
        title=title,
        lede=plain("A lede."),
        comparisons=tuple(comparisons),
        blocks=tuple(TableRef(index) for index in range(len(comparisons))),
        meta=Metadata(slug="hand", lang="en"),
        focus_role=focus,
    )


def make_comparison(
    title: str, roles: list[str], rows: list[tuple[str, list[RichText]]], label: str = "Dim"
) -> Comparison:
    return Comparison(
        title=title,
        corner=plain(label),
        roles=tuple(Role(plain(role), plain(f"{role} summary")) for role in roles),
        dimensions=tuple(Dimension(plain(name), tuple(cells)) for name, cells in rows),
    )


# ---------------------------------------------------------------- the package's XML


def part(path: Path, name: str) -> ElementTree.Element:
    with zipfile.ZipFile(path) as package:
        return ElementTree.fromstring(package.read(name))


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> part name inside the zip, from the workbook and its relationships."""
    workbook = part(path, "xl/workbook.xml")
    rels = part(path, "xl/_rels/workbook.xml.rels")
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{NS['pr']}}}Relationship")
    }
    result = {}
    for sheet in workbook.iter(f"{M}sheet"):
        target = targets[sheet.get(f"{{{NS['r']}}}id")].lstrip("/")
        result[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return result


def sheet_xml(path: Path, name: str) -> ElementTree.Element:
    return part(path, sheet_parts(path)[name])


def sheet_tables(path: Path, name: str) -> list[ElementTree.Element]:
    """The table parts of a sheet, found through the sheet's relationships."""
    folder, file = posixpath.split(sheet_parts(path)[name])
    with zipfile.ZipFile(path) as package:
        if f"{folder}/_rels/{file}.rels" not in package.namelist():
            return []
    rels = part(path, f"{folder}/_rels/{file}.rels")
    targets = [
        rel.get("Target", "")
        for rel in rels.iter(f"{{{NS['pr']}}}Relationship")
        if rel.get("Type", "").endswith("/table")
    ]
    return [
        part(path, t.lstrip("/") if t.startswith("/") else posixpath.normpath(f"{folder}/{t}"))
        for t in targets
    ]


def cell_style(path: Path, sheet: str, ref: str) -> dict[str, Any]:
    """Font, fill and alignment of one cell, resolved through styles.xml."""
    cell = sheet_xml(path, sheet).find(f".//{M}c[@r='{ref}']")
    assert cell is not None, ref
    styles = part(path, "xl/styles.xml")
    xf = styles.findall(f"{M}cellXfs/{M}xf")[int(cell.get("s", "0"))]
    font = styles.findall(f"{M}fonts/{M}font")[int(xf.get("fontId", "0"))]
    fill = styles.findall(f"{M}fills/{M}fill")[int(xf.get("fillId", "0"))]
    alignment = xf.find(f"{M}alignment")
    fg = fill.find(f"{M}patternFill/{M}fgColor")
    colour = font.find(f"{M}color")
    name = font.find(f"{M}name")
    return {
        "bold": font.find(f"{M}b") is not None,
        "font": name.get("val") if name is not None else None,
        "colour": colour.get("rgb", "")[-6:] if colour is not None else None,
        "fill": fg.get("rgb", "")[-6:] if fg is not None else None,
        "wrap": alignment is not None and alignment.get("wrapText") in ("1", "true"),
        "vertical": alignment.get("vertical") if alignment is not None else None,
    }


def all_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


def assert_no_formulas(path: Path) -> None:
    for name, xml in all_xml(path).items():
        root = ElementTree.fromstring(xml)
        assert root.find(f".//{M}f") is None, f"a formula in {name}"


# ---------------------------------------------------------------- what a document must give


def expected_wide(comparison: Comparison) -> list[list[str]]:
    """The wide sheet runs the way the source table does."""
    roles = [role.title.text for role in comparison.roles]
    if comparison.layout is Layout.ROLES_IN_ROWS:
        header = [comparison.corner.text] + [d.name.text for d in comparison.dimensions]
        body = [
            [role, *(d.cells[index].text for d in comparison.dimensions)]
            for index, role in enumerate(roles)
        ]
        return [header, *body]
    cells = [[cell.text for cell in d.cells] for d in comparison.dimensions]
    if comparison.layout is Layout.LISTS:
        return [roles, *cells]
    names = [d.name.text for d in comparison.dimensions]
    return [[comparison.corner.text, *roles], *([n, *c] for n, c in zip(names, cells, strict=True))]


def expected_long(document: Document) -> list[list[str]]:
    """One row per cell; a list's empty cells (where a shorter list ended) have none."""
    rows = [LONG_HEADER[:4]]
    for comparison, label in zip(document.comparisons, labels(document.comparisons), strict=True):
        for dimension in comparison.dimensions:
            for role, cell in zip(comparison.roles, dimension.cells, strict=True):
                if comparison.layout is Layout.LISTS and not cell.text:
                    continue
                rows.append([label, role.title.text, dimension.name.text, cell.text])
    return rows


def rejoin(rows: list[list[Any]], expected: list[list[str]]) -> list[list[Any]]:
    """The rows with continuation rows joined back to the row they continue.

    A cell too tall for one row goes on in the rows below, where the row's keys repeat and
    the other cells are empty: guided by the rows expected, a row is extended while it is
    a proper start of the row it should be.
    """
    joined: list[list[Any]] = []
    index = 0
    for want in expected:
        if index == len(rows):
            break
        got = list(rows[index])
        index += 1
        while got != want and index < len(rows):
            if not all(str(w).startswith(str(g)) for g, w in zip(got, want, strict=False)):
                break
            following = rows[index]
            got = [
                g if g == w and n in ("", w) else f"{g}{n}"
                for g, n, w in zip(got, following, want, strict=False)
            ]
            index += 1
        joined.append(got)
    return joined + rows[index:]


def check_document(document: Document, path: Path) -> None:
    """Every sheet of the workbook carries exactly what the model holds."""
    book = sheets(path)
    names = sheet_names(document.comparisons)
    assert list(book) == [*names, "Long", "Roles"]
    joined: list[list[list[Any]]] = []
    for name, comparison in zip(names, document.comparisons, strict=True):
        expected = expected_wide(comparison)
        joined.append(rejoin(book[name], expected))
        assert joined[-1] == expected, name
    long_rows = expected_long(document)
    joined.append(rejoin([row[:4] for row in book["Long"]], long_rows))
    assert joined[-1] == long_rows
    roles = [
        [role.title.text, role.summary.text, label]
        for comparison, label in zip(
            document.comparisons, labels(document.comparisons), strict=True
        )
        for role in comparison.roles
    ]
    joined.append(rejoin([[row[0], row[1], row[2]] for row in book["Roles"][1:]], roles))
    assert joined[-1] == roles
    shown = {squash(str(value)) for rows in joined for row in rows for value in row}
    shown_text = "\n".join(shown)
    for text in table_texts(document):
        if squash(text):
            assert squash(text) in shown_text, text
    assert_no_formulas(path)


# ---------------------------------------------------------------- the seed


def naive_table(source: Path) -> list[list[str]]:
    """The seed's table by splitting its lines on pipes: an oracle that shares no code."""
    rows = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def test_seed_wide_sheet_mirrors_the_source_table(
    seed_document: Document, theme: Theme, tmp_path: Path
) -> None:
    book = sheets(write(seed_document, theme, tmp_path))
    assert list(book) == ["Comparison", "Long", "Roles"]
    assert book["Comparison"] == naive_table(SEED)


def test_seed_long_sheet_has_one_row_per_cell(
    seed_document: Document, theme: Theme, tmp_path: Path
) -> None:
    book = sheets(write(seed_document, theme, tmp_path))
    table = naive_table(SEED)
    roles, rows = table[0][1:], table[1:]
    expected = [
        [seed_document.comparisons[0].title, role, row[0], text, ""]
        for row in rows
        for role, text in zip(roles, row[1:], strict=True)
    ]
    assert book["Long"] == [LONG_HEADER, *expected]
    assert len(expected) == 30


def test_seed_roles_sheet_has_summaries_and_marks_the_focus(
    seed_document: Document, theme: Theme, tmp_path: Path
) -> None:
    book = sheets(write(seed_document, theme, tmp_path))
    title = seed_document.comparisons[0].title
    assert book["Roles"] == [
        ROLES_HEADER,
        [
            "Chief Technology Officer (CTO)",
            "Executive accountable for company-wide technology vision",
            title,
            "yes",
            "",
        ],
        ["Director of Engineering", "Leads multiple engineering teams and managers", title, "", ""],
        [
            "MLOps Engineer",
            "Manages the lifecycle of machine learning models — from training and "
            "validation through deployment, monitoring, and retraining in production",
            title,
            "",
            "",
        ],
    ]


def test_seed_workbook_matches_the_model(
    seed_document: Document, theme: Theme, tmp_path: Path
) -> None:
    check_document(seed_document, write(seed_document, theme, tmp_path))


# ---------------------------------------------------------------- the corpus


@pytest.mark.parametrize("source", CORPUS_BUILT, ids=[path.name for path in CORPUS_BUILT])
def test_corpus_files_reach_the_workbook_whole(source: Path, theme: Theme, tmp_path: Path) -> None:
    document = parse_file(source)
    check_document(document, write(document, theme, tmp_path))


# ---------------------------------------------------------------- text stays text


def test_formula_like_text_is_stored_as_text(theme: Theme, tmp_path: Path) -> None:
    roles = ["=Role", "@Role"]
    cells_plain = [plain(text) for text in RISKY]
    cells_bold = [rich(Span(text, bold=True), Span(" tail")) for text in RISKY]
    rows = [
        (f"-dim {index}", [cells_plain[index], cells_bold[index]]) for index in range(len(RISKY))
    ]
    document = make_document([make_comparison("=Title", roles, rows, label="+Label")])
    path = write(document, theme, tmp_path)
    assert_no_formulas(path)
    book = sheets(path)
    assert book["Comparison"] == expected_wide(document.comparisons[0])
    assert [row[3] for row in book["Long"][1:]] == [
        text for index in range(len(RISKY)) for text in (RISKY[index], RISKY[index] + " tail")
    ]
    assert book["Long"][1][0] == "=Title"


def test_number_and_boolean_lookalikes_stay_strings(theme: Theme, tmp_path: Path) -> None:
    values = ["007", "1e5", "TRUE", "2024-01-01", "3.14"]
    document = make_document(
        [make_comparison("T", ["R"], [(value, [plain(value)]) for value in values])]
    )
    book = sheets(write(document, theme, tmp_path))
    assert [row[1] for row in book["Comparison"][1:]] == values


def test_literal_ooxml_escapes_show_as_typed(theme: Theme, tmp_path: Path) -> None:
    texts = ["_x0041_", "a_x000D_b", "_x005F_"]
    document = make_document(
        [
            make_comparison(
                "T",
                ["R"],
                [(f"d{i}", [plain(text)]) for i, text in enumerate(texts)]
                + [("bold", [rich(Span("_x0041_", bold=True))])],
            )
        ]
    )
    book = sheets(write(document, theme, tmp_path))
    assert [row[1] for row in book["Comparison"][1:]] == [*texts, "_x0041_"]


def test_line_breaks_stay_and_cells_wrap_top_aligned(theme: Theme, tmp_path: Path) -> None:
    cell = rich(Span("first line\nsecond "), Span("bold\nthird", bold=True))
    document = make_document([make_comparison("T", ["R"], [("d", [cell])])])
    path = write(document, theme, tmp_path)
    assert sheets(path)["Comparison"][1][1] == "first line\nsecond bold\nthird"
    style = cell_style(path, "Comparison", "B2")
    assert style["wrap"]
    assert style["vertical"] == "top"


# ---------------------------------------------------------------- rich text and links


def runs(path: Path, sheet: str, ref: str) -> list[tuple[str, dict[str, str | None]]]:
    """The rich-text runs of a cell: (text, {property: value}) from the sheet XML."""
    cell = sheet_xml(path, sheet).find(f".//{M}c[@r='{ref}']")
    assert cell is not None
    result = []
    for run in cell.iter(f"{M}r"):
        props: dict[str, str | None] = {}
        rpr = run.find(f"{M}rPr")
        for child in rpr if rpr is not None else []:
            props[child.tag.removeprefix(M)] = child.get("val") or child.get("rgb")
        result.append(("".join(t.text or "" for t in run.iter(f"{M}t")), props))
    return result


def test_styled_spans_become_styled_runs_in_the_theme_fonts(theme: Theme, tmp_path: Path) -> None:
    cell = rich(
        Span("plain "),
        Span("bold", bold=True),
        Span(" "),
        Span("italic", italic=True),
        Span(" "),
        Span("gone", strike=True),
        Span(" "),
        Span("pnpm dlx", code=True),
    )
    document = make_document([make_comparison("T", ["R"], [("d", [cell])])])
    path = write(document, theme, tmp_path)
    got = {text.strip(): props for text, props in runs(path, "Comparison", "B2")}
    assert got["bold"]["b"] in ("1", "true")
    assert got["italic"]["i"] in ("1", "true")
    assert got["gone"]["strike"] in ("1", "true")
    assert got["pnpm dlx"]["rFont"] == theme.office_fonts.mono
    assert got["plain"]["rFont"] == theme.office_fonts.body
    assert "b" not in got["plain"] or got["plain"]["b"] in ("0", "false")
    # The same runs carry into the Long sheet's Text column.
    assert runs(path, "Long", "D2") == runs(path, "Comparison", "B2")
    assert sheets(path)["Long"][1][3] == cell.text
    assert sheets(path)["Comparison"][1][1] == cell.text


def test_white_space_between_styled_spans_is_kept(theme: Theme, tmp_path: Path) -> None:
    cells = [
        rich(Span("import", code=True), Span(" "), Span("openjson", code=True)),
        rich(Span("one", bold=True), Span("\n"), Span("two", italic=True)),
        rich(Span(" "), Span("lead", bold=True), Span("  ")),
    ]
    document = make_document(
        [make_comparison("T", ["R"], [(f"d{i}", [c]) for i, c in enumerate(cells)])]
    )
    book = sheets(write(document, theme, tmp_path))
    assert [row[1] for row in book["Comparison"][1:]] == [cell.text for cell in cells]


def test_one_link_makes_a_hyperlink_and_every_url_is_listed(theme: Theme, tmp_path: Path) -> None:
    one = rich(Span("See "), Span("the docs", href="https://example.com/docs"), Span("."))
    two = rich(
        Span("a", href="https://a.example/"), Span(" and "), Span("b", href="mailto:b@example.com")
    )
    unsafe = rich(Span("local", href=None), Span(" file"))
    document = make_document(
        [make_comparison("T", ["R"], [("one", [one]), ("two", [two]), ("none", [unsafe])])]
    )
    path = write(document, theme, tmp_path)
    book = sheets(path)
    assert [row[1] for row in book["Comparison"][1:]] == ["See the docs.", "a and b", "local file"]
    assert [row[4] for row in book["Long"][1:]] == [
        "https://example.com/docs",
        "https://a.example/\nmailto:b@example.com",
        "",
    ]

    def hyperlinks(sheet: str) -> dict[str, str]:
        rels_name = sheet_parts(path)[sheet].replace("worksheets/", "worksheets/_rels/") + ".rels"
        rels = {
            rel.get("Id"): rel.get("Target", "")
            for rel in part(path, rels_name).iter(f"{{{NS['pr']}}}Relationship")
        }
        return {
            link.get("ref", ""): rels[link.get(f"{{{NS['r']}}}id")]
            for link in sheet_xml(path, sheet).iter(f"{M}hyperlink")
        }

    assert hyperlinks("Comparison") == {"B2": "https://example.com/docs"}
    assert hyperlinks("Long") == {"D2": "https://example.com/docs"}
    link_run = dict(runs(path, "Comparison", "B2"))["the docs"]
    assert link_run["u"] == "single"


# ---------------------------------------------------------------- sheets and their names


def valid_names(names: list[str]) -> None:
    folded = [name.casefold() for name in names]
    assert len(set(folded)) == len(folded)
    for name in names:
        assert name.strip()
        assert name == name.strip()
        assert len(name.encode("utf-16-le")) // 2 <= MAX_SHEET_NAME
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'")
        assert not name.endswith("'")
        assert name.casefold() not in ("long", "roles", "history")


def test_several_comparisons_get_valid_unique_sheet_names(theme: Theme, tmp_path: Path) -> None:
    titles = [
        "Q1: Roles/Levels [draft]*?",
        "",
        "Long",
        "ROLES",
        "A very long comparison title that goes on and on",
        "A very long comparison title that goes on and on",
        "Eng",
        "ENG",
        "'quoted'",
        "History",
    ]
    comparisons = [
        make_comparison(title, ["R"], [("d", [plain(str(i))])]) for i, title in enumerate(titles)
    ]
    document = make_document(comparisons)
    path = write(document, theme, tmp_path)
    names = list(sheets(path))[: len(titles)]
    assert names == sheet_names(document.comparisons)
    valid_names(names)
    assert names[0] == "Q1 Roles Levels draft"
    assert names[1] == "Comparison 2"
    assert names[2].startswith("Long (")
    assert names[3].startswith("ROLES (")
    assert names[4] == "A very long comparison title th"
    assert names[5].endswith(" (2)")
    assert names[7] == "ENG (2)"
    check_document(document, path)
    comparisons_in_long = {row[0] for row in sheets(path)["Long"][1:]}
    assert "A very long comparison title that goes on and on (2)" in comparisons_in_long
    assert "Comparison 2" in comparisons_in_long
    # The full title (numbered when repeated) is the {section} of its sheet's running footer.
    footer = sheet_xml(path, names[5]).find(f"{M}headerFooter/{M}oddFooter")
    assert footer is not None
    assert "A very long comparison title that goes on and on (2)" in (footer.text or "")


@given(st.lists(st.text(max_size=60), min_size=2, max_size=12))
def test_sheet_names_are_always_valid(titles: list[str]) -> None:
    comparisons = tuple(make_comparison(title, [], []) for title in titles)
    names = sheet_names(comparisons)
    assert len(names) == len(titles)
    valid_names(names)
    assert len(set(labels(comparisons))) == len(titles)


def test_a_lone_comparison_is_called_comparison(theme: Theme, tmp_path: Path) -> None:
    document = make_document([make_comparison("Long", ["R"], [("d", [plain("x")])])])
    assert list(sheets(write(document, theme, tmp_path))) == ["Comparison", "Long", "Roles"]


def test_empty_cells_and_summaries_keep_the_shape(theme: Theme, tmp_path: Path) -> None:
    comparison = Comparison(
        title="T",
        corner=plain("Dim"),
        roles=(Role(plain("A")), Role(plain("B"), plain("B sums up"))),
        dimensions=(Dimension(plain("d"), (RichText(), plain("b"))),),
    )
    document = make_document([comparison])
    book = sheets(write(document, theme, tmp_path))
    assert book["Comparison"] == [["Dim", "A", "B"], ["d", "", "b"]]
    assert book["Long"][1:] == [["T", "A", "d", "", ""], ["T", "B", "d", "b", ""]]
    assert book["Roles"][1:] == [["A", "", "T", "", ""], ["B", "B sums up", "T", "", ""]]


def test_a_document_without_tables_still_writes_long_and_roles(
    theme: Theme, tmp_path: Path
) -> None:
    book = sheets(write(make_document([]), theme, tmp_path))
    assert book == {"Long": [LONG_HEADER], "Roles": [ROLES_HEADER]}


# ---------------------------------------------------------------- look, panes, filters, print


def test_header_band_and_focus_colours_come_from_the_theme(theme: Theme, tmp_path: Path) -> None:
    custom = replace(
        theme,
        colours=replace(
            theme.colours, primary="#123456", accent="#ABCDEF", band="#FAFBFC", on_primary="#FEFEFE"
        ),
    )
    rows = [(f"d{i}", [plain("a"), plain("b")]) for i in range(3)]
    document = make_document([make_comparison("T", ["Focus", "Other"], rows)], focus="Focus")
    path = write(document, custom, tmp_path)
    header = cell_style(path, "Comparison", "C1")
    assert header == {
        **header,
        "fill": "123456",
        "colour": "FEFEFE",
        "bold": True,
        "font": custom.office_fonts.heading,
    }
    assert cell_style(path, "Comparison", "B1")["fill"] == "ABCDEF"
    assert cell_style(path, "Comparison", "A1")["fill"] == "123456"
    # Banded rows: the second data row is shaded, the first and third are not.
    assert cell_style(path, "Comparison", "C2")["fill"] is None
    assert cell_style(path, "Comparison", "C3")["fill"] == "FAFBFC"
    assert cell_style(path, "Comparison", "C4")["fill"] is None
    body = cell_style(path, "Comparison", "C2")
    assert body["font"] == custom.office_fonts.body
    assert body["colour"] == "1E2329"
    assert [row[3] for row in sheets(path)["Roles"][1:]] == ["yes", ""]


def test_columns_have_sensible_widths(
    seed_document: Document, theme: Theme, tmp_path: Path
) -> None:
    path = write(seed_document, theme, tmp_path)
    cols = sheet_xml(path, "Comparison").findall(f"{M}cols/{M}col")
    widths = [float(col.get("width", "0")) for col in cols]
    assert len(widths) == 4
    assert all(10 <= width <= 60 for width in widths)
    # The prose-heavy MLOps column gets the most room; the label column is narrower.
    assert widths[3] == max(widths)
    assert widths[0] < widths[3]


def test_panes_filters_and_print_setup(
    seed_document: Document, theme: Theme, tmp_path: Path
) -> None:
    path = write(seed_document, theme, tmp_path)
    expected = {
        "Comparison": ("B2", "1", "1", "A1:D11", "'Comparison'!$1:$1,'Comparison'!$A:$A"),
        "Long": ("A2", None, "1", "A1:E31", "'Long'!$1:$1"),
        "Roles": ("A2", None, "1", "A1:E4", "'Roles'!$1:$1"),
    }
    titles = {
        (name.get("localSheetId"), name.get("name")): name.text
        for name in part(path, "xl/workbook.xml").iter(f"{M}definedName")
    }
    for index, (sheet, (top_left, x_split, y_split, filter_ref, print_titles)) in enumerate(
        expected.items()
    ):
        root = sheet_xml(path, sheet)
        pane = root.find(f".//{M}pane")
        assert pane is not None
        assert pane.get("state") == "frozen"
        assert (pane.get("topLeftCell"), pane.get("xSplit"), pane.get("ySplit")) == (
            top_left,
            x_split,
            y_split,
        )
        # The sheet's table filters its rows; a filter of the sheet's own would clash.
        assert root.find(f"{M}autoFilter") is None
        (table,) = sheet_tables(path, sheet)
        auto_filter = table.find(f"{M}autoFilter")
        assert auto_filter is not None
        assert auto_filter.get("ref") == table.get("ref") == filter_ref
        setup = root.find(f"{M}pageSetup")
        assert setup is not None
        # The seed's table fits a portrait page, as in the PDF and the DOCX.
        assert setup.get("orientation") == ("portrait" if sheet == "Comparison" else "landscape")
        assert (setup.get("fitToWidth"), setup.get("fitToHeight")) == ("1", "0")
        assert setup.get("paperSize") == "9"  # A4, from the theme
        fit = root.find(f"{M}sheetPr/{M}pageSetUpPr")
        assert fit is not None
        assert fit.get("fitToPage") in ("1", "true")
        assert titles[(str(index), "_xlnm.Print_Titles")] == print_titles
        header = root.find(f"{M}headerFooter/{M}oddHeader")
        footer = root.find(f"{M}headerFooter/{M}oddFooter")
        assert header is not None
        assert footer is not None
        assert theme.organisation in (header.text or "")
        assert seed_document.title in (header.text or "") + (footer.text or "")
        assert "Page &P of &N" in (footer.text or "")


def test_ampersands_in_titles_are_escaped_in_running_headers(theme: Theme, tmp_path: Path) -> None:
    document = make_document(
        [make_comparison("R&D vs Ops", ["R"], [("d", [plain("x")])])], title="R&D"
    )
    root = sheet_xml(write(document, theme, tmp_path), "Comparison")
    header = root.find(f"{M}headerFooter/{M}oddHeader")
    footer = root.find(f"{M}headerFooter/{M}oddFooter")
    assert header is not None
    assert footer is not None
    assert "R&&D" in (header.text or "")  # {title}
    assert "R&&D vs Ops" in (footer.text or "")  # {section}: the comparison's name


def test_long_titles_keep_running_headers_within_excels_limit(theme: Theme, tmp_path: Path) -> None:
    title = "Roles & responsibilities " * 12
    document = make_document([make_comparison(title, ["R"], [("d", [plain("x")])])], title=title)
    path = write(document, theme, tmp_path)
    for sheet in ("Comparison", "Long", "Roles"):
        for tag in ("oddHeader", "oddFooter"):
            found = sheet_xml(path, sheet).find(f"{M}headerFooter/{M}{tag}")
            assert found is not None
            assert len(found.text or "") <= 255
    # The whole title is still in the workbook: in Long, Roles and the properties.
    assert sheets(path)["Long"][1][0] == " ".join(title.split())
    assert part(path, "docProps/core.xml").find("dc:title", NS) is not None


def test_text_xml_cannot_carry_never_reaches_the_file(theme: Theme, tmp_path: Path) -> None:
    """A model built without the parser is held to its rules: control characters go."""
    document = make_document([make_comparison("T", ["R"], [("d", [plain("bell\x07")])])])
    book = sheets(write(document, theme, tmp_path))
    assert book["Comparison"][1] == ["d", "bell"]


# ---------------------------------------------------------------- metadata and repeatability


def test_workbook_properties_name_the_document_and_organisation(
    seed_document: Document, theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    path = write(seed_document, theme, tmp_path)
    core = part(path, "docProps/core.xml")

    def text(tag: str) -> str | None:
        found = core.find(tag, NS)
        return found.text if found is not None else None

    stamp = datetime.fromtimestamp(EPOCH, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert text("dc:title") == seed_document.title
    assert text("dc:subject") == seed_document.lede.text
    assert text("dc:creator") == theme.organisation
    assert text("cp:lastModifiedBy") == theme.organisation
    assert text("dc:language") == seed_document.meta.lang
    assert text("dcterms:created") == stamp
    assert text("dcterms:modified") == stamp
    roles = [role.title.text for role in seed_document.comparisons[0].roles]
    assert text("cp:keywords") == "; ".join(roles)
    company = part(path, "docProps/app.xml").find("ep:Company", NS)
    assert company is not None
    assert company.text == theme.organisation


def test_builds_are_byte_identical_under_source_date_epoch(
    seed_document: Document, theme: Theme, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = write(seed_document, theme, tmp_path, "first.xlsx")
    second = write(seed_document, theme, tmp_path, "second.xlsx")
    assert first.read_bytes() == second.read_bytes()
    stamp = datetime.fromtimestamp(EPOCH, tz=UTC)
    date = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(first) as package:
        # Zip stores seconds in steps of two.
        assert {info.date_time for info in package.infolist()} == {(*date[:5], date[5] // 2 * 2)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 86_400))
    third = write(seed_document, theme, tmp_path, "third.xlsx")
    assert third.read_bytes() != first.read_bytes()


# ---------------------------------------------------------------- Excel's cell limit


def test_a_cell_at_excels_limit_is_written_whole(theme: Theme, tmp_path: Path) -> None:
    # Far taller than a row, it goes on in continuation rows (test_xlsx_heights.py), whole.
    text = ("word " * 7000)[:32_767]
    document = make_document([make_comparison("T", ["R"], [("d", [plain(text)])])])
    book = sheets(write(document, theme, tmp_path))
    assert "".join(row[1] for row in book["Comparison"][1:]) == text
    assert "".join(row[3] for row in book["Long"][1:]) == text


def test_a_cell_over_excels_limit_spreads_over_continuation_rows(
    theme: Theme, tmp_path: Path
) -> None:
    long_text = "".join(f"word{i} " for i in range(40_000)) + "\U0001f600" * 20_000
    document = make_document(
        [make_comparison("T", ["Role", "Other"], [("Dimension", [plain(long_text), plain("b")])])]
    )
    path = write(document, theme, tmp_path)
    book = sheets(path)
    wide = book["Comparison"][1:]
    assert all(row[0] == "Dimension" for row in wide)
    assert [row[2] for row in wide] == ["b"] + [""] * (len(wide) - 1)
    assert "".join(row[1] for row in wide) == long_text
    assert all(len(row[1].encode("utf-16-le")) // 2 <= 32_767 for row in wide)
    long_rows = [row for row in book["Long"][1:] if row[1] == "Role"]
    assert "".join(row[3] for row in long_rows) == long_text
    assert len(long_rows) >= 3
    assert all(row[:3] == ["T", "Role", "Dimension"] for row in long_rows)
    assert_no_formulas(path)


def test_split_prefers_white_space_and_keeps_styles() -> None:
    from exporter.writers.xlsx.split import split_rich

    # White space in the last fifth of a chunk is where it is cut; else words are cut hard.
    text = rich(Span("a" * 17 + " bbbbbbbb", bold=True), Span("ffff", italic=True))
    chunks = split_rich(text, limit=20)
    assert [chunk.text for chunk in chunks] == ["a" * 17 + " ", "bbbbbbbbffff"]
    assert chunks[0].spans == (Span("a" * 17 + " ", bold=True),)
    assert chunks[1].spans == (Span("bbbbbbbb", bold=True), Span("ffff", italic=True))
    assert split_rich(rich(Span("x" * 25)), limit=10) == [
        rich(Span("x" * 10)),
        rich(Span("x" * 10)),
        rich(Span("x" * 5)),
    ]
