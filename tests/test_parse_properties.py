"""Property tests: any text parses into a model or is refused with a located SourceError."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.errors import SourceError
from exporter.parse import parse_text
from exporter.text import CONTROL

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


# Names lose invisible format characters (category Cf) on purpose; cells keep them.
name_text = cell_text.map(lambda text: "".join(c for c in text if unicodedata.category(c) != "Cf"))


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[list[str]]]:
    """A valid GFM table of random plain cells (names unique and non-empty), as written."""
    width = draw(st.integers(min_value=2, max_value=6))
    height = draw(st.integers(min_value=1, max_value=8))
    rows = draw(
        st.lists(
            st.lists(cell_text, min_size=width, max_size=width), min_size=height, max_size=height
        )
    )
    names = draw(st.lists(name_text, min_size=width + height, max_size=width + height))
    # Header cells and row labels carry an index, so they are never empty nor repeated.
    rows[0] = [names[0], *(f"R{i} {name}" for i, name in enumerate(names[1:width]))]
    labels = names[width:]
    rows = [rows[0], *([f"D{i} {labels[i]}", *row[1:]] for i, row in enumerate(rows[1:]))]
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


@settings(max_examples=150)
@given(tables(), st.sampled_from(["roles-in-columns", "roles-in-rows"]))
def test_random_valid_tables_keep_every_cell(
    case: tuple[str, list[list[str]]], layout: str
) -> None:
    """Read either way, every cell keeps its text and its place."""
    text, rows = case
    told = f"<!-- jobarch: {layout} -->\n{text}"
    (comparison,) = parse_text(told, "table.md").document.comparisons
    header, *body = [[squash(cell) for cell in row] for row in rows]
    roles = [squash(role.title.text) for role in comparison.roles]
    dimensions = [squash(d.name.text) for d in comparison.dimensions]
    cells = [[squash(cell.text) for cell in d.cells] for d in comparison.dimensions]
    assert squash(comparison.corner.text) == header[0]
    if layout == "roles-in-columns":
        assert roles == header[1:]
        assert [[name, *row] for name, row in zip(dimensions, cells, strict=True)] == body
    else:
        assert dimensions == header[1:]
        by_role = [list(column) for column in zip(*cells, strict=True)] if cells else []
        assert [[name, *row] for name, row in zip(roles, by_role, strict=True)] == body
