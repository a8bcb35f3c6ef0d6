"""Syntax highlighting of fenced code blocks with a language, by Pygments.

The highlighted HTML uses Pygments' short class names (`<span class="k">`);
a format that shows colours includes `stylesheet()` once. A language Pygments
does not know is shown as plain code.

The colours are not asked of Pygments at build time: its styles change between
releases (2.21 recoloured half of "monokai"), and an output must not change
with whichever release pip picked. They live in `highlight-light.css` and
`highlight-dark.css` beside this module; `python -m cardsmith.text.highlight`
regenerates both from the installed Pygments, for a release that adopts new
colours on purpose.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).parent
_STYLES = {"light": "friendly", "dark": "monokai"}
_SCOPE = ".highlight"
"""The scope the shipped rules are written under, replaced by the caller's."""


def code_html(code: str, language: str) -> str | None:
    """`code` as escaped HTML with highlighting spans, or None for an unknown language."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return None
    out: str = highlight(code, lexer, HtmlFormatter(nowrap=True))
    return out


@lru_cache(maxsize=8)
def stylesheet(scope: str = _SCOPE, dark_scope: str | None = None) -> str:
    """CSS for highlighted code under `scope`, and a dark palette under `dark_scope`.

    `dark_scope` is a selector prefix such as `.nightMode` (Anki) or
    `@media (prefers-color-scheme: dark)` (a web page).
    """
    light = _rules("light", scope)
    if dark_scope is None:
        return light
    if dark_scope.startswith("@media"):
        return f"{light}\n{dark_scope} {{\n{_rules('dark', scope)}\n}}"
    return f"{light}\n{_rules('dark', f'{dark_scope} {scope}')}"


def _rules(palette: str, scope: str) -> str:
    lines = (_HERE / f"highlight-{palette}.css").read_text(encoding="utf-8").splitlines()
    return "\n".join(scope + line[len(_SCOPE):] for line in lines if line.startswith(_SCOPE))


def generate(palette: str) -> str:
    """The rules of `palette` ('light' or 'dark') as the installed Pygments writes them."""
    import pygments
    from pygments.formatters import HtmlFormatter

    style = _STYLES[palette]
    defs: str = HtmlFormatter(style=style).get_style_defs(_SCOPE)  # type: ignore[no-untyped-call]
    head = (f"/* Colours of highlighted code, {palette}: Pygments {pygments.__version__}'s "
            f'"{style}" style, fixed here so that\n   no Pygments release changes an output '
            "(see cardsmith/text/highlight.py). */\n")
    return head + "\n".join(line for line in defs.splitlines() if line.startswith(_SCOPE)) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    for name in _STYLES:
        (_HERE / f"highlight-{name}.css").write_text(generate(name), encoding="utf-8")
    sys.stdout.write("Rewrote the highlighting palettes; the Anki note types now need a new "
                     "revision (see exporters/anki/notetypes.py).\n")
