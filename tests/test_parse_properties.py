"""Property tests: any text parses into a model or is refused with a located SourceError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.errors import SourceError
from exporter.parse import parse_text
from exporter.source import CONTROL

from .support import squash

MARKDOWN_BITS = st.sampled_from(
    [
        "|",
        "\\|",
        "---",
        ":--",
        "*",
        "**",
        "_",
        "`",
        "~~",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "#",
        "# ",
        "- ",
        "1. ",
        "> ",
        "\n",
        "\n\n",
        " ",
        "Role",
        "Role\n",
        "&amp;",
        "\x07",
        "\r\n",
        "\ufeff",
        "é",
        "中文",
        "=SUM(A1)",
        "<script>",
        "![x](y)",
        "[a](http://b)",
    ]
)
documents = st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=8)), max_size=60).map("".join)

cell_text = st.text(
    alphabet=st.characters(codec="utf-8", blacklist_characters="|\\\n\r`*_~[]<>&!#").filter(
        lambda c: not CONTROL.match(c)
    ),  # the parser removes those, with a warning
    max_size=12,
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    """A valid GFM table of random plain cells (names unique and non-empty), as written."""
    width = draw(st.integers(min_value=2, max_value=6))
    rows = draw(
        st.lists(st.lists(cell_text, min_size=width, max_size=width), min_size=1, max_size=8)
    )
    # Role and dimension names carry an index, so they are never empty nor repeated.
    rows[0] = [rows[0][0], *(f"R{i} {name}" for i, name in enumerate(rows[0][1:]))]
    rows = [rows[0], *([f"D{i} {row[0]}", *row[1:]] for i, row in enumerate(rows[1:]))]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * width)
    return "\n".join(lines) + "\n", rows


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_any_text_parses_or_raises_a_located_source_error(text: str) -> None:
    try:
        parsed = parse_text(text, "fuzz.md")
    except SourceError as error:
        assert error.path == "fuzz.md"
        assert error.line >= 1
        assert error.col >= 1
        assert all(d.line >= 1 for d in error.diagnostics)
    else:
        assert parsed.document.comparisons


@settings(max_examples=300)
@given(tables())
def test_random_valid_tables_keep_every_cell(case: tuple[str, list[list[str]]]) -> None:
    text, rows = case
    (comparison,) = parse_text(text, "table.md").document.comparisons
    header, *body = rows
    assert [squash(role.title.text) for role in comparison.roles] == [squash(c) for c in header[1:]]
    assert [
        [squash(dimension.name.text), *(squash(cell.text) for cell in dimension.cells)]
        for dimension in comparison.dimensions
    ] == [[squash(cell) for cell in row] for row in body]
