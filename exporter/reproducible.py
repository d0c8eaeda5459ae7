"""The timestamp outputs carry: SOURCE_DATE_EPOCH when set, so builds can repeat."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def build_timestamp() -> datetime:
    """The moment to stamp into document metadata (UTC, whole seconds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)
