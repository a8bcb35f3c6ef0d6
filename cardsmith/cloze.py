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
    """Replace each blank in `text` (source or rendered) by `fill(blank)`, in order.

    The answer and hint of `blanks` come from the source; `text` may be a
    rendering of it, so only the positions of the blanks are taken from it.
    """
    it = iter(blanks)
    return BLANK.sub(lambda _m: fill(next(it)), text)
