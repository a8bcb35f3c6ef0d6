"""Pictures and sounds on the HTML page: local files are embedded, so the page stays one file.

The loader has already resolved every local media path inside the deck's
folder (`Deck.media`); here each becomes a `data:` URI. Remote pictures are
left as they are: the page's Content-Security-Policy blocks them, and the loss
is reported.
"""

from __future__ import annotations

import base64
from contextvars import ContextVar

from cardsmith.exporter import Report
from cardsmith.media import is_remote, rewrite_sources
from cardsmith.model import Deck


class Images:
    """The media of one deck: each local file embedded once as a data URI."""

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self._uris: dict[str, str] = {}
        self.met_sources = False
        """Whether `embed` was called: some text of the page holds "src=" (else no picture)."""

    def check(self, text_html: str, item_id: str, report: Report) -> None:
        """Report every remote picture or sound of `text_html`: the page fetches nothing."""
        def note(url: str) -> None:
            if is_remote(url) and not url.startswith("data:"):
                report.lose("remote pictures not shown (the page fetches nothing)", item_id)

        rewrite_sources(text_html, lambda url: note(url))

    def embed(self, text_html: str) -> str:
        """`text_html` with each local file replaced by its data URI."""
        self.met_sources = True
        return rewrite_sources(text_html, self._uri)

    def _uri(self, url: str) -> str | None:
        found = self.deck.media.get(url)
        if found is None:
            return None
        if url not in self._uris:
            data = base64.b64encode(found.data).decode("ascii")
            self._uris[url] = f"data:{found.mime};base64,{data}"
        return self._uris[url]


CURRENT: ContextVar[Images | None] = ContextVar("cardsmith_html_images", default=None)
"""The media of the deck being rendered, for the `md` template filter."""
