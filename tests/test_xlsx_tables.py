"""Every sheet's data is an Excel Table that Excel would accept, and that LibreOffice uses.

LibreOffice opens tables Excel refuses, so each table part is checked against Excel's
rules here (range, columns, names, header cells), and LibreOffice then evaluates formulas
that name tables and columns (`Long[Role]`) in a copy of the workbook.
"""

from __future__ import annotations

import csv
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import column_index_from_string, range_boundaries

from exporter.model import (
    Comparison,
    Dimension,
    Document,
    Layout,
    Metadata,
    Reading,
    RichText,
    Role,
    Span,
    TableRef,
)
from exporter.parse import parse_file
from exporter.text import utf16_length
from exporter.theme import Theme
from exporter.writers.xlsx.tables import MAX_COLUMN_NAME, column_names, table_names

from .conftest import CORPUS_BUILT, SEED
from .office import convert
from .test_xlsx_writer import (
    NS,
    M,
    make_comparison,
    make_document,
    part,
    sheet_parts,
    sheet_tables,
    sheets,
    write,
)

plain = RichText.plain
# LibreOffice's CSV filter: commas, double quotes, UTF-8 (its encoding number 76).
CSV_UTF8 = "csv:Text - txt - csv (StarCalc):44,34,76"
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
# What Excel accepts as a table name (we write only ASCII) and what it takes for a reference.
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_REFERENCE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*([Cc][0-9]*)?|[Cc][0-9]*")


def unescape(text: str) -> str:
    """OOXML's `_xHHHH_` escapes decoded, as Excel reads a name."""
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text)


def header_cells(path: Path, sheet: str) -> list[ElementTree.Element]:
    """The cells of a sheet's first row, from its XML."""
    row = part(path, sheet_parts(path)[sheet]).find(f"{M}sheetData/{M}row[@r='1']")
    assert row is not None
    return row.findall(f"{M}c")


def shared_strings(path: Path) -> list[ElementTree.Element]:
    with zipfile.ZipFile(path) as package:
        if "xl/sharedStrings.xml" not in package.namelist():
            return []
    return part(path, "xl/sharedStrings.xml").findall(f"{M}si")


def check_tables(path: Path) -> dict[str, tuple[str, list[str]]]:
    """Assert every sheet holds one table Excel accepts; return sheet -> (name, columns)."""
    book = sheets(path)
    strings = shared_strings(path)
    found: dict[str, tuple[str, list[str]]] = {}
    ids: list[str] = []
    for sheet, rows in book.items():
        root = part(path, sheet_parts(path)[sheet])
        assert root.find(f"{M}autoFilter") is None, sheet  # the table's filter is the one
        (table,) = sheet_tables(path, sheet)
        ids.append(table.get("id", ""))
        name = table.get("displayName", "")
        assert table.get("name") == name
        assert _NAME.fullmatch(name), name
        assert not _REFERENCE.fullmatch(name), name
        # The range: the header row and every row below it, continuation rows included.
        first_column, first_row, last_column, last_row = range_boundaries(table.get("ref"))
        width = max(len(row) for row in rows)
        assert (first_column, first_row) == (1, 1)
        assert (last_column, last_row) == (width, max(len(rows), 2)), sheet
        auto_filter = table.find(f"{M}autoFilter")
        assert auto_filter is not None
        assert auto_filter.get("ref") == table.get("ref")
        assert table.get("headerRowCount", "1") == "1"
        assert table.get("totalsRowCount", "0") == "0"
        columns = table.find(f"{M}tableColumns")
        assert columns is not None
        entries = columns.findall(f"{M}tableColumn")
        assert columns.get("count") == str(len(entries)) == str(width)
        column_ids = [entry.get("id") for entry in entries]
        assert len(set(column_ids)) == len(column_ids)
        assert all(int(value or 0) > 0 for value in column_ids)
        names = [unescape(entry.get("name", "")) for entry in entries]
        # Header cells: plain strings (no runs), equal to the names, non-empty, distinct.
        assert names == [str(value) for value in rows[0]], sheet
        assert all(name.strip() for name in names)
        assert len({name.casefold() for name in names}) == len(names)
        assert all(utf16_length(name) <= MAX_COLUMN_NAME for name in names)
        cells = header_cells(path, sheet)
        assert [column_index_from_string(re.sub(r"\d", "", c.get("r", ""))) for c in cells] == (
            list(range(1, width + 1))
        )
        for cell in cells:
            assert cell.get("t") in ("s", "inlineStr", "str"), (sheet, cell.get("r"))
            assert cell.find(f".//{M}r") is None, (sheet, cell.get("r"))
            if cell.get("t") == "s":
                assert strings[int(cell.findtext(f"{M}v") or "")].find(f"{M}r") is None
        found[sheet] = (name, names)
    assert len(set(ids)) == len(ids)
    assert len({name.casefold() for name, _ in found.values()}) == len(found)
    return found


# ---------------------------------------------------------------- real documents


@pytest.mark.parametrize("source", [SEED, *CORPUS_BUILT], ids=lambda path: path.name)
def test_every_sheet_is_a_valid_table(source: Path, theme: Theme, tmp_path: Path) -> None:
    tables = check_tables(write(parse_file(source), theme, tmp_path))
    assert tables["Long"] == ("Long", ["Comparison", "Role", "Dimension", "Text", "Links"])
    assert tables["Roles"] == ("Roles", ["Role", "Summary", "Comparison", "Focus", "Links"])


def test_a_document_without_tables_still_has_a_data_row_in_each_table(
    theme: Theme, tmp_path: Path
) -> None:
    document = Document("none.md", "No tables", plain(""), (), ())
    path = write(document, theme, tmp_path)
    check_tables(path)
    refs = [table.get("ref") for sheet in ("Long", "Roles") for table in sheet_tables(path, sheet)]
    assert refs == ["A1:E2", "A1:E2"]


def test_a_handbooks_all_sheet_is_a_table_named_all(theme: Theme, tmp_path: Path) -> None:
    """A handbook of several sources: the long sheet is All, with a Source column."""
    comparisons = [
        replace(make_comparison("Scope", ["A", "B"], [("d", [plain("x"), plain("y")])]), source=src)
        for src in ("Ladder one", "Ladder two")
    ]
    tables = check_tables(write(make_document(comparisons), theme, tmp_path))
    assert tables["All"] == ("All", ["Source", "Comparison", "Role", "Dimension", "Text", "Links"])
    assert tables["Roles"][0] == "Roles"
    assert sorted(name for name, _ in tables.values()) == ["All", "Roles", "Scope", "Scope_2"]


# ---------------------------------------------------------------- awkward headers


def awkward_document() -> Document:
    """Header cells Excel would refuse as they are, and table names that need care."""
    long_cell = plain("word " * 8000)  # over Excel's 32,767 characters: continuation rows
    broken = RichText((Span("Staff", bold=True), Span("\nEngineer")))
    headers = (
        broken,
        plain("staff\nengineer"),
        plain("x" * 300),
        plain("Dimension"),
        plain("_x0041_ typed"),
    )
    wide = Comparison(
        title="L1",  # a cell reference as it stands
        corner=plain(""),
        roles=tuple(Role(header) for header in headers),
        dimensions=(
            Dimension(plain("Scope"), (long_cell, *(plain("b") for _ in headers[1:]))),
            Dimension(plain("Reach"), tuple(plain("e") for _ in headers)),
        ),
    )
    down = Comparison(
        title="2024 levels",  # starts with a digit
        corner=plain(" "),
        roles=(Role(plain("L1")), Role(plain("L2"))),
        dimensions=(Dimension(plain("Impact"), (plain("Team"), plain("Group"))),),
        reading=Reading(Layout.ROLES_IN_ROWS),
    )
    lists = Comparison(
        title="\u7814\u7a76",  # no Latin letters at all
        corner=plain(""),
        roles=(Role(plain("Tech Lead")), Role(plain("TECH LEAD"))),
        dimensions=(Dimension(plain(""), (plain("Reviews"), plain("Hiring"))),),
        reading=Reading(Layout.LISTS),
    )
    named_long = Comparison(
        "Long", plain("Area"), (Role(plain("R")),), (Dimension(plain("d"), (plain("x"),)),)
    )
    comparisons = (wide, down, lists, named_long)
    return Document(
        path="awkward.md",
        title="Awkward",
        lede=plain(""),
        comparisons=comparisons,
        blocks=tuple(TableRef(index) for index in range(len(comparisons))),
        meta=Metadata(lang="en"),
    )


@pytest.fixture(scope="module")
def awkward(theme: Theme, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The awkward document's workbook."""
    return write(awkward_document(), theme, tmp_path_factory.mktemp("awkward"))


def test_awkward_headers_become_names_excel_accepts(awkward: Path) -> None:
    tables = check_tables(awkward)
    wide_name, wide_columns = tables["L1"]
    assert wide_name == "Table_L1"
    assert wide_columns[:3] == ["Dimension", "Staff\nEngineer", "staff\nengineer (2)"]
    assert wide_columns[3] == "x" * (MAX_COLUMN_NAME - 1) + "\u2026"
    assert wide_columns[4:] == ["Dimension (2)", "_x0041_ typed"]
    assert tables["2024 levels"] == ("Table_2024_levels", ["Role", "Impact"])
    assert tables["\u7814\u7a76"] == ("Comparison", ["Tech Lead", "TECH LEAD (2)"])
    assert tables["Long (2)"][0] == "Long_2"
    assert tables["Long"][0] == "Long"


def test_continuation_rows_lie_inside_the_table(awkward: Path) -> None:
    rows = sheets(awkward)["L1"]
    assert len(rows) > 3  # the long cell took more than one row
    (table,) = sheet_tables(awkward, "L1")
    assert range_boundaries(table.get("ref"))[3] == len(rows)


@given(st.lists(st.text(max_size=60), max_size=12))
def test_table_names_are_always_valid_and_distinct(titles: list[str]) -> None:
    names = table_names(["Long", "Roles", *titles])
    assert names[:2] == ["Long", "Roles"]
    assert all(_NAME.fullmatch(name) and not _REFERENCE.fullmatch(name) for name in names)
    assert len({name.casefold() for name in names}) == len(names)
    assert all(name.casefold() not in ("true", "false", "print_area") for name in names)


@given(st.lists(st.text(max_size=300), max_size=12))
def test_column_names_are_always_non_empty_distinct_and_short(texts: list[str]) -> None:
    names = column_names(texts)
    assert len(names) == len(texts)
    assert all(name.strip() and utf16_length(name) <= MAX_COLUMN_NAME for name in names)
    assert len({name.casefold() for name in names}) == len(names)


def test_repeated_headers_are_numbered_in_order_and_long_ones_cut_whole() -> None:
    assert column_names(["Role"] * 4 + ["role"]) == [
        "Role",
        "Role (2)",
        "Role (3)",
        "Role (4)",
        "role (5)",
    ]
    # Each emoji takes two UTF-16 units: 127 of them and the ellipsis fill the 255 units.
    assert column_names(["\U0001f600" * 200]) == ["\U0001f600" * 127 + "\u2026"]
    assert table_names(["A", "a", "A"]) == ["A", "a_2", "A_3"]


# ---------------------------------------------------------------- LibreOffice


def with_formulas(path: Path, sheet: str, formulas: list[str], target: Path) -> Path:
    """A copy of the workbook with `formulas` in column Z of `sheet`, rows 1 down.

    The package is copied part for part and only that sheet's XML gains cells, so the
    tables LibreOffice reads are the writer's own.
    """
    name = sheet_parts(path)[sheet]
    ElementTree.register_namespace("", NS["m"])
    ElementTree.register_namespace("r", NS["r"])
    root = part(path, name)
    rows = root.findall(f"{M}sheetData/{M}row")
    for number, formula in enumerate(formulas, start=1):
        cell = ElementTree.SubElement(rows[number - 1], f"{M}c", {"r": f"Z{number}"})
        ElementTree.SubElement(cell, f"{M}f").text = formula
        # Spans (the row's column range) would hide a cell outside them from some readers.
        rows[number - 1].attrib.pop("spans", None)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == name:
                data = ElementTree.tostring(root, xml_declaration=True, encoding="UTF-8")
            copy.writestr(entry, data)
    return target


def test_libreoffice_computes_formulas_that_name_tables_and_columns(
    seed_document: Document, theme: Theme, awkward: Path, tmp_path: Path
) -> None:
    """Formulas by table and column name give the counts the model holds; the awkward
    workbook opens too, its header row as the table names its columns."""
    path = write(seed_document, theme, tmp_path)
    roles = [role.title.text for role in seed_document.comparisons[0].roles]
    dimensions = len(seed_document.comparisons[0].dimensions)
    formulas = [
        "ROWS(Long[Role])",
        *(f'COUNTIF(Long[Role],"{role}")' for role in roles),
        "COUNTA(Comparison[Dimension])",
        'COUNTIF(Roles[Focus],"yes")',
    ]
    copy = with_formulas(path, "Comparison", formulas, tmp_path / "formulas.xlsx")
    converted = convert([copy, awkward], tmp_path, tmp_path / "profile", target=CSV_UTF8)
    seed_rows, awkward_rows = (csv_rows(path) for path in converted)
    assert [row[25] for row in seed_rows[: len(formulas)]] == [
        str(dimensions * len(roles)),
        *(str(dimensions) for _ in roles),
        str(dimensions),
        "1",
    ]
    # LibreOffice's CSV holds the first sheet, the wide one.
    assert awkward_rows[0] == check_tables(awkward)["L1"][1]


def csv_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV file LibreOffice wrote."""
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))
