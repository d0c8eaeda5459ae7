"""`make bench`: handbooks of many sources, their time and peak memory.

Sources are generated as versus_pandoc.py makes them (3-6 roles, 8-12 dimensions, prose
cells: about 50 cells and 8 PDF pages of handbook each). Each figure is one cold run of
`jobarch build SOURCES --handbook handbook` into an empty folder (every source, then the
handbook gathering them), then one more after editing one source (that source and the
handbook are written again; the others' chapters are parsed from the bytes read). Memory
is the peak of the summed resident memory of the whole process tree, workers included.

- 100 sources, DOCX and XLSX: the handbook is written. Target: under 60 s, under 1 GB.
- 100 sources, all formats: the handbook's PDF (about 5,000 cells, 800 pages) is past the
  layout limit (limits.py), so the handbook is refused up front, with its reason, before
  any handbook file is written, and the sources are still built. Target: that refusal.
- 30 sources, all formats: the largest PDF handbook the limits let through, in round
  figures. Target: under 60 s, under 1 GB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from versus_pandoc import generated_source, tree_memory_mb

BIN = Path(sys.executable).parent
SECONDS = 60.0
MEGABYTES = 1024.0
REFUSED = "handbook not written: the tables hold"


def measured(command: Sequence[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall time, peak memory (MB), exit status and standard error of one run."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=err)
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, tree_memory_mb(process.pid))
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        err.seek(0)
        return seconds, peak, process.returncode, err.read()


def case(count: int, formats: Sequence[str], env: dict[str, str], scratch: Path) -> list[str]:
    """Two runs (first build, one source edited) of a handbook of `count` sources: the
    table's lines, each ending in met or MISSED."""
    folder = scratch / f"{count}-{'-'.join(formats)}"
    sources = folder / "sources"
    sources.mkdir(parents=True)
    for index in range(count):
        text = generated_source(index)
        (sources / f"family-{index:03d}.md").write_text(text, encoding="utf-8")
    out_dir = folder / "out"
    command = [str(BIN / "jobarch"), "build", str(sources), "-o", str(out_dir), "-q"]
    command += [arg for fmt in formats for arg in ("-f", fmt)] + ["--handbook", "handbook"]
    refused = "pdf" in formats and count > 30
    lines = []
    for step in ("first build", "one source edited"):
        if step != "first build":
            edited = sources / "family-000.md"
            edited.write_text(edited.read_text(encoding="utf-8") + "\nEdited.\n", "utf-8")
        seconds, peak, status, err = measured(command, env)
        written = sorted(path.name for path in out_dir.glob("handbook.*"))
        if refused:
            ok = status == 1 and REFUSED in err and not written
            target = "refused"
        else:
            ok = (
                status == 0
                and seconds < SECONDS
                and peak < MEGABYTES
                and len(written) == len(formats)
            )
            target = f"<{SECONDS:.0f}s <{MEGABYTES:.0f}MB"
        name = f"{count} sources, {'+'.join(formats)}: {step}"
        lines.append(
            f"{name:44} {seconds:8.2f}s {peak:7.0f}MB {target:>14} {'met' if ok else 'MISSED'}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    print("handbooks, one cold run each")
    print(f"{'figure':44} {'time':>9} {'memory':>9} {'target':>14}")
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        for count, formats in (
            (100, ("docx", "xlsx")),
            (100, ("docx", "xlsx", "pdf")),
            (30, ("docx", "xlsx", "pdf")),
        ):
            for line in case(count, formats, env, Path(scratch)):
                print(line, flush=True)
                lines.append(line)
    return 0 if all(line.endswith(" met") for line in lines) else 1


if __name__ == "__main__":
    sys.exit(main())
