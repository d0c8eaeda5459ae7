"""Worker processes for `jobarch build --jobs N`: each writes one format of one source.

Workers only ever write temporary files (named for the build's token, see tempfiles.py);
the build process alone renames them into place, so whatever happens to a worker, no
output is ever half written.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import gc
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Diagnostic
from .manifest import file_sha256
from .model import Document
from .report import Failure, place
from .tempfiles import temporary_beside
from .theme import Theme
from .writers import DEFAULT_OPTIONS, WriteOptions, get_writer

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _glibc() -> ctypes.CDLL | None:
    """The C library, where it has malloc_trim (glibc); None elsewhere (musl, macOS, Windows)."""
    if not sys.platform.startswith("linux"):
        return None
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(None)
        if hasattr(libc, "malloc_trim"):
            return libc
    return None


# Set in a worker process (where it has malloc_trim): freed memory goes back after a write.
_trimming: ctypes.CDLL | None = None


@dataclass(frozen=True)
class Written:
    """A temporary file holding one format of a source: its size and digest, what its
    writer warned, and how long it took."""

    path: Path
    size: int
    sha256: str
    warnings: tuple[Diagnostic, ...]
    seconds: float


def write_temporary(
    fmt: str,
    document: Document,
    theme: Theme,
    target: Path,
    token: str,
    options: WriteOptions = DEFAULT_OPTIONS,
) -> Written:
    """Write one format to a temporary file beside `target`; none is left on failure.

    An OSError (a full disk above all) becomes a Failure naming the source and the file.
    """
    if _in_worker:
        _settle(fmt)
    started = time.perf_counter()
    try:
        temporary = temporary_beside(target, token)
    except OSError as error:
        raise _write_failure(document, target, error) from None
    try:
        warnings = tuple(get_writer(fmt).write(document, theme, temporary, options))
        # Flush to disk before any rename, so a crash cannot leave a renamed but empty file.
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        size, sha256 = temporary.stat().st_size, file_sha256(temporary)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _write_failure(document, target, error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        _release_free_memory(fmt)
    return Written(temporary, size, sha256, warnings, time.perf_counter() - started)


# In a worker: the formats it has started, and those whose long-lived objects are frozen.
_started: set[str] = set()
_settled: set[str] = set()
_in_worker = False


def _settle(fmt: str) -> None:
    # Each collection of the oldest generation walks every object the process tracks, and
    # most of a worker's objects live for good: modules, a writer's theme fonts and
    # stylesheets. The collector took a tenth of a worker's time in a batch. Before the
    # second file of a format, one full collection clears what the first left, and the
    # survivors are frozen: never walked again. Not after the first file: a build that
    # writes one file of each format (the seed) would wait for that collection.
    if fmt in _started and fmt not in _settled:
        gc.collect()
        gc.freeze()
        _settled.add(fmt)
    _started.add(fmt)


# Formats whose documents end in reference cycles worth freeing at once (see below).
_COLLECTED = frozenset({"docx", "xlsx"})


def _release_free_memory(fmt: str) -> None:
    # A python-docx document ends in reference cycles (its package and parts) that only
    # the cycle collector frees, and the collector's thresholds leave a few of them
    # waiting: collecting after each DOCX and XLSX took a batch's peak from 237 MB to
    # 222 MB. In a worker, where everything long-lived is frozen (see _settle), that
    # walks only the last document: 5 ms after a DOCX, under 1 ms after an XLSX (13 ms
    # after a PDF, for no lower peak).
    if _in_worker and fmt in _COLLECTED:
        gc.collect()
    # A document's layout frees tens of megabytes that glibc keeps for the process; two
    # workers holding that between tasks pushed a batch build past its memory budget.
    # malloc_trim returns it in about a millisecond.
    if _trimming is not None:
        _trimming.malloc_trim(0)


def _write_failure(document: Document, target: Path, error: OSError) -> Failure:
    hint = "free some space on that disk and build again" if error.errno == errno.ENOSPC else ""
    return Failure(
        place(document.path, "error", f"cannot write {target}: {error.strerror or error}", hint)
    )


def _start_worker(scratch: str, parent: int) -> None:
    global _trimming, _in_worker
    _trimming = _glibc()
    _in_worker = True
    # What the worker inherits from the build process (modules, parsed sources) lives as
    # long as it does: frozen, the cycle collector no longer walks it (see _settle).
    gc.freeze()
    # Libraries' temporary files (WeasyPrint copies fonts into one) go to the build's
    # scratch folder, which the build removes however its workers ended.
    tempfile.tempdir = scratch
    # Ctrl-C reaches the whole process group: the build process alone handles it, stops
    # the workers and removes their files, so a worker must not die printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker must not outlive a build that was killed (SIGKILL leaves it no chance to
    # stop them): on Linux the kernel kills it with its parent.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the build died before the request took hold
            os._exit(1)


class WorkerPool:
    """A pool of worker processes, each importing the writers it uses once, for all sources."""

    def __init__(self, jobs: int, scratch: Path, token: str) -> None:
        # Forking starts a worker in milliseconds with the parser already imported;
        # elsewhere (no fork) the platform's default start method is used.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._token = token
        self._executor = ProcessPoolExecutor(
            jobs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(str(scratch), os.getpid()),
        )

    def submit(
        self,
        fmt: str,
        document: Document,
        theme: Theme,
        target: Path,
        options: WriteOptions = DEFAULT_OPTIONS,
    ) -> Future[Written]:
        """Have a worker write `fmt` of `document` to a temporary file beside `target`."""
        return self._executor.submit(
            write_temporary, fmt, document, theme, target, self._token, options
        )

    def close(self) -> None:
        """Wait for the workers to finish their work and exit."""
        self._executor.shutdown(wait=True)

    def stop(self) -> None:
        """Stop every worker now, running work included, and wait until they are gone."""
        # ProcessPoolExecutor has no public way to stop running work before Python 3.14
        # (kill_workers); its process table is the only handle on the workers.
        table: dict[int, Any] = getattr(self._executor, "_processes", None) or {}
        processes = list(table.values())
        for process in processes:
            process.kill()
        for process in processes:
            process.join()
        self._executor.shutdown(wait=True, cancel_futures=True)
