"""How the command line talks: output folders, standard output, exit codes, quiet, JSON,
GitHub annotations, the progress bar, Ctrl-C and full disks."""

from __future__ import annotations

import errno
import json
import os
import pty
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporter.cli import cli

from .conftest import SEED
from .unprivileged import run_unprivileged

TABLE = "| D | A |\n|---|---|\n| X | 1 |\n"
SHORT_ROW = "| D | A | B |\n|---|---|---|\n| X | 1 |\n"
BAD_ROW = "| D | A | B |\n|---|---|---|\n| X | 1 | 2 | 3 |\n"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str = TABLE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["report.pdf", "Report.DOCX", "existing-file"])
def test_an_output_folder_that_is_or_looks_like_a_file_is_a_usage_error(
    tmp_path: Path, name: str
) -> None:
    target = tmp_path / name
    if name == "existing-file":
        target.write_text("keep me", encoding="utf-8")
    code, out, err = run("build", str(SEED), "-o", str(target))
    assert (code, out) == (2, "")
    assert err.startswith("jobarch: error: -o/--out ")
    assert "hint: outputs are named by their slug" in err
    assert "`-o -` writes one source in one format to standard output" in err
    assert [p.name for p in tmp_path.iterdir()] == ([name] if name == "existing-file" else [])


def test_dash_writes_one_file_to_standard_output(tmp_path: Path) -> None:
    source = write(tmp_path / "roles.md")
    result = CliRunner().invoke(cli, ["build", str(source), "-f", "xlsx", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"PK\x03\x04")  # a zip package: the XLSX
    code, _, err = run("build", str(source), "-o", "-")
    assert code == 2
    assert "-o - writes one file, but this would be 1 source(s) in 3 format(s)" in err
    assert list(tmp_path.iterdir()) == [source]
    bad = write(tmp_path / "bad.md", BAD_ROW)
    code, out, err = run("build", str(bad), "-f", "pdf", "-o", "-")
    assert (code, out) == (1, "")
    assert err.startswith(f"{bad}:3:15: error: row has 4 cells")


def test_only_a_bare_dash_means_standard_output_and_an_empty_out_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path / "roles.md")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(source), "-f", "xlsx", "-o", "./-"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"wrote ")  # a folder named `-`, not the bytes
    assert (tmp_path / "-" / "roles.xlsx").is_file()
    code, out, err = run("build", str(source), "-o", "")
    assert (code, out) == (2, "")
    assert err.startswith("jobarch: error: -o/--out is empty")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["-", "roles.md"]


def test_an_empty_folder_is_the_same_error_for_check_and_build(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    write(empty / "README.md", "# Nothing here yet\n")
    message = f"jobarch: error: no sources found in {empty} (looked for *.md files with a table)"
    for command in (["check", str(empty)], ["build", str(empty), "-o", str(tmp_path / "o")]):
        code, _, err = run(*command)
        assert code == 1
        assert err.strip().splitlines()[-1] == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "'yesterday' is not a number of seconds since 1970"),
        ("-5", "'-5' is not a number of seconds since 1970"),
        ("12", "12 is outside 1980-01-01 to 2107-12-31"),
        ("99999999999999999999", "99999999999999999999 is outside 1980-01-01 to 2107-12-31"),
    ],
)
def test_a_bad_source_date_epoch_is_a_usage_error_naming_it(
    tmp_path: Path, value: str, message: str
) -> None:
    code, out, err = run(
        "build", str(SEED), "-o", str(tmp_path / "o"), env={"SOURCE_DATE_EPOCH": value}
    )
    assert (code, out) == (2, "")
    assert err.startswith(f"SOURCE_DATE_EPOCH: error: {message}")
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_quiet_prints_only_problems(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs / "short.md", SHORT_ROW)
    write(docs / "README.md", "# About\n")
    code, out, err = run("build", str(docs), "-f", "xlsx", "-o", str(tmp_path / "o"), "-q")
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"{docs / 'short.md'}:3:9: warning: row has 2 cell(s) but the header has 3: "
        "the missing cells are left empty"
    ]


def test_json_summarises_artifacts_problems_and_timings(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs / "bad.md", BAD_ROW)
    write(docs / "short.md", SHORT_ROW)
    out_dir = tmp_path / "o"
    code, out, err = run("build", str(docs), "-f", "xlsx", "-o", str(out_dir), "--json")
    assert code == 1
    summary = json.loads(out)
    assert summary["ok"] is False
    assert summary["failed"] == [str(docs / "bad.md")]
    (artifact,) = summary["artifacts"]
    assert artifact["path"] == "short.xlsx"
    assert artifact["status"] == "written"
    assert artifact["size"] == (out_dir / "short.xlsx").stat().st_size
    assert artifact["seconds"] >= 0
    severities = [(d["path"], d["line"], d["severity"]) for d in summary["diagnostics"]]
    assert (str(docs / "bad.md"), 3, "error") in severities
    assert (str(docs / "short.md"), 3, "warning") in severities
    assert summary["seconds"] > 0
    assert "wrote" not in err
    code, out, _ = run("build", str(docs), "-f", "xlsx", "-o", str(out_dir), "--json")
    assert [a["status"] for a in json.loads(out)["artifacts"]] == ["unchanged"]


def test_check_prints_github_annotations_and_json(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad,name.md", BAD_ROW)
    short = write(tmp_path / "short.md", SHORT_ROW)
    code, out, _ = run("check", str(bad), str(short), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    escaped = str(bad).replace(",", "%2C")
    assert lines[0] == (
        f"::error file={escaped},line=3,col=15,title=jobarch::row has 4 cells but the header "
        "has 3: the extra cells would be lost%0Ahint: add a column to the header, or escape a "
        "literal pipe as \\|"
    )
    assert any(line.startswith(f"::warning file={short},line=3,col=9,") for line in lines)
    assert any(line.startswith(f"::notice file={short},line=1,col=1,") for line in lines)
    code, out, _ = run("check", str(bad), str(short), "--format", "json")
    assert code == 1
    summary = json.loads(out)
    assert (summary["sources"], summary["errors"], summary["warnings"]) == (2, 1, 1)
    assert summary["diagnostics"][0]["path"] == str(bad)


def test_on_a_terminal_a_progress_bar_replaces_the_list(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for name in ("a", "b", "c"):
        write(docs / f"{name}.md")
    primary, secondary = pty.openpty()
    command = ["build", str(docs), "-f", "xlsx", "-o", str(tmp_path / "o")]
    process = subprocess.run(
        [sys.executable, "-m", "exporter", *command],
        stdout=secondary,
        stderr=secondary,
        check=False,
    )
    os.close(secondary)
    screen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        screen += chunk
    os.close(primary)
    text = screen.decode("utf-8")
    assert process.returncode == 0
    assert "\r[--------------------] 0/3" in text
    assert "\r[######--------------] 1/3  0:0" in text  # and the time left
    assert "[####################] 3/3" in text
    assert "wrote" not in text
    assert "jobarch: 3 written, 0 up to date, 0 removed (3 source(s)" in text


def test_ctrl_c_stops_check_with_130(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for index in range(400):
        shutil.copy(SEED, docs / f"doc{index:03d}.md")
    process = subprocess.Popen(
        [sys.executable, "-m", "exporter", "check", str(docs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline()  # checking has begun
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.strip().splitlines()[-1] == "jobarch: interrupted"
    assert "Traceback" not in err


def test_a_full_disk_names_the_source_and_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exporter.writers import xlsx

    real = xlsx.write

    def full(document: object, theme: object, path: Path, options: object = None) -> object:
        if Path(str(getattr(document, "path", ""))).name == "full.md":
            with open("/dev/full", "wb") as device:
                device.write(b"x" * 65536)  # raises ENOSPC, as a full disk does
        return real(document, theme, path, options)  # type: ignore[arg-type]

    monkeypatch.setattr(xlsx, "write", full)
    full_source = write(tmp_path / "full.md")
    fine = write(tmp_path / "fine.md")
    out_dir = tmp_path / "o"
    for jobs in ("1", "2"):
        code, out, err = run(
            "build",
            str(full_source),
            str(fine),
            "-f",
            "xlsx",
            "-f",
            "docx",
            "-o",
            str(out_dir),
            "-j",
            jobs,
        )
        assert code == 1, err
        assert "full." not in out  # nothing of it written; the other source was
        assert (out_dir / "fine.xlsx").is_file()
        assert err.startswith(
            f"{full_source}: error: cannot write {out_dir / 'full.xlsx'}: "
            f"{os.strerror(errno.ENOSPC)}\n  hint: free some space on that disk"
        )
        assert not (out_dir / "full.xlsx").exists()
        assert not (out_dir / "full.docx").exists()
        assert "Traceback" not in err


def test_an_output_folder_that_cannot_be_written_is_an_error_not_a_crash(tmp_path: Path) -> None:
    source = write(tmp_path / "roles.md")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out_dir.chmod(0o555)
    try:
        result = run_unprivileged("build", str(source), "-f", "xlsx", "-o", str(out_dir))
    finally:
        out_dir.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(
        f"{out_dir}: error: cannot lock the output folder: Permission denied"
    )
    assert list(out_dir.iterdir()) == []
    # A folder it can lock but no longer write in: that source's error.
    out_dir.joinpath(".jobarch.lock").touch()
    out_dir.chmod(0o555)
    try:
        result = run_unprivileged("build", str(source), "-f", "xlsx", "-o", str(out_dir))
    finally:
        out_dir.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert f"{out_dir}: error: cannot write in the output folder: Permission denied" in (
        result.stderr
    )
    assert "internal error" not in result.stderr
