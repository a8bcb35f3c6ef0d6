"""Cloze blanks: `{{answer}}`, `{{answer::hint}}` or Anki's `{{c1::answer::hint}}`."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from cardsmith.model import Blank
from cardsmith.text import render

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


# Characters a blank may hold that Markdown can act on, and what in a prompt can act
# on a blank from outside it (fences, links, HTML, tables).
_ACTIVE = re.compile(r"[\\`*_~\[\]<>&|$!\n]")
_AROUND = re.compile(r"```|~~~|\]\(|\]:|<|\|")
_FENCE_LINE = re.compile(r"(?:^|\n) {0,3}(?:```|~~~)[^\n]*$")
_LINK_ADDRESS = re.compile(r"\]\([^)\s]*$")


@lru_cache(maxsize=1024)
def changed_blanks(source: str, allow_html: bool = False) -> tuple[str, ...]:
    """Why blanks of a cloze prompt would not come through Markdown as written: a message each.

    Exporters fill the blanks they find in the rendered prompt (`substitute`),
    so each blank must be there, once, and rendered as it is alone. Only a
    prompt with a character Markdown could act on is rendered to see.
    """
    matches = list(BLANK.finditer(source))
    # A line break in a blank lets Markdown start a block inside it (a quote, a list),
    # and the blank rendered alone is broken the same way, so no comparison finds it.
    broken = tuple(f"blank {i + 1} `{m.group(0)}` spans lines: keep a blank on one line".replace(
        "\n", "\\n") for i, m in enumerate(matches) if "\n" in m.group(0))
    if broken:
        return broken
    if not _AROUND.search(source) and not any(
            _ACTIVE.search(m.group(0)) or _between(source, m, "`") or _between(source, m, "$")
            for m in matches):
        return ()
    rendered = render.render_all(source, allow_html=allow_html)
    alone = [render.render_all(m.group(0), allow_html=allow_html) for m in matches]
    out: dict[int, str] = {}
    for text, each in ((rendered.html, [r.html for r in alone]),
                       (rendered.plain, [r.plain for r in alone]),
                       (rendered.html_mathml, [r.html_mathml for r in alone])):
        found = [_parts(m) for m in BLANK.finditer(text)]
        wanted = [next(map(_parts, BLANK.finditer(r)), None) for r in each]
        for i, m in enumerate(matches):
            escaped = any(_escapes(part) for part in m.groups()[1:])
            if i >= len(found) or found[i] != wanted[i] or escaped:
                out.setdefault(i, _why(source, i, m, escaped))
                if len(found) != len(wanted):
                    break  # the blanks after it cannot be paired any more
    return tuple(out[i] for i in sorted(out))


def _escapes(part: str | None) -> bool:
    """Whether `part` of a blank ends in a backslash that escapes what follows (`}` or `:`)."""
    return part is not None and (len(part) - len(part.rstrip("\\"))) % 2 == 1


def _between(source: str, m: re.Match[str], mark: str) -> bool:
    return mark in source[:m.start()] and mark in source[m.end():]


def _parts(m: re.Match[str]) -> tuple[str | None, str, str | None]:
    hint = m.group(3)
    return m.group(1), m.group(2).strip(), hint.strip() if hint is not None else None


def _why(source: str, i: int, m: re.Match[str], escaped: bool) -> str:
    blank = m.group(0)
    shown = f"`` {blank} ``" if "`" in blank else f"`{blank}`"
    head = f"blank {i + 1} {shown} is changed by Markdown: "
    if escaped:
        before = "`::`" if m.group(3) is not None and _escapes(m.group(2)) else "`}}`"
        return head + f"the `\\` before {before} escapes it; double it as `\\\\`"
    if _FENCE_LINE.search(source, 0, m.start()):
        return head + "a code fence's first line is not shown; move the blank out of it"
    if _LINK_ADDRESS.search(source, 0, m.start()):
        return head + "a link's address is not shown; move the blank out of it"
    if _between(source, m, "$") and not _ACTIVE.search(m.group(2)):
        return head + "a formula is not shown as typed; move the blank out of it"
    inner = _ACTIVE.search(m.group(2).replace("\n", " "))
    if inner and inner.group() != "\\":
        mark = inner.group()
        name = "the backtick" if mark == "`" else f"the `{mark}`"
        fix = "`` \\` ``" if mark == "`" else f"`\\{mark}`"
        return head + f"escape {name} as {fix}"
    return head + ("it is inside a link, code, a formula or HTML that Markdown does not show "
                   "as typed; move it out")
