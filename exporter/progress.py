"""The progress line a terminal shows during a build: a bar, sources done, the current one,
time left."""

from __future__ import annotations

from .errors import printable

_CELLS = 20


def progress_line(done: int, total: int, current: str, elapsed: float, width: int) -> str:
    """One line, at most `width` characters: `[####----] 3/10  0:12 left  docs/a.md`.

    Time left is the time per source so far times the sources left; it is shown once a
    source is done, since before that there is nothing to go on.
    """
    filled = _CELLS * done // total if total else _CELLS
    line = f"[{'#' * filled}{'-' * (_CELLS - filled)}] {done}/{total}"
    if 0 < done < total:
        left = round(elapsed / done * (total - done))
        line += f"  {left // 60}:{left % 60:02d} left"
    if current:
        room = width - len(line) - 2
        name = printable(current)
        if room > 1:
            line += "  " + (name if len(name) <= room else "…" + name[-(room - 1) :])
    return line[:width]
