"""Sources x formats -> output files: the only module that writes to the file system.

Every output of a source is first written to a temporary file beside its target; only
when all formats of that source succeeded are they moved into place, so a failure (or a
killed process) leaves the previous outputs intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .errors import Diagnostic, JobarchError, SourceError
from .parse import parse_source
from .source import DEFAULT_MAX_BYTES
from .theme import Theme
from .writers import FORMATS, get_writer

TEMP_PREFIX = ".jobarch-"
TEMP_SUFFIX = ".tmp"


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


@dataclass
class BuildReport:
    """What a build did: files written, warnings, and the sources that failed."""

    written: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    failures: list[JobarchError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every source was built."""
        return not self.failures


def collect_sources(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders expanded to their `*.md` files, sorted, without repeats."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.md") if p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise JobarchError(f"{path}: error: no such file or folder")
    unique: dict[Path, None] = dict.fromkeys(found)
    return list(unique)


def build(
    sources: Sequence[Path],
    formats: Sequence[str],
    theme: Theme,
    out_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_written: Callable[[Path], None] = lambda path: None,
    on_problem: Callable[[str], None] = lambda message: None,
) -> BuildReport:
    """Build every source in every format into `out_dir`; bad sources are reported, not fatal."""
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out_dir)
    report = BuildReport()
    slugs: dict[str, Path] = {}
    for source in sources:
        try:
            parsed = parse_source(source, max_bytes)
        except SourceError as error:
            for diagnostic in error.diagnostics:
                on_problem(str(diagnostic))
            report.failures.append(error)
            continue
        for warning in parsed.warnings:
            on_problem(str(warning))
        report.warnings.extend(parsed.warnings)
        document = parsed.document
        slug = document.meta.slug
        if slug in slugs:
            clash = SourceError.at(
                str(source),
                1,
                1,
                f"slug {slug!r} is already used by {slugs[slug]}: their outputs would collide",
                "set a different `slug:` in the front matter",
            )
            on_problem(str(clash))
            report.failures.append(clash)
            continue
        slugs[slug] = source
        targets = [out_dir / f"{slug}.{fmt}" for fmt in formats]
        try:
            write_all(targets, [partial(get_writer(fmt).write, document, theme) for fmt in formats])
        except JobarchError as error:
            on_problem(str(error))
            report.failures.append(error)
            continue
        for target in targets:
            on_written(target)
        report.written.extend(targets)
    return report


def write_all(targets: Sequence[Path], writers: Sequence[Callable[[Path], None]]) -> None:
    """Write each target through a temporary file; move them all into place only if all succeed."""
    temporaries: list[Path] = []
    try:
        for target, write in zip(targets, writers, strict=True):
            temporary = _temporary_beside(target)
            temporaries.append(temporary)
            write(temporary)
            _fsync(temporary)
        for temporary, target in zip(temporaries, targets, strict=True):
            os.replace(temporary, target)
    finally:
        for temporary in temporaries:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


def remove_stale_temporaries(out_dir: Path) -> None:
    """Delete temporary files a killed build left behind."""
    for stale in out_dir.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def _temporary_beside(target: Path) -> Path:
    handle, name = tempfile.mkstemp(
        dir=target.parent, prefix=f"{TEMP_PREFIX}{target.name}.", suffix=TEMP_SUFFIX
    )
    # mkstemp makes the file private (0600); outputs get the usual mode under the umask.
    os.fchmod(handle, 0o666 & ~_UMASK)
    os.close(handle)
    return Path(name)


def _fsync(path: Path) -> None:
    # Flush to disk before the rename, so a crash cannot leave a renamed but empty file.
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def known_formats() -> list[str]:
    """Format names in the order they are built."""
    return list(FORMATS)
