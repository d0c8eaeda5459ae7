"""Sources x formats -> OUT: the only module that moves files into the output folder.

A build holds the folder's lock (tempfiles.py) and reads OUT/manifest.json. A source whose
artifacts the manifest lists under the same cache key, with their bytes still the listed
ones, is up to date: it is neither parsed nor written. Every other source is parsed; the
output names of all sources are checked together (targets.py) before anything is
written; then each source's formats are written to temporary files (by this process, or
by worker processes) and moved into place only when all of them succeeded, so a failure
leaves that source's previous outputs intact. One bad source never stops the others.

Moving several files into place cannot be one atomic step on POSIX: a build killed
between two renames leaves one source's set half new. The manifest, written last, makes
that visible: `jobarch verify` names it, and the next build sees the bytes differ from the
manifest and rebuilds the whole set. Artifacts that the previous manifest lists but that
no source makes any more (their source was deleted, or renamed its slug) are removed, if
their bytes are still the ones jobarch wrote; nothing else ever is.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Literal

from . import __version__, manifest
from .cache import Cache, read_bytes
from .checking import handbook_clashes, handbook_limits, skipped_note, tableless
from .distinct import distinct
from .errors import Diagnostic, JobarchError, SourceError
from .manifest import HANDBOOK_SOURCE, Artifact, MadeWith, Manifest
from .model import Document
from .parse import Parsed, parse_bytes, parse_source
from .report import Failure, diagnostics_of, place
from .reproducible import source_date_epoch
from .source import DEFAULT_MAX_BYTES
from .targets import Claim, refusals
from .tempfiles import OutputLock
from .theme import Theme
from .tidy import ThisBuild, tidy
from .walk import Source
from .workers import WorkerPool, Written, write_temporary
from .writers import SLOWEST_FIRST, SourceFile, WriteOptions


def _ignore(*_: object) -> None:
    return None


@dataclass(frozen=True)
class Options:
    """What to build, and how."""

    formats: tuple[str, ...]
    theme: Theme
    out_dir: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 1
    force: bool = False  # rebuild every source, up to date or not
    debug: bool = False  # let an internal error propagate, with its traceback
    handbook: str = ""  # also write OUT/<handbook>.<format> gathering every source
    handbook_title: str = ""  # its title (default: the name)
    pdf_variant: str = ""  # "" (tagged PDF/UA-1) or an archival variant (writers.PDF_VARIANTS)

    @property
    def writing(self) -> WriteOptions:
        """What the writers are told besides document and theme."""
        return WriteOptions(pdf_variant=self.pdf_variant)

    def keyed(self, fmt: str) -> str:
        """The format as a cache key names it: a PDF variant makes other bytes."""
        return f"{fmt}:{self.pdf_variant}" if fmt == "pdf" and self.pdf_variant else fmt


@dataclass(frozen=True)
class Events:
    """What the build tells as it goes; every callback may be left out."""

    problem: Callable[[Diagnostic], None] = _ignore
    written: Callable[[Path], None] = _ignore
    removed: Callable[[Path], None] = _ignore
    # Sources finished, sources in all, and the one being finished now ("" at the end).
    progress: Callable[[int, int, str], None] = _ignore
    waiting: Callable[[], None] = _ignore  # another build holds the output folder


@dataclass(frozen=True)
class Outcome:
    """One artifact of this build: written now, or found up to date."""

    artifact: Artifact
    source: str
    status: Literal["written", "unchanged"]
    seconds: float = 0.0


@dataclass
class BuildReport:
    """What a build did, and what went wrong."""

    outcomes: list[Outcome] = field(default_factory=list)
    removed: list[PurePosixPath] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    sources: int = 0
    handbook_failed: str = ""  # the name of the handbook asked for and not written

    @property
    def ok(self) -> bool:
        """True when every source, and the handbook if one was asked for, was built."""
        return not self.failures and not self.crashes and not self.handbook_failed


@dataclass
class _Job:
    """One source on its way: its bytes' digest, then either up to date or parsed and written."""

    source: Source
    relative: str  # its path relative to OUT, as the manifest names it
    sha256: str | None = None
    data: bytes | None = None  # the bytes hashed: parsed, and carried by an archival PDF
    keys: dict[str, str] = field(default_factory=dict)
    unchanged: list[Artifact] = field(default_factory=list)
    document: Document | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    error: JobarchError | None = None
    unexpected: Exception | None = None  # a bug met while parsing, reported in its turn
    skipped: bool = False
    writes: dict[str, Future[Written]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.source.path)

    def source_file(self) -> SourceFile:
        """Its bytes, named relative to the sources' root, for an archival PDF to carry."""
        assert self.data is not None
        return SourceFile((self.source.folder / self.source.path.name).as_posix(), self.data)

    def stem(self) -> PurePosixPath | None:
        """Folder and slug of its outputs, relative to OUT, if it has outputs to claim."""
        if self.unchanged:
            return self.unchanged[0].path.with_suffix("")
        if self.document is not None and self.error is None:
            return self.source.folder / PurePosixPath(self.document.meta.slug)
        return None


def build(sources: Sequence[Source], options: Options, events: Events | None = None) -> BuildReport:
    """Build every source in every format into `options.out_dir`; see the module's notes.

    With `jobs` above 1, worker processes write the formats of all sources side by side;
    what is reported, in which order, and the bytes written are the same for any `jobs`.
    An unexpected exception while building one source is recorded in `crashes` and the
    next source is built; with `debug` it propagates instead.
    """
    events = events or Events()
    out_dir = options.out_dir
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = f"cannot create the output folder: {error.strerror or error}"
        raise Failure(place(str(out_dir), "error", reason)) from None
    epoch = source_date_epoch()
    theme_sha256 = manifest.theme_sha256(*options.theme.folders)
    with OutputLock(out_dir, events.waiting) as lock:
        previous = _previous(out_dir, events)
        cache = Cache(previous, out_dir)
        inputs = manifest.build_sha256(__version__, theme_sha256, epoch)
        jobs = [_start(source, options, inputs, cache) for source in sources]
        refused = _refuse_clashes(jobs, options.formats, options.handbook)
        report = BuildReport(sources=sum(not job.skipped for job in jobs))
        writes = sum(len(options.formats) for job in jobs if _to_write(job))
        pool = None
        if options.jobs > 1 and writes > 1:
            pool = WorkerPool(min(options.jobs, writes), lock.scratch(), lock.token())
        try:
            _submit(jobs, options, pool)
            for number, job in enumerate(jobs):
                events.progress(number, len(jobs), job.name)
                _finish(job, options, lock.token, report, events)
            events.progress(len(jobs), len(jobs), "")
        except BaseException:
            # Ctrl-C, or an error under --debug: stop the workers before they write any
            # more; leaving the lock removes every temporary file this build made.
            if pool is not None:
                pool.stop()
            raise
        if pool is not None:
            pool.close()
        if options.handbook and refused:
            for problem in refused:
                events.problem(problem)
            report.handbook_failed = options.handbook
        elif options.handbook:
            _handbook(jobs, options, inputs, cache, lock.token, report, events)
        # This build's artifacts, written or up to date (same key: same version and theme),
        # are made with its version and theme; those kept from earlier builds keep theirs.
        made = MadeWith(__version__, options.theme.name, theme_sha256)
        report.outcomes = [
            replace(outcome, artifact=replace(outcome.artifact, made_with=made))
            for outcome in report.outcomes
        ]
        now = ThisBuild(
            made={outcome.artifact.path for outcome in report.outcomes},
            built={outcome.artifact.source for outcome in report.outcomes},
            present={job.relative for job in jobs},
            formats=options.formats,
        )
        tidied = tidy(previous, now, out_dir, events.removed, events.problem)
        report.removed = tidied.removed
        artifacts = [outcome.artifact for outcome in report.outcomes] + tidied.kept
        if previous is not None or artifacts:
            theme = options.theme.name
            record = Manifest(__version__, theme, theme_sha256, epoch, tuple(artifacts))
            _write_manifest(out_dir, record, lock.token)
    return report


def _handbook(
    jobs: list[_Job],
    options: Options,
    inputs: str,
    cache: Cache,
    token: Callable[[], str],
    report: BuildReport,
    events: Events,
) -> None:
    """Write OUT/<name>.<format> from every source, or find it up to date.

    It depends on every source's path and bytes (in chapter order, decided from their
    documents), so editing any source rebuilds it; it is written only when every source
    built, since a handbook missing a chapter must not pass for a whole one.
    """
    name = options.handbook
    marker = f"{HANDBOOK_SOURCE}{name}"
    sources = [job for job in jobs if not job.skipped]
    failed = [job.name for job in sources if job.error or job.unexpected or job.sha256 is None]
    if failed:
        problem = place(
            name,
            "error",
            f"handbook not written: {len(failed)} source(s) did not build, first {failed[0]}",
        )
        events.problem(problem)
        report.handbook_failed = name
        return
    digest = manifest.bytes_sha256(
        "\n".join(f"{job.relative}\t{job.sha256}" for job in sources).encode("utf-8")
    )
    keys = {
        fmt: manifest.cache_key(
            inputs, options.keyed(fmt), f"{marker}\t{options.handbook_title}", digest
        )
        for fmt in options.formats
    }
    targets = [options.out_dir / f"{name}.{fmt}" for fmt in options.formats]
    unchanged = (
        [] if options.force else cache.up_to_date(marker, PurePosixPath("."), keys, options.formats)
    )
    if unchanged:
        report.outcomes += [Outcome(artifact, name, "unchanged") for artifact in unchanged]
        return
    documents = []
    for job in sources:
        if job.document is None:  # up to date, so not parsed yet
            assert job.data is not None  # every job here was read
            job.document = parse_bytes(job.data, job.name, options.formats).document
        documents.append(job.document)
    # A handbook gathers sources that each passed: together they may not.
    book, limits = handbook_limits(documents, name, options.handbook_title, options.formats)
    if limits:
        for problem in limits:
            events.problem(problem)
        report.handbook_failed = name
        return
    writing = replace(
        options.writing, sources=_distinct_names([job.source_file() for job in sources])
    )
    done: list[Written] = []
    try:
        for fmt, target in zip(options.formats, targets, strict=True):
            done.append(write_temporary(fmt, book, options.theme, target, token(), writing))
        _commit([item.path for item in done], targets)
    except OSError as error:
        _discard(item.path for item in done)
        target_name = error.filename2 or error.filename
        raise Failure(
            place(name, "error", f"cannot write {target_name}: {error.strerror or error}")
        ) from None
    for fmt, written, target in zip(options.formats, done, targets, strict=True):
        for warning in written.warnings:
            events.problem(warning)
        artifact = Artifact(
            path=PurePosixPath(target.name),
            format=fmt,
            size=written.size,
            sha256=written.sha256,
            source=marker,
            source_sha256=digest,
            key=keys[fmt],
        )
        report.outcomes.append(Outcome(artifact, name, "written", written.seconds))
        events.written(target)


def _distinct_names(files: list[SourceFile]) -> tuple[SourceFile, ...]:
    """The files, a name that repeats an earlier one numbered (`x (2).md`): two sources
    named on the command line from two folders are both `x.md`, and a PDF's embedded files
    are found by name (which tells case apart)."""

    def numbered(name: str, number: int) -> str:
        path = PurePosixPath(name)
        return str(path.with_name(f"{path.stem} ({number}){path.suffix}"))

    names = distinct([file.name for file in files], numbered, key=str)
    return tuple(replace(file, name=name) for file, name in zip(files, names, strict=True))


def _previous(out_dir: Path, events: Events) -> Manifest | None:
    """The manifest the last build left; one that cannot be read is noted and ignored."""
    try:
        return manifest.load(out_dir)
    except (manifest.ManifestError, OSError) as error:
        events.problem(
            place(
                str(out_dir / manifest.NAME),
                "warning",
                f"ignored: {error}",
                "every source is rebuilt, and no earlier artifact is removed",
            )
        )
        return None


def _start(source: Source, options: Options, build_sha256: str, cache: Cache) -> _Job:
    """Hash a source, and find it up to date or parse it; a problem is kept in the job."""
    relative = Path(os.path.relpath(os.path.abspath(source.path), os.path.abspath(options.out_dir)))
    job = _Job(source, relative.as_posix())
    data = read_bytes(source.path, options.max_bytes)
    if data is not None:
        job.data = data
        job.sha256 = manifest.bytes_sha256(data)
        job.keys = {
            fmt: manifest.cache_key(build_sha256, options.keyed(fmt), job.relative, job.sha256)
            for fmt in options.formats
        }
        if not options.force:
            job.unchanged = cache.up_to_date(job.relative, source.folder, job.keys, options.formats)
            if job.unchanged:
                return job
    try:
        parsed = _parse_read(source.path, data, options.max_bytes, options.formats)
    except SourceError as error:
        if not source.named and tableless(error):
            job.skipped = True
        else:
            job.error = error
        return job
    except JobarchError as error:
        job.error = error
        return job
    except Exception as error:
        job.unexpected = error
        return job
    job.document = parsed.document
    job.warnings = list(parsed.warnings)
    return job


def _parse_read(path: Path, data: bytes | None, max_bytes: int, formats: Sequence[str]) -> Parsed:
    """Parse the very bytes read (`data`, those hashed); when they could not be read
    (None), the file is read again for the parser to say why."""
    if data is not None:
        return parse_bytes(data, str(path), formats)
    parse_source(path, max_bytes, formats)
    # Readable now but not a moment ago: replaced while being read.
    raise Failure(place(str(path), "error", "changed while it was read; build again"))


def _refuse_clashes(
    jobs: list[_Job], formats: tuple[str, ...], handbook_name: str = ""
) -> list[Diagnostic]:
    """Fail every source whose output names clash, or cannot be made, before any write;
    return why the handbook, if one is asked for, cannot be written."""
    claiming = [job for job in jobs if job.stem() is not None]
    claims = [Claim(job.name, stem, formats) for job in claiming if (stem := job.stem())]
    for job, refused in zip(claiming, refusals(claims), strict=True):
        if refused:
            job.error = Failure(*refused)
            job.unchanged = []
    return handbook_clashes(claims, handbook_name, formats) if handbook_name else []


def _to_write(job: _Job) -> bool:
    return job.document is not None and job.error is None and not job.unchanged


def _submit(jobs: Iterable[_Job], options: Options, pool: WorkerPool | None) -> None:
    """Make each source's output folder, and hand its formats to the workers, if any."""
    for job in jobs:
        if not _to_write(job):
            continue
        folder = options.out_dir / job.source.folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            job.error = Failure(
                place(job.name, "error", f"cannot create {folder}: {error.strerror or error}")
            )
            continue
        if pool is not None and job.document is not None:
            # The slowest format first, so one source's formats end close together.
            for fmt in sorted(options.formats, key=SLOWEST_FIRST.index):
                target = _target(options.out_dir, job, fmt)
                job.writes[fmt] = pool.submit(
                    fmt, job.document, options.theme, target, _writing(job, options)
                )


def _writing(job: _Job, options: Options) -> WriteOptions:
    """The writers' options for one source: an archival PDF carries that source's bytes."""
    if not options.pdf_variant:  # nothing else needs them: do not ship them to the workers
        return options.writing
    return replace(options.writing, sources=(job.source_file(),))


def _target(out_dir: Path, job: _Job, fmt: str) -> Path:
    stem = job.stem()
    assert stem is not None
    return out_dir / stem.with_name(f"{stem.name}.{fmt}")


def _finish(
    job: _Job, options: Options, token: Callable[[], str], report: BuildReport, events: Events
) -> None:
    """Report one source in its turn: up to date, skipped, failed, or written into place."""
    if job.skipped:
        events.problem(skipped_note(job.source))
        report.skipped.append(job.name)
        return
    for warning in job.warnings:
        events.problem(warning)
    if job.unchanged:
        report.outcomes += [Outcome(a, job.name, "unchanged") for a in job.unchanged]
        return
    try:
        if job.unexpected is not None:
            raise job.unexpected
        written = _write(job, options, token) if job.error is None else []
    except JobarchError as error:
        job.error = error
    except Exception as error:
        if options.debug:
            raise
        problem = place(job.name, "error", f"internal error: {type(error).__name__}: {error}")
        events.problem(problem)
        report.crashes.append(job.name)
        return
    if job.error is not None:
        for problem in diagnostics_of(job.error):
            events.problem(problem)
        report.failures.append(job.name)
        return
    for fmt, done in zip(options.formats, written, strict=True):
        for warning in done.warnings:
            events.problem(warning)
        target = _target(options.out_dir, job, fmt)
        artifact = Artifact(
            path=PurePosixPath(target.relative_to(options.out_dir).as_posix()),
            format=fmt,
            size=done.size,
            sha256=done.sha256,
            source=job.relative,
            source_sha256=job.sha256 or "",
            key=job.keys[fmt],
        )
        report.outcomes.append(Outcome(artifact, job.name, "written", done.seconds))
        events.written(target)


def _write(job: _Job, options: Options, token: Callable[[], str]) -> list[Written]:
    """Write the job's formats (or collect what the workers wrote) and move them in place."""
    assert job.document is not None
    targets = [_target(options.out_dir, job, fmt) for fmt in options.formats]
    if job.writes:
        done = _collect(job, options.formats)
    else:
        done = []
        try:
            for fmt, target in zip(options.formats, targets, strict=True):
                done.append(
                    write_temporary(
                        fmt, job.document, options.theme, target, token(), _writing(job, options)
                    )
                )
        except BaseException:
            _discard(item.path for item in done)
            raise
    try:
        _commit([item.path for item in done], targets)
    except OSError as error:
        target = error.filename2 or error.filename  # os.replace names the target second
        raise Failure(
            place(job.name, "error", f"cannot write {target}: {error.strerror or error}")
        ) from None
    return done


def _collect(job: _Job, formats: Sequence[str]) -> list[Written]:
    """What the workers wrote for a job, in format order; all removed on failure."""
    done: list[Written] = []
    failure: BaseException | None = None
    for fmt in formats:
        try:
            done.append(job.writes[fmt].result())
        except Exception as error:
            failure = failure or error
    if failure is not None:
        _discard(item.path for item in done)
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


def _write_manifest(out_dir: Path, record: Manifest, token: Callable[[], str]) -> None:
    try:
        manifest.write(out_dir, record, token)
    except OSError as error:
        where = str(out_dir / manifest.NAME)
        raise Failure(place(where, "error", f"cannot write: {error.strerror or error}")) from None


def build_to_bytes(
    source: Source,
    fmt: str,
    theme: Theme,
    max_bytes: int,
    events: Events | None = None,
    options: WriteOptions | None = None,
) -> bytes:
    """One format of one source, as bytes (for `-o -`); a problem raises JobarchError."""
    events = events or Events()
    data = read_bytes(source.path, max_bytes)
    parsed = _parse_read(source.path, data, max_bytes, (fmt,))
    assert data is not None  # else _parse_read raised
    for warning in parsed.warnings:
        events.problem(warning)
    with tempfile.TemporaryDirectory(prefix="jobarch-") as folder:
        target = Path(folder) / f"{parsed.document.meta.slug or 'out'}.{fmt}"
        writing = replace(options or WriteOptions(), sources=(SourceFile(source.path.name, data),))
        done = write_temporary(fmt, parsed.document, theme, target, "0" * 16, writing)
        for warning in done.warnings:
            events.problem(warning)
        return done.path.read_bytes()
