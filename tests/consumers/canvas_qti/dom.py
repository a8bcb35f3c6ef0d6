"""A small DOM (Node) for the QTI 2.1 documents and HTML fragments; HTML parsing, serialising."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser

# ---------------------------------------------------------------------------
# A small DOM shared by the QTI 2.1 documents and parsed HTML fragments
# ---------------------------------------------------------------------------

TEXT = "#text"


class Node:
    """An element (tag) or a text node (tag == "#text"), with parent links."""

    __slots__ = ("attrs", "children", "parent", "tag", "text")

    def __init__(self, tag: str, attrs: dict[str, str] | None = None, text: str = "") -> None:
        self.tag = tag
        self.attrs: dict[str, str] = dict(attrs or {})
        self.children: list[Node] = []
        self.parent: Node | None = None
        self.text = text

    def add(self, child: Node) -> Node:
        """Append a child and return it."""
        child.parent = self
        self.children.append(child)
        return child

    def add_text(self, text: str) -> None:
        """Append text, merging with a preceding text node."""
        if not text:
            return
        if self.children and self.children[-1].tag == TEXT:
            self.children[-1].text += text
        else:
            self.add(Node(TEXT, text=text))

    def get(self, name: str) -> str | None:
        """An attribute or None."""
        return self.attrs.get(name)

    @property
    def is_text(self) -> bool:
        """True for text nodes."""
        return self.tag == TEXT

    def elements(self) -> list[Node]:
        """Element children."""
        return [c for c in self.children if c.tag != TEXT]

    def iter(self) -> Iterator[Node]:
        """Descendant elements in document order (not self)."""
        for child in self.children:
            if child.tag != TEXT:
                yield child
                yield from child.iter()

    def remove(self) -> None:
        """Detach from the parent."""
        if self.parent is not None:
            self.parent.children.remove(self)
            self.parent = None


def text_of(node: Node) -> str:
    """Nokogiri's #text: every descendant text node, concatenated."""
    if node.is_text:
        return node.text
    return "".join(text_of(c) for c in node.children)


def el(tag: str, attrs: dict[str, str] | None = None, *children: Node | str) -> Node:
    """Build an element with children (strings become text nodes)."""
    node = Node(tag, attrs)
    for child in children:
        if isinstance(child, str):
            node.add_text(child)
        else:
            node.add(child)
    return node


def from_et(elem: ET.Element) -> Node:
    """An ElementTree element as a Node, namespaces dropped (Nokogiri's default namespace)."""
    node = Node(elem.tag.rsplit("}", 1)[-1],
                {k.rsplit("}", 1)[-1]: v for k, v in elem.attrib.items()})
    node.add_text(elem.text or "")
    for child in elem:
        if isinstance(child.tag, str):
            node.add(from_et(child))
        node.add_text(child.tail or "")
    return node


# -- HTML: a simplified HTML5 fragment parser (Nokogiri::HTML5.fragment) and serializer

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link",
        "meta", "param", "source", "track", "wbr"}
_CLOSES_P = {"address", "article", "aside", "blockquote", "details", "dialog", "dir", "div",
             "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
             "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p",
             "pre", "section", "table", "ul", "li", "dd", "dt"}
_RAW = {"script", "style", "textarea", "title", "xmp"}


class _FragmentBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#fragment")
        self.stack: list[Node] = [self.root]

    def _open(self, name: str) -> bool:
        return any(n.tag == name for n in self.stack[1:])

    def _close_to(self, name: str) -> None:
        while len(self.stack) > 1:
            if self.stack.pop().tag == name:
                break

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CLOSES_P and self._open("p"):
            self._close_to("p")
        if tag == "li" and self._open("li"):
            self._close_to("li")
        if tag in ("dd", "dt"):
            for t in ("dd", "dt"):
                if self._open(t):
                    self._close_to(t)
        if tag == "tr" and self.stack[-1].tag == "table":
            self.stack.append(self.stack[-1].add(Node("tbody")))
        node = self.stack[-1].add(Node(tag, {k: (v or "") for k, v in attrs}))
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # HTML5 ignores the self-closing flag of non-void elements.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # "</br>" is a parse error read as "<br>"
            self.stack[-1].add(Node("br"))
        elif tag == "p" and not self._open("p"):
            self.stack[-1].add(Node("p"))
        elif self._open(tag):
            self._close_to(tag)

    def handle_data(self, data: str) -> None:
        self.stack[-1].add_text(data)


def parse_html(source: str) -> Node:
    """An HTML fragment as a Node tree (comments dropped: Sanitize removes them anyway)."""
    builder = _FragmentBuilder()
    builder.feed(source)
    builder.close()
    return builder.root


def _esc_text(s: str) -> str:
    return s.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace("<", "&lt;").replace(
        ">", "&gt;")


def _esc_attr(s: str) -> str:
    return s.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;")


def outer_html(node: Node) -> str:
    """HTML5 serialization of a node."""
    if node.is_text:
        if node.parent is not None and node.parent.tag in _RAW:
            return node.text
        return _esc_text(node.text)
    attrs = "".join(f' {k}="{_esc_attr(v)}"' for k, v in node.attrs.items())
    if node.tag in VOID:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{inner_html(node)}</{node.tag}>"


def inner_html(node: Node) -> str:
    """HTML5 serialization of a node's children."""
    return "".join(outer_html(c) for c in node.children)
