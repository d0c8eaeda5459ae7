"""No brand value is written into the code: every colour, font and text of a theme reaches
each format, and switching themes changes all three."""

from __future__ import annotations

import re
from dataclasses import astuple
from pathlib import Path

import pytest

from exporter.placeholders import parse
from exporter.theme import Colours, Theme, load_theme

from .brand_readers import Brand, docx_brand, pdf_brand, xlsx_brand
from .support import squash, write_as
from .themes import BUILTIN, branded_document, child_theme

# A label only the theme gives: the source's front matter names none.
CONFIDENTIALITY = "Staff only"


def compact(text: str) -> str:
    """Text without spaces or punctuation, case-folded: as a PDF names a font family
    ("Source Sans 3" -> sourcesans3) or letter-spaced capitals read back ("M E R I D I A N")."""
    return re.sub(r"[\W_]", "", text).casefold()


@pytest.fixture(scope="module", params=["default", "print"])
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Theme, dict[str, Brand]]:
    """A built-in theme (with a confidentiality label of its own) and what each format shows."""
    folder = tmp_path_factory.mktemp(request.param)
    theme_dir = child_theme(
        folder / "theme",
        f'[document]\nconfidentiality = "{CONFIDENTIALITY}"\n',
        parent=BUILTIN / request.param,
    )
    theme = load_theme(str(theme_dir))
    document = branded_document()
    return theme, {
        "pdf": pdf_brand(write_as("pdf", document, theme, folder), theme.page.margins_mm),
        "docx": docx_brand(write_as("docx", document, theme, folder)),
        "xlsx": xlsx_brand(write_as("xlsx", document, theme, folder)),
    }


def running_literals(theme: Theme) -> list[str]:
    """The words the theme's running header and footer print as they are."""
    texts = astuple(theme.header) + astuple(theme.footer)
    return [squash(piece) for text in texts for piece in parse(text) if isinstance(piece, str)]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_every_colour_of_the_theme_reaches_the_output(
    built: tuple[Theme, dict[str, Brand]], fmt: str
) -> None:
    theme, brands = built
    expected = {Colours.hex(colour) for colour in astuple(theme.colours)}
    assert expected <= brands[fmt].colours


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_every_font_of_the_theme_reaches_the_output(
    built: tuple[Theme, dict[str, Brand]], fmt: str
) -> None:
    """The PDF embeds the print fonts; DOCX and XLSX name the Office fonts."""
    theme, brands = built
    if fmt == "pdf":
        # Embedded under their PostScript names: family, then style (SourceSerif4Bold).
        embedded = {compact(name) for name in brands[fmt].fonts}
        for family in (theme.fonts.body, theme.fonts.heading, theme.fonts.mono):
            assert any(name.startswith(compact(family)) for name in embedded), family
    else:
        fonts = theme.office_fonts
        assert {fonts.body, fonts.heading, fonts.mono} <= brands[fmt].fonts


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_every_text_and_the_paper_of_the_theme_reach_the_output(
    built: tuple[Theme, dict[str, Brand]], fmt: str
) -> None:
    theme, brands = built
    brand = brands[fmt]
    running = compact(brand.running)  # the PDF prints some boxes in spaced capitals
    for text in (theme.organisation, CONFIDENTIALITY, "Brand check", *running_literals(theme)):
        assert compact(text) in running, text
    short, long = theme.page.short_long_mm
    assert brand.paper_mm == (round(short), round(long))


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_the_logo_keeps_its_shape_and_its_alternative_text(
    built: tuple[Theme, dict[str, Brand]], fmt: str
) -> None:
    theme, brands = built
    assert brands[fmt].logo_ratio == pytest.approx(theme.logo.ratio, rel=0.02)
    assert brands[fmt].logo_alt == theme.logo.alt == f"{theme.organisation} logo"


def test_switching_themes_changes_all_three_formats(tmp_path: Path) -> None:
    """Built from the same source, the default and the print theme differ in every format
    in colours, fonts and paper."""
    document = branded_document()
    found: dict[str, list[Brand]] = {"pdf": [], "docx": [], "xlsx": []}
    for name in ("default", "print"):
        theme = load_theme(str(BUILTIN / name))
        folder = tmp_path / name
        folder.mkdir()
        pdf = write_as("pdf", document, theme, folder)
        found["pdf"].append(pdf_brand(pdf, theme.page.margins_mm))
        found["docx"].append(docx_brand(write_as("docx", document, theme, folder)))
        found["xlsx"].append(xlsx_brand(write_as("xlsx", document, theme, folder)))
    for fmt, (default, printed) in found.items():
        assert default.colours != printed.colours, fmt
        assert default.fonts != printed.fonts, fmt
        assert (default.paper_mm, printed.paper_mm) == ((210, 297), (216, 279)), fmt
