"""Release builds: reproducible trees, a manifest `verify` trusts, and incremental rebuilds."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from exporter.theme import BUILTIN_THEMES

from .conftest import SEED
from .invoke import run
from .test_imports import LIBRARIES, WRITERS, imported

EPOCH = "1767225600"
TABLE = (
    "| Dimension | Tech Lead | Engineering Manager |\n|---|---|---|\n| Focus | Systems | People |\n"
)


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def tree(root: Path) -> Path:
    """A folder of sources in sub-folders, with a README that is no source."""
    docs = root / "docs"
    (docs / "eng" / "platform").mkdir(parents=True)
    shutil.copy(SEED, docs / "eng" / "leadership.md")
    (docs / "eng" / "platform" / "sre.md").write_text(TABLE, encoding="utf-8")
    (docs / "design.md").write_text(TABLE.replace("Tech Lead", "Design Lead"), encoding="utf-8")
    (docs / "README.md").write_text("# Roles\n\nOne file per family.\n", encoding="utf-8")
    return docs


def files(out_dir: Path) -> dict[str, bytes]:
    """Every visible file below OUT (artifacts and manifest), by relative path."""
    return {
        path.relative_to(out_dir).as_posix(): path.read_bytes()
        for path in sorted(out_dir.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def stamps(out_dir: Path) -> dict[str, int]:
    """Modification times (ns) of everything below OUT, folders and hidden files included."""
    found = {".": out_dir.stat().st_mtime_ns}
    for path in out_dir.rglob("*"):
        found[path.relative_to(out_dir).as_posix()] = path.stat().st_mtime_ns
    return found


def manifest_of(out_dir: Path) -> dict[str, dict[str, object]]:
    data = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    return {entry["path"]: entry for entry in data["artifacts"]}


def test_same_tree_in_two_folders_with_different_jobs_gives_the_same_bytes(
    tmp_path: Path,
) -> None:
    results = []
    for folder, jobs in (("first", "1"), ("second", "2")):
        docs = tree(tmp_path / folder)
        out_dir = tmp_path / folder / "out"
        code, out, _ = run("build", str(docs), "-o", str(out_dir), "-j", jobs, "--json")
        assert code == 0
        results.append((files(out_dir), json.loads(out)))
    (first, summary), (second, _) = results
    assert first == second  # artifacts and manifest alike
    assert sorted(first) == [
        "design.docx",
        "design.pdf",
        "design.xlsx",
        "eng/leadership.docx",
        "eng/leadership.pdf",
        "eng/leadership.xlsx",
        "eng/platform/sre.docx",
        "eng/platform/sre.pdf",
        "eng/platform/sre.xlsx",
        "manifest.json",
    ]
    listed = manifest_of(tmp_path / "first" / "out")
    manifest = json.loads(first["manifest.json"])
    assert manifest["source_date_epoch"] == int(EPOCH)
    assert manifest["theme"]["name"] == "default"
    assert str(tmp_path) not in first["manifest.json"].decode("ascii")
    assert listed["eng/platform/sre.pdf"]["source"] == "../docs/eng/platform/sre.md"
    # The JSON summary and the manifest agree on every digest.
    for artifact in summary["artifacts"]:
        assert artifact["status"] == "written"
        assert listed[artifact["path"]]["sha256"] == artifact["sha256"]
        assert artifact["size"] == len(first[artifact["path"]])


def test_verify_names_changed_missing_and_extra_files(tmp_path: Path) -> None:
    docs = tree(tmp_path)
    out_dir = tmp_path / "out"
    assert run("build", str(docs), "-f", "xlsx", "-f", "docx", "-o", str(out_dir))[0] == 0
    code, lines, err = run("verify", str(out_dir))
    assert (code, lines) == (0, "")
    assert "6 artifact(s) match, 0 problem(s)" in err

    flipped = out_dir / "eng" / "leadership.xlsx"
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    (out_dir / "design.docx").unlink()
    (out_dir / "stray.pdf").write_bytes(b"%PDF-1.7 not ours")
    (out_dir / "eng" / "notes.txt").write_text("a note of the user's", encoding="utf-8")
    code, out, _ = run("verify", str(out_dir))
    assert code == 1
    problems = [line for line in out.splitlines() if not line.startswith("  hint:")]
    assert (
        f"{flipped}: error: changed since jobarch wrote it (its SHA-256 is not the manifest's)"
        in problems
    )
    assert f"{out_dir / 'design.docx'}: error: missing: the manifest lists it" in problems
    assert f"{out_dir / 'stray.pdf'}: error: not in the manifest: " in out
    assert "notes.txt" not in out  # not a format of ours: not ours to judge
    # Each half-changed source is named: one artifact differs, the other does not.
    assert (
        f"{docs / 'eng' / 'leadership.md'}: note: only some of its artifacts differ "
        "(eng/leadership.xlsx; not eng/leadership.docx)"
    ) in out


def test_verify_without_a_manifest_or_with_a_bad_one_fails(tmp_path: Path) -> None:
    code, out, _ = run("verify", str(tmp_path))
    assert code == 1
    assert out.startswith(f"{tmp_path / 'manifest.json'}: error: no manifest here")
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    code, out, _ = run("verify", str(tmp_path))
    assert code == 1
    assert "cannot read the manifest: not JSON" in out


def test_a_rebuild_of_unchanged_inputs_writes_nothing_and_imports_no_writer(
    tmp_path: Path,
) -> None:
    docs = tree(tmp_path)
    out_dir = tmp_path / "out"
    assert run("build", str(docs), "-o", str(out_dir))[0] == 0
    before = stamps(out_dir)
    modules = imported("build", str(docs), "-o", str(out_dir))
    assert not WRITERS & modules
    assert not set(LIBRARIES.values()) & modules
    assert stamps(out_dir) == before
    code, out, err = run("build", str(docs), "-o", str(out_dir))
    assert (code, out) == (0, "")
    assert "jobarch: 0 written, 9 up to date, 0 removed (3 source(s)" in err
    assert stamps(out_dir) == before


def test_editing_one_source_rebuilds_exactly_its_artifacts(tmp_path: Path) -> None:
    docs = tree(tmp_path)
    out_dir = tmp_path / "out"
    assert run("build", str(docs), "-o", str(out_dir))[0] == 0
    before, times = files(out_dir), stamps(out_dir)
    sre = docs / "eng" / "platform" / "sre.md"
    sre.write_text(TABLE.replace("People", "People and hiring"), encoding="utf-8")
    code, out, _ = run("build", str(docs), "-o", str(out_dir))
    assert code == 0
    assert out.splitlines() == [
        f"wrote {out_dir / 'eng' / 'platform' / f'sre.{fmt}'}" for fmt in ("docx", "xlsx", "pdf")
    ]
    after = files(out_dir)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == [
        "eng/platform/sre.docx",
        "eng/platform/sre.pdf",
        "eng/platform/sre.xlsx",
        "manifest.json",
    ]
    later = stamps(out_dir)
    assert [name for name in after if later[name] != times[name]] == changed
    assert run("verify", str(out_dir))[0] == 0


def test_removing_a_source_removes_only_its_artifacts(tmp_path: Path) -> None:
    docs = tree(tmp_path)
    out_dir = tmp_path / "out"
    assert run("build", str(docs), "-f", "xlsx", "-f", "docx", "-o", str(out_dir))[0] == 0
    (out_dir / "eng" / "platform" / "mine.xlsx").write_bytes(b"the user's own file")
    (out_dir / "index.html").write_text("<p>the user's own page</p>", encoding="utf-8")
    # Its source will be gone too, but its bytes are no longer what jobarch wrote.
    (out_dir / "design.docx").write_bytes(b"edited by hand")
    before = files(out_dir)
    (docs / "eng" / "platform" / "sre.md").unlink()
    (docs / "design.md").unlink()
    code, out, err = run("build", str(docs), "-f", "xlsx", "-f", "docx", "-o", str(out_dir))
    assert code == 0
    assert sorted(out.splitlines()) == [
        f"removed {out_dir / 'design.xlsx'}",
        f"removed {out_dir / 'eng' / 'platform' / 'sre.docx'}",
        f"removed {out_dir / 'eng' / 'platform' / 'sre.xlsx'}",
    ]
    assert f"{out_dir / 'design.docx'}: note: left in place" in err
    after = files(out_dir)
    assert sorted(set(before) - set(after)) == [
        "design.xlsx",
        "eng/platform/sre.docx",
        "eng/platform/sre.xlsx",
    ]
    assert all(after[name] == before[name] for name in after if name != "manifest.json")
    assert after["design.docx"] == b"edited by hand"
    assert sorted(manifest_of(out_dir)) == ["eng/leadership.docx", "eng/leadership.xlsx"]


def test_a_new_slug_removes_the_old_outputs(tmp_path: Path) -> None:
    source = tmp_path / "roles.md"
    source.write_text(TABLE, encoding="utf-8")
    out_dir = tmp_path / "out"
    assert run("build", str(source), "-f", "xlsx", "-o", str(out_dir))[0] == 0
    source.write_text("---\nslug: renamed\n---\n" + TABLE, encoding="utf-8")
    code, out, _ = run("build", str(source), "-f", "xlsx", "-o", str(out_dir))
    assert code == 0
    assert out.splitlines() == [
        f"wrote {out_dir / 'renamed.xlsx'}",
        f"removed {out_dir / 'roles.xlsx'}",
    ]
    assert sorted(files(out_dir)) == ["manifest.json", "renamed.xlsx"]


def test_formats_not_asked_for_are_kept_and_still_listed(tmp_path: Path) -> None:
    source = tmp_path / "roles.md"
    source.write_text(TABLE, encoding="utf-8")
    out_dir = tmp_path / "out"
    assert run("build", str(source), "-f", "xlsx", "-f", "docx", "-o", str(out_dir))[0] == 0
    source.write_text(TABLE.replace("People", "Teams"), encoding="utf-8")
    code, out, _ = run("build", str(source), "-f", "xlsx", "-o", str(out_dir))
    assert code == 0
    assert out.splitlines() == [f"wrote {out_dir / 'roles.xlsx'}"]
    assert sorted(manifest_of(out_dir)) == ["roles.docx", "roles.xlsx"]
    assert run("verify", str(out_dir))[0] == 0


def test_the_theme_and_force_rebuild_everything(tmp_path: Path) -> None:
    docs = tree(tmp_path)
    theme = tmp_path / "brand"
    shutil.copytree(BUILTIN_THEMES / "default", theme)
    out_dir = tmp_path / "out"
    build = ("build", str(docs), "-f", "xlsx", "-s", str(theme), "-o", str(out_dir))
    assert run(*build)[0] == 0
    assert run(*build)[1] == ""
    toml = theme / "theme.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, out, _ = run(*build)
    assert code == 0
    assert len(out.splitlines()) == 3
    code, out, _ = run(*build, "--force")
    assert len(out.splitlines()) == 3
    assert run(*build)[1] == ""


def test_a_new_source_date_epoch_rebuilds_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "roles.md"
    source.write_text(TABLE, encoding="utf-8")
    out_dir = tmp_path / "out"
    assert run("build", str(source), "-f", "xlsx", "-o", str(out_dir))[0] == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    assert run("build", str(source), "-f", "xlsx", "-o", str(out_dir))[1] != ""


def test_a_set_left_half_changed_is_named_by_verify_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build stopped between moving one source's files into place (here by Ctrl-C after
    the first rename) leaves a half-changed set; the manifest gives it away."""
    source = tmp_path / "roles.md"
    source.write_text(TABLE, encoding="utf-8")
    out_dir = tmp_path / "out"
    assert run("build", str(source), "-f", "xlsx", "-f", "docx", "-o", str(out_dir))[0] == 0
    source.write_text(TABLE.replace("People", "Teams"), encoding="utf-8")
    real_replace = os.replace
    moved: list[str] = []

    def stopped_after_one(source_path: str, target: str) -> None:
        if moved:
            raise KeyboardInterrupt
        real_replace(source_path, target)
        moved.append(target)

    monkeypatch.setattr(os, "replace", stopped_after_one)
    code, _, err = run("build", str(source), "-f", "xlsx", "-f", "docx", "-o", str(out_dir))
    monkeypatch.setattr(os, "replace", real_replace)
    assert code == 130
    assert "jobarch: interrupted" in err
    assert [p.name for p in out_dir.iterdir() if p.name.startswith(".")] == [".jobarch.lock"]
    code, out, _ = run("verify", str(out_dir))
    assert code == 1
    assert f"{out_dir / 'roles.docx'}: error: changed since jobarch wrote it" in out
    assert "only some of its artifacts differ (roles.docx; not roles.xlsx)" in out
    code, out, _ = run("build", str(source), "-f", "xlsx", "-f", "docx", "-o", str(out_dir))
    assert code == 0
    assert len(out.splitlines()) == 2
    assert run("verify", str(out_dir))[0] == 0


def test_a_manifest_cannot_lead_a_build_outside_its_folder(tmp_path: Path) -> None:
    victim = tmp_path / "victim.xlsx"
    victim.write_bytes(b"precious")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    digest = "0" * 64
    entry = {
        "path": "../victim.xlsx",
        "format": "xlsx",
        "size": 8,
        "sha256": digest,
        "source": "../gone.md",
        "source_sha256": digest,
        "key": digest,
    }
    manifest = {
        "manifest": 1,
        "jobarch": "0.1.0",
        "theme": {"name": "default", "sha256": digest},
        "artifacts": [entry],
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    source = tmp_path / "roles.md"
    source.write_text(TABLE, encoding="utf-8")
    code, _, err = run("build", str(source), "-f", "xlsx", "-o", str(out_dir))
    assert code == 0
    assert "manifest.json: warning: ignored: artifact path '../victim.xlsx' is not inside" in err
    assert victim.read_bytes() == b"precious"
    assert run("verify", str(out_dir))[0] == 0


def test_a_source_that_fails_or_crashes_keeps_its_earlier_artifacts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exporter.writers import xlsx

    real = xlsx.write
    source = tmp_path / "roles.md"
    source.write_text(TABLE, encoding="utf-8")
    out_dir = tmp_path / "out"
    assert run("build", str(source), "-f", "xlsx", "-o", str(out_dir))[0] == 0
    before = files(out_dir)
    source.write_text("---\nslug: renamed\n---\n" + TABLE, encoding="utf-8")

    def broken(*args: object) -> None:
        raise RuntimeError("writer bug")

    monkeypatch.setattr(xlsx, "write", broken)
    assert run("build", str(source), "-f", "xlsx", "-o", str(out_dir))[0] == 3
    monkeypatch.setattr(xlsx, "write", real)
    source.write_text("| D | A |\n|---|---|\n| X | 1 | 2 |\n", encoding="utf-8")
    assert run("build", str(source), "-f", "xlsx", "-o", str(out_dir))[0] == 1
    assert files(out_dir) == before
    assert run("verify", str(out_dir))[0] == 0


def test_changed_jobarch_code_rebuilds_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer changed without a new version number (a pull, an editable install)."""
    from exporter import manifest

    source = tmp_path / "roles.md"
    source.write_text(TABLE, encoding="utf-8")
    out_dir = tmp_path / "out"
    build = ("build", str(source), "-f", "xlsx", "-o", str(out_dir))
    assert run(*build)[0] == 0
    assert run(*build)[1] == ""
    real = manifest.code_sha256()
    monkeypatch.setattr(manifest, "code_sha256", lambda: real.replace(real[0], "x"))
    assert run(*build)[1] == f"wrote {out_dir / 'roles.xlsx'}\n"


def test_a_handbook_gathers_every_source_and_takes_part_in_manifest_cache_and_verify(
    tmp_path: Path,
) -> None:
    docs = tree(tmp_path)
    out_dir = tmp_path / "out"
    args = ("build", str(docs), "-o", str(out_dir), "--handbook", "handbook")
    code, out, err = run(*args, "--handbook-title", "Engineering roles")
    assert code == 0, err
    for fmt in ("docx", "xlsx", "pdf"):
        assert f"wrote {out_dir / f'handbook.{fmt}'}" in out.splitlines()
    listed = manifest_of(out_dir)
    assert listed["handbook.pdf"]["source"] == "handbook:handbook"
    assert run("verify", str(out_dir))[0] == 0
    text = " ".join(page.extract_text() for page in PdfReader(out_dir / "handbook.pdf").pages)
    for title in ("Engineering roles", "3-way comparison", "Design Lead", "Tech Lead"):
        assert title in text
    # Nothing changed: nothing written, the handbook included.
    before = stamps(out_dir)
    code, out, _ = run(*args, "--handbook-title", "Engineering roles")
    assert (code, out) == (0, "")
    assert stamps(out_dir) == before
    # One source edited: it and the handbook are rebuilt, nothing else.
    sre = docs / "eng" / "platform" / "sre.md"
    sre.write_text(TABLE.replace("People", "People and hiring"), encoding="utf-8")
    code, out, _ = run(*args, "--handbook-title", "Engineering roles")
    written = sorted(
        Path(line.split()[-1]).relative_to(out_dir).as_posix() for line in out.splitlines()
    )
    assert written == sorted(
        [f"eng/platform/sre.{fmt}" for fmt in ("docx", "xlsx", "pdf")]
        + [f"handbook.{fmt}" for fmt in ("docx", "xlsx", "pdf")]
    )
    assert "People and hiring" in " ".join(
        page.extract_text() for page in PdfReader(out_dir / "handbook.pdf").pages
    )
    # A handbook name that is no file name is a usage error.
    assert run("build", str(docs), "-o", str(out_dir), "--handbook", "../x")[0] == 2


def test_a_handbook_whose_name_clashes_with_a_source_is_refused_before_any_write(
    tmp_path: Path,
) -> None:
    docs = tree(tmp_path)
    out_dir = tmp_path / "out"
    # check sees it first, writing nothing.
    code, out, _ = run("check", str(docs), "--handbook", "Design")
    assert code == 1
    assert "Design: error: handbook not written: would write files whose names" in out
    assert run("check", str(docs), "--handbook", "Roles")[0] == 0
    assert not out_dir.exists()
    # design.md writes design.*: "Design" differs only in case, which macOS would merge.
    code, _, err = run("build", str(docs), "-o", str(out_dir), "--handbook", "Design")
    assert code == 1
    assert "Design: error: handbook not written: would write files whose names" in err
    assert "jobarch: handbook Design not written" in err
    assert "source(s) failed" not in err
    written = sorted(path.name for path in out_dir.iterdir())
    # The sources are not to blame: each is written; only the handbook is refused.
    assert [name for name in written if name.lower().startswith("design")] == [
        "design.docx",
        "design.pdf",
        "design.xlsx",
    ]
    assert run("verify", str(out_dir))[0] == 0


def test_a_handbook_over_a_limit_its_sources_each_keep_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exporter import limits

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a", "b"):
        (docs / f"{name}.md").write_text(TABLE, encoding="utf-8")
    # Each source's table has 4 cells, header cells included; together they hold 8.
    monkeypatch.setattr(limits, "MAX_CELLS", 6)
    # check refuses what build would, with the same message.
    code, out, _ = run("check", str(docs), "-f", "pdf", "--handbook", "hb")
    assert code == 1
    assert "hb: error: handbook not written: the tables hold 8 cells" in out
    assert run("check", str(docs), "-f", "pdf")[0] == 0
    out_dir = tmp_path / "out"
    args = ("build", str(docs), "-o", str(out_dir), "-f", "pdf", "-j", "1", "--handbook", "hb")
    code, out, err = run(*args)
    assert code == 1
    assert "hb: error: handbook not written: the tables hold 8 cells" in err
    assert sorted(files(out_dir)) == ["a.pdf", "b.pdf", "manifest.json"]
    assert "hb.pdf" not in out


def test_check_and_build_refuse_a_bad_source_date_epoch_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tree(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    for command in (("check", str(docs)), ("build", str(docs), "-o", str(tmp_path / "out"))):
        code, _, err = run(*command)
        assert code == 2, command
        assert "SOURCE_DATE_EPOCH" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("option", [("--handbook", "hb"), ("--json",)])
def test_standard_output_takes_no_handbook_and_no_json(option: tuple[str, ...]) -> None:
    code, out, err = run("build", str(SEED), "-f", "pdf", "-o", "-", *option)
    assert code == 2
    assert out == ""
    assert f"{option[0]} cannot go with it" in err


def test_an_artifact_kept_from_an_earlier_build_keeps_the_theme_that_made_it(
    tmp_path: Path,
) -> None:
    """A build under another theme that fails for one source keeps that source's artifacts:
    the manifest's top-level theme is this build's, each artifact names its own."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(TABLE, encoding="utf-8")
    (docs / "b.md").write_text(TABLE.replace("Tech Lead", "Design Lead"), encoding="utf-8")
    out_dir = tmp_path / "out"
    assert run("build", str(docs), "-f", "xlsx", "-o", str(out_dir))[0] == 0
    # The same role twice: an error that keeps a.xlsx as the default theme made it.
    (docs / "a.md").write_text(TABLE.replace("Engineering Manager", "Tech Lead"), encoding="utf-8")
    code, _, _ = run("build", str(docs), "-f", "xlsx", "-o", str(out_dir), "-s", "print")
    assert code == 1
    document = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert document["theme"]["name"] == "print"
    made = {entry["path"]: entry["made_with"]["theme"]["name"] for entry in document["artifacts"]}
    assert made == {"a.xlsx": "default", "b.xlsx": "print"}
    assert run("verify", str(out_dir))[0] == 0
