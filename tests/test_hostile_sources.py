"""A source written to attack its readers: every trick stays text, nothing is fetched."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from exporter.parse import parse_text
from exporter.theme import Theme
from exporter.writers import get_writer
from exporter.writers.pdf.fetcher import ThemeFetcher
from exporter.writers.pdf.render import render_pdf

from .readers import pandoc_plain
from .support import squash

HOSTILE = """\
# Roles <script>alert(1)</script>

<link rel="attachment" href="file:///etc/passwd">
<style>body { background: url(file:///etc/passwd) }</style>

| Dimension | Engineer | Manager |
|---|---|---|
| Images | ![secret](file:///etc/passwd) | ![remote](http://example.com/x.png) |
| Raw | <img src="file:///etc/passwd"> | <iframe src="http://example.com"></iframe> |
| Links | [run](javascript:alert(1)) and [file](file:///etc/passwd) | [ok](https://example.com) |
| Formulas | =HYPERLINK("http://evil","x") | @SUM(1) |
"""
LITERALS = [
    "<script>alert(1)</script>",
    '<link rel="attachment" href="file:///etc/passwd">',
    '<img src="file:///etc/passwd">',
    '<iframe src="http://example.com"></iframe>',
    "[run](javascript:alert(1))",
    '=HYPERLINK("http://evil","x")',
    "@SUM(1)",
]


def test_pdf_reads_nothing_outside_the_theme_and_shows_the_html_as_text(theme: Theme) -> None:
    document = parse_text(HOSTILE, "hostile.md").document
    fetcher = ThemeFetcher(theme.root)
    pdf, _ = render_pdf(document, theme, fetcher)
    assert fetcher.refused == []  # nothing outside the theme was even asked for
    assert all(fetcher.resolve(url).is_relative_to(theme.root) for url in fetcher.requested)
    reader = PdfReader(io.BytesIO(pdf))
    # Long tokens wrap inside the cell, so compare with line breaks and spaces taken out.
    text = re.sub(r"\s+", "", " ".join(page.extract_text() for page in reader.pages))
    for literal in LITERALS:
        assert re.sub(r"\s+", "", literal) in text
    # A <style> block is never shown, as no renderer shows one; nor is it applied.
    assert "background" not in text
    assert "secret" in text
    assert "remote" in text  # images are never fetched: their alt text stands in
    targets = [
        str(annotation.get_object().get("/A", {}).get("/URI", ""))
        for page in reader.pages
        for annotation in page.get("/Annots", []) or []
    ]
    # The one safe link, in its cell and again in its role's profile.
    assert [target for target in targets if target] == ["https://example.com"] * 2
    assert b"/JavaScript" not in pdf
    assert b"/EmbeddedFile" not in pdf


def test_docx_links_only_to_the_web_and_shows_the_html_as_text(
    theme: Theme, tmp_path: Path
) -> None:
    document = parse_text(HOSTILE, "hostile.md").document
    path = tmp_path / "hostile.docx"
    get_writer("docx").write(document, theme, path)
    text = pandoc_plain(path)
    for literal in LITERALS:
        assert squash(literal) in text
    assert "background" not in text
    with zipfile.ZipFile(path) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    targets = re.findall(r'Target="([^"]+)"[^>]*TargetMode="External"', rels)
    assert targets == ["https://example.com"]


def test_xlsx_stores_formula_lookalikes_as_text(theme: Theme, tmp_path: Path) -> None:
    document = parse_text(HOSTILE, "hostile.md").document
    path = tmp_path / "hostile.xlsx"
    get_writer("xlsx").write(document, theme, path)
    with zipfile.ZipFile(path) as package:
        sheets = [name for name in package.namelist() if name.startswith("xl/worksheets/")]
        assert not any(
            b"<f>" in package.read(name) or b"<f " in package.read(name) for name in sheets
        )
        rels = "".join(
            package.read(name).decode() for name in package.namelist() if name.endswith(".rels")
        )
    assert "javascript:" not in rels
    assert "file:" not in rels
    wide = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Comparison").to_python()
    cells = {row[0]: row[1:] for row in wide}
    assert cells["Formulas"] == ['=HYPERLINK("http://evil","x")', "@SUM(1)"]
    assert cells["Raw"] == [
        '<img src="file:///etc/passwd">',
        '<iframe src="http://example.com"></iframe>',
    ]
