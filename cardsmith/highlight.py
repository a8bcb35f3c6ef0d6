"""Syntax highlighting of fenced code blocks with a language, by Pygments.

The highlighted HTML uses Pygments' short class names (`<span class="k">`);
a format that shows colours includes `stylesheet()` once. A language Pygments
does not know is shown as plain code.
"""

from __future__ import annotations

from functools import lru_cache


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
def stylesheet(scope: str = ".highlight", dark_scope: str | None = None) -> str:
    """CSS for highlighted code under `scope`, and a dark palette under `dark_scope`.

    `dark_scope` is a selector prefix such as `.nightMode` (Anki) or
    `@media (prefers-color-scheme: dark)` (a web page). Only rules under the
    scope are kept: Pygments also styles bare `pre` and line numbers.
    """
    light = _rules("friendly", scope)
    if dark_scope is None:
        return light
    if dark_scope.startswith("@media"):
        return f"{light}\n{dark_scope} {{\n{_rules('monokai', scope)}\n}}"
    return f"{light}\n{_rules('monokai', f'{dark_scope} {scope}')}"


def _rules(style: str, scope: str) -> str:
    from pygments.formatters import HtmlFormatter

    defs: str = HtmlFormatter(style=style).get_style_defs(scope)  # type: ignore[no-untyped-call]
    return "\n".join(line for line in defs.splitlines() if line.startswith(scope))
