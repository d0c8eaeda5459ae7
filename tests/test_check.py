"""`jobarch check`: every problem of every source, editor-style, without writing anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import cli

from .conftest import CORPUS, SEED


def check(*args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout.splitlines(), result.stderr


def test_clean_sources_pass_silently_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "seed.md"
    shutil.copy(SEED, source)
    monkeypatch.chdir(tmp_path)
    code, lines, err = check(str(source))
    # No problem: only a note on how the table was read.
    assert code == 0
    assert lines == [
        f"{source}:12:1: note: table read as roles in columns, dimensions in rows: "
        "its first header cell 'Dimension' labels the rows",
        "  hint: to read it another way, put `<!-- jobarch: roles-in-rows -->` "
        "(or lists) on the line before it",
    ]
    assert err.strip() == "checked 1 source(s): 0 error(s), 0 warning(s)"
    assert list(tmp_path.iterdir()) == [source]


def test_every_problem_of_every_source_is_listed(tmp_path: Path) -> None:
    first = tmp_path / "a.md"
    first.write_text(
        "---\ntitel: x\n---\n| D | A | a |\n|---|---|---|\n| X | 1 | 2 |\n| X | 1 |\n",
        encoding="utf-8",
    )
    second = tmp_path / "b.md"
    second.write_text("| D | A |\n|---|---|\n| X | 1 | 2 |\n", encoding="utf-8")
    code, lines, err = check(str(tmp_path))
    assert code == 1
    located = [line for line in lines if not line.startswith("  hint:")]
    assert located == [
        f"{first}:2:1: warning: front matter key 'titel' is not one of jobarch's; it is left out",
        f"{first}:4:11: error: role 'a' appears twice (columns 2 and 3)",
        f"{first}:7:3: warning: dimension 'X' is named again (first at line 6); both rows are kept",
        f"{first}:7:9: warning: row has 2 cell(s) but the header has 3: "
        "the missing cells are left empty",
        f"{second}:3:11: error: row has 3 cells but the header has 2: "
        "the extra cells would be lost",
    ]
    assert lines[1] == "  hint: did you mean 'title'?"
    assert err.strip() == "checked 2 source(s): 2 error(s), 3 warning(s)"


def test_warnings_pass_unless_strict() -> None:
    guide = CORPUS / "02-career-leveling-guide.md"
    code, lines, _ = check(str(guide))
    assert code == 0
    assert sum(": warning: " in line for line in lines) == 3
    code, _, _ = check("--strict", str(guide))
    assert code == 1


def test_the_theme_is_checked_with_style(tmp_path: Path) -> None:
    theme = tmp_path / "brand"
    theme.mkdir()
    (theme / "theme.toml").write_text('[organisation]\nname = "X"\n', encoding="utf-8")
    code, lines, _ = check("--style", str(theme), str(SEED))
    assert code == 1
    assert lines[0] == f"{theme.resolve() / 'theme.toml'}: error: missing key 'colours.primary'"
    assert all(": note: " in line or "hint:" in line for line in lines[1:])


def test_the_theme_build_would_use_is_checked_without_style(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build's default theme is ./styles/default when there is one: check reads it too."""
    project = tmp_path / "styles" / "default"
    project.mkdir(parents=True)
    (project / "theme.toml").write_text(
        'inherit = "default"\n[colours]\nprimary = "navy"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, lines, _ = check(str(SEED))
    assert code == 1
    assert lines[0].startswith(
        f"{project.resolve() / 'theme.toml'}:3:1: error: colours.primary must be a colour"
    )


def test_size_limit_is_an_option(tmp_path: Path) -> None:
    code, lines, _ = check("--max-bytes", "100", str(SEED))
    assert code == 1
    assert lines[0].startswith(f"{SEED}:1:1: error: source is 2,7")
    assert "above the limit of 100" in lines[0]


def test_limits_belong_to_the_formats_that_need_them(tmp_path: Path) -> None:
    """A PDF layout limit never refuses a spreadsheet, nor Excel's cell size a PDF."""
    long_word = tmp_path / "word.md"
    long_word.write_text(f"| D | A |\n|---|---|\n| X | {'w' * 20_001} |\n", encoding="utf-8")
    long_name = tmp_path / "name.md"
    long_name.write_text(f"| D | A |\n|---|---|\n| {'n ' * 17_000} | y |\n", encoding="utf-8")
    assert check(str(long_word))[0] == 1
    assert check(str(long_word), "-f", "pdf")[0] == 1
    assert check(str(long_word), "-f", "xlsx", "-f", "docx")[0] == 0
    assert check(str(long_name), "-f", "xlsx")[0] == 1
    assert check(str(long_name), "-f", "pdf", "-f", "docx")[0] == 0
    result = CliRunner().invoke(
        cli, ["build", str(long_word), "-f", "xlsx", "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "word.xlsx").is_file()
