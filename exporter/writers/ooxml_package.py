"""OOXML packages: rewrite a zip with fixed dates, replaced and added parts."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import datetime

# The namespace of docProps/app.xml, the package's extended properties.
EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

# The zip format cannot date anything before 1980.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def _zip_date(stamp: datetime) -> tuple[int, int, int, int, int, int]:
    fields = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    return max(fields, _ZIP_EPOCH)


def repack(package: bytes, stamp: datetime, parts: Mapping[str, bytes] | None = None) -> bytes:
    """Rewrite a zip package with every entry dated `stamp` and `parts` replaced by name.

    Parts the package lacks are added after its own, in name order.

    python-docx and openpyxl date each entry with the current time (and openpyxl stamps
    `modified` with now()), so the same input would never give the same bytes twice
    without this pass.
    """
    date = _zip_date(stamp)
    replaced = parts or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        names = source.namelist()
        for name in [*names, *sorted(set(replaced) - set(names))]:
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # fixed, not the platform we happen to build on
            info.external_attr = 0
            target.writestr(info, replaced[name] if name in replaced else source.read(name))
    return out.getvalue()
