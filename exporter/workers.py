"""Worker processes for `jobarch build --jobs N`: each writes one format of one source.

Workers only ever write temporary files; the build process alone renames them into place,
so whatever happens to a worker, no output is ever half written. Temporary names carry
the build process's id: a build removes the leftovers of dead builds and never the live
files of a build running beside it, whichever of its workers wrote them.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .model import Document
from .theme import Theme
from .writers import get_writer

TEMP_PREFIX = ".jobarch-"
TEMP_SUFFIX = ".tmp"
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def temporary_beside(target: Path, owner: int) -> Path:
    """A new empty file beside `target`, named for the build process `owner`."""
    handle, name = tempfile.mkstemp(
        dir=target.parent,
        prefix=f"{TEMP_PREFIX}{owner}-{target.name}.",
        suffix=TEMP_SUFFIX,
    )
    # mkstemp makes the file private (0600); outputs get the usual mode under the umask.
    os.fchmod(handle, 0o666 & ~_UMASK)
    os.close(handle)
    return Path(name)


def write_temporary(fmt: str, document: Document, theme: Theme, target: Path, owner: int) -> Path:
    """Write one format to a temporary file beside `target` and return it; none on failure."""
    temporary = temporary_beside(target, owner)
    try:
        get_writer(fmt).write(document, theme, temporary)
        # Flush to disk before any rename, so a crash cannot leave a renamed but empty file.
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _start_worker(scratch: str, parent: int) -> None:
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

    def __init__(self, jobs: int, scratch: Path) -> None:
        # Forking starts a worker in milliseconds with the parser already imported;
        # elsewhere (no fork) the platform's default start method is used.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._executor = ProcessPoolExecutor(
            jobs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(str(scratch), os.getpid()),
        )

    def submit(self, fmt: str, document: Document, theme: Theme, target: Path) -> Future[Path]:
        """Have a worker write `fmt` of `document` to a temporary file beside `target`."""
        return self._executor.submit(write_temporary, fmt, document, theme, target, os.getpid())

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
