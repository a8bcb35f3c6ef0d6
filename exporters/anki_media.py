"""Images for Anki: local pictures a deck shows are packed into the .apkg.

Anki keeps media in one flat folder per collection and a field names a file by
its bare name. Each picture is stored under its own name plus a hash of its
content, so that two decks' `figure.png` never collide and an edited picture
reaches learners as a new file. Only image files inside the deck's own folder
are packed: a shared deck must not be able to pull other files into a package.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path
from urllib.parse import unquote

from cardsmith.exporter import Report

_IMG = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp"})


class Media:
    """The media files of one package, collected while its fields are written."""

    def __init__(self, folder: Path, report: Report) -> None:
        self.folder = folder.resolve()
        self.report = report
        self.files: dict[str, bytes] = {}
        self._stored: dict[str, tuple[str | None, str]] = {}

    def rewrite(self, text: str, item_id: str) -> str:
        """`text` with each local `<img src>` renamed to its packed file."""
        if "<img" not in text:
            return text
        return _IMG.sub(lambda m: m.group(1) + self._pack(m.group(2), item_id) + m.group(3), text)

    def check_description(self, text: str, deck_id: str) -> None:
        """Report local pictures in a deck description: Anki imports media only for notes."""
        for match in _IMG.finditer(text):
            if not _SCHEME.match(html.unescape(match.group(2))):
                self.report.lose("pictures in deck descriptions not shown by Anki", deck_id)

    def _pack(self, src: str, item_id: str) -> str:
        url = html.unescape(src)
        if _SCHEME.match(url):
            return src  # remote or data: Anki shows it as it is
        if url not in self._stored:
            self._stored[url] = self._load(url)
        name, problem = self._stored[url]
        if name is None:
            self.report.lose(problem, item_id)
            return src
        return html.escape(name)

    def _load(self, url: str) -> tuple[str | None, str]:
        path = (self.folder / unquote(url.split("#")[0].split("?")[0])).resolve()
        if not path.is_relative_to(self.folder):
            return None, "images outside the deck's folder not packed"
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            return None, "images of an unknown file type not packed"
        if not path.is_file():
            return None, "images not found"
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        name = f"{_UNSAFE.sub('_', path.stem)[:60]}-{digest}{path.suffix.lower()}"
        self.files[name] = data
        return name, ""
