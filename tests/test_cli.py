"""Command-line tests through Click's CliRunner: output lines, exit codes, error format."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter import __version__
from exporter.cli import cli

from .conftest import SEED
from .invoke import break_writer, run

BAD_ROW = "| D | A | B |\n|---|---|---|\n| X | 1 | 2 | 3 |\n"


def visible(folder: Path) -> list[Path]:
    """The files in a folder, without the hidden lock file a build keeps there."""
    return sorted(path for path in folder.iterdir() if not path.name.startswith("."))


def test_version_and_help_on_every_command() -> None:
    code, out, _ = run("--version")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"jobarch, version {__version__}"
    for name in ("WeasyPrint", "python-docx", "openpyxl", "markdown-it-py"):
        assert re.fullmatch(rf"{name} \d+(\.\d+)+", next(x for x in lines if x.startswith(name)))
    themes = Path(lines[-1].removeprefix("built-in themes: "))
    assert (themes / "default" / "theme.toml").is_file()
    for command in ([], ["build"], ["model"]):
        code, out, _ = run(*command, "--help")
        assert code == 0
        assert "Usage: " in out


def test_build_writes_three_files_and_names_each(tmp_path: Path) -> None:
    code, out, err = run("build", str(SEED), "-o", str(tmp_path))
    assert code == 0
    assert err.startswith("jobarch: 3 written, 0 up to date, 0 removed (1 source(s), ")
    expected = [tmp_path / f"cto-director-mlops.{ext}" for ext in ("docx", "xlsx", "pdf")]
    assert out.splitlines() == [f"wrote {path}" for path in expected]
    assert all(path.stat().st_size > 1000 for path in expected)
    # No temporary file left: only the artifacts, the manifest and the folder's lock.
    assert sorted(tmp_path.iterdir()) == sorted(
        [*expected, tmp_path / "manifest.json", tmp_path / ".jobarch.lock"]
    )


def test_build_formats_can_be_chosen(tmp_path: Path) -> None:
    code, out, _ = run("build", str(SEED), "-f", "xlsx", "--format", "docx", "-o", str(tmp_path))
    assert code == 0
    assert [Path(line.split()[-1]).suffix for line in out.splitlines()] == [".docx", ".xlsx"]


def test_build_takes_a_folder_and_the_slug_from_front_matter(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    shutil.copy(SEED, sources / "seed.md")
    (sources / "other.md").write_text(
        "---\nslug: renamed\n---\n| D | A |\n|---|---|\n| X | 1 |\n", encoding="utf-8"
    )
    code, out, _ = run("build", str(sources), "-f", "xlsx", "-o", str(tmp_path / "out"))
    assert code == 0
    assert sorted(Path(line.split()[-1]).name for line in out.splitlines()) == [
        "renamed.xlsx",
        "seed.xlsx",
    ]


def test_bad_source_gives_path_line_col_exit_1_no_traceback_nothing_written(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text(BAD_ROW, encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = run("build", str(bad), "-o", str(out_dir))
    assert code == 1
    assert out == ""
    assert re.match(rf"^{re.escape(str(bad))}:3:15: error: row has 4 cells", err)
    assert "Traceback" not in err
    assert visible(out_dir) == []


def test_good_sources_build_even_when_another_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text(BAD_ROW, encoding="utf-8")
    code, out, err = run("build", str(bad), str(SEED), "-f", "xlsx", "-o", str(tmp_path / "o"))
    assert code == 1
    assert out.strip() == f"wrote {tmp_path / 'o' / 'cto-director-mlops.xlsx'}"
    assert "1 of 2 source(s) failed" in err


def test_failed_rebuild_leaves_earlier_outputs_intact(tmp_path: Path) -> None:
    source = tmp_path / "doc.md"
    shutil.copy(SEED, source)
    out_dir = tmp_path / "out"
    assert run("build", str(source), "-o", str(out_dir))[0] == 0
    before = {path.name: path.read_bytes() for path in visible(out_dir)}
    source.write_text(BAD_ROW, encoding="utf-8")
    assert run("build", str(source), "-o", str(out_dir))[0] == 1
    assert {path.name: path.read_bytes() for path in visible(out_dir)} == before


def test_two_sources_with_one_slug_are_refused_both_and_nothing_written(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(
            "---\nslug: same\n---\n| D | A |\n|---|---|\n| X | 1 |\n", encoding="utf-8"
        )
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    code, out, err = run("build", str(a), str(b), "-f", "xlsx", "-o", str(tmp_path / "out"))
    assert (code, out) == (1, "")
    assert f"{a}:1:1: error: would write the same files as {b} (same.xlsx)" in err
    assert f"{b}:1:1: error: would write the same files as {a} (same.xlsx)" in err
    assert visible(tmp_path / "out") == []


def test_missing_source_is_reported_and_the_others_still_build(tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    code, out, err = run("build", str(missing), str(SEED), "-f", "xlsx", "-o", str(tmp_path))
    assert code == 1
    assert err.splitlines()[0] == (
        f"{missing}:1:1: error: cannot read source: No such file or directory"
    )
    assert out.strip() == f"wrote {tmp_path / 'cto-director-mlops.xlsx'}"


def test_unusable_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run("build", str(SEED), "-o", str(blocker / "out"))
    assert code == 1
    assert (
        err.strip() == f"{blocker / 'out'}: error: cannot create the output folder: Not a directory"
    )


def test_unknown_style_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("build", str(SEED), "--style", "no-such-theme", "-o", str(tmp_path))
    assert code == 1
    assert "error: no theme named 'no-such-theme'" in err


def test_model_prints_the_intermediate_model_as_json() -> None:
    code, out, _ = run("model", str(SEED))
    assert code == 0
    data = json.loads(out)
    assert data["title"] == "3-way comparison"
    assert data["lede"].startswith("Compare Chief Technology Officer")
    (comparison,) = data["comparisons"]
    assert [role["title"] for role in comparison["roles"]] == [
        "Chief Technology Officer (CTO)",
        "Director of Engineering",
        "MLOps Engineer",
    ]
    assert comparison["roles"][1]["summary"] == "Leads multiple engineering teams and managers"
    first = comparison["dimensions"][0]
    assert first["name"] == "Primary Role"
    assert [cell["text"] for cell in first["cells"]][1] == (
        "Leads multiple engineering teams and managers"
    )
    assert first["cells"][1]["spans"] == [{"text": first["cells"][1]["text"]}]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "1:1: error: source is empty"),
        (b"| D | A |\n|---|---|\n| X | caf\xe9 |\n", "3:10: error: byte 0xE9 is not valid UTF-8"),
        (b"no table\n", "1:1: error: no comparison table found"),
    ],
)
def test_model_reports_bad_sources(tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "s.md"
    source.write_bytes(content)
    code, out, err = run("model", str(source))
    assert (code, out) == (1, "")
    assert err.startswith(f"{source}:{message}")


def test_an_internal_error_in_one_source_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exporter.writers import xlsx

    break_writer(monkeypatch, xlsx, "boom")
    boom = tmp_path / "boom.md"
    shutil.copy(SEED, boom)
    code, out, err = run("build", str(boom), str(SEED), "-f", "xlsx", "-o", str(tmp_path / "o"))
    assert code == 3
    assert out.strip() == f"wrote {tmp_path / 'o' / 'cto-director-mlops.xlsx'}"
    assert err.splitlines()[0] == f"{boom}: error: internal error: RuntimeError: writer bug"
    assert "--debug" in err
    assert "Traceback" not in err


def test_internal_errors_print_one_line_and_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("exporter.cli.parse_source", explode)
    code, _, err = run("model", str(SEED))
    assert code == 3
    assert err.splitlines()[0] == "jobarch: internal error: RuntimeError: boom"
    assert "--debug" in err
    assert "Traceback" not in err
    with pytest.raises(RuntimeError):
        CliRunner().invoke(cli, ["--debug", "model", str(SEED)], catch_exceptions=False)
