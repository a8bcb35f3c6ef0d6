"""Replacing output files atomically: a reader sees the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_temp(path: Path, data: bytes, tag: str = "") -> tuple[Path, os.stat_result]:
    """Write `data` to a new hidden file beside `path`, flushed to disk, to be renamed later.

    Its name is `.<name>.<tag>.<random>.tmp`, so that whoever wrote it can find
    and remove it after a failure. Returns its path and status.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{tag + '.' if tag else ''}", suffix=".tmp",
                               dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            os.fchmod(f.fileno(), 0o644)
            return Path(tmp), os.fstat(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_bytes(path: Path, data: bytes) -> os.stat_result:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    Returns the status of the file written, taken before the rename: a later
    `stat` of `path` may already see another process's file.
    """
    tmp, written = write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return written


def remove_temps(folder: Path, tag: str) -> None:
    """Remove every temporary file that `write_temp` made in `folder` with `tag`."""
    for leftover in folder.glob(f".*.{tag}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
