"""Pictures and sounds in GIFT: a question file carries no files of its own.

A local picture becomes a `data:` URI inside the `[html]` text (escaped like
every other text), so the question shows it once imported; with
`-O gift.media=drop` it is replaced by its alt text instead. Sounds are always
replaced by their alt text: Moodle's question text plays none reliably.
Remote pictures stay as links. Every loss is reported with the item.
"""

from __future__ import annotations

import base64
import html
import re
from contextvars import ContextVar
from dataclasses import dataclass

from cardsmith.exporter import Report
from cardsmith.media import rewrite_sources
from cardsmith.model import Deck

_IMG = re.compile(r'<img\b[^>]*?\bsrc="([^"]*)"[^>]*?\balt="([^"]*)"[^>]*>')
_AUDIO = re.compile(r"<audio\b[^>]*>(.*?)</audio>", re.DOTALL)


@dataclass
class GiftMedia:
    """The media policy of the file being written."""

    deck: Deck
    report: Report
    embed: bool
    item_id: str = ""

    def rewrite(self, text: str) -> str:
        """`text` (HTML) with local pictures embedded or dropped, and sounds dropped."""
        if "<audio" in text:
            self.report.lose("sounds left out (GIFT carries no files)", self.item_id)
            text = _AUDIO.sub(lambda m: m.group(1), text)
        if self.embed:
            return rewrite_sources(text, self._uri)
        return _IMG.sub(self._drop, text)

    def _uri(self, url: str) -> str | None:
        found = self.deck.media.get(url)
        if found is None:
            return None  # remote: a link Moodle shows as it is
        return f"data:{found.mime};base64,{base64.b64encode(found.data).decode('ascii')}"

    def _drop(self, match: re.Match[str]) -> str:
        if html.unescape(match.group(1)) not in self.deck.media:
            return match.group(0)
        self.report.lose("pictures left out (-O gift.media=embed keeps them)", self.item_id)
        return match.group(2)


CURRENT: ContextVar[GiftMedia | None] = ContextVar("cardsmith_gift_media", default=None)
"""The media policy of the deck being written, applied by `syntax.escape`."""
