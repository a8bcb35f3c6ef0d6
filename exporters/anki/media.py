"""Media for Anki: the local pictures and sounds a deck shows are packed into the .apkg.

Anki keeps media in one flat folder per collection and a field names a file by
its bare name, so each file is stored under its name plus a hash of its
content (`MediaFile.flat_name`): two decks' `figure.png` never collide and an
edited picture reaches learners as a new file. The loader has already checked
every local path (inside the deck's folder, an image or a sound, present).
Sounds become Anki's `[sound:...]`, which plays them on the card.
"""

from __future__ import annotations

import html
import re

from cardsmith.exporter import Report
from cardsmith.media import is_remote, rewrite_sources
from cardsmith.model import Deck

_AUDIO = re.compile(r'<audio\b[^>]*?\bsrc="([^"]*)"[^>]*>.*?</audio>', re.DOTALL)


class Media:
    """The media files of one package, collected while its fields are written."""

    def __init__(self, deck: Deck, report: Report) -> None:
        self.deck = deck
        self.report = report
        self.files: dict[str, bytes] = {}

    def rewrite(self, text: str, item_id: str) -> str:
        """`text` with each local file renamed to its packed name, sounds as `[sound:...]`."""
        if "src=" not in text:
            return text
        text = rewrite_sources(text, self._pack)
        return _AUDIO.sub(lambda m: self._sound(m.group(1), item_id), text)

    def check_description(self, text: str, deck_id: str) -> None:
        """Report local media in a deck description: Anki imports media only for notes."""
        if any(url in self.deck.media for url in _sources(text)):
            self.report.lose("pictures in deck descriptions not shown by Anki", deck_id)

    def _pack(self, url: str) -> str | None:
        found = self.deck.media.get(url)
        if found is None:
            return None  # remote or data: Anki shows it as it is
        self.files[found.flat_name] = found.data
        return found.flat_name

    def _sound(self, src: str, item_id: str) -> str:
        name = html.unescape(src)
        if is_remote(name):
            self.report.lose("remote sounds left out (Anki plays only packed files)", item_id)
            return ""
        return f"[sound:{name}]"


def _sources(text: str) -> list[str]:
    found: list[str] = []
    rewrite_sources(text, lambda url: found.append(url))
    return found
