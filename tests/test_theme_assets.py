"""Theme files in the outputs: the PDF reads the folders of the theme chain and nothing
else, and a logo keeps its shape wherever it is drawn (the XLSX in its print headers)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from PIL import Image
from python_calamine import CalamineWorkbook

from exporter.parse import parse_text
from exporter.theme import load_theme
from exporter.writers.pdf.fetcher import RefusedURL, ThemeFetcher
from exporter.writers.pdf.render import render_pdf

from .brand_readers import docx_brand, pdf_brand, xlsx_brand
from .support import write_as
from .themes import DEFAULT, branded_document, child_theme

SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_an_inheriting_theme_reads_its_chain_and_nothing_else(tmp_path: Path) -> None:
    folder = child_theme(
        tmp_path / "acme", '[logo]\nfile = "mark.png"\n[assets]\ncss = "acme.css"\n'
    )
    Image.new("RGB", (300, 100), (11, 93, 59)).save(folder / "mark.png")
    (tmp_path / "elsewhere.png").write_bytes((folder / "mark.png").read_bytes())
    (folder / "acme.css").write_text(
        "h2 { color: black; }\n.lede { background: url(../elsewhere.png); }\n", encoding="utf-8"
    )
    theme = load_theme(str(folder))
    fetcher = ThemeFetcher(*theme.folders)
    render_pdf(branded_document(), theme, fetcher)
    served = {fetcher.resolve(url) for url in fetcher.requested if url not in fetcher.refused}
    assert {DEFAULT / "handbook.css", folder / "acme.css", folder / "mark.png"} <= served
    assert any(path.parent == DEFAULT / "fonts" for path in served)  # the parent's fonts
    assert all(any(path.is_relative_to(root) for root in theme.folders) for path in served)
    # acme.css is read under its chain URL (theme_urls.py), so `..` climbs out of the chain.
    assert fetcher.refused == ["file:///jobarch-theme/elsewhere.png"]


def test_the_fetcher_serves_every_root_and_no_other_folder(tmp_path: Path) -> None:
    roots = [tmp_path / "child", tmp_path / "parent", tmp_path / "other"]
    for root in roots:
        root.mkdir()
        (root / "file.css").write_text("p {}", encoding="utf-8")
    fetcher = ThemeFetcher(*roots[:2])
    for root in roots[:2]:
        assert fetcher.resolve((root / "file.css").as_uri()) == root / "file.css"
    with pytest.raises(RefusedURL, match="outside the theme folders"):
        fetcher.resolve((roots[2] / "file.css").as_uri())


def test_a_wide_logo_is_drawn_wide_in_every_format(tmp_path: Path) -> None:
    """The PDF used to force the logo into a square; the DOCX and XLSX headers keep it too."""
    folder = child_theme(tmp_path / "acme", '[logo]\nfile = "wide.png"\nalt = "Acme, wide"\n')
    Image.new("RGB", (400, 100), (11, 93, 59)).save(folder / "wide.png")
    theme = load_theme(str(folder))
    document = branded_document()
    pdf = pdf_brand(write_as("pdf", document, theme, tmp_path), theme.page.margins_mm)
    docx = docx_brand(write_as("docx", document, theme, tmp_path))
    xlsx = xlsx_brand(write_as("xlsx", document, theme, tmp_path))
    for brand in (pdf, docx, xlsx):
        assert brand.logo_ratio == pytest.approx(4, rel=0.01)
        assert brand.logo_alt == "Acme, wide"


def test_each_sheet_prints_the_logo_in_its_header_beside_its_own_links(tmp_path: Path) -> None:
    """The header picture's relationship joins those a sheet already has (its hyperlinks,
    its Excel Table), and its element stands where the schema puts it."""
    source = "| Dimension | Tech Lead |\n|---|---|\n| Guide | [ladder](https://example.com/l) |\n"
    theme = load_theme("default")
    path = write_as("xlsx", parse_text(source, "links.md").document, theme, tmp_path)
    with zipfile.ZipFile(path) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
        rels = ElementTree.fromstring(package.read("xl/worksheets/_rels/sheet1.xml.rels"))
        kinds = {rel.get("Id"): rel.get("Type", "").rsplit("/", 1)[1] for rel in rels}
        assert sorted(kinds.values()) == ["hyperlink", "table", "vmlDrawing"]
        assert len(kinds) == 3  # distinct ids
        vml_id = next(r_id for r_id, kind in kinds.items() if kind == "vmlDrawing")
        assert f'<legacyDrawingHF xmlns:r="{RELATIONSHIPS}" r:id="{vml_id}"/>' in sheet
        # After the header and footer, before the Excel Table's part: the schema's order.
        assert (
            sheet.index("</headerFooter>")
            < sheet.index("<legacyDrawingHF")
            < sheet.index("<tableParts")
        )
        assert package.read("xl/media/header-logo.png") == theme.logo.office.read_bytes()
        header = ElementTree.fromstring(sheet).findtext(f"{SHEET}headerFooter/{SHEET}oddHeader")
        assert "&G" in (header or "")
    # openpyxl and python-calamine still read the workbook.
    assert openpyxl.load_workbook(path).sheetnames == ["Comparison", "Long", "Roles"]
    assert CalamineWorkbook.from_path(str(path)).sheet_names == ["Comparison", "Long", "Roles"]
