"""What a deck's texts show: Markdown images (and audio) given as paths beside the deck file.

The loader resolves every local path once, refusing any that leaves the deck's
folder (`..`, an absolute path, a symbolic link pointing out) or names no
image or audio file, so that a shared deck can never pull other files of the
machine into an output. Exporters get the resolved files from `Deck.media`
and rewrite the `src` of the rendered tags with `rewrite_sources`. The same
walk over the texts (`text_issues`) refuses a text that shows nothing at all
once rendered, and a formula that would have MathJax act on the page.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from cardsmith import formulas, markdown
from cardsmith.problems import Issue, Path_

if TYPE_CHECKING:
    from cardsmith.markdown import Node

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
AUDIO_TYPES = {".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".oga": "audio/ogg",
               ".wav": "audio/wav", ".m4a": "audio/mp4", ".flac": "audio/flac"}
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_SRC = re.compile(r'(<(?:img|audio)\b[^>]*?\bsrc=")([^"]*)(")')
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def is_remote(url: str) -> bool:
    """Whether `url` names something elsewhere (`https:`, `data:`, `//host`), not a file here."""
    return bool(_REMOTE.match(url))


def is_audio(url: str) -> bool:
    """Whether `url` ends in an audio file's suffix."""
    return Path(unquote(url.split("?")[0].split("#")[0])).suffix.lower() in AUDIO_TYPES


@dataclass(frozen=True)
class MediaFile:
    """One local media file of a deck."""

    url: str
    """The path as the Markdown wrote it."""
    path: Path
    """The resolved file, inside the deck's folder."""
    mime: str

    @property
    def is_audio(self) -> bool:
        """Whether this is a sound rather than a picture."""
        return self.mime.startswith("audio/")

    @cached_property
    def data(self) -> bytes:
        """The file's bytes, read once."""
        return self.path.read_bytes()

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the content, hex."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def flat_name(self) -> str:
        """A name unique by content, for flat media folders: `figure-1a2b3c4d5e.png`."""
        stem = _UNSAFE.sub("_", self.path.stem)[:60]
        return f"{stem}-{self.digest[:10]}{self.path.suffix.lower()}"


def resolve(url: str, folder: Path) -> MediaFile | str:
    """The local file `url` names, relative to `folder`, or why it cannot be used."""
    relative = unquote(url.split("?")[0].split("#")[0])
    if not relative or Path(relative).is_absolute():
        return f"media path {url!r} is absolute: give it relative to the deck's folder"
    base = folder.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base):
        return f"media path {url!r} leaves the deck's folder"
    mime = IMAGE_TYPES.get(path.suffix.lower()) or AUDIO_TYPES.get(path.suffix.lower())
    if mime is None:
        kinds = ", ".join(sorted({*IMAGE_TYPES, *AUDIO_TYPES}))
        return f"media file {url!r} is not an image or a sound ({kinds})"
    if not path.is_file():
        return f"media file {url!r} not found beside the deck"
    return MediaFile(url, path, mime)


def rewrite_sources(rendered: str, replace: Callable[[str], str | None]) -> str:
    """`rendered` HTML with the `src` of every `<img>` and `<audio>` passed through `replace`.

    `replace` receives the URL as the Markdown wrote it (unescaped) and returns
    the new URL, or None to keep it as it is.
    """
    def one(m: re.Match[str]) -> str:
        new = replace(html.unescape(m.group(2)))
        return m.group(0) if new is None else m.group(1) + html.escape(new) + m.group(3)

    return _SRC.sub(one, rendered) if "src=" in rendered else rendered


# ---- the walk over a deck's texts ---------------------------------------------------------

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
    from cardsmith import render  # render needs this module first (is_audio)

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
