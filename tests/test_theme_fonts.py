"""Fonts a theme names that a build cannot find are warnings naming the font and the key."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from exporter.cli import cli
from exporter.theme import load_theme
from exporter.theme_fonts import declared, installed

from .conftest import SEED
from .support import warnings_of
from .themes import DEFAULT, branded_document, child_theme


def test_a_print_font_neither_declared_nor_installed_is_a_pdf_warning(tmp_path: Path) -> None:
    folder = child_theme(tmp_path / "brand", '[fonts]\nbody = "Brand Grotesk No Such"\n')
    theme = load_theme(str(folder))
    warnings = warnings_of("pdf", branded_document(), theme, tmp_path)
    assert [(w.path, w.line, w.severity) for w in warnings] == [
        (str(folder / "theme.toml"), 3, "warning")
    ]
    assert warnings[0].message == (
        "fonts.body: font 'Brand Grotesk No Such' is neither declared by an @font-face rule "
        "in handbook.css nor installed; the PDF sets that text in a fallback font"
    )
    # DOCX and XLSX name Office fonts, which this theme inherits: nothing to say there.
    assert warnings_of("docx", branded_document(), theme, tmp_path) == []
    assert warnings_of("xlsx", branded_document(), theme, tmp_path) == []


def test_declared_and_installed_fonts_raise_no_warning(tmp_path: Path) -> None:
    """Source Sans 3 is declared by the default stylesheet; DejaVu Serif is installed
    (Debian's fonts-dejavu-core, which WeasyPrint's own fallback needs)."""
    folder = child_theme(tmp_path / "brand", '[fonts]\nheading = "DejaVu Serif"\n')
    theme = load_theme(str(folder))
    assert "source sans 3" in declared(theme.stylesheets)
    assert installed("DejaVu Serif")
    assert installed("dejavu serif")  # fontconfig ignores case, as CSS does
    assert not installed("Arial Totally Absent")
    assert warnings_of("pdf", branded_document(), theme, tmp_path) == []


def test_a_font_declared_in_a_child_stylesheet_counts(tmp_path: Path) -> None:
    folder = child_theme(
        tmp_path / "brand", '[fonts]\nbody = "House Sans"\n[assets]\ncss = "brand.css"\n'
    )
    (folder / "brand.css").write_text(
        "@font-face { font-family: House Sans; src: url(missing.ttf); }\n", encoding="utf-8"
    )
    theme = load_theme(str(folder))
    assert "house sans" in declared(theme.stylesheets)
    # The Office fonts default to the print ones when no theme of the chain names them.
    assert theme.office_fonts.body == "Calibri"  # inherited from [fonts.office]


def test_an_office_font_the_theme_ships_only_for_print_is_a_warning(tmp_path: Path) -> None:
    """Without [fonts.office] anywhere in its chain, a theme's Office fonts are its print
    fonts; one that the theme has to ship for its PDF is unlikely on readers' machines."""
    folder = shutil.copytree(DEFAULT, tmp_path / "standalone")
    toml = folder / "theme.toml"
    text = toml.read_text(encoding="utf-8")
    office = text[text.index("[fonts.office]") : text.index("[logo]")]
    toml.write_text(text.replace(office, ""), encoding="utf-8")
    theme = load_theme(str(folder))
    assert theme.office_fonts.body == "Source Sans 3"
    for fmt in ("docx", "xlsx"):
        warnings = warnings_of(fmt, branded_document(), theme, tmp_path)
        assert [(w.path, w.severity) for w in warnings] == [(str(folder / "theme.toml"), "warning")]
        assert warnings[0].message.startswith(
            "fonts.office.body, fonts.office.heading: font 'Source Sans 3' ships with the "
            "theme for the PDF only;"
        )


def test_check_style_warns_of_the_fonts_a_build_would_warn_of(tmp_path: Path) -> None:
    folder = child_theme(tmp_path / "brand", '[fonts]\nheading = "Brand Grotesk No Such"\n')
    toml = folder.resolve() / "theme.toml"
    for args, code in (([], 0), (["--strict"], 1)):
        result = CliRunner().invoke(cli, ["check", "--style", str(folder), *args, str(SEED)])
        assert result.exit_code == code
        assert result.stdout.splitlines()[0].startswith(
            f"{toml}:3:1: warning: fonts.heading: font 'Brand Grotesk No Such' is neither"
        )
    # Checking the Office formats only: the print font is none of their business.
    result = CliRunner().invoke(cli, ["check", "--style", str(folder), "-f", "docx", str(SEED)])
    assert "Brand Grotesk" not in result.stdout
