"""CSV and TSV files: a card a row, with a header row or a column mapping.

Quoting is Excel's (RFC 4180: fields in `"`, a quote doubled inside); the
delimiter is found from the file (`,` `;` tab or `|`, a `.tsv` is tab). A
header row is recognised when it names known columns, or when it is made of
column-like names that the rows below are not; `--columns front,back,tags`
says it instead. Columns: `front` and `back` (by default the first two),
`tags`, `id`; any other named column is added to the back as a labelled line,
`-` leaves one out.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any, ClassVar

from cardsmith.importer import Importer, Media, OptionError, Report, SourceError

from .text import card, decode, read_text, tags

NAMES = {
    "front": ("front", "question", "term", "word", "prompt", "q"),
    "back": ("back", "answer", "definition", "meaning", "a"),
    "tags": ("tags", "tag", "category", "categories", "topic"),
    "id": ("id",),
}
_COLUMN_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9 _-]{0,39}")


class TableImporter(Importer):
    """CSV or TSV, a card a row."""

    name = "csv"
    suffixes = (".csv", ".tsv")
    description = "CSV or TSV (Excel quoting), a card a row; header row or --columns"
    options: ClassVar[dict[str, tuple[str, str]]] = {
        "columns": ("", "what each column holds, such as front,back,tags or -,front,back "
                        "(default: from the header row, else front,back)"),
        "delimiter": ("", "the field separator (default: found from the file)"),
    }

    def __init__(self, options: dict[str, str] | None = None) -> None:
        super().__init__(options)
        self.columns = [c.strip().lower() for c in self.settings["columns"].split(",")
                        if c.strip()] if self.settings["columns"] else []
        if self.columns and ("front" not in self.columns or "back" not in self.columns):
            raise OptionError("csv: option columns must name a front and a back column, "
                              "such as front,back,tags")
        if len(self.settings["delimiter"]) > 1:
            raise OptionError("csv: option delimiter must be one character")

    def sniff(self, head: bytes, path: Path) -> bool:
        """Text whose first lines split into the same number (two or more) of fields."""
        text = decode(head)
        if text is None:
            return False
        lines = [line for line in text.splitlines()[:10] if line.strip()]
        return bool(lines) and _delimiter(text, path) is not None

    def read(self, path: Path, media: Media, report: Report) -> dict[str, Any]:
        """One flashcard a row."""
        text = read_text(path, report)
        delimiter = self.settings["delimiter"] or _delimiter(text[:65536], path) or ","
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)
                if any(cell.strip() for cell in row)]
        if not rows:
            raise SourceError("the file holds no rows")
        columns = self.columns
        if not columns:
            columns, header = _header(rows)
            if header:
                rows = rows[1:]
                report.note(f"{path.name}: first row read as column names "
                            f"({', '.join(header)}); give --columns to say otherwise")
            else:
                report.note(f"{path.name}: no header row: columns read as "
                            f"{', '.join(columns[:len(rows[0])])} (--columns to say otherwise)")
        cards: list[dict[str, Any]] = []
        taken: set[str] = set()
        for n, row in enumerate(rows, 1):
            cells = {c: row[i] if i < len(row) else "" for i, c in enumerate(columns)}
            if not cells["front"].strip() or not cells["back"].strip():
                report.lose("rows left out (empty front or back)", f"row {n}")
                continue
            extra = [(c, v) for c, v in cells.items() if c not in NAMES and c != "-"]
            made = card(cells["front"], cells["back"], taken, n, extra,
                        tags(cells.get("tags", "")))
            if cells.get("id", "").strip():
                taken.discard(made["id"])
                made["id"] = _own_id(cells["id"], taken, made["id"])
            cards.append(made)
        if max(map(len, rows)) > len(columns):
            report.note(f"{path.name}: columns after the {len(columns)}th left out "
                        "(--columns names them)")
        return {"title": path.stem, "flashcards": cards}


def _own_id(value: str, taken: set[str], fallback: str) -> str:
    ident = re.sub(r"[^a-z0-9-]+", "-", value.strip().lower()).strip("-")[:100]
    ident = ident if ident and ident not in taken else fallback
    taken.add(ident)
    return ident


def _delimiter(text: str, path: Path) -> str | None:
    """The delimiter that splits the first lines alike, tab first for a .tsv."""
    sample = "\n".join(text.splitlines()[:20])
    order = "\t,;|" if path.suffix.lower() == ".tsv" else ",;\t|"
    for delimiter in order:
        rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        if len(rows) > 1:
            rows = rows[:-1]  # the last line may be cut by the sample
        if rows and len(rows[0]) >= 2 and all(len(r) == len(rows[0]) for r in rows):
            return delimiter
    return None


def _header(rows: list[list[str]]) -> tuple[list[str], list[str]]:
    """The columns' meaning and, when the first row names them, that row."""
    first = [cell.strip() for cell in rows[0]]
    known = {name: role for role, names in NAMES.items() for name in names}
    roles = [known.get(cell.lower()) for cell in first]
    column_like = all(_COLUMN_LIKE.fullmatch(cell) for cell in first)
    below = rows[1:6]
    differs = any(not all(_COLUMN_LIKE.fullmatch(c.strip()) for c in row if c.strip())
                  for row in below)
    if (("front" in roles and "back" in roles) or (column_like and differs)) and below:
        columns = [r or cell.lower() for r, cell in zip(roles, first, strict=True)]
        if "front" not in columns:
            columns[columns.index(next(c for c in columns if c not in NAMES))] = "front"
        if "back" not in columns:
            columns[columns.index(next(c for c in columns if c not in NAMES))] = "back"
        return columns, first
    return ["front", "back", "tags"][:max(2, min(3, len(rows[0])))], []
