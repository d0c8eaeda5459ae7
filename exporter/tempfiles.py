"""The output folder's lock, and temporary files named so that a build removes only its own.

A build holds an exclusive `flock` on `OUT/.jobarch.lock` while it runs, so two builds into
one folder take turns, and the kernel releases the lock however the holder ends. Before it
makes its first temporary file, a build records a random token in `OUT/.jobarch-TOKEN.build`
and names every temporary `.jobarch-TOKEN-….tmp`. A build that holds the lock knows that no
other build is running there, so the temporaries of every recorded token are leftovers of
a build that was killed: it removes exactly those. A file of the user's that merely looks
like ours has no record and is never touched; process ids, which the system reuses, play
no part.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

from .report import Failure, place

PREFIX = ".jobarch-"
SUFFIX = ".tmp"
LOCK_NAME = ".jobarch.lock"
_RECORD_SUFFIX = ".build"
_TOKEN_HEX = 16
_TOKEN = re.compile(rf"^{re.escape(PREFIX)}([0-9a-f]{{{_TOKEN_HEX}}}){re.escape(_RECORD_SUFFIX)}$")
# What tempfile.mkstemp puts between prefix and suffix (its `_RandomNameSequence`).
_MKSTEMP_RANDOM = 8


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


def temporary_name_length(name: str) -> int:
    """Bytes in the name of the longest temporary file that a build makes for output `name`."""
    longest = f"{PREFIX}{'0' * _TOKEN_HEX}-{name}.{'x' * _MKSTEMP_RANDOM}{SUFFIX}"
    return len(os.fsencode(longest))


def temporary_beside(target: Path, token: str) -> Path:
    """A new empty file beside `target`, named for the build holding `token`."""
    handle, name = tempfile.mkstemp(
        dir=target.parent, prefix=f"{PREFIX}{token}-{target.name}.", suffix=SUFFIX
    )
    # mkstemp makes the file private (0600); outputs get the usual mode under the umask.
    os.fchmod(handle, 0o666 & ~_UMASK)
    os.close(handle)
    return Path(name)


class OutputLock:
    """Holds the output folder's lock for one build, and that build's token once it needs one.

    `on_wait` is called once if another build holds the lock, before waiting for it.
    """

    def __init__(self, out_dir: Path, on_wait: Callable[[], None] = lambda: None) -> None:
        self.out_dir = out_dir
        self._on_wait = on_wait
        self._handle: int | None = None
        self._token: str | None = None

    def __enter__(self) -> OutputLock:
        try:
            self._handle = _hold(self.out_dir / LOCK_NAME, self._on_wait)
        except OSError as error:
            raise _unwritable(self.out_dir, "cannot lock the output folder", error) from None
        for token in _recorded_tokens(self.out_dir):
            _remove_temporaries(self.out_dir, token)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._token is not None:
            _remove_temporaries(self.out_dir, self._token)
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None

    def token(self) -> str:
        """This build's token, recorded in the folder the first time it is asked for.

        Raises Failure when the folder cannot be written in.
        """
        if self._token is None:
            token = secrets.token_hex(_TOKEN_HEX // 2)
            record = self.out_dir / f"{PREFIX}{token}{_RECORD_SUFFIX}"
            try:
                os.close(os.open(record, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            except OSError as error:
                raise _unwritable(
                    self.out_dir, "cannot write in the output folder", error
                ) from None
            self._token = token
        return self._token

    def scratch(self) -> Path:
        """A new folder for libraries' temporary files, removed with this build's temporaries."""
        prefix = f"{PREFIX}{self.token()}-"
        return Path(tempfile.mkdtemp(prefix=prefix, suffix=SUFFIX, dir=self.out_dir))


@contextlib.contextmanager
def no_build_running(out_dir: Path, on_wait: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Wait until no build is writing into `out_dir`, and keep builds out meanwhile.

    Readers share the lock, so several can read at once; nothing is created.
    """
    try:
        handle = os.open(out_dir / LOCK_NAME, os.O_RDONLY)
    except OSError:  # never built into, or not ours to lock: nothing to wait for
        yield
        return
    try:
        _lock(handle, fcntl.LOCK_SH, on_wait)
        yield
    finally:
        os.close(handle)


def _hold(path: Path, on_wait: Callable[[], None]) -> int:
    """Open and lock `path` (made if missing), waiting for another holder to let go."""
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _lock(handle, fcntl.LOCK_EX, on_wait)
    except BaseException:
        os.close(handle)
        raise
    return handle


def _unwritable(out_dir: Path, what: str, error: OSError) -> Failure:
    return Failure(place(str(out_dir), "error", f"{what}: {error.strerror or error}"))


def _lock(handle: int, kind: int, on_wait: Callable[[], None]) -> None:
    try:
        fcntl.flock(handle, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        on_wait()
        fcntl.flock(handle, kind)


def _recorded_tokens(out_dir: Path) -> list[str]:
    try:
        names = os.listdir(out_dir)
    except OSError:
        return []
    return sorted(match.group(1) for name in names if (match := _TOKEN.match(name)))


def _remove_temporaries(out_dir: Path, token: str) -> None:
    """Remove the temporaries named for `token` anywhere in `out_dir`, then its record."""
    prefix = f"{PREFIX}{token}-"
    for folder, subfolders, files in os.walk(out_dir):
        for name in files + subfolders:
            if name.startswith(prefix) and name.endswith(SUFFIX):
                _remove(Path(folder, name))
        subfolders[:] = [name for name in subfolders if not name.startswith(prefix)]
    with contextlib.suppress(FileNotFoundError):
        (out_dir / f"{PREFIX}{token}{_RECORD_SUFFIX}").unlink()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
