"""The timestamp outputs carry: SOURCE_DATE_EPOCH when set, so builds can repeat."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from .errors import JobarchError

VARIABLE = "SOURCE_DATE_EPOCH"
# The zip packages inside DOCX and XLSX can date nothing before 1980 or after 2107.
_EARLIEST = int(datetime(1980, 1, 1, tzinfo=UTC).timestamp())
_LATEST = int(datetime(2107, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp())


class EpochError(JobarchError):
    """SOURCE_DATE_EPOCH is set to something that is not a time jobarch can stamp."""


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as seconds, None when unset or empty; EpochError when not a time.

    The reproducible-builds specification asks for an ASCII integer; anything else is the
    environment's mistake, named as such rather than silently replaced by the clock.
    """
    raw = os.environ.get(VARIABLE, "")
    if raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise EpochError(
            f"{VARIABLE}: error: {raw[:40]!r} is not a number of seconds since 1970\n"
            f"  hint: set it to digits only, e.g. {VARIABLE}=$(git log -1 --format=%ct)"
        )
    seconds = int(raw)
    if not _EARLIEST <= seconds <= _LATEST:
        raise EpochError(
            f"{VARIABLE}: error: {seconds} is outside 1980-01-01 to 2107-12-31, "
            "the dates DOCX and XLSX files can carry\n"
            "  hint: use the time of the last commit: git log -1 --format=%ct"
        )
    return seconds


def build_timestamp() -> datetime:
    """The moment to stamp into document metadata (UTC, whole seconds)."""
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)
