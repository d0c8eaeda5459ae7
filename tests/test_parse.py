"""Parser tests: the seed, the canonical form, inline spans, and every refused input."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from exporter.errors import SourceError
from exporter.model import CodeBlock, Heading, ListBlock, Paragraph, Quote, Rule, Span, TableRef
from exporter.parse import parse_file, parse_source, parse_text

from .conftest import CORPUS, ROOT, SEED

FIXTURES = Path(__file__).parent / "fixtures"
ERROR_CASES = sorted((FIXTURES / "errors").glob("*.md"))


def seed_rows() -> list[list[str]]:
    """The seed's table split naively by pipes: an oracle independent of markdown-it."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in SEED.read_text(encoding="utf-8").splitlines()
        if line.startswith("|") and not line.startswith("|---")
    ]
    return rows


def test_seed_table_matches_a_naive_split_of_the_source() -> None:
    document = parse_file(SEED)
    header, *body = seed_rows()
    (comparison,) = document.comparisons
    assert comparison.corner.text == header[0]
    assert [role.title.text for role in comparison.roles] == header[1:]
    assert [
        [dimension.name.text, *(cell.text for cell in dimension.cells)]
        for dimension in comparison.dimensions
    ] == body
    assert len(body) == 10


def test_seed_preamble_gives_title_lede_focus_role_and_summaries() -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    document = parse_file(SEED)
    assert document.title == lines[3] == "3-way comparison"
    assert document.lede.text == lines[4]
    assert document.focus_role == lines[1] == "Chief Technology Officer (CTO)"
    summaries = [role.summary.text for role in document.comparisons[0].roles]
    assert summaries == [lines[6], lines[8], lines[10]]
    # The focus card's own summary line is the CTO's summary too.
    assert lines[2] == summaries[0]
    assert document.comparisons[0].title == "3-way comparison"
    assert document.meta.slug == "cto-director-mlops"
    # The preamble is consumed into title, lede and summaries: no prose block repeats it.
    assert document.blocks == (TableRef(0, 12),)


def test_seed_lines_are_carried_for_diagnostics() -> None:
    comparison = parse_file(SEED).comparisons[0]
    assert comparison.line == 12
    assert [dimension.line for dimension in comparison.dimensions] == list(range(14, 24))


def test_canonical_form_reads_front_matter_title_lede_and_prose() -> None:
    document = parse_file(FIXTURES / "valid" / "canonical.md")
    assert document.title == "Engineering leadership roles"
    assert document.lede.text == "How the three leadership roles differ; see the career site."
    assert Span("three", bold=True) in document.lede.spans
    assert Span("career site", href="https://careers.example.com") in document.lede.spans
    meta = document.meta
    assert (meta.slug, meta.version, meta.owner, meta.effective) == (
        "eng-leadership",
        "2.1",
        "People Team",
        "2026-01-01",
    )
    assert (meta.confidentiality, meta.lang) == ("Internal", "en-GB")
    kinds = [type(block) for block in document.blocks]
    assert kinds == [
        Heading,
        Paragraph,
        TableRef,
        ListBlock,
        Quote,
        CodeBlock,
        Rule,
        Heading,
        TableRef,
    ]
    nested = document.blocks[3]
    assert isinstance(nested, ListBlock)
    assert isinstance(nested.items[0][1], ListBlock)
    assert nested.items[0][1].ordered


def test_each_table_is_titled_by_the_nearest_heading_above_it() -> None:
    document = parse_file(FIXTURES / "valid" / "canonical.md")
    assert [comparison.title for comparison in document.comparisons] == ["Scope", "Second table"]


def test_inline_markdown_in_cells_becomes_styled_spans() -> None:
    comparison = parse_file(FIXTURES / "valid" / "canonical.md").comparisons[0]
    rows = {dimension.name.text: dimension for dimension in comparison.dimensions}
    assert rows["Focus"].name.spans == (Span("Focus", bold=True),)
    assert Span("teams", code=True) in rows["Focus"].cells[1].spans
    assert comparison.roles[1].title.spans == (Span("Staff Engineer", italic=True),)
    assert rows["Pipes"].cells[0].text == "a | b"
    assert rows["Pipes"].cells[1].spans == (Span("x | y", code=True),)
    assert Span("gone", strike=True) in rows["Raw HTML"].cells[1].spans


def test_only_http_https_and_mailto_links_keep_their_target() -> None:
    comparison = parse_file(FIXTURES / "valid" / "canonical.md").comparisons[0]
    links = next(d for d in comparison.dimensions if d.name.text == "Links")
    assert [span.href for span in links.cells[0].spans if span.href] == [
        "https://example.com/h",
        "mailto:hr@example.com",
    ]
    unsafe = links.cells[1]
    assert all(span.href is None for span in unsafe.spans)
    assert "local" in unsafe.text
    assert "javascript:alert(1)" in unsafe.text  # kept as visible text, never as a link


def test_raw_html_is_text() -> None:
    comparison = parse_file(FIXTURES / "valid" / "canonical.md").comparisons[0]
    raw = next(d for d in comparison.dimensions if d.name.text == "Raw HTML")
    assert raw.cells[0].text == "<script>alert(1)</script>"
    assert raw.cells[1].text.startswith("<b>bold?</b>")


def test_bom_crlf_and_tables_without_outer_pipes_are_fine() -> None:
    document = parse_file(FIXTURES / "valid" / "bom-crlf-no-pipes.md")
    assert document.title == "Windows file"
    (comparison,) = document.comparisons
    assert [role.title.text for role in comparison.roles] == ["A", "B"]
    assert [cell.text for cell in comparison.dimensions[0].cells] == ["one", "two"]
    assert comparison.dimensions[0].line == 5


def test_table_directly_after_a_paragraph_is_found() -> None:
    document = parse_text("Intro line\n| Dimension | A |\n|---|---|\n| Scope | x |\n").document
    assert document.lede.text == "Intro line"
    assert document.comparisons[0].dimensions[0].cells[0].text == "x"


def test_short_rows_are_padded_with_a_warning() -> None:
    parsed = parse_text("| D | A | B |\n|---|---|---|\n| Scope | x |\n", "short.md")
    assert [cell.text for cell in parsed.document.comparisons[0].dimensions[0].cells] == ["x", ""]
    (warning,) = parsed.warnings
    assert (warning.line, warning.severity) == (3, "warning")
    assert "row has 2 cell(s) but the header has 3" in warning.message


def test_control_characters_are_removed_with_a_warning_naming_the_line() -> None:
    parsed = parse_text("| D | A |\n|---|---|\n| Scope | bell\x07here |\n", "ctl.md")
    assert parsed.document.comparisons[0].dimensions[0].cells[0].text == "bellhere"
    (warning,) = parsed.warnings
    assert str(warning).startswith("ctl.md:3:15: warning: removed 1 control character(s) (U+0007)")


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda path: path.stem)
def test_bad_sources_are_refused_with_path_line_and_col(case: Path) -> None:
    expected = case.with_suffix(".err").read_text(encoding="utf-8").strip()
    relative = case.relative_to(ROOT)
    with pytest.raises(SourceError) as caught:
        parse_file(relative)
    assert str(caught.value.diagnostics[0]).splitlines()[0] == expected


def test_every_error_of_a_source_is_reported_not_only_the_first() -> None:
    text = "| D | A | a |\n|---|---|---|\n| X | 1 | 2 |\n| x | 1 | 2 |\n| Y | 1 | 2 | 3 |\n"
    with pytest.raises(SourceError) as caught:
        parse_text(text, "many.md")
    lines = [(d.line, d.message.split(" ")[0]) for d in caught.value.diagnostics]
    assert lines == [(1, "role"), (4, "dimension"), (5, "row")]


def test_source_above_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text("| D | A |\n|---|---|\n| X | " + "y" * 2000 + " |\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"above the limit of 1,000"):
        parse_source(big, max_bytes=1000)
    assert parse_source(big, max_bytes=10_000).document.comparisons


@pytest.mark.parametrize(
    ("name", "line", "key"),
    [
        ("06-opensource-guide-pr-roles-zh.md", 3, "permalink"),
        ("07-pnpm-feature-comparison.md", 2, "id"),
    ],
)
def test_corpus_site_generator_keys_are_warnings_at_their_line(
    name: str, line: int, key: str
) -> None:
    parsed = parse_source(CORPUS / name)
    (warning,) = [d for d in parsed.warnings if "front matter key" in d.message]
    assert (warning.line, warning.severity) == (line, "warning")
    assert f"front matter key '{key}' is not one of jobarch's" in warning.message


def test_a_misspelt_front_matter_key_gets_a_suggestion() -> None:
    parsed = parse_text("---\ntitel: Roles\n---\n| D | A |\n|---|---|\n| X | y |\n", "typo.md")
    (warning,) = parsed.warnings
    assert (warning.line, warning.hint) == (2, "did you mean 'title'?")
    assert parsed.document.title == "typo"


@pytest.mark.parametrize(
    ("front", "profiles"),
    [
        ("", True),
        ("profiles: false\n", False),
        ("profiles: No\n", False),
        ("profiles = true\n", True),
    ],
)
def test_front_matter_switches_role_profiles(front: str, profiles: bool) -> None:
    fence = "+++" if "=" in front else "---"
    text = f"{fence}\n{front}{fence}\n| D | A | B |\n|---|---|---|\n| X | y | z |\n"
    assert parse_text(text, "switch.md").document.meta.profiles is profiles


def test_a_profiles_value_that_is_not_true_or_false_is_an_error() -> None:
    with pytest.raises(SourceError) as caught:
        parse_text("---\nprofiles: some\n---\n| D | A |\n|---|---|\n| X | y |\n", "bad.md")
    assert [str(d) for d in caught.value.diagnostics] == [
        "bad.md:2:1: error: front matter `profiles`: 'some' is not true or false\n"
        "  hint: write false to leave them out"
    ]


def test_repeated_and_empty_row_labels_keep_their_rows_with_a_warning() -> None:
    text = "| Dimension | A | B |\n|---|---|---|\n| Scope | a | b |\n"
    text += "|  | c | d |\n| scope  | e | f |\n"
    parsed = parse_text(text, "rows.md")
    (comparison,) = parsed.document.comparisons
    assert [d.name.text for d in comparison.dimensions] == ["Scope", "", "scope"]
    assert [[cell.text for cell in d.cells] for d in comparison.dimensions] == [
        ["a", "b"],
        ["c", "d"],
        ["e", "f"],
    ]
    assert [(d.line, d.severity) for d in parsed.warnings] == [(4, "warning"), (5, "warning")]
    assert "is named again (first at line 3)" in parsed.warnings[1].message


@pytest.mark.parametrize("name", ["02-career-leveling-guide.md", "08-nushell-map-other-shells.md"])
def test_corpus_files_without_front_matter_parse(name: str) -> None:
    assert parse_file(CORPUS / name).comparisons


def test_corpus_names_stand_at_their_lines(corpus_document: object) -> None:
    """Each role and dimension points at its source line (an HTML row: its `<tr>`)."""
    from exporter.model import Document

    assert isinstance(corpus_document, Document)
    source_lines = Path(corpus_document.path).read_text(encoding="utf-8").split("\n")
    for comparison in corpus_document.comparisons:
        named = [(role.title.text, role.line) for role in comparison.roles]
        named += [(d.name.text, d.line) for d in comparison.dimensions]
        for dimension in comparison.dimensions:
            assert len(dimension.cells) == len(comparison.roles)
        for name, line in named:
            # "[image: alt]" stands for an image: the word "image" is ours.
            words = [word for word in re.findall(r"\w+", name) if word != "image"]
            if words:
                near = "\n".join(source_lines[line - 1 : line + 100])
                assert words[0] in near, (name, line)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (">" * 30 + " deep text\n\n| D | A |\n|---|---|\n| X | y |\n", 1),
        (
            "".join("  " * i + "- item\n" for i in range(30))
            + "\n| D | A |\n|---|---|\n| X | y |\n",
            9,
        ),
    ],
    ids=["quotes", "lists"],
)
def test_nesting_beyond_markdown_it_limit_is_refused_not_dropped(text: str, line: int) -> None:
    with pytest.raises(SourceError, match="nested too deep for markdown-it") as caught:
        parse_text(text, "deep.md")
    assert caught.value.line == line


@pytest.mark.parametrize(
    "prose",
    [">" * 19 + " deep text", "".join("  " * i + "- item\n" for i in range(9))],
    ids=["19 quotes", "9 lists"],
)
def test_nesting_markdown_it_reads_whole_is_accepted(prose: str) -> None:
    document = parse_text(prose + "\n\n| D | A |\n|---|---|\n| X | y |\n", "deep.md").document
    assert document.blocks


def test_table_cut_short_by_markdown_it_padding_limit_is_refused() -> None:
    header = "| D | " + " | ".join(f"R{i}" for i in range(199)) + " |\n|" + "---|" * 200 + "\n"
    rows = "".join(f"| x{i} |\n" for i in range(2000))
    with pytest.raises(SourceError, match="the table stops here") as caught:
        parse_text(header + rows, "wide.md")
    assert caught.value.line == 332


def test_thousands_of_nested_emphasis_markers_keep_their_text() -> None:
    cell = "*" * 5000 + "a" + "*" * 5000
    document = parse_text(f"| D | A |\n|---|---|\n| X | {cell} |\n", "emph.md").document
    spans = document.comparisons[0].dimensions[0].cells[0].spans
    assert [(span.text, span.bold, span.italic) for span in spans] == [
        ("a", True, False)
    ]  # 2,500 nested strong pairs


def test_links_that_no_spreadsheet_cell_could_list_are_refused() -> None:
    links = " ".join(f"[l{i}](https://example.com/{'x' * 100}/{i})" for i in range(400))
    with pytest.raises(SourceError, match="the links here add up to 4") as caught:
        parse_text(f"| D | A |\n|---|---|\n| X | {links} |\n", "links.md")
    assert caught.value.line == 3


def test_over_long_cells_warn_and_over_long_names_are_refused() -> None:
    long_cell = "word " * 8000
    parsed = parse_text(f"| D | A |\n|---|---|\n| X | {long_cell} |\n", "long.md")
    assert parsed.document.comparisons[0].dimensions[0].cells[0].text == long_cell.strip()
    (warning,) = parsed.warnings
    assert (warning.line, warning.severity) == (3, "warning")
    assert "39,999 characters, above Excel's limit of 32,767" in warning.message
    with pytest.raises(SourceError, match="dimension name is 39,999 characters long") as caught:
        parse_text(f"| D | A |\n|---|---|\n| {long_cell} | y |\n", "long.md")
    assert caught.value.line == 3


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("w" * 20_001, "20,001 characters with no place to break a line; the limit is 20,000"),
        # No line breaks after an opening bracket, not even at the spaces that follow.
        ("[ a_" * 5_001, "20,004 characters with no place to break a line"),
        # Pango never breaks at a no-break space (UAX #14 class GL).
        ("a\u00a0" * 10_001, "20,001 characters with no place to break a line"),
        ("**a** b " * 3000, "text changes style 6,000 times"),
    ],
    ids=["long word", "brackets", "no-break spaces", "many runs"],
)
def test_texts_too_costly_to_lay_out_are_refused_up_front(cell: str, message: str) -> None:
    with pytest.raises(SourceError, match=message) as caught:
        parse_text(f"| D | A |\n|---|---|\n| X | {cell} |\n", "costly.md")
    assert caught.value.line == 3
    assert parse_text(f"| D | A |\n|---|---|\n| X | {'w' * 20_000} |\n", "ok.md").document
    # Text with break opportunities of other kinds passes: CJK, hyphens, zero-width spaces.
    for fine in ("\u4e2d" * 30_000, "a-" * 15_000, "ab\u200b" * 10_000):
        assert parse_text(f"| D | A |\n|---|---|\n| X | {fine} |\n", "ok.md").document


def test_a_line_longer_than_the_limit_is_refused_before_parsing() -> None:
    line = "*a **a " * 40_000
    with pytest.raises(SourceError, match="line is 280,000 characters long; the limit is 250,000"):
        parse_text(f"# T\n\n{line}\n\n| D | A |\n|---|---|\n| X | y |\n", "wide.md")


def test_more_cells_than_the_limit_are_refused_at_the_largest_table() -> None:
    small = "| D | A |\n|---|---|\n| X | y |\n\n"
    rows = "".join(f"| D{i} | a | b |\n" for i in range(1250))
    with pytest.raises(SourceError, match=r"the tables hold 2,504 cells \(header") as err:
        parse_text(small + "| D | A | B |\n|---|---|---|\n" + rows, "big.md")
    assert err.value.line == 5


def test_names_that_deceive_are_caught() -> None:
    """Lookalike letters from another script, normalisation and invisible characters make
    the same name; bidirectional controls are removed from names."""
    header = "| Dimension | CTO | \u0421TO |\n|---|---|---|\n| X | a | b |\n"
    with pytest.raises(SourceError) as caught:
        parse_text(header, "c.md")
    messages = [d.message for d in caught.value.diagnostics]
    assert messages[0] == "role '\u0421TO' appears twice (columns 2 and 3)"
    assert "\u0421 (U+0421, Cyrillic) looks like C" in messages[1]
    for twin in ("Cafe\u0301", "Caf\u00e9\u200b", "CAF\u00c9"):
        with pytest.raises(SourceError, match="appears twice"):
            parse_text(f"| Dimension | Caf\u00e9 | {twin} |\n|---|---|---|\n| X | a | b |\n")
    parsed = parse_text("| Dimension | A\u202eB |\n|---|---|\n| X | a |\n", "b.md")
    assert parsed.document.comparisons[0].roles[0].title.text == "AB"
    assert parsed.warnings[0].message == "role name 'AB': bidirectional control U+202E removed"
    cyrillic = parse_text("| Dimension | \u0421\u0422\u041e |\n|---|---|\n| X | a |\n", "ru.md")
    assert cyrillic.warnings == ()  # a name wholly in one script deceives no one


def test_character_references_to_control_characters_are_removed() -> None:
    parsed = parse_text("| D | A |\n|---|---|\n| X&#12;Y | y |\n", "ref.md")
    assert parsed.document.comparisons[0].dimensions[0].name.text == "XY"
    (warning,) = parsed.warnings
    assert (warning.line, warning.message) == (
        3,
        "removed character reference(s) to U+000C, which documents cannot show",
    )


def test_a_first_header_cell_longer_than_a_spreadsheet_cell_is_refused() -> None:
    with pytest.raises(SourceError, match="first header cell is 32,999 characters long"):
        parse_text("| " + "x " * 16500 + " | A |\n|---|---|\n| D | y |\n", "corner.md")


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_only_regular_files_are_read(kind: str, tmp_path: Path) -> None:
    """A FIFO would hang the build and /dev/zero fill memory: refused before reading."""
    path = {"fifo": tmp_path / "pipe.md", "device": Path("/dev/zero"), "folder": tmp_path}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    with pytest.raises(SourceError, match="not a regular file") as caught:
        parse_source(path)
    assert caught.value.path == str(path)


def test_file_names_are_printed_and_used_safely(tmp_path: Path) -> None:
    """An escape sequence or undecodable byte in a file name never reaches a terminal raw,
    nor a document: it is escaped in messages and replaced in titles and slugs."""
    name = os.fsdecode(b"bad\x1b[31mname\xff.md")
    path = tmp_path / name
    path.write_text("| D | A |\n|---|---|\n| X | y |\n", encoding="utf-8")
    parsed = parse_source(path)
    assert parsed.document.meta.slug == "bad_[31mname_"
    assert parsed.document.title == "bad_[31mname_"
    (warning,) = parsed.warnings
    shown = str(warning)
    assert "\x1b" not in shown
    assert "\udcff" not in shown
    assert shown.startswith(f"{tmp_path}/bad\\x1b[31mname\\udcff.md:1:1: warning: ")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        # 2,400 cells of 700 characters: over a minute of PDF layout.
        (
            "| D | A | B | C |\n|---|---|---|---|\n"
            + "".join(
                f"| R{i} | {'word ' * 140} | {'word ' * 140} | {'word ' * 140} |\n"
                for i in range(600)
            ),
            "a PDF of this source would take too long to lay out",
        ),
        # 2,001 headings: each is a bookmark and a contents entry.
        (
            "".join(f"## H{i}\n\n" for i in range(2001)) + "| D | A |\n|---|---|\n| X | y |\n",
            "the source has 2,001 headings",
        ),
        # Words just under the long-word limit, in cells: 0.3 ms a character to lay out.
        (
            "| D | A | B |\n|---|---|---|\n"
            + "".join(f"| R{i} | {'w' * 19_000} | y |\n" for i in range(8)),
            "a PDF of this source would take too long to lay out",
        ),
        # Latin and Hebrew letters alternating: no place to break, a direction change each.
        (
            "| D | A |\n|---|---|\n| X | y |\n\n" + ("a\u05d0" * 2000 + "\n\n") * 32,
            "a PDF of this source would take too long to lay out",
        ),
    ],
    ids=["big cells", "headings", "long words in cells", "alternating scripts"],
)
def test_what_a_pdf_cannot_lay_out_in_seconds_is_refused_up_front(
    source: str, message: str
) -> None:
    with pytest.raises(SourceError, match=message) as caught:
        parse_text(source, "slow.md")
    assert caught.value.line > 1  # where the source grows past the limit
    # A spreadsheet or a Word file of the same source is fine.
    assert parse_text(source, "slow.md", formats=("docx", "xlsx")).document.comparisons


def test_a_word_file_or_workbook_too_large_to_write_in_seconds_is_refused_up_front() -> None:
    roles = " | ".join(f"R{i}" for i in range(10))
    rows = "".join(f"| D{r} |" + " x |" * 10 + "\n" for r in range(3_000))
    source = f"| Dimension | {roles} |\n|{'---|' * 11}\n{rows}"
    for formats, named in ((("xlsx",), "XLSX"), (("docx", "xlsx"), "DOCX and XLSX")):
        with pytest.raises(SourceError, match=f"the limit is 30,000 per {named}\\n"):
            parse_text(source, "big.md", formats=formats)
    # A thousand rows fewer is fine.
    smaller = source[: source.index("| D2000 |")]
    assert parse_text(smaller, "big.md", formats=("docx", "xlsx")).document.comparisons


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # A delimiter row one cell short: GitHub shows the lines as text.
        ("| Dimension | A | B |\n|---|---|\n| Focus | x | y |\n", 4, "delimiter row has 2"),
        # A comment between the header and the delimiter row ends the header's paragraph.
        ("| Dimension | A | B |\n<!-- x -->\n|---|---|---|\n| Focus | x | y |\n", 5, "no header"),
        # A comment line between rows ends the table; the rows after it are text.
        ("| Dimension | A |\n|---|---|\n| Focus | x |\n<!-- note -->\n| Scope | y |\n", 7, "rows"),
    ],
)
def test_lines_meant_as_a_table_but_read_as_text_are_named(
    text: str, line: int, words: str
) -> None:
    source = "# Ladder\n\n" + text + "\n## Other\n\n| Dimension | A |\n|---|---|\n| Focus | x |\n"
    parsed = parse_text(source)
    found = {d.line: d.message for d in parsed.warnings if "read as text" in d.message}
    assert words in found[line]
    assert all(where < 8 for where in found)  # the table after it is a table


def test_prose_with_pipes_is_not_taken_for_a_table() -> None:
    source = "Use a | b or c.\n\n| Dimension | A |\n|---|---|\n| Focus | x |\n"
    assert not parse_text(source).warnings
