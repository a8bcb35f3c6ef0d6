"""The media files a deck shows: Markdown images (and audio) given as paths beside the deck file.

The loader resolves every local path once (`resolve`, called by
`cardsmith.source.texts`), refusing any that leaves the deck's folder (`..`,
an absolute path, a symbolic link pointing out) or names no image or audio
file, so that a shared deck can never pull other files of the machine into an
output. Exporters get the resolved files from `Deck.media` and rewrite the
`src` of the rendered tags with `rewrite_sources`.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

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
