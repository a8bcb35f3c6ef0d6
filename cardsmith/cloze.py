"""Cloze blanks: `{{answer}}`, `{{answer::hint}}` or Anki's `{{c1::answer::hint}}`."""

from __future__ import annotations

import re
from collections.abc import Callable

from cardsmith.model import Blank

BLANK = re.compile(r"\{\{(?:c(\d+)::)?(.+?)(?:::(.+?))?\}\}", re.DOTALL)


def parse(source: str) -> tuple[list[Blank], bool]:
    """The blanks of a prompt in order, and whether numbered and unnumbered ones are mixed.

    Unnumbered blanks are numbered 1, 2, 3... in order of appearance.
    """
    blanks: list[Blank] = []
    numbered = unnumbered = 0
    for m in BLANK.finditer(source):
        if m.group(1) is not None:
            numbered += 1
            number = int(m.group(1))
        else:
            unnumbered += 1
            number = unnumbered
        blanks.append(Blank(number, m.group(2), m.group(3)))
    return blanks, bool(numbered and unnumbered)


def substitute(text: str, blanks: tuple[Blank, ...], fill: Callable[[Blank], str]) -> str:
    """Replace each blank in `text` by `fill(blank)`, in order.

    `text` is the prompt's source or a rendering of it (HTML, plain text). The
    blank passed to `fill` carries the answer and hint as they stand in `text`
    (so already escaped in HTML) and the number the source gave it.
    """
    it = iter(blanks)

    def one(m: re.Match[str]) -> str:
        return fill(Blank(next(it).number, m.group(2), m.group(3)))

    return BLANK.sub(one, text)
