"""LibreOffice headless, driven the way every test that needs it drives it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

# Seconds LibreOffice may take for one call (a few here); a hung office is killed.
TIMEOUT = 120


def convert(sources: list[Path], out: Path, profile: Path, target: str = "pdf") -> list[Path]:
    """Convert files with LibreOffice headless in one call, with its own profile.

    `target` is LibreOffice's `--convert-to` value (`pdf`, `csv`, ...); returns the files
    made, one per source in order, named as the source with the target's extension.
    """
    office = shutil.which("soffice")
    if office is None:
        pytest.fail("LibreOffice is missing: install libreoffice-calc-nogui (`make test` does)")
    command = [
        office,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nologo",
        "--convert-to",
        target,
        "--outdir",
        str(out),
        *map(str, sources),
    ]
    # A session of its own, so a hung office and its launcher are killed together.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    # soffice may exit 0 having converted nothing: the files are what count.
    extension = "." + target.split(":")[0]
    made = [out / source.with_suffix(extension).name for source in sources]
    missing = [path.name for path in made if not path.exists()]
    assert not missing, f"LibreOffice made no {missing}: {output.decode(errors='replace')}"
    return made
