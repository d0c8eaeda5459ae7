"""Themes: lookup (a path, `styles/NAME`, built in), inheritance, validation on load."""

from __future__ import annotations

import json
import re
import shutil
import string
from pathlib import Path

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont
from PIL import Image

from exporter.cli import cli
from exporter.errors import ThemeError
from exporter.manifest import folder_sha256, theme_sha256
from exporter.theme import BUILTIN_THEMES, known_themes, load_theme, resolve_style

from .conftest import SEED
from .themes import DEFAULT, child_theme


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
    assert known_themes() == ["acme", "default", "print"]  # the project's, then built in


def test_a_path_is_used_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_default(tmp_path / "brand", "Brand")
    monkeypatch.chdir(tmp_path)
    assert load_theme(str(tmp_path / "brand")).organisation == "Brand"
    assert load_theme("brand").organisation == "Brand"  # an existing folder is a path
    assert resolve_style("./nowhere") == Path("./nowhere")
    with pytest.raises(ThemeError, match=r"no theme at './nowhere' \(no theme.toml here\)"):
        load_theme("./nowhere")


def test_a_theme_inheriting_its_own_folder_is_a_cycle(tmp_path: Path) -> None:
    folder = child_theme(tmp_path / "self", "")
    (folder / "theme.toml").write_text('inherit = "."\n', encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme(str(folder))
    assert caught.value.where == str(folder.resolve() / "theme.toml")
    assert caught.value.message == "inherit: '.' leads back to a theme of this chain"


def test_a_theme_toml_that_cannot_be_read_is_a_theme_error(tmp_path: Path) -> None:
    (tmp_path / "odd" / "theme.toml").mkdir(parents=True)  # a folder where the file goes
    with pytest.raises(ThemeError, match=r"theme.toml: error: cannot read: Is a directory"):
        load_theme(str(tmp_path / "odd"))


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


# ---------------------------------------------------------------- inheritance


def test_a_child_theme_sets_only_what_differs(tmp_path: Path) -> None:
    folder = child_theme(
        tmp_path / "acme",
        '[organisation]\nname = "Acme"\n[colours]\nprimary = "#0B5D3B"\n'
        '[document]\nconfidentiality = "Internal"\n',
    )
    parent, theme = load_theme("default"), load_theme(str(folder))
    assert (theme.organisation, theme.colours.primary) == ("Acme", "#0B5D3B")
    assert theme.confidentiality == "Internal"
    assert theme.colours.accent == parent.colours.accent
    assert (theme.fonts, theme.office_fonts, theme.page) == (
        parent.fonts,
        parent.office_fonts,
        parent.page,
    )
    assert (theme.header, theme.footer) == (parent.header, parent.footer)
    assert theme.logo.file == parent.logo.file
    assert theme.logo.alt == "Acme logo"  # "{organisation} logo", with the child's name
    assert theme.stylesheets == parent.stylesheets
    assert theme.folders == (folder.resolve(), DEFAULT)
    assert theme.where("colours.primary") == (str(folder.resolve() / "theme.toml"), 5)
    assert theme.where("colours.accent")[0] == str(DEFAULT / "theme.toml")


def test_files_are_found_in_the_folder_of_the_theme_that_names_them(tmp_path: Path) -> None:
    folder = child_theme(
        tmp_path / "acme", '[logo]\nfile = "mark.png"\n[assets]\ncss = "acme.css"\n'
    )
    (folder / "mark.png").write_bytes((DEFAULT / "logo.png").read_bytes())
    (folder / "acme.css").write_text("h2 { color: black; }\n", encoding="utf-8")
    theme = load_theme(str(folder))
    assert theme.logo.file == folder.resolve() / "mark.png"
    # Each theme's stylesheet is added after its parent's.
    assert theme.stylesheets == (DEFAULT / "handbook.css", folder.resolve() / "acme.css")


def test_a_project_theme_may_extend_the_built_in_theme_it_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`styles/default` inheriting "default" gets the built-in one, not itself; another
    project theme naming "default" gets the project's."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "styles" / "default").mkdir(parents=True)
    (tmp_path / "styles" / "default" / "theme.toml").write_text(
        'inherit = "default"\n[organisation]\nname = "Project"\n', encoding="utf-8"
    )
    (tmp_path / "styles" / "acme").mkdir()
    (tmp_path / "styles" / "acme" / "theme.toml").write_text(
        'inherit = "default"\n[colours]\naccent = "#FF0000"\n', encoding="utf-8"
    )
    theme = load_theme("acme")
    assert (theme.organisation, theme.colours.accent) == ("Project", "#FF0000")
    assert theme.folders == (
        (tmp_path / "styles" / "acme").resolve(),
        (tmp_path / "styles" / "default").resolve(),
        DEFAULT,
    )
    assert load_theme("default").organisation == "Project"


def test_a_relative_inherit_path_is_taken_from_the_theme_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(DEFAULT, tmp_path / "themes" / "base")
    (tmp_path / "themes" / "acme").mkdir()
    (tmp_path / "themes" / "acme" / "theme.toml").write_text(
        'inherit = "../base"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path / "themes")  # anywhere: the path is the theme folder's
    assert load_theme(str(tmp_path / "themes" / "acme")).organisation == "Meridian Labs"


@pytest.mark.parametrize(
    ("inherit", "message", "hint"),
    [
        ('"defualt"', "inherit: no theme named 'defualt'", "did you mean 'default'?"),
        ('"./nowhere"', "inherit: no theme at './nowhere' (no theme.toml in ", ""),
        ("3", "inherit must be a theme name or a path, got 3", ""),
    ],
)
def test_a_missing_parent_is_an_error_naming_the_file(
    tmp_path: Path, inherit: str, message: str, hint: str
) -> None:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "theme.toml").write_text(f"inherit = {inherit}\n", encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme(str(folder))
    assert caught.value.where == str(folder.resolve() / "theme.toml")
    assert caught.value.message.startswith(message)
    assert caught.value.hint.startswith(hint)


def test_an_inheritance_cycle_is_an_error(tmp_path: Path) -> None:
    for name, parent in (("a", "../b"), ("b", "../c"), ("c", "../a")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "theme.toml").write_text(f'inherit = "{parent}"\n', encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme(str(tmp_path / "a"))
    assert caught.value.where == str(tmp_path / "c" / "theme.toml")
    assert caught.value.message == "inherit: '../a' leads back to a theme of this chain"
    assert caught.value.hint.endswith(
        f"{tmp_path / 'a'} -> {tmp_path / 'b'} -> {tmp_path / 'c'} -> {tmp_path / 'a'}"
    )


def refused_child(tmp_path: Path, toml: str) -> tuple[Path, ThemeError]:
    """A child theme of the default adding `toml`, and the error loading it raises."""
    folder = child_theme(tmp_path / "acme", toml)
    with pytest.raises(ThemeError) as caught:
        load_theme(str(folder))
    return folder, caught.value


@pytest.mark.parametrize(
    ("toml", "message", "hint", "line"),
    [
        (
            "[colour]\nprimary = '#000000'\n",
            "unknown section [colour]",
            "did you mean 'colours'",
            2,
        ),
        ("[colours]\nprimry = '#000000'\n", "unknown key 'colours.primry'", "did you mean", 3),
        ("[fonts.ofice]\nbody = 'Arial'\n", "unknown section [fonts.ofice]", "did you mean", 2),
        ("[footer]\nright = '{page} / {total}'\n", "footer.right: unknown placeholder", "", 3),
        ('[header]\nleft = "{title"\n', "header.left: expected '}' before end of string", "", 3),
        ('[logo]\nalt = "{title} logo"\n', "logo.alt: unknown placeholder {title}", "", 3),
        ('[colours]\nprimary = "navy"\n', "colours.primary must be a colour like #1F3A5F", "", 3),
        ("[colours.primary]\nr = 1\n", "unknown section [colours.primary]", "", 2),
        ("[fonts.office]\nbody = 'Calibri, Arial'\n", "fonts.office.body must be one font", "", 3),
        # XML cannot hold C0 controls: the DOCX and XLSX writers would fail on them.
        (
            '[organisation]\nname = "A\\u0001B"\n',
            "organisation.name holds the control character U+0001",
            "",
            3,
        ),
        (
            '[document]\nconfidentiality = "Secret\\u0008"\n',
            "document.confidentiality holds the control character U+0008",
            "",
            3,
        ),
        (
            '[footer]\nleft = "\\u009b{page}"\n',
            "footer.left holds the control character U+009B",
            "",
            3,
        ),
    ],
)
def test_a_wrong_key_is_an_error_naming_the_file_the_line_and_the_key(
    tmp_path: Path, toml: str, message: str, hint: str, line: int
) -> None:
    folder, caught = refused_child(tmp_path, toml)
    assert caught.where == str(folder.resolve() / "theme.toml")
    assert caught.message.startswith(message)
    assert caught.hint.startswith(hint)
    # Line 1 is the `inherit` line child_theme writes; every key and header starts a line.
    assert (caught.line, caught.col) == (line, 1)
    assert str(caught).startswith(f"{folder.resolve() / 'theme.toml'}:{line}:1: error: ")


@pytest.mark.parametrize(
    ("toml", "line", "col", "message"),
    [
        ("[colours\nprimary = 1\n", 2, 9, "not valid TOML: Expected ']' at the end of a table"),
        ("x = [1,\n", 2, 8, "not valid TOML: Invalid value"),
        ('[colours]\n  primary = "#12345"\n', 3, 3, "colours.primary must be a colour"),
    ],
)
def test_a_theme_error_points_at_the_line_and_column(
    tmp_path: Path, toml: str, line: int, col: int, message: str
) -> None:
    _, caught = refused_child(tmp_path, toml)
    assert (caught.line, caught.col) == (line, col)
    assert caught.message.startswith(message)
    assert "(at line" not in caught.message  # said once, as the place


@pytest.mark.parametrize(
    ("toml", "line"),
    [
        # Text that looks like the key inside a multi-line string is not the key.
        ('[colours]\nnote = """\nprimary = "x"\n"""\nprimary = "bad"\n', 6),
        # Nor is a table header inside one.
        (
            '[organisation]\nname = """\n[colours]\nprimary = 1\n"""\n[colours]\nprimary = "bad"\n',
            8,
        ),
        # A quoted key holding `=` is another key.
        ('[colours]\n"primary=x" = 1\nprimary = "bad"\n', 4),
        # A key of an inline table has no line of its own: none is named, rather than one
        # that is wrong.
        ('colours = { primary = "bad" }\n', 0),
    ],
)
def test_a_key_is_placed_only_where_toml_sets_it(tmp_path: Path, toml: str, line: int) -> None:
    _, caught = refused_child(tmp_path, toml)
    assert caught.line == line, caught


def test_a_theme_toml_that_is_not_utf8_points_at_the_bad_byte(tmp_path: Path) -> None:
    folder = child_theme(tmp_path / "acme", "")
    (folder / "theme.toml").write_bytes(b'inherit = "default"\nname = "Ac\xe9me"\n')
    with pytest.raises(ThemeError) as caught:
        load_theme(str(folder))
    assert (caught.value.line, caught.value.col) == (2, 11)
    assert caught.value.message == "not valid TOML: not UTF-8 text (byte 0xE9)"


def test_a_bad_asset_is_reported_at_the_key_that_names_it(tmp_path: Path) -> None:
    folder = child_theme(tmp_path / "acme", '\n[logo]\nfile = "mark.png"\n')
    (folder / "mark.png").write_text("not a picture", encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme(str(folder))
    assert (caught.value.line, caught.value.col) == (4, 1)
    assert caught.value.message.startswith("logo.file: mark.png is not a PNG image")


def test_an_inherit_error_points_at_the_inherit_line(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "theme.toml").write_text('# Acme\n\ninherit = "defualt"\n', encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme(str(folder))
    assert (caught.value.line, caught.value.col) == (3, 1)
    assert "did you mean 'default'" in caught.value.hint


def test_check_reports_a_theme_error_with_its_line_in_every_format(tmp_path: Path) -> None:
    folder = child_theme(tmp_path / "acme", "[colours]\nprimary = 'navy'\n")
    toml = str(folder.resolve() / "theme.toml")
    runner = CliRunner()
    base = ["check", str(SEED), "--style", str(folder)]
    text = runner.invoke(cli, base)
    assert f"{toml}:3:1: error: colours.primary" in text.output
    github = runner.invoke(cli, [*base, "--format", "github"])
    assert f"::error file={toml},line=3,col=1," in github.output
    data = json.loads(runner.invoke(cli, [*base, "--format", "json"]).stdout)
    found = [d for d in data["diagnostics"] if d["path"] == toml]
    assert [(d["line"], d["col"]) for d in found] == [(3, 1)]


def test_an_unknown_key_in_an_inherited_theme_names_that_theme(tmp_path: Path) -> None:
    parent = child_theme(tmp_path / "base", "[page]\npaper = 'A4'\n")
    child = child_theme(tmp_path / "acme", "", parent=parent)
    with pytest.raises(ThemeError) as caught:
        load_theme(str(child))
    assert caught.value.where == str(parent.resolve() / "theme.toml")
    assert caught.value.message == "unknown key 'page.paper'"


# ---------------------------------------------------------------- logo


def picture(path: Path, size: tuple[int, int], fmt: str) -> Path:
    """A real image file of that size and format."""
    Image.new("RGB", size, (31, 58, 95)).save(path, fmt)
    return path


SVG = '<svg xmlns="http://www.w3.org/2000/svg" {size}><rect width="40" height="10"/></svg>'


def test_a_logo_keeps_its_size_and_an_svg_logo_has_a_raster_twin(tmp_path: Path) -> None:
    folder = child_theme(
        tmp_path / "acme", '[logo]\nfile = "wordmark.svg"\noffice = "wordmark.png"\n'
    )
    (folder / "wordmark.svg").write_text(SVG.format(size='viewBox="0 0 40 10"'))
    picture(folder / "wordmark.png", (400, 100), "PNG")
    logo = load_theme(str(folder)).logo
    assert (logo.width, logo.height, logo.ratio) == (40, 10, 4)
    assert logo.office == folder.resolve() / "wordmark.png"
    (folder / "wordmark.svg").write_text(SVG.format(size='width="60mm" height="15mm"'))
    assert load_theme(str(folder)).logo.ratio == pytest.approx(4)


@pytest.mark.parametrize(
    ("files", "toml", "message"),
    [
        (
            {"logo.png": b"just some text, renamed"},
            'file = "logo.png"',
            "logo.file: logo.png is not a PNG image (Pillow cannot read it)",
        ),
        ({"logo.png": "JPEG"}, 'file = "logo.png"', "logo.file: logo.png holds a JPEG image"),
        ({"logo.png": "cut"}, 'file = "logo.png"', "logo.file: logo.png is a damaged image"),
        (
            {"logo.svg": SVG.format(size='viewBox="0 0 40 10"').encode()},
            'file = "logo.svg"',
            "logo.office: logo.svg is SVG, which DOCX cannot embed",
        ),
        (
            {"logo.svg": SVG.format(size='viewBox="0 0 40 10"').encode(), "logo.png": "PNG"},
            'file = "logo.svg"\noffice = "logo.png"',
            "logo.office: logo.png (20x20) is not shaped like logo.svg (40x10)",
        ),
        (
            {"logo.svg": SVG.format(size="").encode()},
            'file = "logo.svg"',
            "logo.file: logo.svg gives no size",
        ),
        ({"logo.svg": b"<html></html>"}, 'file = "logo.svg"', "logo.file: logo.svg is not an SVG"),
        ({"logo.gif": "GIF"}, 'file = "logo.gif"', "logo.file must be one of .png, .jpg"),
    ],
)
def test_a_logo_that_is_not_a_usable_image_is_a_theme_error(
    tmp_path: Path, files: dict[str, bytes | str], toml: str, message: str
) -> None:
    folder = child_theme(tmp_path / "acme", f"[logo]\n{toml}\n")
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        elif content == "cut":
            whole = picture(folder / name, (64, 64), "PNG").read_bytes()
            (folder / name).write_bytes(whole[: len(whole) // 2])
        else:
            picture(folder / name, (20, 20), content)
    with pytest.raises(ThemeError) as caught:
        load_theme(str(folder))
    assert caught.value.where == str(folder.resolve() / "theme.toml")
    assert caught.value.message.startswith(message)


def test_check_style_reports_a_logo_that_is_not_an_image(tmp_path: Path) -> None:
    folder = child_theme(tmp_path / "acme", '[logo]\nfile = "logo.png"\n')
    (folder / "logo.png").write_text("<svg>not really a png</svg>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--style", str(folder), str(SEED)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(
        f"{folder.resolve() / 'theme.toml'}:3:1: error: logo.file: logo.png is not a PNG image"
    )


def test_editing_an_inherited_theme_changes_the_digest_builds_are_cached_under(
    tmp_path: Path,
) -> None:
    """The manifest's theme digest covers the folders of the whole chain."""
    parent = shutil.copytree(DEFAULT, tmp_path / "base")
    child = child_theme(tmp_path / "acme", '[organisation]\nname = "Acme"\n', parent=parent)
    folders = load_theme(str(child)).folders
    before = theme_sha256(*folders)
    with (parent / "handbook.css").open("a", encoding="utf-8") as css:
        css.write("h2 { color: red; }\n")
    assert theme_sha256(*folders) != before
    # A theme that inherits nothing keeps the digest of its own folder.
    assert theme_sha256(parent) == folder_sha256(parent)
