"""Killing a build at any moment leaves every output complete: old or new, never half."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import SEED

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}


def build(source: Path, out_dir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "exporter", "build", str(source), "-o", str(out_dir)],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def reference(source: Path, out_dir: Path) -> dict[str, bytes]:
    assert build(source, out_dir).wait() == 0
    return visible(out_dir)


def visible(out_dir: Path) -> dict[str, bytes]:
    """The artifacts and the manifest, by name (not the folder's lock, nor temporaries)."""
    return {p.name: p.read_bytes() for p in out_dir.iterdir() if not p.name.startswith(".")}


def test_sigkill_at_any_moment_leaves_old_or_new_complete_files(tmp_path: Path) -> None:
    old_source = tmp_path / "doc.md"
    shutil.copy(SEED, old_source)
    new_source = tmp_path / "new" / "doc.md"
    new_source.parent.mkdir()
    new_source.write_text(
        SEED.read_text(encoding="utf-8").replace("Reports to CEO", "Reports to the CEO"),
        encoding="utf-8",
    )
    old = reference(old_source, tmp_path / "ref-old")
    new = reference(new_source, tmp_path / "ref-new")
    assert old.keys() == new.keys()
    assert all(old[name] != new[name] for name in old)

    out_dir = tmp_path / "out"
    assert build(old_source, out_dir).wait() == 0
    # How long a whole build takes here, so kills land across all of it.
    started = time.monotonic()
    assert build(new_source, out_dir).wait() == 0
    duration = time.monotonic() - started

    chooser = random.Random(20261129)
    for attempt in range(8):
        source = new_source if attempt % 2 else old_source
        process = build(source, out_dir)
        time.sleep(chooser.uniform(0.05, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path in out_dir.iterdir():
            if path.name.startswith(".jobarch"):
                continue  # the lock, or a killed build's temporary: removed by the next build
            content = path.read_bytes()
            assert content in (old[path.name], new[path.name]), f"{path.name} is incomplete"
        assert visible(out_dir).keys() == old.keys()

    assert build(old_source, out_dir).wait() == 0
    assert visible(out_dir) == old
    # The last build removed every temporary and record that the killed ones left.
    assert [p.name for p in out_dir.iterdir() if p.name.startswith(".")] == [".jobarch.lock"]


def test_two_builds_into_one_folder_do_not_break_each_other(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    for index in range(3):
        shutil.copy(SEED, sources / f"doc{index}.md")
    out_dir = tmp_path / "out"
    for _ in range(2):
        builds = [build(sources, out_dir) for _ in range(2)]
        assert [process.wait() for process in builds] == [0, 0]
    names = sorted(path.name for path in out_dir.iterdir())
    artifacts = [f"doc{i}.{ext}" for i in range(3) for ext in ("docx", "pdf", "xlsx")]
    assert names == sorted([".jobarch.lock", "manifest.json", *artifacts])
