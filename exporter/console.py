"""How a build talks: problems, a progress bar or one line per file, and the summaries.

Problems go to standard error. On a terminal, a progress bar is drawn there; otherwise each
file written or removed is one line on standard output. The streams are looked up at each
write, so whoever swapped them (Click's test runner) gets the text.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import IO, Any

from . import report
from .build import BuildReport, Events
from .errors import Diagnostic, printable
from .progress import progress_line


class Console:
    """One build's messages; `quiet` keeps only warnings and errors, `bar` allows the bar."""

    def __init__(self, quiet: bool, bar: bool) -> None:
        self.quiet = quiet
        self.bar = bar and _is_terminal(sys.stderr)
        # Both streams on a terminal: the bar says it all. Otherwise list the files.
        self.lines = not quiet and not (self.bar and _is_terminal(sys.stdout))
        self.problems: list[Diagnostic] = []
        self._shown = False
        self._started = time.perf_counter()

    def events(self, out_dir: Path | None) -> Events:
        """The callbacks a build reports through."""
        return Events(
            problem=self.problem,
            written=lambda path: self._line(f"wrote {printable(str(path))}"),
            removed=lambda path: self._line(f"removed {printable(str(path))}"),
            progress=self.progress,
            waiting=lambda: self.problem(
                report.place(str(out_dir), "note", "waiting for another build into it to end")
            ),
        )

    def problem(self, diagnostic: Diagnostic) -> None:
        """Print a problem (a note only when not quiet) and keep it for the summary."""
        self.problems.append(diagnostic)
        if self.quiet and diagnostic.severity == "note":
            return
        self._clear()
        _write(sys.stderr, report.text(diagnostic) + "\n")

    def progress(self, done: int, total: int, current: str) -> None:
        """Redraw the progress bar (on a terminal)."""
        if not self.bar or not total:
            return
        width = shutil.get_terminal_size().columns - 1
        elapsed = time.perf_counter() - self._started
        _write(sys.stderr, f"\r{progress_line(done, total, current, elapsed, width)}\x1b[K")
        self._shown = True

    def finish(self) -> None:
        """Take the progress bar off the screen."""
        self._clear()

    def _line(self, text: str) -> None:
        if self.lines:
            self._clear()
            _write(sys.stdout, text + "\n")

    def _clear(self) -> None:
        if self._shown:
            _write(sys.stderr, "\r\x1b[K")
            self._shown = False


def summary_line(outcome: BuildReport, seconds: float) -> str:
    """`jobarch: 3 written, 6 up to date, 1 removed (3 source(s), 1.2 s)`."""
    written = sum(item.status == "written" for item in outcome.outcomes)
    unchanged = len(outcome.outcomes) - written
    return (
        f"jobarch: {written} written, {unchanged} up to date, {len(outcome.removed)} removed "
        f"({outcome.sources} source(s), {seconds:.1f} s)"
    )


def summary_json(
    outcome: BuildReport, out_dir: Path, problems: list[Diagnostic], seconds: float
) -> str:
    """The build as one JSON document: artifacts with digests, problems, timings."""
    summary = {
        "out": str(out_dir),
        "ok": outcome.ok and not any(p.severity == "error" for p in problems),
        "sources": outcome.sources,
        "failed": outcome.failures,
        "handbook_failed": outcome.handbook_failed or None,
        "crashed": outcome.crashes,
        "skipped": outcome.skipped,
        "artifacts": [
            {
                "path": item.artifact.path.as_posix(),
                "format": item.artifact.format,
                "size": item.artifact.size,
                "sha256": item.artifact.sha256,
                "source": item.source,
                "status": item.status,
                "seconds": round(item.seconds, 3),
            }
            for item in outcome.outcomes
        ],
        "removed": [path.as_posix() for path in outcome.removed],
        "diagnostics": [report.data(problem) for problem in problems],
        "seconds": round(seconds, 3),
    }
    return json.dumps(summary, ensure_ascii=True, indent=2)


def _write(stream: IO[str], text: str) -> None:
    stream.write(text)
    stream.flush()


def _is_terminal(stream: IO[Any]) -> bool:
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False
