"""The model's helpers and the shared text measures."""

from __future__ import annotations

from exporter.model import Document, Paragraph, RichText, Span, located_texts, map_text
from exporter.parse import parse_file
from exporter.text import display_width, utf16_length

from .conftest import SEED


def test_is_focus_matches_the_focus_role_exactly(seed_document: Document) -> None:
    roles = seed_document.comparisons[0].roles
    assert [seed_document.is_focus(role) for role in roles] == [True, False, False]
    unfocused = map_text(seed_document, str.upper)
    assert unfocused.focus_role == "CHIEF TECHNOLOGY OFFICER (CTO)"
    assert [unfocused.is_focus(role) for role in unfocused.comparisons[0].roles] == [
        True,
        False,
        False,
    ]


def test_map_text_reaches_every_text_and_keeps_styles() -> None:
    document = parse_file(SEED)
    shouted = map_text(document, str.upper)
    before = [text for _, text in located_texts(document)]
    after = [text for _, text in located_texts(shouted)]
    assert [text.text.upper() for text in before] == [text.text for text in after]
    styled = Paragraph(RichText((Span("a", bold=True), Span("b", href="https://x.y"))), 3)
    changed = map_text(
        Document("p.md", "t", RichText(), (), (styled,)), lambda text: text * 2
    ).blocks[0]
    assert changed == Paragraph(
        RichText((Span("aa", bold=True), Span("bb", href="https://x.y"))), 3
    )


def test_located_texts_carry_the_source_lines() -> None:
    lines = {text.text: line for line, text in located_texts(parse_file(SEED))}
    assert lines["Primary Role"] == 14
    assert lines["→ VP of Engineering"] == 23
    assert lines["Director of Engineering"] == 12


def test_text_measures() -> None:
    assert utf16_length("a😀") == 3  # a character beyond the BMP counts twice in Excel
    assert display_width("ab中文") == 6  # wide characters take two cells
