"""The walk over a deck document's texts, at load time: media they show, texts that show nothing.

Every Markdown text must show something once rendered, and a formula must not
have MathJax act on the page; every local picture or sound is resolved once
beside the deck file (`cardsmith.media.resolve`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cardsmith.media import MediaFile, is_remote, resolve
from cardsmith.source.problems import Issue, Path_
from cardsmith.text import formulas, markdown, render

if TYPE_CHECKING:
    from cardsmith.text.markdown import Node


# What a string of the deck is, by its key: a Markdown text of the model (choices' strings
# too), or text that may show media (every answer: an open question's is a Markdown text).
TEXT_KEYS = frozenset({"intro", "prompt", "explanation", "text", "feedback", "left", "right",
                       "context", "note", "materials", "side_effects", "front", "back"})
_MEDIA, _TEXT = 1, 2
_KINDS = {**dict.fromkeys(TEXT_KEYS, _TEXT), "choices": _TEXT, "answer": _MEDIA}


def text_issues(data: object, folder: Path, aliased: Collection[Path_] | None = None
                ) -> tuple[list[Issue], dict[str, MediaFile]]:
    """Problems of a deck document's texts, and the local media files they show.

    Media must be files beside the deck; a text must show something once
    rendered; a formula must not use MathJax commands that link, style the page
    or load code. Aliases let many places share one list or mapping: each is
    walked once, and a text put in place by an alias (a path in `aliased`, the
    reader's record of every place an alias filled; None: not known) is not
    reported again. Each URL is resolved once and reported once, at the first
    place that shows it.
    """
    allow_html = isinstance(data, dict) and data.get("allow_html") is True
    shared = aliased is None or bool(aliased)  # can a list or mapping be met twice?
    aliased = aliased or ()
    issues: list[Issue] = []
    found: dict[str, MediaFile] = {}
    failed: set[str] = set()
    walked: set[int] = set()

    def text(value: str, path: Path_, key: str | int, kind: int) -> None:
        if "![" in value:
            for url in render.render_all(value).images:
                if url in found or url in failed or is_remote(url):
                    continue
                resolved = resolve(url, folder)
                if isinstance(resolved, str):
                    failed.add(url)
                    issues.append(Issue((*path, key), resolved))
                else:
                    found[url] = resolved
        if kind is _TEXT:
            messages = text_problems(value, allow_html)
            if messages and (*path, key) not in aliased:
                issues.extend(Issue((*path, key), m) for m in messages)

    def walk(value: dict[str, Any] | list[Any], path: Path_, kind: int) -> None:
        # A list's strings take the kind of its key; a mapping's take their own keys'.
        if shared:
            token = id(value) * 4 + kind
            if token in walked:
                return
            walked.add(token)
        if isinstance(value, dict):
            opened = value.get("type") == "open"
            for key, sub in value.items():
                sub_kind = _KINDS.get(key, 0)
                if sub_kind is _MEDIA and opened:
                    sub_kind = _TEXT  # an open question's answer
                if isinstance(sub, str):
                    # Tested here, not in a call per text: most texts start with a letter and
                    # hold no image and no backslash, and then there is nothing to check.
                    if sub_kind and ("![" in sub or (sub_kind is _TEXT and (
                            not sub[:1].isalpha() or "\\" in sub))):
                        text(sub, path, key, sub_kind)
                elif isinstance(sub, (dict, list)):
                    walk(sub, (*path, key), sub_kind if key == "choices" else min(sub_kind, _MEDIA))
        else:
            for i, sub in enumerate(value):
                if isinstance(sub, str):
                    if kind and ("![" in sub or (kind is _TEXT and (
                            not sub[:1].isalpha() or "\\" in sub))):
                        text(sub, path, i, kind)
                elif isinstance(sub, (dict, list)):
                    walk(sub, (*path, i), kind)

    if isinstance(data, (dict, list)):
        walk(data, (), 0)
    return issues, found


def text_problems(text: str, allow_html: bool = False) -> list[str]:
    """What `text_issues` refuses in one Markdown text: showing nothing, unsafe formulas."""
    messages: list[str] = []
    if not text[:1].isalpha() and _may_show_nothing(text, allow_html):
        messages += _shows_nothing(text, markdown.parse(text)[2], allow_html)
    if "\\" in text and formulas.may_reach_mathjax(text):
        messages += formulas.mathjax_issues(markdown.parse(text)[2])
    return messages


# ---- texts that show nothing -------------------------------------------------------------

_ALNUM = re.compile(r"[^\W_]")
# What can hide letters and digits: link definitions and addresses, code fence info
# strings, entities (`&nbsp;`), the number of an empty numbered list item (`- 1.`).
_HIDES = re.compile(r"\]:|\]\(|```|~~~|&|\d[.)](?:\s|$)")
_VISIBLE_TAG = re.compile(r"<(?:img|audio|video|svg|math|hr|iframe|object|embed|input|"
                          r"button|select|textarea|canvas|meter|progress)\b", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_EMPTY = {None: "is a Markdown link definition", "Heading": "is an empty Markdown heading",
          "List": "is an empty Markdown list item", "BlockQuote": "is an empty Markdown quote"}


def _may_show_nothing(text: str, allow_html: bool) -> bool:
    """A cheap test passing every text that can render to nothing (and a few more).

    A text starting with a letter shows it (the caller tests that); one with no
    letter or digit, or with something that can hide them, is rendered to see.
    """
    if not text.strip():
        return False  # blank: the schema says so
    return bool(not _ALNUM.search(text) or _HIDES.search(text) or (allow_html and "<" in text))


def _shows_nothing(text: str, blocks: list[Node], allow_html: bool) -> list[str]:
    """Why `text` (parsed as `blocks`) renders to nothing; an empty list when it shows something."""
    if _visible(blocks, allow_html):
        return []
    kind = blocks[0][0] if blocks else None
    line = text.strip()
    at = 0  # where a backslash makes it text
    if kind in _EMPTY:
        what = _EMPTY[kind]
        if kind == "List" and blocks[0][1] is not None:  # `1.`: a backslash before 1 stays
            at = len(line) - len(line.lstrip("0123456789"))
    else:
        at = -1
        what = ("is an empty code block" if kind == "CodeBlock"
                else "is HTML that shows nothing" if allow_html and "<" in line
                else "is a link without text" if "](" in line else "shows only spaces")
    if "\n" in line or len(line) > 60:
        return [f"renders to nothing: it {what}"
                + ("; escape its first character with `\\`" if at >= 0 else "")]
    escaped = line[:at] + "\\" + line[at:]
    return [f"renders to nothing: {_code(line)} {what}"
            + (f"; escape it as {_code(escaped)}" if at >= 0 else "")]


def _visible(nodes: list[Node], allow_html: bool) -> bool:
    for kind, attrs, children in nodes:
        if kind in ("Text", "Code"):
            if attrs.strip():
                return True
        elif kind in ("InlineMath", "DisplayMath", "Image", "Rule"):
            return True
        elif kind in ("Html", "InlineHtml"):
            if not allow_html:
                if attrs.strip():
                    return True  # shown as the text it is
                continue
            shown = _COMMENT.sub("", attrs)
            if _VISIBLE_TAG.search(shown) or html.unescape(_TAG.sub("", shown)).strip():
                return True
        elif kind == "CodeBlock":
            if "".join(c[1] for c in children).strip():
                return True
        elif children and _visible(children, allow_html):
            return True
    return False


def _code(text: str) -> str:
    """`text` as Markdown code, for a message."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"
