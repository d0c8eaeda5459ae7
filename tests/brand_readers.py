"""What each output shows of a brand, read back from the file alone: colours, fonts, paper,
running texts, the logo's shape and alternative text."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTCurve, LTImage, LTLayoutContainer, LTPage, LTTextContainer
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from .support import squash

PT_TO_MM = 25.4 / 72
LOGO_MAX_PT = 40  # the title block's logo is 11 mm (31 pt) tall
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
OFFICE = "{urn:schemas-microsoft-com:office:office}"
_PDF_COLOUR = re.compile(rb"(?<![\d.])([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b")
_HEX = re.compile(r"^[0-9A-F]{6}$")
_EXCEL_CODE = re.compile(r'&"([^"]*)"|&K([0-9A-Fa-f]{6})|&\d+ ?|&[LCRPNAF]')


@dataclass
class Brand:
    """The brand values one output shows."""

    colours: set[str]  # RRGGBB
    fonts: set[str]  # family names as the format stores them (PDF: PostScript names)
    paper_mm: tuple[int, int]  # the first page's, portrait
    running: str  # the running header and footer's text, squashed
    logo_ratio: float  # width over height of the logo as drawn
    logo_alt: str


def _hex(channels: tuple[bytes, ...]) -> str:
    """PDF colour channels (0 to 1) as RRGGBB."""
    return "".join(f"{round(float(value) * 255):02X}" for value in channels)


def _paper(width: float, height: float) -> tuple[int, int]:
    short, long = sorted((width, height))
    return round(short), round(long)


# ---------------------------------------------------------------- PDF


def _dictionary(value: Any) -> DictionaryObject:
    resolved = value.get_object()
    assert isinstance(resolved, DictionaryObject)
    return resolved


def _pdf_fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = _dictionary(page["/Resources"]).get("/Font")
        for font in _dictionary(fonts).values() if fonts is not None else []:
            # "/ABCDEF+Source-Serif-4-Bold": the subset tag dropped, only letters and digits
            # kept ("SourceSerif4Bold"), as WeasyPrint and others join words differently.
            name = str(_dictionary(font)["/BaseFont"]).split("+")[-1]
            names.add(re.sub(r"[^0-9A-Za-z]", "", name))
    return names


def _logo_box(page: LTLayoutContainer) -> tuple[float, float]:
    """The topmost picture: a raster image, else the vector shapes at the top of the page."""

    def items(container: Any) -> list[Any]:
        found = []
        for item in container:
            found.append(item)
            if isinstance(item, LTLayoutContainer):
                found += items(item)
        return found

    everything = items(page)
    images = [item for item in everything if isinstance(item, LTImage)]
    if images:
        image = max(images, key=lambda found: found.y1)
        return image.width, image.height
    # Not the outlines of whole blocks (WeasyPrint draws some borders as one large shape).
    shapes = [
        item
        for item in everything
        if isinstance(item, LTCurve) and item.height < LOGO_MAX_PT and item.width < page.width / 2
    ]
    top = max(shape.y1 for shape in shapes)
    # An SVG is drawn as shapes; the logo's are those within its height of the top one.
    tallest = max(shape.height for shape in shapes if shape.y1 == top)
    logo = [shape for shape in shapes if shape.y0 >= top - tallest - 0.5]
    return (
        max(shape.x1 for shape in logo) - min(shape.x0 for shape in logo),
        top - min(shape.y0 for shape in logo),
    )


def _margin_text(page: LTPage, margins_mm: tuple[float, float, float, float]) -> str:
    """The text printed in the page's top and bottom margins: its running header and footer."""
    top, bottom = margins_mm[0] / PT_TO_MM, margins_mm[2] / PT_TO_MM
    boxes = [
        box
        for box in page
        if isinstance(box, LTTextContainer) and (box.y0 >= page.height - top or box.y1 <= bottom)
    ]
    return squash(" ".join(box.get_text() for box in boxes))


def _figure_alts(node: Any) -> list[str]:
    """The /Alt of every /Figure in a tagged PDF's structure tree, in order."""
    node = node.get_object()
    found = [str(node["/Alt"])] if node.get("/S") == "/Figure" and "/Alt" in node else []
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") and isinstance(kid.get_object(), DictionaryObject):
            found += _figure_alts(kid)
    return found


def pdf_brand(path: Path, margins_mm: tuple[float, float, float, float]) -> Brand:
    """The PDF's brand; the logo's alternative text from its structure tree (PDF/UA)."""
    reader = PdfReader(path)
    colours: set[str] = set()
    for page in reader.pages:
        contents = page.get_contents()
        assert contents is not None
        colours |= {_hex(channels) for channels in _PDF_COLOUR.findall(contents.get_data())}
    box = reader.pages[0].mediabox
    pages = list(extract_pages(path))
    width, height = _logo_box(pages[0])
    alts = _figure_alts(_dictionary(reader.trailer["/Root"])["/StructTreeRoot"])
    return Brand(
        colours=colours,
        fonts=_pdf_fonts(reader),
        paper_mm=_paper(float(box.width) * PT_TO_MM, float(box.height) * PT_TO_MM),
        running=" ".join(_margin_text(page, margins_mm) for page in pages),
        logo_ratio=width / height,
        logo_alt=alts[0] if alts else "",
    )


# ---------------------------------------------------------------- DOCX


def _docx_colours(roots: Iterable[ElementTree.Element]) -> set[str]:
    """Text colours, fills and border colours."""
    found = set()
    for root in roots:
        for element in root.iter():
            if element.tag == f"{W}color":
                value = element.get(f"{W}val")
            elif element.tag == f"{W}shd":
                value = element.get(f"{W}fill")
            else:
                value = element.get(f"{W}color")  # a border
            if value and _HEX.match(value.upper()):
                found.add(value.upper())
    return found


def docx_brand(path: Path) -> Brand:
    """The DOCX's brand: styles, body, header and footer parts."""
    with zipfile.ZipFile(path) as package:
        parts = {
            name: ElementTree.fromstring(package.read(name))
            for name in package.namelist()
            if re.fullmatch(r"word/(styles|document|header\d+|footer\d+)\.xml", name)
        }
    colours = _docx_colours(parts.values())
    fonts = {
        font.get(f"{W}ascii", "")
        for font in parts["word/styles.xml"].iter(f"{W}rFonts")
        if font.get(f"{W}ascii")
    }
    size = parts["word/document.xml"].find(f"{W}body/{W}sectPr/{W}pgSz")
    assert size is not None
    twips_mm = 25.4 / 1440
    running = [root for name, root in parts.items() if "header" in name or "footer" in name]
    extent = next(root for root in running if root.find(f".//{WP}extent") is not None)
    drawn = extent.find(f".//{WP}extent")
    described = extent.find(f".//{WP}docPr")
    assert drawn is not None
    assert described is not None
    return Brand(
        colours=colours,
        fonts=fonts,
        paper_mm=_paper(
            int(size.get(f"{W}w", "0")) * twips_mm, int(size.get(f"{W}h", "0")) * twips_mm
        ),
        running=squash(" ".join("".join(t.text or "" for t in r.iter(f"{W}t")) for r in running)),
        logo_ratio=int(drawn.get("cx", "0")) / int(drawn.get("cy", "1")),
        logo_alt=described.get("descr", ""),
    )


# ---------------------------------------------------------------- XLSX

# Excel's paper size codes: Letter, Legal, A4.
_EXCEL_PAPER = {"1": (216, 279), "5": (216, 356), "9": (210, 297)}


def _header_picture(package: zipfile.ZipFile, sheet: str) -> tuple[float, str]:
    """The aspect ratio and title of the picture a sheet's header draws, from its VML."""
    rels = ElementTree.fromstring(package.read(sheet.replace("sheets/", "sheets/_rels/") + ".rels"))
    target = next(r.get("Target", "") for r in rels if r.get("Type", "").endswith("/vmlDrawing"))
    vml = ElementTree.fromstring(package.read("xl/drawings/" + target.rsplit("/", 1)[1]))
    shape = next(element for element in vml.iter() if element.get("id") == "LH")
    size = dict(re.findall(r"(width|height):([\d.]+)pt", shape.get("style", "")))
    title = next(element for element in shape if element.tag.endswith("imagedata"))
    return float(size["width"]) / float(size["height"]), title.get(f"{OFFICE}title", "")


def xlsx_brand(path: Path) -> Brand:
    """The XLSX's brand: styles, rich text runs, each sheet's print set-up, header codes and
    header picture."""
    with zipfile.ZipFile(path) as package:
        styles = ElementTree.fromstring(package.read("xl/styles.xml"))
        names = sorted(n for n in package.namelist() if re.fullmatch(r"xl/worksheets/[^/]+", n))
        sheets = [ElementTree.fromstring(package.read(name)) for name in names]
        ratio, alt = _header_picture(package, names[0])
    colours = {
        value[-6:].upper()
        for root in (styles, *sheets)
        for element in root.iter()
        if (value := element.get("rgb")) and len(value) in (6, 8)
    }
    fonts = {
        name.get("val", "")
        for root in (styles, *sheets)
        for tag in (f"{S}name", f"{S}rFont")
        for name in root.iter(tag)
    }
    running = []
    for sheet in sheets:
        for tag in ("oddHeader", "oddFooter"):
            text = sheet.findtext(f"{S}headerFooter/{S}{tag}") or ""
            for font, colour in re.findall(r'&"([^"]*)"|&K([0-9A-Fa-f]{6})', text):
                if font:
                    fonts.add(font.split(",")[0])
                if colour:
                    colours.add(colour.upper())
            running.append(_EXCEL_CODE.sub(" ", text).replace("&&", "&"))
    setup = sheets[0].find(f"{S}pageSetup")
    assert setup is not None
    return Brand(
        colours=colours,
        fonts=fonts,
        paper_mm=_EXCEL_PAPER[setup.get("paperSize", "")],
        running=squash(" ".join(running)),
        logo_ratio=ratio,
        logo_alt=alt,
    )
