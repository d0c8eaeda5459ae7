"""A theme's Word template: the DOCX starts from it, and its own styles keep their look."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Mm, RGBColor

from exporter.errors import ThemeError
from exporter.parse import parse_source, parse_text
from exporter.presentation import present
from exporter.theme import load_theme
from exporter.theme_assets import CONTENT_TYPES, WORD_DOCUMENT, WORD_TEMPLATE
from exporter.writers.docx import styled
from exporter.writers.docx.document import build

from .conftest import CORPUS
from .readers import block_text, pandoc_ast, pandoc_plain, walk
from .support import write_as
from .themes import BRANDED_SOURCE, branded_document, child_theme

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def word_template(path: Path) -> Path:
    """A template with a red Georgia Heading 1, a header of its own and boilerplate text."""
    doc = docx.Document()
    heading = doc.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    doc.sections[0].header.paragraphs[0].text = "ACME LETTERHEAD"
    doc.sections[0].header_distance = Mm(5)
    doc.add_paragraph("Boilerplate of the template")
    doc.save(str(path))
    return path


def as_dotx(docx_path: Path, dotx_path: Path) -> Path:
    """The same package saved as Word saves a template: only the main content type differs."""
    out = io.BytesIO()
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == CONTENT_TYPES:
                data = data.replace(WORD_DOCUMENT.encode(), WORD_TEMPLATE.encode())
            target.writestr(entry, data)
    dotx_path.write_bytes(out.getvalue())
    return dotx_path


def styles(path: Path) -> dict[str, ElementTree.Element]:
    with zipfile.ZipFile(path) as package:
        root = ElementTree.fromstring(package.read("word/styles.xml"))
    return {style.get(f"{W}styleId", ""): style for style in root.iter(f"{W}style")}


def texts(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as package:
        root = ElementTree.fromstring(package.read(part))
    return "".join(node.text or "" for node in root.iter(f"{W}t"))


@pytest.mark.parametrize("suffix", [".docx", ".dotx"])
def test_the_docx_starts_from_the_template_and_keeps_its_styles(
    tmp_path: Path, suffix: str
) -> None:
    template = word_template(tmp_path / "made.docx")
    folder = child_theme(tmp_path / "brand", f'[assets]\ntemplate = "brand{suffix}"\n')
    if suffix == ".dotx":
        as_dotx(template, folder / "brand.dotx")
    else:
        template.rename(folder / "brand.docx")
    theme = load_theme(str(folder))
    path = write_as("docx", branded_document(), theme, tmp_path)

    ours = styles(path)
    heading = ours["Heading1"]
    # The template's Heading 1 wins over the theme's fonts and colours...
    assert heading.find(f"{W}rPr/{W}color").get(f"{W}val") == "C00000"  # type: ignore[union-attr]
    assert heading.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Georgia"  # type: ignore[union-attr]
    # ...and the styles it lacks are made from the theme.
    lede = ours["Lede"]
    assert lede.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == theme.office_fonts.heading  # type: ignore[union-attr]
    assert lede.find(f"{W}rPr/{W}color").get(f"{W}val") == theme.colours.text[1:]  # type: ignore[union-attr]

    # Its header and its set-up stay; the footer it lacks is the theme's; its text is gone.
    assert texts(path, "word/header1.xml") == "ACME LETTERHEAD"
    section = docx.Document(str(path)).sections[0]
    assert abs((section.header_distance or 0) - Mm(5)) < Mm(0.1)
    assert abs((section.page_width or 0) - Mm(210)) < Mm(0.1)  # the theme's A4 paper
    assert "Page 1 of 1" in texts(path, "word/footer1.xml")
    plain = pandoc_plain(path)
    assert "Boilerplate" not in plain
    assert "Brand check" in plain
    assert "Engineering Manager" in plain
    # A .dotx gives a document, which Word opens as one.
    with zipfile.ZipFile(path) as package:
        assert WORD_DOCUMENT.encode() in package.read(CONTENT_TYPES)
        assert WORD_TEMPLATE.encode() not in package.read(CONTENT_TYPES)


def test_a_template_that_is_not_a_word_file_is_a_theme_error(tmp_path: Path) -> None:
    folder = child_theme(tmp_path / "brand", '[assets]\ntemplate = "brand.dotx"\n')
    (folder / "brand.dotx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme(str(folder))
    assert str(caught.value).startswith(
        f"{folder / 'theme.toml'}:3:1: error: assets.template: brand.dotx is not a Word file"
    )


def test_documents_written_one_after_another_are_as_a_fresh_process_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The writer keeps the styles it defined for each look (theme, template, language,
    # page width) for the next document: what comes out must not depend on what was
    # written before, and a template edited on disk is read again.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the same dates in every file
    brand = child_theme(tmp_path / "brand", '[assets]\ntemplate = "brand.docx"\n')
    word_template(brand / "brand.docx")
    themes = {
        "brand": load_theme(str(brand)),
        # The same template, language and width; one colour differs: the theme is the key.
        "green": load_theme(
            str(child_theme(tmp_path / "green", '[colours]\nprimary = "#008000"\n', brand))
        ),
        "plain": load_theme("default"),
    }
    french = BRANDED_SOURCE.replace("---\n", "---\nlang: fr-FR\n", 1)
    documents = {
        "en": branded_document(),
        "fr": parse_text(french, "fr.md").document,
        # All its tables are wide: every page is landscape, another width for the tab stops.
        "wide": parse_source(CORPUS / "07-pnpm-feature-comparison.md").document,
    }
    jobs = [(theme, document) for theme in themes for document in documents]

    def written(job: tuple[str, str], tag: str) -> bytes:
        theme, document = job
        path = write_as("docx", documents[document], themes[theme], tmp_path, f"{tag}-{theme}")
        return path.read_bytes()

    fresh = {}
    for job in jobs:
        styled._STYLED.clear()
        fresh[job] = written(job, "fresh")
    styled._STYLED.clear()
    # Each document twice in a row (the second from the memo), then all in another order.
    again = [job for job in jobs for _ in range(2)] + jobs[::-1]
    for number, job in enumerate(again):
        assert written(job, str(number)) == fresh[job], job

    # Two documents of one look, alive at once, each have styles of their own.
    first, second = [build(present(documents["en"], themes["plain"])) for _ in range(2)]
    assert len(first.styles.element) == len(second.styles.element) > 1

    # The template edited in place, under the same name: its new Heading 1 is the one used.
    assert '<w:color w:val="C00000"/>' in zipped(fresh["brand", "en"], "word/styles.xml")
    edited = docx.Document(str(brand / "brand.docx"))
    edited.styles["Heading 1"].font.color.rgb = RGBColor(0x00, 0x80, 0x00)
    edited.save(str(brand / "brand.docx"))
    assert '<w:color w:val="008000"/>' in zipped(
        written(("brand", "en"), "edited"), "word/styles.xml"
    )


def zipped(package: bytes, part: str) -> str:
    with zipfile.ZipFile(io.BytesIO(package)) as opened:
        return opened.read(part).decode("utf-8")


def test_a_template_without_list_definitions_still_gets_lists(tmp_path: Path) -> None:
    # Word saves no numbering part in a template that never had a list; python-docx
    # cannot make one, and the writer numbers every list there.
    made = docx.Document(str(word_template(tmp_path / "made.docx")))
    numbering = [rid for rid, rel in made.part.rels.items() if rel.reltype == RT.NUMBERING]
    for rid in numbering:
        del made.part.rels[rid]
    folder = child_theme(tmp_path / "brand", '[assets]\ntemplate = "brand.docx"\n')
    made.save(str(folder / "brand.docx"))
    with zipfile.ZipFile(folder / "brand.docx") as package:
        assert numbering
        assert "word/numbering.xml" not in package.namelist()

    path = write_as("docx", branded_document(), load_theme(str(folder)), tmp_path)
    # pandoc reads a bulleted list only from the numbering the paragraphs point to.
    lists = [node for node in walk(pandoc_ast(path)) if node["t"] == "BulletList"]
    items = [block_text(item) for found in lists for item in found["c"]]
    assert "Note 1: one line of a long list." in items
