"""`make bench`: a rebuild with nothing changed, against `jobarch --version`.

A build of generated sources (as versus_pandoc.py makes them) fills an output folder;
then `jobarch build` of the same sources into it, with nothing changed, is timed against
`jobarch --version`, both cold (a new process per run, as a user runs them), medians
interleaved so both see the same load. Target: under twice `--version`'s time. The run
also fails if the rebuild wrote anything (a modification time changed) or printed a
`wrote` line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from versus_pandoc import generated_source

BIN = Path(sys.executable).parent
RATIO = 2.0


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time and standard output of one run of `command`, which must succeed."""
    started = time.perf_counter()
    result = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - started, result.stdout


def stamps(folder: Path) -> dict[str, int]:
    """Modification times of the folder and everything below it."""
    found = {".": folder.stat().st_mtime_ns}
    found.update({str(path): path.stat().st_mtime_ns for path in folder.rglob("*")})
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="cold runs per figure (median)")
    parser.add_argument("--sources", type=int, default=60, help="sources in the folder")
    args = parser.parse_args()
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    jobarch = str(BIN / "jobarch")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        sources = folder / "sources"
        sources.mkdir()
        for index in range(args.sources):
            text = generated_source(index)
            (sources / f"family-{index:03d}.md").write_text(text, encoding="utf-8")
        out_dir = folder / "out"
        rebuild = [jobarch, "build", str(sources), "-o", str(out_dir)]
        version = [jobarch, "--version"]
        timed(rebuild, env)  # the first build, which writes everything
        before = stamps(out_dir)
        rebuilds, versions, printed = [], [], ""
        for _ in range(args.runs):  # interleaved, so both see the same load
            seconds, out = timed(rebuild, env)
            rebuilds.append(seconds)
            printed += out
            versions.append(timed(version, env)[0])
        wrote_nothing = stamps(out_dir) == before and "wrote" not in printed
    ours, reference = statistics.median(rebuilds), statistics.median(versions)
    ratio = ours / reference
    met = ratio < RATIO and wrote_nothing
    print(f"no-op rebuild of {args.sources} sources, medians of {args.runs} cold runs")
    print(f"{'figure':40} {'rebuild':>9} {'--version':>9} {'ratio':>7} {'target':>8}")
    figures = f"{ours:8.3f}s {reference:8.3f}s {ratio:6.2f}x"
    print(
        f"{'no-op rebuild vs jobarch --version':40} {figures} {'<':>3}{RATIO:.2f}x  "
        f"{'met' if ratio < RATIO else 'MISSED'}"
    )
    print(f"{'files written by the rebuilds':40} {'none' if wrote_nothing else 'SOME: MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
