"""Sources x formats -> output files: the only module that writes to the file system.

Every output of a source is first written to a temporary file beside its target; only
when all formats of that source succeeded are they moved into place, so a failure (or a
killed process) leaves the previous outputs intact. One bad source never stops the others.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .errors import JobarchError, SourceError
from .parse import parse_source
from .source import DEFAULT_MAX_BYTES
from .theme import Theme
from .writers import get_writer

TEMP_PREFIX = ".jobarch-"
TEMP_SUFFIX = ".tmp"
# Temporary names carry the writing process's id, so a build removes only the leftovers
# of dead processes and never the live files of a build running beside it.
_TEMP_NAME = re.compile(rf"^{re.escape(TEMP_PREFIX)}(\d+)-.*{re.escape(TEMP_SUFFIX)}$")


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


@dataclass
class BuildReport:
    """What went wrong in a build: sources that failed, and internal errors."""

    failures: list[JobarchError] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every source was built."""
        return not self.failures and not self.crashes


def collect_sources(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders expanded to their `*.md` files, sorted, without repeats.

    A path that does not exist is kept: building it reports it like any unreadable source.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.md") if p.is_file()))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def build(
    sources: Sequence[Path],
    formats: Sequence[str],
    theme: Theme,
    out_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_written: Callable[[Path], None] = lambda path: None,
    on_problem: Callable[[str], None] = lambda message: None,
    debug: bool = False,
) -> BuildReport:
    """Build every source in every format into `out_dir`; bad sources are reported, not fatal.

    An unexpected exception while building one source is recorded in `crashes` (one line)
    and the next source is built; with `debug` it propagates instead.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = f"{out_dir}: error: cannot create the output folder: {error.strerror}"
        raise JobarchError(message) from None
    remove_stale_temporaries(out_dir)
    report = BuildReport()
    slugs: dict[str, Path] = {}
    for source in sources:
        try:
            targets = _build_one(source, formats, theme, out_dir, max_bytes, slugs, on_problem)
        except JobarchError as error:
            problems = error.diagnostics if isinstance(error, SourceError) else (error,)
            for problem in problems:
                on_problem(str(problem))
            report.failures.append(error)
            continue
        except Exception as error:
            if debug:
                raise
            message = f"{source}: internal error: {type(error).__name__}: {error}"
            on_problem(message)
            report.crashes.append(message)
            continue
        for target in targets:
            on_written(target)
    return report


def _build_one(
    source: Path,
    formats: Sequence[str],
    theme: Theme,
    out_dir: Path,
    max_bytes: int,
    slugs: dict[str, Path],
    on_problem: Callable[[str], None],
) -> list[Path]:
    """Parse one source and write all its formats, or raise with nothing written."""
    parsed = parse_source(source, max_bytes)
    for warning in parsed.warnings:
        on_problem(str(warning))
    document = parsed.document
    slug = document.meta.slug
    if slug in slugs:
        raise SourceError.at(
            str(source),
            1,
            1,
            f"slug {slug!r} is already used by {slugs[slug]}: their outputs would collide",
            "set a different `slug:` in the front matter",
        )
    slugs[slug] = source
    targets = [out_dir / f"{slug}.{fmt}" for fmt in formats]
    try:
        write_all(targets, [partial(get_writer(fmt).write, document, theme) for fmt in formats])
    except OSError as error:
        raise JobarchError(
            f"{error.filename or out_dir}: error: cannot write: {error.strerror}"
        ) from None
    return targets


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
    """Delete temporary files that builds killed before they could clean up left behind."""
    for candidate in out_dir.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        match = _TEMP_NAME.match(candidate.name)
        if match and _alive(int(match.group(1))):
            continue
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def _temporary_beside(target: Path) -> Path:
    handle, name = tempfile.mkstemp(
        dir=target.parent,
        prefix=f"{TEMP_PREFIX}{os.getpid()}-{target.name}.",
        suffix=TEMP_SUFFIX,
    )
    # mkstemp makes the file private (0600); outputs get the usual mode under the umask.
    os.fchmod(handle, 0o666 & ~_UMASK)
    os.close(handle)
    return Path(name)


def _fsync(path: Path) -> None:
    # Flush to disk before the rename, so a crash cannot leave a renamed but empty file.
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
