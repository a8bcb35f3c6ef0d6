"""Zip archives that depend on their content alone: the same entries give the same bytes."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable, Sequence

Data = bytes | Sequence[bytes]
"""An entry's content: its bytes, or the pieces they are made of, in order."""


def write_zip(entries: Iterable[tuple[str, Data]], timestamp: int, level: int = 6) -> bytes:
    """A zip of `entries` (name, data), in that order, every one dated `timestamp`.

    An entry given as pieces is compressed piece by piece, so a large document
    never exists joined; the archive is the same as for the joined bytes.
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
            if isinstance(data, bytes):
                archive.writestr(info, data, compresslevel=level)
                continue
            # What writestr does, fed in pieces: the size known up front gives the
            # same header, and deflate's output does not depend on how input is cut.
            info.file_size = sum(len(piece) for piece in data)
            info._compresslevel = level  # type: ignore[attr-defined]  # writestr's own way
            with archive.open(info, "w") as entry:
                for piece in data:
                    entry.write(piece)
    return out.getvalue()
