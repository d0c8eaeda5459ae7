"""`jobarch build --jobs N`: the same bytes, lines and all-or-nothing outputs for any N."""

from __future__ import annotations

import gc
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx.document import Document as WordDocument
from openpyxl import Workbook

from exporter import build as build_module
from exporter import workers
from exporter.parse import parse_source
from exporter.theme import load_theme
from exporter.writers import FORMATS, SLOWEST_FIRST

from .conftest import SEED
from .invoke import break_writer, run

EPOCH = "1767225600"
BAD_ROW = "| D | A | B |\n|---|---|---|\n| X | 1 | 2 | 3 |\n"
SHORT_ROW = "| D | A | B |\n|---|---|---|\n| X | 1 |\n"


def sources(folder: Path) -> Path:
    """A folder of sources: the seed, a variant of it, one refused, one with a warning."""
    folder.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    (folder / "a-seed.md").write_text(seed, encoding="utf-8")
    (folder / "b-variant.md").write_text(seed.replace("CEO", "Board"), encoding="utf-8")
    (folder / "c-bad.md").write_text(BAD_ROW, encoding="utf-8")
    (folder / "d-short.md").write_text(SHORT_ROW, encoding="utf-8")
    return folder


def test_output_bytes_and_messages_do_not_depend_on_the_number_of_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = sources(tmp_path / "src")
    results = {}
    for jobs in ("1", "2"):
        out_dir = tmp_path / f"out-{jobs}"
        code, out, err = run("build", str(folder), "-o", str(out_dir), "-j", jobs)
        files = {
            path.name: path.read_bytes()
            for path in sorted(out_dir.iterdir())
            if path.name != ".jobarch.lock"
        }
        out = out.replace(str(out_dir), "OUT")
        err = re.sub(r", [0-9.]+ s\)", ", TIME)", err)  # the summary's wall time
        results[jobs] = (code, out, err, files)
    assert results["1"] == results["2"]
    code, out, err, files = results["1"]
    assert code == 1
    assert len(files) == 9 + 1  # every source but the bad one, and the manifest
    assert not any(name.startswith(".") for name in files)
    # Messages come out in source order, each source's formats together.
    written = [Path(line.split()[-1]).stem for line in out.splitlines()]
    assert written == sorted(written)
    assert err.index("c-bad.md:3:15: error:") < err.index("d-short.md:3:")


def test_a_format_that_fails_in_a_worker_writes_none_of_that_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers fork from this process, so they inherit the broken PDF writer."""
    from exporter.writers import pdf

    break_writer(monkeypatch, pdf, "boom")
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(SEED, folder / "boom.md")
    shutil.copy(SEED, folder / "fine.md")
    out_dir = tmp_path / "out"
    code, out, err = run("build", str(folder), "-o", str(out_dir), "-j", "2")
    assert code == 3
    assert sorted(path.name for path in out_dir.iterdir()) == [
        ".jobarch.lock",
        "fine.docx",
        "fine.pdf",
        "fine.xlsx",
        "manifest.json",
    ]
    assert err.splitlines()[0] == (
        f"{folder / 'boom.md'}: error: internal error: RuntimeError: writer bug"
    )
    assert out.splitlines() == [
        f"wrote {out_dir / f'fine.{ext}'}" for ext in ("docx", "xlsx", "pdf")
    ]


def test_one_job_or_one_task_starts_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(jobs: int, *args: object) -> None:
        raise AssertionError(f"a pool of {jobs} was started")

    monkeypatch.setattr(build_module, "WorkerPool", no_pool)
    code, _, _ = run("build", str(SEED), "-f", "xlsx", "-o", str(tmp_path / "a"), "-j", "8")
    assert code == 0
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(SEED, folder / "one.md")
    shutil.copy(SEED, folder / "two.md")
    code, out, _ = run(
        "build", str(folder), "-f", "docx", "-f", "xlsx", "-o", str(tmp_path / "b"), "-j", "1"
    )
    assert code == 0
    assert len(out.splitlines()) == 4


def children_of(pid: int) -> set[int]:
    """The ids of the live processes whose parent is `pid` (from /proc)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(status.parent.name))
    return found


@pytest.mark.parametrize("whole_group", [True, False], ids=["terminal", "parent-only"])
def test_ctrl_c_stops_the_workers_leaves_no_temporary_file_and_exits_130(
    tmp_path: Path, whole_group: bool
) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    for index in range(12):
        shutil.copy(SEED, folder / f"doc{index:02d}.md")
    out_dir = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "exporter", "build", str(folder), "-o", str(out_dir), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives a command
    )
    # Interrupt once the workers are busy: after the first source is written.
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("wrote ")
    workers = children_of(process.pid)
    assert workers
    if whole_group:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.strip().splitlines()[-1] == "jobarch: interrupted"
    assert "Traceback" not in err
    assert [path.name for path in out_dir.iterdir() if path.name.startswith(".")] == [
        ".jobarch.lock"
    ]
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_every_format_has_its_place_in_the_order_workers_start_them() -> None:
    assert sorted(SLOWEST_FIRST) == sorted(FORMATS)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_worker_frees_an_office_document_as_soon_as_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    # The document's reference cycles would otherwise wait for the cycle collector's
    # thresholds, and a batch's workers held megabytes of them at their peak.
    monkeypatch.setattr(workers, "_in_worker", True)
    monkeypatch.setattr(workers, "_started", set())  # no collection and freeze of its own
    document = parse_source(SEED).document
    kind = {"docx": WordDocument, "xlsx": Workbook}[fmt]
    gc.disable()  # only the worker's own collection may free it
    try:
        written = workers.write_temporary(
            fmt, document, load_theme("default"), tmp_path / f"seed.{fmt}", "token"
        )
        alive = [found for found in gc.get_objects() if isinstance(found, kind)]
    finally:
        gc.enable()
    assert written.size > 0
    assert alive == []
