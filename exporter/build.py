"""Sources x formats -> output files: the only module that moves files into out/.

Every output of a source is first written to a temporary file beside its target (by this
process, or with `jobs` above 1 by worker processes); only when all formats of that source
succeeded are they moved into place, so a failure (or a killed process) leaves the previous
outputs intact. One bad source never stops the others.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from .errors import JobarchError, SourceError
from .model import Document
from .parse import parse_source
from .source import DEFAULT_MAX_BYTES
from .theme import Theme
from .workers import TEMP_PREFIX, TEMP_SUFFIX, WorkerPool, write_temporary
from .writers import SLOWEST_FIRST

# Temporary names carry the building process's id, so a build removes only the leftovers
# of dead processes and never the live files of a build running beside it.
_TEMP_NAME = re.compile(rf"^{re.escape(TEMP_PREFIX)}(\d+)-.*{re.escape(TEMP_SUFFIX)}$")


@dataclass
class BuildReport:
    """What went wrong in a build: sources that failed, and internal errors."""

    failures: list[JobarchError] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every source was built."""
        return not self.failures and not self.crashes


@dataclass
class _Job:
    """One source on its way: its parse outcome and, once started, its formats' writes."""

    source: Path
    warnings: list[str] = field(default_factory=list)
    error: JobarchError | None = None
    unexpected: Exception | None = None  # a bug met while parsing, reported in its turn
    document: Document | None = None
    targets: list[Path] = field(default_factory=list)
    writes: dict[Path, Future[Path]] = field(default_factory=dict)


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
    jobs: int = 1,
) -> BuildReport:
    """Build every source in every format into `out_dir`; bad sources are reported, not fatal.

    With `jobs` above 1, worker processes write the formats of all sources side by side;
    what is reported, in which order, and the bytes written are the same for any `jobs`.
    An unexpected exception while building one source is recorded in `crashes` (one line)
    and the next source is built; with `debug` it propagates instead.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = f"{out_dir}: error: cannot create the output folder: {error.strerror}"
        raise JobarchError(message) from None
    remove_stale_temporaries(out_dir)
    jobs = min(jobs, len(sources) * len(formats))
    # One process for one job: a worker would only add its start-up time.
    if jobs <= 1:
        return _build(sources, formats, theme, out_dir, max_bytes, on_written, on_problem, debug)
    # The workers' scratch folder is named like the temporaries, so a killed build's is
    # removed by the next build as they are.
    scratch = Path(
        tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX, dir=out_dir)
    )
    try:
        pool = WorkerPool(jobs, scratch)
        return _build(
            sources, formats, theme, out_dir, max_bytes, on_written, on_problem, debug, pool
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _build(
    sources: Sequence[Path],
    formats: Sequence[str],
    theme: Theme,
    out_dir: Path,
    max_bytes: int,
    on_written: Callable[[Path], None],
    on_problem: Callable[[str], None],
    debug: bool,
    pool: WorkerPool | None = None,
) -> BuildReport:
    """The body of `build`, with its worker pool (if any), which it closes or stops."""
    report = BuildReport()
    try:
        for job in _plan(sources, formats, theme, out_dir, max_bytes, pool):
            for warning in job.warnings:
                on_problem(warning)
            try:
                _finish(job, formats, theme)
            except JobarchError as error:
                job.error = error
            except Exception as error:
                if debug:
                    raise
                message = f"{job.source}: internal error: {type(error).__name__}: {error}"
                on_problem(message)
                report.crashes.append(message)
                continue
            if job.error is not None:
                failure = job.error
                problems = failure.diagnostics if isinstance(failure, SourceError) else (failure,)
                for problem in problems:
                    on_problem(str(problem))
                report.failures.append(failure)
                continue
            for target in job.targets:
                on_written(target)
    except BaseException:
        # Ctrl-C, or an error under --debug: stop the workers before they write any more,
        # then remove every temporary file this build made.
        if pool is not None:
            pool.stop()
        remove_own_temporaries(out_dir)
        raise
    if pool is not None:
        pool.close()
    return report


def _plan(
    sources: Sequence[Path],
    formats: Sequence[str],
    theme: Theme,
    out_dir: Path,
    max_bytes: int,
    pool: WorkerPool | None,
) -> list[_Job]:
    """Parse the sources in order, handing each one's formats to the pool as soon as parsed.

    Every source is started before the first is finished, so the workers always have work
    while results are still reported in source order.
    """
    slugs: dict[str, Path] = {}
    jobs = []
    for source in sources:
        job = _start(source, formats, out_dir, max_bytes, slugs)
        if pool is not None and job.document is not None:
            # The slowest format first, so one source's formats end close together.
            for fmt in sorted(formats, key=SLOWEST_FIRST.index):
                target = out_dir / f"{job.document.meta.slug}.{fmt}"
                job.writes[target] = pool.submit(fmt, job.document, theme, target)
        jobs.append(job)
    return jobs


def _start(
    source: Path, formats: Sequence[str], out_dir: Path, max_bytes: int, slugs: dict[str, Path]
) -> _Job:
    """Parse one source and name its targets; a problem is kept in the job, not raised."""
    job = _Job(source)
    try:
        parsed = parse_source(source, max_bytes, formats)
    except JobarchError as error:
        job.error = error
        return job
    except Exception as error:
        job.unexpected = error
        return job
    job.warnings = [str(warning) for warning in parsed.warnings]
    slug = parsed.document.meta.slug
    if slug in slugs:
        job.error = SourceError.at(
            str(source),
            1,
            1,
            f"slug {slug!r} is already used by {slugs[slug]}: their outputs would collide",
            "set a different `slug:` in the front matter",
        )
        return job
    slugs[slug] = source
    job.document = parsed.document
    job.targets = [out_dir / f"{slug}.{fmt}" for fmt in formats]
    return job


def _finish(job: _Job, formats: Sequence[str], theme: Theme) -> None:
    """Write the job's formats (or collect what the workers wrote) and move them in place."""
    if job.unexpected is not None:
        raise job.unexpected
    if job.error is not None or job.document is None:
        return
    document = job.document
    try:
        if job.writes:
            temporaries = _collect(job)
        else:
            temporaries = []
            try:
                for fmt, target in zip(formats, job.targets, strict=True):
                    temporaries.append(write_temporary(fmt, document, theme, target, os.getpid()))
            except BaseException:
                _discard(temporaries)
                raise
        _commit(temporaries, job.targets)
    except OSError as error:
        raise JobarchError(
            f"{error.filename or job.targets[0].parent}: error: cannot write: {error.strerror}"
        ) from None


def _collect(job: _Job) -> list[Path]:
    """The temporaries the workers wrote for a job, in target order; all removed on failure."""
    done: list[Path] = []
    failure: BaseException | None = None
    for target in job.targets:
        try:
            done.append(job.writes[target].result())
        except Exception as error:
            failure = failure or error
    if failure is not None:
        _discard(done)
        raise failure
    return done


def _commit(temporaries: Sequence[Path], targets: Sequence[Path]) -> None:
    """Move every temporary onto its target; on failure, remove those not yet moved."""
    try:
        for temporary, target in zip(temporaries, targets, strict=True):
            os.replace(temporary, target)
    finally:
        _discard(temporaries)


def _discard(temporaries: Iterable[Path]) -> None:
    for temporary in temporaries:
        temporary.unlink(missing_ok=True)


def remove_stale_temporaries(out_dir: Path) -> None:
    """Delete temporary files that builds killed before they could clean up left behind."""
    for candidate in out_dir.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        match = _TEMP_NAME.match(candidate.name)
        if match and _alive(int(match.group(1))):
            continue
        _remove(candidate)


def remove_own_temporaries(out_dir: Path) -> None:
    """Delete the temporary files of this build (its workers' included)."""
    for candidate in out_dir.glob(f"{TEMP_PREFIX}{os.getpid()}-*{TEMP_SUFFIX}"):
        _remove(candidate)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True
