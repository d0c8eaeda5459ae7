"""`make bench`: jobarch's wall time and memory against pandoc's, measured in the same run.

Figures, each a median of cold runs (a new process per command, as a user runs them):

- seed: `jobarch build seed.md` (DOCX, XLSX and PDF in one command) against pandoc writing
  the DOCX plus pandoc writing the PDF through WeasyPrint (`--pdf-engine=weasyprint`, the
  venv's WeasyPrint on PATH). Target: at most 0.9 times pandoc's time.
- batch: one `jobarch build` of generated sources (3-6 roles, 8-12 dimensions, prose cells),
  its time per source against pandoc's DOCX plus PDF time for one of those sources.
  Target: at most 0.25 times.
- memory: the peak of the summed resident memory of jobarch's whole process tree (workers
  included), sampled every few milliseconds in runs apart from the timed ones. Target:
  under 250 MB for the seed and for the batch.

Timings on a shared machine move with its load: compare the ratios, which are measured
side by side, rather than the seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pypandoc

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "cto-director-mlops.md"
BIN = Path(sys.executable).parent
SEED_RATIO = 0.9
BATCH_RATIO = 0.25
MEMORY_MB = 250.0
# Words for the generated cells (a fixed list, so every run builds the same sources).
# fmt: off
WORDS = (
    "owns", "sets", "leads", "reviews", "budget", "roadmap", "hiring", "platform",
    "reliability", "data", "models", "delivery", "quality", "architecture", "security",
    "incidents", "vendors", "compliance", "strategy", "teams", "metrics", "customers",
    "releases", "standards", "mentoring", "planning", "risks", "operations", "research",
    "partners", "pipelines", "on-call", "quarterly", "annual", "cross-functional",
    "stakeholders", "escalation",
)
# fmt: on


def sentence(chooser: random.Random, low: int, high: int) -> str:
    """Some words, capitalised, as prose in a cell."""
    words = [chooser.choice(WORDS) for _ in range(chooser.randint(low, high))]
    return " ".join(words).capitalize()


def generated_source(index: int) -> str:
    """One job-architecture source: 3-6 roles, 8-12 dimensions, prose cells."""
    chooser = random.Random(index)
    roles = [f"Role {index}.{r} {sentence(chooser, 1, 3)}" for r in range(chooser.randint(3, 6))]
    lines = [
        f"# Job family {index}",
        "",
        sentence(chooser, 12, 24) + ".",
        "",
        "## Comparison",
        "",
        "| Dimension | " + " | ".join(roles) + " |",
        "|---" * (len(roles) + 1) + "|",
    ]
    for d in range(chooser.randint(8, 12)):
        cells = [sentence(chooser, 6, 28) for _ in roles]
        lines.append(f"| Dimension {d} {sentence(chooser, 1, 2)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def tree_memory_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, summed, in MB."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    total_kb = 0
    for pid in tree:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def timed(command: Sequence[str], env: dict[str, str]) -> float:
    """Wall time of one run of `command`, which must succeed."""
    started = time.perf_counter()
    subprocess.run(
        command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def peak_memory(command: Sequence[str], env: dict[str, str]) -> float:
    """The peak summed resident memory of `command`'s process tree, in MB."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_memory_mb(process.pid))
        time.sleep(0.005)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    return peak


def pandoc_commands(pandoc: str, source: Path, folder: Path) -> list[list[str]]:
    """pandoc's DOCX, and its PDF laid out by WeasyPrint."""
    return [
        [pandoc, str(source), "-o", str(folder / "p.docx")],
        [pandoc, str(source), "-o", str(folder / "p.pdf"), "--pdf-engine=weasyprint"],
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8, help="cold runs per figure (median)")
    parser.add_argument("--sources", type=int, default=60, help="sources in the batch")
    parser.add_argument("--batch-runs", type=int, default=3, help="runs of the whole batch")
    args = parser.parse_args()
    pandoc = pypandoc.get_pandoc_path()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    jobarch = [str(BIN / "jobarch")]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        batch = folder / "batch"
        batch.mkdir()
        for index in range(args.sources):
            (batch / f"family-{index:03d}.md").write_text(generated_source(index), encoding="utf-8")
        # --force: every run writes every file, as a first build does, not a no-op rebuild.
        seed_command = [*jobarch, "build", "--force", str(SEED), "-o", str(folder / "seed")]
        batch_out = str(folder / "batch-out")
        batch_command = [*jobarch, "build", "--force", str(batch), "-o", batch_out]
        samples = sorted(batch.iterdir())[:: max(1, args.sources // args.runs)][: args.runs]

        # Warm the file system cache once, so the first timed run is not an outlier.
        timed(seed_command, env)
        for command in pandoc_commands(pandoc, SEED, folder):
            timed(command, env)

        ours, theirs = [], []
        for _ in range(args.runs):  # interleaved, so both see the same load
            ours.append(timed(seed_command, env))
            theirs.append(sum(timed(c, env) for c in pandoc_commands(pandoc, SEED, folder)))
        seed_ours, seed_pandoc = statistics.median(ours), statistics.median(theirs)

        batch_times = [timed(batch_command, env) for _ in range(args.batch_runs)]
        per_source = statistics.median(batch_times) / args.sources
        pandoc_per_source = statistics.median(
            sum(timed(c, env) for c in pandoc_commands(pandoc, sample, folder))
            for sample in samples
        )
        seed_mb = max(peak_memory(seed_command, env) for _ in range(2))
        batch_mb = peak_memory(batch_command, env)

    rows = [
        ("seed: DOCX+XLSX+PDF, one command", seed_ours, seed_pandoc, SEED_RATIO),
        (f"batch: {args.sources} sources, per source", per_source, pandoc_per_source, BATCH_RATIO),
    ]
    print(f"cores: {os.cpu_count()}; medians of {args.runs} cold runs; pandoc {pandoc}")
    print(f"{'figure':40} {'jobarch':>9} {'pandoc':>9} {'ratio':>7} {'target':>8}")
    missed = False
    for name, mine, reference, target in rows:
        ratio = mine / reference
        missed |= ratio > target
        verdict = "met" if ratio <= target else "MISSED"
        figures = f"{mine:8.3f}s {reference:8.3f}s {ratio:6.3f}x"
        print(f"{name:40} {figures} {'<=':>3}{target:.2f}x  {verdict}")
    for name, megabytes in (("peak memory, seed", seed_mb), ("peak memory, batch", batch_mb)):
        missed |= megabytes >= MEMORY_MB
        verdict = "met" if megabytes < MEMORY_MB else "MISSED"
        label = f"{name} (process tree)"
        print(f"{label:40} {megabytes:7.0f}MB {'':>17} {'<':>3}{MEMORY_MB:.0f}MB  {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
