"""Pictures on the HTML page: local image files are embedded, so the page stays one file.

A picture a deck shows from a file beside it (`![graph](figures/loss.png)`)
becomes a `data:` URI. Only image files inside the deck's own folder are read:
a shared deck must not be able to pull other files of the machine into a page
that is then handed out. Remote pictures are left as they are; the page's
Content-Security-Policy blocks them, and the loss is reported.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import unquote

from cardsmith.exporter import Report

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp",
               ".avif": "image/avif", ".bmp": "image/bmp"}


class Images:
    """The pictures of one deck: each source resolved once, as a data URI or a reason."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self._resolved: dict[str, tuple[str | None, str]] = {}

    def check(self, text_html: str, item_id: str, report: Report) -> None:
        """Report every picture of `text_html` the page cannot show."""
        for match in _IMG_SRC.finditer(text_html):
            data, problem = self._resolve(match.group(2))
            if data is None and problem:
                report.lose(problem, item_id)

    def embed(self, text_html: str) -> str:
        """`text_html` with each local picture replaced by its data URI."""
        return _IMG_SRC.sub(self._replace, text_html)

    def _replace(self, match: re.Match[str]) -> str:
        src = match.group(2)
        data, problem = self._resolve(src)
        if data is None and problem and not _SCHEME.match(html.unescape(src)):
            # A path relative to the deck means nothing beside the page: show the alt text.
            data = ""
        return match.group(1) + (src if data is None else data) + match.group(3)

    def _resolve(self, src: str) -> tuple[str | None, str]:
        if src not in self._resolved:
            self._resolved[src] = self._load(html.unescape(src))
        return self._resolved[src]

    def _load(self, url: str) -> tuple[str | None, str]:
        if url.startswith("data:"):
            return None, ""
        if _SCHEME.match(url):
            return None, "remote pictures not shown (the page fetches nothing)"
        path = (self.folder / unquote(url.split("#")[0].split("?")[0])).resolve()
        kind = IMAGE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        if not path.is_relative_to(self.folder):
            return None, "pictures outside the deck's folder not embedded"
        if kind is None or not kind.startswith("image/"):
            return None, "picture files that are not images not embedded"
        try:
            data = path.read_bytes()
        except OSError:
            return None, "picture files not found"
        return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}", ""


CURRENT: ContextVar[Images | None] = ContextVar("cardsmith_html_images", default=None)
"""The pictures of the deck being rendered, for the `md` template filter."""
