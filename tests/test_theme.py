"""Theme lookup: a path, else `styles/NAME` in the current folder, else the built-in themes."""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from exporter.errors import ThemeError
from exporter.theme import BUILTIN_THEMES, known_themes, load_theme, resolve_style


def copy_default(destination: Path, organisation: str) -> Path:
    """The built-in default theme copied to `destination`, its organisation renamed."""
    shutil.copytree(BUILTIN_THEMES / "default", destination)
    toml = destination / "theme.toml"
    text = toml.read_text(encoding="utf-8").replace("Meridian Labs", organisation)
    toml.write_text(text, encoding="utf-8")
    return destination


def test_the_default_theme_is_built_in_and_found_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    theme = load_theme("default")
    assert theme.root == (BUILTIN_THEMES / "default").resolve()
    assert all(path.is_file() for path in theme.stylesheets)
    assert theme.logo.file.is_file()
    assert (theme.root / "fonts" / "OFL.txt").is_file()  # the fonts travel with their licence


def test_a_project_theme_in_styles_comes_before_the_built_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_default(tmp_path / "styles" / "default", "Project Default")
    copy_default(tmp_path / "styles" / "acme", "Acme")
    monkeypatch.chdir(tmp_path)
    assert load_theme("default").organisation == "Project Default"
    assert load_theme("acme").organisation == "Acme"
    assert known_themes() == ["acme", "default"]


def test_a_path_is_used_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_default(tmp_path / "brand", "Brand")
    monkeypatch.chdir(tmp_path)
    assert load_theme(str(tmp_path / "brand")).organisation == "Brand"
    assert load_theme("brand").organisation == "Brand"  # an existing folder is a path
    assert resolve_style("./nowhere") == Path("./nowhere")
    with pytest.raises(ThemeError, match=r"no theme at './nowhere' \(no theme.toml here\)"):
        load_theme("./nowhere")


def test_a_misspelt_name_lists_the_known_themes_and_suggests_the_nearest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_default(tmp_path / "styles" / "corporate", "Corp")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ThemeError) as caught:
        load_theme("defualt")
    first, hint = str(caught.value).splitlines()
    assert first == "jobarch: error: no theme named 'defualt'"
    assert hint.startswith("  hint: did you mean 'default'? known themes: corporate, default")
    with pytest.raises(ThemeError) as caught:
        load_theme("zzzzzz")
    assert "did you mean" not in str(caught.value)


def test_the_default_fonts_are_truetype_files_that_cover_their_unicode_ranges() -> None:
    """Each @font-face names a TrueType file (read as is, no WOFF2 decoding on every run)
    whose glyphs cover the Latin letters and digits its unicode-range claims."""
    root = BUILTIN_THEMES / "default"
    css = (root / "handbook.css").read_text(encoding="utf-8")
    urls = re.findall(r'src: url\(([^)]+)\) format\("truetype"\)', css)
    assert len(urls) == css.count("@font-face") == 12
    basic = {ord(c) for c in string.ascii_letters + string.digits + "éü€"}
    for url in urls:
        font = TTFont(root / url)
        assert font.flavor is None
        covered = set(font.getBestCmap())
        if "latin-ext" in url:
            assert {0x0100, 0x0141, 0x1E9E} <= covered  # Ā, Ł, ẞ
        else:
            assert basic <= covered
