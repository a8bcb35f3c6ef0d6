"""Replacing output files atomically: a reader sees the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> os.stat_result:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    Returns the status of the file written, taken before the rename: a later
    `stat` of `path` may already see another process's file.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            os.fchmod(f.fileno(), 0o644)
            written = os.fstat(f.fileno())
        os.replace(tmp, path)
        return written
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
