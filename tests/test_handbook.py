"""The handbook: every source a chapter, in a stable order, one file per format."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from python_calamine import CalamineWorkbook

from exporter.handbook import combine
from exporter.model import Heading, Paragraph, TableRef
from exporter.parse import parse_file, parse_text
from exporter.theme import Theme

from .conftest import CORPUS, SEED
from .readers import inline_text, pandoc_ast, pandoc_plain, tables, walk
from .support import document_texts, write_as

CREATED = datetime(2026, 12, 2, tzinfo=UTC)


def test_chapters_follow_front_matter_order_then_file_names() -> None:
    first = parse_text("---\norder: 2\n---\n# Two\n\n| D | A |\n|---|---|\n| x | y |\n", "b.md")
    second = parse_text("---\norder: 1\n---\n# One\n\n| D | B |\n|---|---|\n| x | y |\n", "c.md")
    unordered = parse_text("# Zed\n\n| D | C |\n|---|---|\n| x | y |\n", "a.md")
    handbook = combine(
        [unordered.document, first.document, second.document], "Handbook", "hb", CREATED
    )
    chapters = [b.content.text for b in handbook.blocks if isinstance(b, Heading) and b.level == 1]
    assert chapters == ["One", "Two", "Zed"]
    assert [c.source for c in handbook.comparisons] == ["One", "Two", "Zed"]
    assert [c.roles[0].title.text for c in handbook.comparisons] == ["B", "A", "C"]
    refs = [b.index for b in handbook.blocks if isinstance(b, TableRef)]
    assert refs == [0, 1, 2]
    assert handbook.meta.effective == "2026-12-02"


def test_a_chapters_headings_sit_under_its_title() -> None:
    guide = parse_file(CORPUS / "02-career-leveling-guide.md")
    handbook = combine([guide], "Handbook", "hb", CREATED)
    levels = [b.level for b in handbook.blocks if isinstance(b, Heading)]
    assert levels[0] == 1
    assert min(levels[1:]) == 2


def test_every_text_of_every_source_reaches_each_format(theme: Theme, tmp_path: Path) -> None:
    sources = [
        parse_file(SEED),
        parse_file(CORPUS / "09-engineeringladders-techlead-vs-em.md"),
        parse_file(CORPUS / "10-indrive-crafters-model-principles.md"),
    ]
    handbook = combine(sources, "Engineering handbook", "handbook", CREATED)
    docx = write_as("docx", handbook, theme, tmp_path)
    ast = pandoc_ast(docx)
    cells = [cell for table in tables(ast) for row in table for cell in row]
    text = "\n".join([pandoc_plain(docx), *cells])
    chapters = [inline_text(h["c"][2]) for h in walk(ast["blocks"]) if h["t"] == "Header"]
    for source in sources:
        assert source.title in chapters
        assert [t for t in document_texts(source) if t not in text] == []
    xlsx = write_as("xlsx", handbook, theme, tmp_path)
    book = CalamineWorkbook.from_path(str(xlsx))
    assert "All" in book.sheet_names
    rows = book.get_sheet_by_name("All").to_python()
    assert rows[0][:5] == ["Source", "Comparison", "Role", "Dimension", "Text"]
    assert {row[0] for row in rows[1:]} == {source.title for source in sources}


def test_each_chapter_keeps_its_facts_focus_and_label() -> None:
    # A role card (as the seed has) above the table names the source's focus role.
    lead = parse_text(
        "---\nversion: '2.1'\nowner: People team\nconfidentiality: Secret\n---\n"
        "Role\nTeam Lead\nLeads a team\nLeads\n"
        "| D | Team Lead | Staff |\n|---|---|---|\n| x | y | z |\n",
        "lead.md",
    ).document
    staff = parse_text(
        "---\nconfidentiality: Internal\n---\n# Staff\n\n| D | Team Lead | Staff |\n"
        "|---|---|---|\n| x | y | z |\n",
        "staff.md",
    ).document
    handbook = combine([lead, staff], "Handbook", "hb", CREATED)
    paragraphs = [b.content.text for b in handbook.blocks if isinstance(b, Paragraph)]
    assert "Version: 2.1 \u00b7 Owner: People team \u00b7 Confidentiality: Secret" in paragraphs
    # The handbook's running footer carries every chapter's label, the strictest included.
    assert handbook.meta.confidentiality == "Secret, Internal"
    # The first chapter is about its Team Lead; the second chapter is about no role.
    first, second = handbook.comparisons
    assert handbook.is_focus(first.roles[0], first)
    assert not handbook.is_focus(second.roles[0], second)
