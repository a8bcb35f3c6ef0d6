"""What a browser would run: HTML parsed for live markup, script bodies and visible text."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_LIVE_TAGS = frozenset({"script", "iframe", "object", "embed", "base", "meta", "form", "svg",
                        "style", "link"})


def live_parts(tag: str, attrs: list[tuple[str, str | None]]) -> list[str]:
    """What of one start tag could run script or restyle a page: the tag, event attributes,
    script URLs (after entity decoding and with the blanks a browser ignores removed)."""
    found = [f"<{tag}>"] if tag in _LIVE_TAGS else []
    for name, value in attrs:
        squashed = re.sub(r"[\x00-\x20]", "", html.unescape(value or "")).lower()
        if name.startswith("on") or squashed.startswith(("javascript:", "vbscript:",
                                                          "data:text")):
            found.append(f"<{tag} {name}={value!r}>")
    return found


class _Inert(HTMLParser):
    """Collects `live_parts` of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += live_parts(tag, attrs)


def assert_inert(markup: str) -> None:
    """`markup` holds no element, attribute or URL that runs script or restyles a page."""
    parser = _Inert()
    parser.feed(markup)
    parser.close()
    assert not parser.found, (parser.found, markup)


class Page(HTMLParser):
    """The tags, attributes, script bodies and text (style sheets left out) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._raw: str | None = None  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._raw = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw == "script":
            self.scripts.append(data)
        elif self._raw is None:
            self.text.append(data)


def visible_text(markup: str) -> str:
    """The text of some HTML, every run of whitespace made one space."""
    parser = Page()
    parser.feed(markup)
    parser.close()
    return " ".join("".join(parser.text).split())


def template_script(module: str) -> str:
    """The page script shipped with the HTML exporter's package (`module` names its class's)."""
    from importlib import resources

    return resources.files(module).joinpath("templates/script.js").read_text("utf-8").strip()
