"""What the plain-text importers share: decoding a file, and cards from front and back.

Text files come as UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's
"Unicode text") or, from older spreadsheets, Windows-1252; any other bytes,
and NUL characters, mean the file is not text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cardsmith.importer import Report, SourceError, slug
from cardsmith.text.escape import markdown_text

MAX_BYTES = 256 << 20
"""A text source larger than this is refused, before it is read."""


def decode(head: bytes) -> str | None:
    """`head` as text if it looks like a text file's start, else None."""
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        return _decode(head, Report(), partial=True)
    except SourceError:
        return None


def read_text(path: Path, report: Report) -> str:
    """The whole text of `path`, newlines as `\\n`; raises SourceError when it is not text."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError(f"the file is {size >> 20} MiB; text sources over "
                              f"{MAX_BYTES >> 20} MiB are refused: split it")
        data = path.read_bytes()
    except OSError as err:
        raise SourceError(f"cannot read the file: {err.strerror}") from None
    text = _decode(data, report)
    if "\x00" in text:
        raise SourceError("the file holds NUL characters: it is not a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, report: Report, partial: bool = False) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        cut = data[:len(data) // 2 * 2] if partial else data
        return cut.decode("utf-16", errors="ignore" if partial else "strict")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if partial and err.start >= len(data) - 3:  # a character cut by the 4 KiB head
            return data[:err.start].decode("utf-8-sig")
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise SourceError(f"the file is neither UTF-8 nor Windows-1252 text (byte "
                              f"{err.start}): save it as UTF-8 and import again") from None
        report.note("read as Windows-1252, since the file is not UTF-8: check accented letters")
        return text


def item_id(text: str, taken: set[str], fallback: str) -> str:
    """A readable, unique id from the start of `text` (or `fallback`, numbered)."""
    base = slug(text, fallback, 40)
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def tags(value: str) -> list[str]:
    """Tags from a cell: separated by spaces or commas, each kept once."""
    return list(dict.fromkeys(t for t in re.split(r"[\s,]+", value) if t))


def card(front: str, back: str, taken: set[str], n: int,
         extra: Sequence[tuple[str, str]] = (), card_tags: Sequence[str] = ()) -> dict[str, Any]:
    """A flashcard from plain-text sides; `extra` (name, text) pairs follow the back."""
    back_md = markdown_text(back)
    for name, value in extra:
        if value.strip():
            back_md += f"\n\n**{markdown_text(name)}:** {markdown_text(value)}"
    found: dict[str, Any] = {"id": item_id(front, taken, f"card-{n}"),
                             "front": markdown_text(front), "back": back_md.strip()}
    if card_tags:
        found["tags"] = list(card_tags)
    return found
