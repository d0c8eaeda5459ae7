"""Output names that cannot all be written: `check` and `build` refuse the same, up front."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.targets import NAME_MAX
from exporter.tempfiles import temporary_name_length

from .invoke import run

TABLE = "| D | A |\n|---|---|\n| X | 1 |\n"


def write(path: Path, text: str = TABLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def outcomes(tmp_path: Path, *sources: Path) -> tuple[tuple[int, str], tuple[int, str], Path]:
    """(check's exit and output, build's exit and errors, the output folder)."""
    code, out, _ = run("check", *map(str, sources))
    out_dir = tmp_path / "out"
    built, _, err = run("build", *map(str, sources), "-f", "xlsx", "-o", str(out_dir))
    return (code, out), (built, err), out_dir


def written(out_dir: Path) -> list[str]:
    return sorted(p.name for p in out_dir.rglob("*") if p.is_file() and p.suffix == ".xlsx")


def test_two_sources_writing_one_output_are_refused_by_check_and_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    a = write(docs / "a" / "roles.md")
    b = write(docs / "b.md", "---\nslug: roles\n---\n" + TABLE)
    other = write(docs / "more" / "roles.md")  # same slug, other folder: no clash
    c = write(tmp_path / "roles.md")  # named on its own: OUT/roles.*, like b
    (check_code, check_out), (build_code, build_err), out_dir = outcomes(tmp_path, docs, c)
    assert (check_code, build_code) == (1, 1)
    for text in (check_out, build_err):
        assert f"{b}:1:1: error: would write the same files as {c} (roles." in text
        assert f"{c}:1:1: error: would write the same files as {b}" in text
        assert str(a) not in text.replace(f"{a}:", "")  # a and other are fine
    assert written(out_dir) == ["roles.xlsx", "roles.xlsx"]  # a/ and more/ only
    assert (out_dir / "a" / "roles.xlsx").is_file()
    assert (out_dir / "more" / "roles.xlsx").is_file()
    assert not (out_dir / "roles.xlsx").exists()
    assert other.is_file()


def test_slugs_that_differ_only_in_case_are_refused(tmp_path: Path) -> None:
    upper = write(tmp_path / "Ladder.md")
    lower = write(tmp_path / "docs" / "x.md", "---\nslug: ladder\n---\n" + TABLE)
    (check_code, check_out), (build_code, build_err), out_dir = outcomes(tmp_path, upper, lower)
    assert (check_code, build_code) == (1, 1)
    for text in (check_out, build_err):
        assert f"{lower}:1:1: error: would write files whose names differ only in case" in text
        assert "they would overwrite each other on macOS and Windows" in text
    assert written(out_dir) == []


def test_names_too_long_for_the_file_system_are_refused(tmp_path: Path) -> None:
    longest_fine = "a" * 200
    assert temporary_name_length(f"{longest_fine}.docx") <= NAME_MAX
    fine = write(tmp_path / f"{longest_fine}.md")
    slug = "b" * 230  # a file name of 233 bytes, but its temporary would exceed 255
    long = write(tmp_path / "long.md", f"---\nslug: {slug}\n---\n" + TABLE)
    (check_code, check_out), (build_code, build_err), out_dir = outcomes(tmp_path, fine, long)
    assert (check_code, build_code) == (1, 1)
    for text in (check_out, build_err):
        assert f"{long}:1:1: error: output name '{slug}." in text
        assert "is too long: with the build's temporary-file prefix" in text
        assert str(fine) + ":1:1: error" not in text
    assert written(out_dir) == [f"{longest_fine}.xlsx"]


@pytest.mark.parametrize("name", ["...md", ".hidden.md"])
def test_a_named_file_whose_slug_makes_a_hidden_file_is_refused(tmp_path: Path, name: str) -> None:
    source = write(tmp_path / name)
    (check_code, check_out), (build_code, build_err), out_dir = outcomes(tmp_path, source)
    assert (check_code, build_code) == (1, 1)
    for text in (check_out, build_err):
        assert f"{source}:1:1: error: its outputs would be hidden files" in text
    assert not [p for p in out_dir.iterdir() if p.name != ".jobarch.lock"]
