"""Moodle XML's text fields: one CDATA section each, with the files the text shows.

Moodle reads a field's `<text>` and the `<file>` elements beside it; a file
belongs to the field whose element holds it, and the text names it as
`@@PLUGINFILE@@/<name>`. Every text sits in one CDATA section: outside CDATA,
Moodle's XML reader loses the spaces between two entity references, and an
HTML entity such as `&nbsp;` is an XML error that refuses the file.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote
from xml.sax.saxutils import quoteattr

from cardsmith.exporter import Report
from cardsmith.media import rewrite_sources
from cardsmith.model import Deck


def cdata(text: str) -> str:
    """`text` as CDATA; a `]]>` inside is split across two sections, as XML requires."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def element(tag: str, value: str) -> str:
    """A one-line element holding plain text (numbers, keywords, ids)."""
    return f"<{tag}>{cdata(value) if set(value) & set('<&]') else value}</{tag}>"


@dataclass
class Files:
    """The deck's local media as Moodle files: each under one name, unique by content."""

    deck: Deck
    report: Report
    item_id: str = ""
    _found: dict[str, bytes] = field(default_factory=dict)

    def html_field(self, tag: str, html: str, attrs: Iterable[tuple[str, str]] = ()) -> str:
        """A text element in HTML format, with a `<file>` for each local file it shows.

        `attrs` are the element's other attributes, numbers and keywords that
        need no quoting.
        """
        head = "".join(f' {k}="{v}"' for k, v in attrs) + ' format="html"'
        if not html:  # most feedback fields: no text, no files
            return f"<{tag}{head}><text></text></{tag}>"
        if "src=" not in html:
            return f"<{tag}{head}><text>{cdata(html)}</text></{tag}>"
        self._found = {}
        text = rewrite_sources(html, self._reference)
        files = "".join(
            f'<file name={quoteattr(name)} path="/" encoding="base64">'
            f"{base64.b64encode(data).decode('ascii')}</file>"
            for name, data in sorted(self._found.items()))
        return f"<{tag}{head}><text>{cdata(text)}</text>{files}</{tag}>"

    def _reference(self, url: str) -> str | None:
        found = self.deck.media.get(url)
        if found is None:
            return None  # remote: a link Moodle shows as it is
        name = found.flat_name
        self._found[name] = found.data
        return "@@PLUGINFILE@@/" + quote(name)


def plain_field(tag: str, text: str) -> str:
    """A text element holding plain text (names, typed answers, drop-down items)."""
    return f"<{tag}><text>{cdata(text)}</text></{tag}>"
