"""Zip archives that depend on their content alone: the same entries give the same bytes."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable


def write_zip(entries: Iterable[tuple[str, bytes]], timestamp: int, level: int = 6) -> bytes:
    """A zip of `entries` (name, data), in that order, every one dated `timestamp`.

    Zip dates are local wall-clock fields without a zone: UTC is used, clamped
    to the range the format can hold; the system and permissions are fixed
    too, so the archive does not tell where it was made.
    """
    stamp = time.gmtime(min(max(timestamp, 315532800), 4354819199))
    date = (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min,
            stamp.tm_sec)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whichever system writes it
            info.external_attr = 0o100644 << 16
            archive.writestr(info, data, compresslevel=level)
    return out.getvalue()
