"""What real sources do: roles in rows, lists, HTML comments, `<br>`, HTML tables, names.

Parsing is checked on the model; what reaches the outputs is read back with pandoc (DOCX),
python-calamine (XLSX) and pypdf (PDF).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from exporter.cli import cli
from exporter.errors import SourceError
from exporter.model import Document, Layout, Paragraph
from exporter.parse import Parsed, parse_text, reading_notes
from exporter.theme import Theme

from .readers import pandoc_ast, pandoc_plain, walk
from .support import squash, write_as

LADDER = """\
---
title: Ladder
layout: page
nav_order: 3
---

<!-- markdownlint-disable MD013 -->
Levels of the ladder.

<style>
td { color: red }
</style>

## Levels

| Level | Scope | Impact |
|---|---|---|
| L1 | Own tasks<br>and small fixes | Team <!-- check this --> |
<br/>
| L2 | Projects<br/>across a quarter | Group |
| L3 | Programmes<br />over a year | Organisation <kbd>!</kbd> |

## Two lists

| Tech Lead | Engineering Manager |
|---|---|
| Code reviews | One-on-ones |
| Architecture | Hiring |
| Incident reviews | |
"""


def parse(text: str, name: str = "wild.md") -> Parsed:
    return parse_text(text, name)


def cells(sheet: list[list[Any]]) -> list[list[str]]:
    return [[str(value) for value in row] for row in sheet]


def workbook(path: Path) -> dict[str, list[list[str]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: cells(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names}


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture(scope="module")
def ladder() -> Parsed:
    return parse(LADDER, "ladder.md")


# ---------------------------------------------------------------- the model


def test_levels_run_down_the_rows_and_lists_have_no_label_column(ladder: Parsed) -> None:
    levels, lists = ladder.document.comparisons
    assert levels.layout is Layout.ROLES_IN_ROWS
    assert [role.title.text for role in levels.roles] == ["L1", "L2", "L3"]
    assert [d.name.text for d in levels.dimensions] == ["Scope", "Impact"]
    assert [cell.text for cell in levels.dimensions[0].cells] == [
        "Own tasks\nand small fixes",
        "Projects\nacross a quarter",
        "Programmes\nover a year",
    ]
    assert [role.line for role in levels.roles] == [18, 20, 21]
    assert lists.layout is Layout.LISTS
    assert [role.title.text for role in lists.roles] == ["Tech Lead", "Engineering Manager"]
    assert [[cell.text for cell in d.cells] for d in lists.dimensions] == [
        ["Code reviews", "One-on-ones"],
        ["Architecture", "Hiring"],
        ["Incident reviews", ""],
    ]
    assert all(not d.name for d in lists.dimensions)


def test_comments_style_blocks_and_spacer_rows_are_left_out_with_notes(ladder: Parsed) -> None:
    document = ladder.document
    assert document.lede.text == "Levels of the ladder."
    prose = [b.content.text for b in document.blocks if isinstance(b, Paragraph)]
    assert not any("markdownlint" in text or "color" in text for text in prose)
    assert document.comparisons[0].dimensions[1].cells[0].text == "Team"
    notes = [(note.line, note.message) for note in ladder.notes]
    assert (7, "HTML comment left out") in notes
    assert (10, "HTML <style> block left out") in notes
    assert (18, "HTML comment left out") in notes
    assert any(line == 19 and "row of only <br>" in message for line, message in notes)


def test_other_tags_stay_text_with_one_warning_per_tag(ladder: Parsed) -> None:
    impact = ladder.document.comparisons[0].dimensions[1]
    assert impact.cells[2].text == "Organisation <kbd>!</kbd>"
    warned = [d for d in ladder.warnings if "raw HTML" in d.message]
    assert [(d.line, d.message) for d in warned] == [
        (21, "raw HTML <kbd> is shown as text (2 times; the first is here)")
    ]


def test_site_generator_keys_are_warnings_that_reach_no_output(ladder: Parsed) -> None:
    keys = [
        (d.line, d.message.split("'")[1]) for d in ladder.warnings if "front matter" in d.message
    ]
    assert keys == [(3, "layout"), (4, "nav_order")]
    assert "page" not in repr(ladder.document.meta)


def test_front_matter_values_stay_as_written() -> None:
    text = '---\nversion: 1.10\nslug: 0x1F\neffective: 2026-02-30\nowner: "Ops\\x07"\n---\n'
    parsed = parse(text + "| D | A |\n|---|---|\n| X | y |\n")
    meta = parsed.document.meta
    assert (meta.version, meta.slug, meta.effective, meta.owner) == (
        "1.10",
        "0x1F",
        "2026-02-30",
        "Ops",
    )
    assert any("control character" in d.message and d.line == 5 for d in parsed.warnings)


def test_hugo_toml_front_matter() -> None:
    text = '+++\ntitle = "Roles"\nweight = 40\nversion = "2.0"\n+++\n'
    text += "\n| D | A |\n|---|---|\n| X | y |\n"
    parsed = parse(text)
    assert (parsed.document.title, parsed.document.meta.version) == ("Roles", "2.0")
    assert [(d.line, "weight" in d.message) for d in parsed.warnings] == [(3, True)]
    assert parsed.document.comparisons[0].line == 7


def test_hugo_toml_tables_and_dotted_keys_are_located_where_they_stand() -> None:
    text = (
        '+++\ntitle = "Roles"\nsite.theme = "x"\n\n[params]\nfoo = 1\n\n[[menu]]\nname = "a"\n+++\n'
    )
    text += "\n| D | A |\n|---|---|\n| X | y |\n"
    parsed = parse(text)
    found = {d.message.split("'")[1]: d.line for d in parsed.warnings}
    assert found == {"site": 3, "params": 5, "menu": 8}


@pytest.mark.parametrize(
    ("front", "comment", "expected"),
    [
        ("", "", Layout.ROLES_IN_ROWS),  # the header says so
        ("tables: roles-in-columns\n", "", Layout.ROLES_IN_COLUMNS),  # front matter wins
        ("tables: roles-in-columns\n", "<!-- jobarch: lists -->\n", Layout.LISTS),  # comment
        ("tables: roles-in-columns\n", "<!-- jobarch: auto -->\n", Layout.ROLES_IN_ROWS),
    ],
)
def test_explicit_readings_override_the_automatic_one(
    front: str, comment: str, expected: Layout
) -> None:
    head = f"---\n{front}---\n" if front else ""
    text = f"{head}{comment}| Level | Scope |\n|---|---|\n| L1 | Tasks |\n"
    (comparison,) = parse(text).document.comparisons
    assert comparison.layout is expected
    assert comparison.reading.explicit == (expected is not Layout.ROLES_IN_ROWS)


@pytest.mark.parametrize(
    ("header", "others"),
    [
        ("| Dimension | A | B |", ("roles-in-rows", "lists")),
        ("| Level | Scope | Impact |", ("roles-in-columns", "lists")),
        (
            "| Tech Lead | Engineering Manager | Staff Engineer |",
            ("roles-in-columns", "roles-in-rows"),
        ),
    ],
)
def test_a_reading_note_offers_the_readings_not_taken(header: str, others: tuple[str, str]) -> None:
    parsed = parse(f"{header}\n|---|---|---|\n| x | y | z |\n")
    (note,) = reading_notes(parsed.document)
    assert note.hint == (
        f"to read it another way, put `<!-- jobarch: {others[0]} -->` (or {others[1]}) "
        "on the line before it"
    )


def test_a_reading_comment_that_no_table_follows_is_a_warning() -> None:
    text = (
        "<!-- jobarch: lists -->\n\nSome prose.\n\n| Tech Lead | Manager |\n|---|---|\n| a | b |\n"
    )
    parsed = parse(text)
    assert parsed.document.comparisons[0].layout is Layout.LISTS  # by its own header
    assert not parsed.document.comparisons[0].reading.explicit
    (warning,) = parsed.warnings
    assert warning.line == 1
    assert "not followed by a table" in warning.message


def test_invisible_characters_in_names_are_removed_and_still_make_duplicates() -> None:
    parsed = parse("| Dimension | Lead\u200b | Cafe\u0301 |\n|---|---|---|\n| X | a | b |\n")
    roles = [role.title.text for role in parsed.document.comparisons[0].roles]
    assert roles == ["Lead", "Caf\u00e9"]
    assert [d.message for d in parsed.warnings] == [
        "role name 'Lead': invisible U+200B removed",
        "role name 'Café': put in Unicode NFC form",
    ]
    with pytest.raises(SourceError, match=r"role 'Lead' appears twice \(columns 2 and 3\)"):
        parse("| Dimension | Lead | Le\u2060ad |\n|---|---|---|\n| X | a | b |\n")


def test_no_break_and_other_unicode_spaces_in_names_become_plain_spaces() -> None:
    """`Tech&nbsp;Lead` and `Tech Lead` look alike, so they must filter alike."""
    parsed = parse(
        "| Dimension | Tech&nbsp;Lead | Staff\u2009\u2009Engineer |\n|---|---|---|\n| X | a | b |\n"
    )
    roles = [role.title.text for role in parsed.document.comparisons[0].roles]
    assert roles == ["Tech Lead", "Staff Engineer"]
    assert [d.message for d in parsed.warnings] == [
        "role name 'Tech Lead': space U+00A0 made a plain space",
        "role name 'Staff Engineer': space U+2009 made a plain space",
    ]
    with pytest.raises(SourceError, match=r"role 'Tech Lead' appears twice"):
        parse("| Dimension | Tech Lead | Tech&nbsp;Lead |\n|---|---|---|\n| X | a | b |\n")


HTML_TABLE = """\
# Roles

<table>
  <caption>Contributor ladder</caption>
  <thead>
    <tr><th>Role</th><th>Responsibilities</th><th>Privileges</th></tr>
  </thead>

  <tr>
    <td><b>Member</b></td>
    <td><p>Reviews PRs</p><p>Joins <a href="https://example.com/meet">meetings</a></p></td>
    <td>Votes<br/>on <code>RFCs</code> <a href="javascript:alert(1)">here</a></td>
  </tr>

  <tr>
    <td>Maintainer</td>
    <td>Owns a <em>module</em> <img src="x.png" alt="badge"></td>
    <td><marquee>Merges</marquee></td>
  </tr>
</table>

After the table.
"""


def test_html_tables_are_read_with_their_inline_styles_and_links() -> None:
    parsed = parse(HTML_TABLE)
    (comparison,) = parsed.document.comparisons
    assert comparison.title == "Contributor ladder"
    assert comparison.layout is Layout.ROLES_IN_ROWS
    assert [role.title.text for role in comparison.roles] == ["Member", "Maintainer"]
    assert comparison.roles[0].title.spans[0].bold
    responsibilities, privileges = comparison.dimensions
    assert [cell.text for cell in responsibilities.cells] == [
        "Reviews PRs\nJoins meetings",
        "Owns a module [image: badge]",
    ]
    assert [cell.text for cell in privileges.cells] == ["Votes\non RFCs here", "Merges"]
    links = [span.href for span in responsibilities.cells[0].spans if span.href]
    assert links == ["https://example.com/meet"]
    assert not any(span.href for span in privileges.cells[0].spans)
    assert any(span.code and span.text == "RFCs" for span in privileges.cells[0].spans)
    assert [d.message for d in parsed.warnings] == ["HTML <marquee> in a table is read as its text"]
    assert [(d.line, d.col) for d in parsed.warnings] == [(18, 9)]
    after = parsed.document.blocks[-1]
    assert isinstance(after, Paragraph)
    assert (after.content.text, after.line) == ("After the table.", 22)


def test_a_source_whose_only_table_is_refused_says_why_not_no_table() -> None:
    text = (
        "<table><tr><th>Role</th><th>A</th></tr><tr><td rowspan=2>x</td><td>y</td></tr></table>\n"
    )
    with pytest.raises(SourceError) as caught:
        parse(text)
    messages = [d.message for d in caught.value.diagnostics]
    assert len(messages) == 1
    assert "rowspan=2" in messages[0]


def test_check_verbose_names_what_was_left_out(tmp_path: Path) -> None:
    source = tmp_path / "ladder.md"
    source.write_text(LADDER, encoding="utf-8")
    quiet = CliRunner().invoke(cli, ["check", str(source)])
    loud = CliRunner().invoke(cli, ["check", "--verbose", str(source)])
    assert quiet.exit_code == loud.exit_code == 0
    assert not [line for line in quiet.stdout.splitlines() if "note: HTML" in line]
    assert f"{source}:7:1: note: HTML comment left out" in loud.stdout
    assert f"{source}:10:1: note: HTML <style> block left out" in loud.stdout
    reading = f"{source}:16:1: note: table read as roles in rows"
    assert reading in quiet.stdout
    assert reading in loud.stdout


# ---------------------------------------------------------------- the outputs


@pytest.fixture(scope="module")
def outputs(
    ladder: Parsed, tmp_path_factory: pytest.TempPathFactory, theme: Theme
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("wild")
    return {fmt: write_as(fmt, ladder.document, theme, folder) for fmt in ("docx", "xlsx", "pdf")}


def test_docx_tables_run_as_the_source_with_real_line_breaks(outputs: dict[str, Path]) -> None:
    ast = pandoc_ast(outputs["docx"])
    tables = [node for node in walk(ast["blocks"]) if node["t"] == "Table"]
    assert len(tables) == 2
    breaks = [node for node in walk(tables[0]) if node["t"] == "LineBreak"]
    assert len(breaks) == 3
    text = pandoc_plain(outputs["docx"])
    for gone in ("markdownlint", "check this", "color: red", "<br"):
        assert gone not in text
    assert "<kbd>!</kbd>" in text


def test_docx_lists_have_no_label_column(outputs: dict[str, Path]) -> None:
    from .readers import tables

    levels, lists = tables(pandoc_ast(outputs["docx"]))
    assert levels[0] == ["Level", "Scope", "Impact"]
    assert [row[0] for row in levels[1:]] == ["L1", "L2", "L3"]
    assert lists == [
        ["Tech Lead", "Engineering Manager"],
        ["Code reviews", "One-on-ones"],
        ["Architecture", "Hiring"],
        ["Incident reviews", ""],
    ]


def test_xlsx_sheets_name_roles_as_a_reader_would(outputs: dict[str, Path]) -> None:
    book = workbook(outputs["xlsx"])
    assert book["Levels"][0] == ["Level", "Scope", "Impact"]
    assert book["Levels"][1] == ["L1", "Own tasks\nand small fixes", "Team"]
    assert book["Two lists"][0] == ["Tech Lead", "Engineering Manager"]
    roles = [row[0] for row in book["Roles"][1:]]
    assert roles == ["L1", "L2", "L3", "Tech Lead", "Engineering Manager"]
    long = book["Long"]
    assert long[1][:4] == ["Levels", "L1", "Scope", "Own tasks\nand small fixes"]
    lists = [row[:4] for row in long if row[0] == "Two lists"]
    assert lists == [
        ["Two lists", "Tech Lead", "", "Code reviews"],
        ["Two lists", "Engineering Manager", "", "One-on-ones"],
        ["Two lists", "Tech Lead", "", "Architecture"],
        ["Two lists", "Engineering Manager", "", "Hiring"],
        ["Two lists", "Tech Lead", "", "Incident reviews"],
    ]
    every = "\n".join(value for sheet in book.values() for row in sheet for value in row)
    for gone in ("markdownlint", "check this", "color: red", "<br"):
        assert gone not in every


def test_pdf_breaks_lines_and_hides_what_renderers_hide(outputs: dict[str, Path]) -> None:
    text = pdf_text(outputs["pdf"])
    lines = [squash(line) for line in text.split("\n")]
    # The cell's two lines are two lines of the page, not one run of text.
    assert not any("Own tasks and small fixes" in line for line in lines)
    assert any(line.endswith("Own tasks") for line in lines)
    assert any(line.startswith("and small fixes") for line in lines)
    for gone in ("markdownlint", "check this", "color: red", "<br"):
        assert gone not in text
    assert "Incident reviews" in text


def test_an_image_reads_as_an_image_not_a_heading(theme: Theme, tmp_path: Path) -> None:
    text = "# Levels\n\nIntro.\n\n![Craftsmanship levels](levels.png)\n\n"
    text += "| Level | Scope |\n|---|---|\n| C1 | Tasks |\n"
    document: Document = parse(text).document
    paragraph = document.blocks[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.content.text == "[image: Craftsmanship levels]"
    docx = write_as("docx", document, theme, tmp_path)
    headings = [node for node in walk(pandoc_ast(docx)["blocks"]) if node["t"] == "Header"]
    assert not any("Craftsmanship" in str(node) for node in headings)
    assert "[image: Craftsmanship levels]" in pandoc_plain(docx)


def test_html_tables_leave_out_spacer_rows_and_name_their_comments() -> None:
    parsed = parse(
        "<table>\n"
        "<tr><th>Dimension</th><th>Tech Lead</th><th>Manager</th></tr>\n"
        "<tr><td>Focus</td><td>Systems</td><td>People</td></tr>\n"
        "<tr><td><br/></td><td><BR></td><td><br /></td></tr>\n"
        "<!-- reviewed in May -->\n"
        "<tr><td>Scope</td><td>Team<style>td { color: red }</style></td><td>Org</td></tr>\n"
        "</table>\n"
    )
    (comparison,) = parsed.document.comparisons
    assert [dimension.name.text for dimension in comparison.dimensions] == ["Focus", "Scope"]
    assert [cell.text for cell in comparison.dimensions[1].cells] == ["Team", "Org"]
    assert not parsed.warnings
    notes = {(d.line, d.message) for d in parsed.notes}
    assert (4, "row of only <br> left out: it spaces the table, holds no text") in notes
    assert (5, "HTML comment left out") in notes
    assert (6, "HTML <style> left out") in notes


def test_html_tables_in_quotes_and_list_items_are_read_without_their_markers() -> None:
    parsed = parse(
        "> <table>\n"
        "> <tr><th>Dimension</th><th>Tech Lead</th></tr>\n"
        ">\n"
        "> <tr><td>Focus</td><td>Systems</td></tr>\n"
        "> </table>\n"
        "\n"
        "- item\n"
        "\n"
        "  <table>\n"
        "  <tr><th>Dimension</th><th>Manager</th></tr>\n"
        "\n"
        "  <tr><td>Focus</td><td>People</td></tr>\n"
        "  </table>\n"
    )
    quoted, listed = parsed.document.comparisons
    assert [cell.text for cell in quoted.dimensions[0].cells] == ["Systems"]
    assert [cell.text for cell in listed.dimensions[0].cells] == ["People"]
    assert not parsed.warnings


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("> <table>\n>   <tr><th>Dimension</th><th>Lead</th></tr>\n", 2),
        ("> > <table>\n> >   <tr><th>Dimension</th><th>Lead</th></tr>\n", 2),
        ("- item\n\n  <table>\n    <tr><th>Dimension</th><th>Lead</th></tr>\n", 4),
        # markdown-it turns these tabs into spaces; the column counts the tabs typed.
        ("- <table>\n\t\t<tr><th>Dimension</th><th>Lead</th></tr>\n", 2),
    ],
)
def test_a_problem_in_a_quoted_html_table_points_at_its_source_column(
    source: str, line: int
) -> None:
    text = source + source.splitlines()[-1].replace("<th>Dimension</th><th>Lead</th>", "")
    text = text.replace("<tr></tr>", '<tr><td colspan="2">x</td></tr>') + "\n"
    with pytest.raises(SourceError, match="colspan=2") as caught:
        parse(text)
    row = text.splitlines()[caught.value.line - 1]
    assert caught.value.line == line + 1
    # The column is counted in the source line, its `>` markers and indentation included.
    assert row[caught.value.col - 1 :].startswith('<td colspan="2">')


def test_markdown_after_a_blank_line_in_an_html_cell_is_read_as_github_reads_it() -> None:
    parsed = parse(
        "<table>\n"
        "<tr><th>Dimension</th><th>Tech Lead</th><th>Manager</th></tr>\n"
        "<tr>\n<td>Focus</td>\n<td>\n\n"
        "**Systems** and `code`, [docs](https://example.com)\n\n"
        "- design reviews\n- on-call\n\n"
        "1. first\n2. second\n\n"
        "</td>\n"
        # No blank line: still inside the HTML block, so GitHub shows the stars.
        "<td>**People** first</td>\n"
        "</tr>\n</table>\n"
    )
    (comparison,) = parsed.document.comparisons
    lead, manager = comparison.dimensions[0].cells
    assert lead.text.split("\n") == [
        "Systems and code, docs",
        "- design reviews",
        "- on-call",
        "1. first",
        "2. second",
    ]
    styled = {span.text: span for span in lead.spans}
    assert styled["Systems"].bold
    assert styled["code"].code
    assert styled["docs"].href == "https://example.com"
    assert manager.text == "**People** first"
    assert not parsed.warnings


@pytest.mark.parametrize(
    ("cell", "text", "styled"),
    [
        # Inline HTML in a Markdown paragraph is HTML, as in the browser GitHub hands it to.
        ("\n\nfoo <b>bar</b> baz\n\n", "foo bar baz", {"bar": "bold"}),
        ("\n\n**a <em>b</em> c**\n\n", "a b c", {"b": "bold italic"}),
        ("\n\n- a <b>x</b>\n- *c*\n\n", "- a x\n- c", {"x": "bold", "c": "italic"}),
        ("\n\nuse `<b>` here\n\n", "use <b> here", {"<b>": "code"}),
        ("\n\n<https://example.com> ok\n\n", "https://example.com ok", {}),
        # Entities are decoded once, as GitHub decodes them.
        ("\n\n&#42;not em&#42; &amp;lt;b&amp;gt;\n\n", "*not em* &lt;b&gt;", {}),
        # A link reference definition shows nothing, and its link works.
        ("\n\n[x]: https://a.example\n\nsee [x]\n\n", "see x", {}),
        ("\n\n```\n<div>x</div>\n```\n\n", "<div>x</div>", {"<div>x</div>": "code"}),
        ("\n\n---\n\n- \n- b\n\n", "---\n-\n- b", {}),
        # Without a blank line it is all HTML: a newline between tags is a space.
        ("<b>a</b>\n<b>b</b>", "a b", {}),
        # Hard line breaks (a backslash, two spaces) break the line, as on GitHub.
        ("\n\nfoo\\\nbar  \nbaz\n\n", "foo\nbar\nbaz", {}),
        # Text holding the character that stands for inline HTML while styles are read.
        ("\n\n![&#xE000;](x.png) a <b>b</b>\n\n", "[image: \ue000] a b", {"b": "bold"}),
    ],
)
def test_a_cell_reads_its_markdown_and_html_as_github_shows_them(
    cell: str, text: str, styled: dict[str, str]
) -> None:
    parsed = parse(
        "<table>\n<tr><th>Dimension</th><th>Lead</th></tr>\n"
        f"<tr><td>Focus</td><td>{cell}</td></tr>\n</table>\n"
    )
    (comparison,) = parsed.document.comparisons
    (got,) = comparison.dimensions[0].cells
    assert got.text == text
    marks = {
        span.text: " ".join(name for name in ("bold", "italic", "code") if getattr(span, name))
        for span in got.spans
    }
    assert {piece: marks.get(piece) for piece in styled} == styled, got.spans


def test_html_inside_markdown_in_a_cell_is_reported_where_it_stands() -> None:
    source = (
        "<table>\n<tr><th>Dimension</th><th>A</th><th>B</th></tr>\n"
        "<tr><td>Focus</td><td>\n\n"
        "- one\n\n  <div>\n  <foo>x</foo>\n\n"  # an HTML block inside a list item
        "foo\nbar <bar>x</bar> </td><td colspan=2>y\n"  # inline HTML in a paragraph
        "</td></tr>\n</table>\n"
    )
    with pytest.raises(SourceError) as caught:
        parse(source)
    lines = source.split("\n")
    found = [(d.message, d.line, d.col) for d in caught.value.diagnostics]
    for what, text in (
        ("HTML <foo>", "<foo>"),
        ("HTML <bar>", "<bar>"),
        ("a cell with colspan=2", "<td colspan"),
    ):
        ((line, col),) = [(line, col) for message, line, col in found if message.startswith(what)]
        assert lines[line - 1][col - 1 :].startswith(text), (what, line, col)


def test_html_before_a_table_in_its_block_is_raw_html_like_any_other() -> None:
    parsed = parse(
        "# Tiers\n\n"
        "<p>Read this first.</p>\n"
        "<!-- jobarch: roles-in-rows -->\n"
        "<table>\n"
        "<tr><th>Growing</th><th>Must have</th></tr>\n"
        "<tr><td>Tier 1</td><td>Open</td></tr>\n"
        "</table>\n"
    )
    (comparison,) = parsed.document.comparisons
    assert comparison.layout is Layout.ROLES_IN_ROWS  # the comment inside the block counts
    texts = [parsed.document.lede.text] + [
        block.content.text for block in parsed.document.blocks if isinstance(block, Paragraph)
    ]
    assert any("Read this first." in text for text in texts)  # neither lost nor refused
    assert [d.message for d in parsed.warnings] == [
        "raw HTML <p> is shown as text (2 times; the first is here)"
    ]


def test_markdown_in_an_html_cell_reaches_every_output(theme: Theme, tmp_path: Path) -> None:
    document = parse(
        "<table>\n<tr><th>Dimension</th><th>Tech Lead</th></tr>\n"
        "<tr><td>Focus</td><td>\n\n"
        "**Systems** <em>first</em>\n\n- design reviews\n- on-call rota\n\n</td></tr>\n</table>\n"
    ).document
    docx, xlsx, pdf = (write_as(fmt, document, theme, tmp_path) for fmt in ("docx", "xlsx", "pdf"))
    strong = [node for node in walk(pandoc_ast(docx)["blocks"]) if node["t"] == "Strong"]
    assert any("Systems" in str(node) for node in strong)
    plain = pandoc_plain(docx)
    for line in ("Systems first", "- design reviews", "- on-call rota"):
        assert line in plain
    sheets = workbook(xlsx)
    assert any(
        "Systems first\n- design reviews\n- on-call rota" in cell
        for rows in sheets.values()
        for row in rows
        for cell in row
    ), sheets
    text = " ".join(pdf_text(pdf).split())
    for line in ("Systems first", "- design reviews", "- on-call rota"):
        assert line in text
