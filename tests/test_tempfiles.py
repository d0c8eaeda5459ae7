"""Temporary files: a build removes only the leftovers it can prove a dead build made."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from exporter.tempfiles import LOCK_NAME, OutputLock, temporary_beside

from .invoke import run

TABLE = "| D | A |\n|---|---|\n| X | 1 |\n"


def test_only_temporaries_of_recorded_tokens_are_removed(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    (out_dir / "eng").mkdir(parents=True)
    # A killed build: its record, a temporary beside a target in a sub-folder, a scratch folder.
    dead = "0123456789abcdef"
    (out_dir / f".jobarch-{dead}.build").touch()
    leftover = out_dir / "eng" / f".jobarch-{dead}-ladder.pdf.abcd1234.tmp"
    leftover.write_bytes(b"half a pdf")
    scratch = out_dir / f".jobarch-{dead}-x1y2z3.tmp"
    scratch.mkdir()
    (scratch / "font.ttf").write_bytes(b"font")
    # Files of the user's that merely look like ours, and an old build's by process id.
    users = [
        out_dir / ".jobarch-notes.tmp",
        out_dir / ".jobarch-fedcba9876543210-draft.tmp",  # a token no record names
        out_dir / ".jobarch-4242-ladder.pdf.abcd1234.tmp",
    ]
    for path in users:
        path.write_text("mine", encoding="utf-8")
    source = tmp_path / "roles.md"
    source.write_text(TABLE, encoding="utf-8")
    assert run("build", str(source), "-f", "xlsx", "-o", str(out_dir))[0] == 0
    assert not leftover.exists()
    assert not scratch.exists()
    assert not (out_dir / f".jobarch-{dead}.build").exists()
    assert all(path.read_text(encoding="utf-8") == "mine" for path in users)
    hidden = sorted(p.name for p in out_dir.iterdir() if p.name.startswith("."))
    assert hidden == sorted([LOCK_NAME, *(path.name for path in users)])


def test_a_live_builds_files_are_never_removed_and_builds_take_turns(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    source = tmp_path / "roles.md"
    source.write_text(TABLE, encoding="utf-8")
    with OutputLock(out_dir) as lock:
        mine = temporary_beside(out_dir / "roles.xlsx", lock.token())
        # A second build waits for this one rather than removing what it is writing.
        command = ["build", str(source), "-f", "xlsx", "-o", str(out_dir)]
        process = subprocess.Popen(
            [sys.executable, "-m", "exporter", *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        # It says so, then waits: it cannot have removed anything of this build's.
        waiting = process.stderr.readline()
        assert waiting == f"{out_dir}: note: waiting for another build into it to end\n"
        assert process.poll() is None
        assert mine.exists()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert not mine.exists()  # the lock's holder removed its own temporary on the way out


def test_a_held_lock_dies_with_its_process(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(out_dir / LOCK_NAME)!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    handle = os.open(out_dir / LOCK_NAME, os.O_RDWR)
    try:
        with pytest.raises(BlockingIOError):
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        holder.kill()
        holder.wait()
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once the holder is gone
    finally:
        os.close(handle)
