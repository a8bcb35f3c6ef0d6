"""Markdown read into a tree, once, by pulldown-cmark (through pyromark).

CommonMark plus GFM tables and strikethrough and `$` formulas, in Rust, about
25x faster than a pure-Python parser. Its event stream becomes a small tree of
`[kind, attrs, children]` nodes, from which `cardsmith.text.render` makes HTML and
`cardsmith.text.plain` plain text. Which link and image URLs are safe is decided
here, once for both.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, cast
from urllib.parse import quote

import pyromark

_OPTIONS = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
            | pyromark.Options.ENABLE_MATH)

Node = list[Any]
"""`[kind, attrs, children]`; a leaf's children are None."""
INLINE = {"Text", "Code", "InlineHtml", "SoftBreak", "HardBreak", "Emphasis", "Strong",
           "Strikethrough", "Link", "Image"}
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|file|data):", re.IGNORECASE)
_SAFE_DATA = re.compile(r"^data:image/(gif|png|jpeg|webp);", re.IGNORECASE)


MAX_DEPTH = 50
"""Blocks and spans nested deeper than this are flattened into their parent (text kept)."""


def parse(source: str) -> Node:
    """The Markdown `source` as a tree of `[kind, attrs, children]` nodes.

    The renderers below recurse once a level; a text nested hundreds of levels
    deep (`>>>>…`) would exhaust Python's stack, so nodes deeper than
    `MAX_DEPTH` lose their own markup and their content joins the node above.
    """
    root: Node = ["Document", None, []]
    stack = [root]
    flattened = 0  # Start events past MAX_DEPTH whose End is still to come
    for event in pyromark.events(source, options=_OPTIONS):
        if isinstance(event, str):  # SoftBreak, HardBreak, Rule
            stack[-1][2].append([event, None, None])
            continue
        ((what, value),) = event.items()
        value = cast(Any, value)
        if what == "Start":
            if len(stack) > MAX_DEPTH:
                flattened += 1
                continue
            kind, attrs = (value, None) if isinstance(value, str) else next(iter(value.items()))
            node: Node = [kind, attrs, []]
            stack[-1][2].append(node)
            stack.append(node)
        elif what == "End":
            if flattened:
                flattened -= 1
            else:
                stack.pop()
        else:
            stack[-1][2].append([what, value, None])
    return root


def safe_url(url: str) -> str | None:
    """`url` escaped for an attribute, or None when it could run a script."""
    squashed = re.sub(r"[\x00-\x20]", "", url)
    if _BAD_SCHEME.match(squashed) and not _SAFE_DATA.match(squashed):
        return None
    return escape(quote(url, safe="/:?#[]@!$&'()*+,;=%-._~"))
