"""Folders in, a tree out: what a walk takes, skips and notes, and where outputs go."""

from __future__ import annotations

from pathlib import Path

from exporter.walk import find_sources

from .invoke import run
from .unprivileged import run_unprivileged

TABLE = "| D | A |\n|---|---|\n| X | 1 |\n"


def write(path: Path, text: str = TABLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def artifacts(out_dir: Path) -> list[str]:
    """Every artifact below the folder, relative, without the manifest and hidden files."""
    return sorted(
        path.relative_to(out_dir).as_posix()
        for path in out_dir.rglob("*")
        if path.is_file() and not path.name.startswith(".") and path.name != "manifest.json"
    )


def test_outputs_keep_the_folder_structure(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs / "eng" / "ladder.md")
    write(docs / "eng" / "platform" / "sre.md", "---\nslug: site-reliability\n---\n" + TABLE)
    write(docs / "top.md")
    out_dir = tmp_path / "out"
    code, out, _ = run("build", str(docs), "-f", "xlsx", "-o", str(out_dir))
    assert code == 0
    assert artifacts(out_dir) == [
        "eng/ladder.xlsx",
        "eng/platform/site-reliability.xlsx",
        "top.xlsx",
    ]
    assert out.splitlines() == [
        f"wrote {out_dir / 'eng' / 'ladder.xlsx'}",
        f"wrote {out_dir / 'eng' / 'platform' / 'site-reliability.xlsx'}",
        f"wrote {out_dir / 'top.xlsx'}",
    ]


def test_hidden_ignored_and_excluded_entries_are_skipped(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    write(repository / ".gitignore", "drafts/\n*.wip.md\n")
    docs = repository / "docs"
    write(docs / "kept.md")
    write(docs / ".hidden.md")
    write(docs / ".private" / "secret.md")
    write(docs / "drafts" / "draft.md")  # ignored by the repository's top .gitignore
    write(docs / "a.wip.md")
    write(docs / "team" / ".gitignore", "*.md\n!keep-me.md\n")  # a nested .gitignore
    write(docs / "team" / "ignored.md")
    write(docs / "team" / "keep-me.md")
    write(docs / "archive" / "old.md")
    write(docs / "notes" / "scratch.md")
    found = find_sources([docs], excludes=["archive/", "scratch.md"])
    assert [source.path for source in found.sources] == [
        docs / "kept.md",
        docs / "team" / "keep-me.md",
    ]
    assert found.problems == []


def test_a_bad_gitignore_line_is_skipped_with_a_located_warning(tmp_path: Path) -> None:
    """Git skips a line that is no pattern; so do we, but we say so, with its line."""
    docs = tmp_path / "docs"
    (docs / ".git").mkdir(parents=True)
    write(docs / ".gitignore", "drafts/\n[z-a]\n!\n*.wip.md\n")
    write(docs / "kept.md")
    write(docs / "a.wip.md")
    write(docs / "drafts" / "draft.md")
    found = find_sources([docs])
    # The good lines around the bad ones still count.
    assert [source.path.name for source in found.sources] == ["kept.md"]
    located = [(p.path, p.line, p.severity) for p in found.problems]
    gitignore = str(docs / ".gitignore")
    assert located == [(gitignore, 2, "warning"), (gitignore, 3, "warning")]
    assert "'[z-a]'" in found.problems[0].message
    code, out, _ = run("check", str(docs))
    assert code == 0
    assert f"{gitignore}:2:1: warning: ignored line '[z-a]'" in out


def test_a_bad_exclude_pattern_is_a_usage_error(tmp_path: Path) -> None:
    docs = write(tmp_path / "docs" / "a.md").parent
    out_dir = tmp_path / "out"
    for command in (("check",), ("build", "-o", str(out_dir))):
        code, out, err = run(*command, str(docs), "--exclude", "[z-a]")
        assert code == 2, (command, out, err)
        # The reason names no position in a regular expression the user never wrote.
        assert err.strip() == (
            "jobarch: error: --exclude '[z-a]': not a gitignore pattern: bad character range z-a"
        )
    assert not out_dir.exists()


def test_a_repository_gitignore_problem_is_told_once_for_two_folders(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "!\n")
    first, second = write(tmp_path / "a" / "x.md").parent, write(tmp_path / "b" / "y.md").parent
    found = find_sources([first, second])
    assert [(p.path, p.line) for p in found.problems] == [(str(tmp_path / ".gitignore"), 1)]


def test_gitignore_files_count_only_inside_a_repository(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs / ".gitignore", "*.md\n")
    write(docs / "a.md")
    assert [source.path.name for source in find_sources([docs]).sources] == ["a.md"]
    (docs / ".git").mkdir()
    assert find_sources([docs]).sources == []


def test_a_file_without_a_table_is_skipped_when_walked_but_an_error_when_named(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    write(docs / "README.md", "# About these roles\n\nSee the other files.\n")
    write(docs / "empty.md", "")
    write(docs / "roles.md")
    out_dir = tmp_path / "out"
    code, _, err = run("build", str(docs), "-f", "xlsx", "-o", str(out_dir))
    assert code == 0
    assert f"{docs / 'README.md'}: note: skipped: no comparison table" in err
    assert f"{docs / 'empty.md'}: note: skipped: no comparison table" in err
    assert artifacts(out_dir) == ["roles.xlsx"]
    code, lines, err = run("check", str(docs))
    assert code == 0
    assert f"{docs / 'README.md'}: note: skipped: no comparison table" in lines
    assert "checked 1 source(s): 0 error(s)" in err
    # Named on the command line, it was meant to be a source: an error.
    for command in (["check"], ["build", "-o", str(out_dir)]):
        code, out, err = run(*command, str(docs / "README.md"))
        assert code == 1
        assert f"{docs / 'README.md'}:1:1: error: no comparison table found" in out + err


def test_a_walked_file_whose_table_does_not_read_as_one_is_an_error_not_skipped(
    tmp_path: Path,
) -> None:
    """A typo in a delimiter row must not turn a source into a skipped README, leaving
    its old outputs in place without a word."""
    docs = tmp_path / "docs"
    write(docs / "roles.md")
    ladder = write(docs / "ladder.md", "| D | A | B | C |\n|---|---|---|\n| X | 1 | 2 |\n")
    out_dir = tmp_path / "out"
    for command in (["check"], ["build", "-f", "xlsx", "-o", str(out_dir)]):
        code, out, err = run(*command, str(docs))
        assert code == 1, command
        assert f"{ladder}:2:1: error: no comparison table read" in out + err
        assert "skipped" not in out + err
    assert artifacts(out_dir) == ["roles.xlsx"]


def test_a_tableless_file_that_has_another_error_is_still_an_error(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "bad.md").parent.mkdir()
    (docs / "bad.md").write_bytes(b"caf\xe9\n")
    write(docs / "roles.md")
    code, lines, _ = run("check", str(docs))
    assert code == 1
    assert f"{docs / 'bad.md'}:1:4: error: byte 0xE9 is not valid UTF-8" in lines


def test_symlinks_out_of_the_tree_are_noted_not_followed_unless_named(tmp_path: Path) -> None:
    outside = write(tmp_path / "elsewhere" / "outside.md")
    (tmp_path / "elsewhere" / "more").mkdir()
    write(tmp_path / "elsewhere" / "more" / "deep.md")
    docs = tmp_path / "docs"
    write(docs / "inside.md")
    (docs / "link-out.md").symlink_to(outside)
    (docs / "folder-out").symlink_to(tmp_path / "elsewhere" / "more")
    (docs / "link-in.md").symlink_to(docs / "inside.md")
    (docs / "loop").symlink_to(docs)
    (tmp_path / "elsewhere" / "logo.png").write_bytes(b"\x89PNG")
    (docs / "logo.png").symlink_to(tmp_path / "elsewhere" / "logo.png")  # no source: no note
    found = find_sources([docs])
    assert [source.path.name for source in found.sources] == ["inside.md", "link-in.md"]
    assert [(p.path, p.severity) for p in found.problems] == [
        (str(docs / "folder-out"), "note"),
        (str(docs / "link-out.md"), "note"),
    ]
    assert "points outside the folder" in found.problems[0].message
    named = find_sources([docs / "link-out.md"])
    assert [source.path for source in named.sources] == [docs / "link-out.md"]


def test_a_source_named_twice_is_built_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs / "a.md")
    found = find_sources([docs / "a.md", docs, docs / "a.md"])
    assert [source.path for source in found.sources] == [docs / "a.md"]


def test_an_unreadable_named_file_is_that_sources_error_and_the_others_build(
    tmp_path: Path,
) -> None:
    locked = write(tmp_path / "locked.md")
    locked.chmod(0o000)
    fine = write(tmp_path / "fine.md")
    out_dir = tmp_path / "out"
    result = run_unprivileged("build", str(locked), str(fine), "-f", "xlsx", "-o", str(out_dir))
    assert result.returncode == 1, result.stderr
    assert f"{locked}:1:1: error: cannot read source: Permission denied" in result.stderr
    assert result.stdout.strip() == f"wrote {out_dir / 'fine.xlsx'}"
    result = run_unprivileged("check", str(locked), str(fine))
    assert result.returncode == 1
    assert f"{locked}:1:1: error: cannot read source: Permission denied" in result.stdout


def test_an_unreadable_folder_in_a_walk_is_an_error_and_the_rest_is_built(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    write(docs / "private" / "secret.md")
    write(docs / "public.md")
    (docs / "private").chmod(0o000)
    try:
        result = run_unprivileged("build", str(docs), "-f", "xlsx", "-o", str(tmp_path / "out"))
    finally:
        (docs / "private").chmod(0o755)
    assert result.returncode == 1
    assert f"{docs / 'private'}: error: cannot read folder: Permission denied" in result.stderr
    assert result.stdout.strip() == f"wrote {tmp_path / 'out' / 'public.xlsx'}"
