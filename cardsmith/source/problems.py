"""Problems found in a deck, and how they are reported."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

Path_ = tuple[str | int, ...]


def json_path(path: Path_) -> str:
    """`('questions', 2, 'answer')` -> `$.questions[2].answer`."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@dataclass(frozen=True)
class Issue:
    """A problem at a JSON path; `at_key` points at the key itself rather than its value."""

    path: Path_
    message: str
    at_key: bool = False
    related: Path_ | None = None


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, at a 1-based line and column of a file."""

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.where}: {self.message}"


def to_json(problems: Iterable[Problem]) -> str:
    """The problems as a JSON list of objects, for editors and CI."""
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)


class DeckError(Exception):
    """Raised with every problem found when decks do not load."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems
