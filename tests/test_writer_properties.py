"""Property test: any model the parser can produce becomes three files readers can open."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from exporter.model import (
    Comparison,
    Dimension,
    Document,
    Heading,
    Paragraph,
    RichText,
    Role,
    Span,
    TableRef,
)
from exporter.presentation import present
from exporter.text import CONTROL
from exporter.theme import Theme, load_theme
from exporter.writers import FORMATS, get_writer

from .readers import pandoc_ast, tables
from .support import squash

# Characters a parsed model may hold: anything XML 1.0 carries (the parser drops the rest).
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8").filter(lambda c: not CONTROL.match(c)),
    max_size=30,
)
_TRICKY = st.sampled_from(
    ["=SUM(A1:A9)", "+1", "-2", "@cmd", "<script>x</script>", "_x0041_", "a & b", "✅", "中文"]
)
_SPAN = st.builds(
    Span,
    text=st.one_of(_TEXT, _TRICKY),
    bold=st.booleans(),
    italic=st.booleans(),
    code=st.booleans(),
    strike=st.booleans(),
    href=st.one_of(st.none(), st.just("https://example.com/a?b=1&c=2"), st.just("mailto:x@y.z")),
)
_RICH = st.lists(_SPAN, max_size=3).map(lambda spans: RichText(tuple(spans)))


def _named(prefix: str) -> st.SearchStrategy[RichText]:
    """Non-empty names; the prefix keeps them distinct, as the parser requires."""
    return _RICH.map(lambda text: RichText((Span(prefix), *text.spans)))


@st.composite
def documents(draw: st.DrawFn) -> Document:
    role_count = draw(st.integers(min_value=1, max_value=6))
    roles = tuple(Role(draw(_named(f"R{i} ")), draw(_RICH), line=1) for i in range(role_count))
    dimensions = tuple(
        Dimension(
            draw(_named(f"D{i} ")),
            tuple(draw(_RICH) for _ in roles),
            line=3 + i,
        )
        for i in range(draw(st.integers(min_value=0, max_value=5)))
    )
    comparison = Comparison(draw(_TEXT), draw(_RICH), roles, dimensions, line=1)
    return Document(
        path="random.md",
        title=draw(_TEXT) or "Untitled",
        lede=draw(_RICH),
        comparisons=(comparison,),
        blocks=(Heading(2, draw(_RICH)), Paragraph(draw(_RICH)), TableRef(0)),
        focus_role=draw(st.sampled_from(["", roles[0].title.text])),
    )


THEME: Theme = load_theme("default")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_models_become_files_the_independent_readers_open(document: Document) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = {fmt: Path(folder) / f"out.{fmt}" for fmt in FORMATS}
        for fmt, path in paths.items():
            get_writer(fmt).write(document, THEME, path)
        # A wide comparison prints as column groups, each repeating the dimension column.
        groups = tables(pandoc_ast(paths["docx"]))
        assert len(groups) == len(present(document, THEME).tables[0].plan.groups)
        word_table = [
            [rows[0][0], *(cell for group in rows for cell in group[1:])]
            for rows in zip(*groups, strict=True)
        ]
        workbook = CalamineWorkbook.from_path(str(paths["xlsx"]))
        long_rows = workbook.get_sheet_by_name("Long").to_python()
        pdf_text = squash(" ".join(page.extract_text() for page in PdfReader(paths["pdf"]).pages))
        comparison = document.comparisons[0]
        expected = [
            [squash(dimension.name.text), *(squash(cell.text) for cell in dimension.cells)]
            for dimension in comparison.dimensions
        ]
        # Every cell reaches the Word table and the Long sheet whole, in its place.
        assert word_table[1:] == expected
        assert [squash(str(row[3])) for row in long_rows[1:]] == [
            cell for row in expected for cell in row[1:]
        ]
        # Shaping, bidi and ligatures change how arbitrary text extracts from a PDF, so
        # here the PDF must open and carry each role's marker; the corpus tests check texts.
        for index in range(len(comparison.roles)):
            assert f"R{index}" in pdf_text
