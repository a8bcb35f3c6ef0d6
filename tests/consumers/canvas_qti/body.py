"""Body objects of the version 2 item (imsqti.py BodyElement and friends)."""

from __future__ import annotations

from .dom import TEXT, Node, el
from .identifiers import xml_string

# -- body objects of the version 2 item (imsqti.py BodyElement and friends)

class B:
    """An imsqti.py body object: text, just_text, an HTML element or an interaction."""

    def __init__(self, kind: str, name: str = "", attrs: dict[str, str] | None = None,
                 text: str = "") -> None:
        self.kind = kind  # text | just_text | html | interaction | choice | rubric
        self.name = name
        self.attrs: dict[str, str] = dict(attrs or {})
        self.text = text
        self.children: list[B] = []
        self.escaped = False
        self.prompt: list[B] | None = None
        self.choices: list[B] = []

    @property
    def is_html(self) -> bool:
        return self.kind in ("text", "just_text", "html")

    @property
    def is_block(self) -> bool:
        if self.kind == "html":
            return self.name in ("div", "p", "pre", "ul", "ol", "table", "blockquote")
        return self.kind == "interaction" and self.name != "textEntryInteraction"

    @property
    def is_inline(self) -> bool:
        if self.kind in ("text", "just_text"):
            return True
        if self.kind == "html":
            return not self.is_block
        return self.name == "textEntryInteraction"

    def extract_text(self) -> str:
        if self.kind in ("text", "just_text"):
            return self.text
        return "".join(c.extract_text() for c in self.children)


def _text(text: str) -> B:
    return B("text", text=text)


def _div(cls: str | None = None) -> B:
    return B("html", "div", {"class": cls} if cls else None)


def _write_html(b: B) -> str:
    """WriteXML of an HTML body object, as FlowV1.CloseObject writes it into its buffer."""
    if b.kind in ("text", "just_text"):
        return xml_string(b.text)
    attrs = "".join(f' {k}="{xml_string(v)}"' for k, v in b.attrs.items())
    if b.name == "br":
        return "<br/>\n"
    if b.name == "img":
        return f"<img{attrs}/>"
    if b.name == "object":
        return f"<object{attrs}/>"
    inner = "".join(_write_html(c) for c in b.children)
    return f"\n<{b.name}{attrs}>{inner}</{b.name}>"


def _b_nodes(b: B) -> list[Node]:
    """The version 2 XML of a body object, as a Node."""
    if b.kind in ("text", "just_text"):
        return [Node(TEXT, text=b.text)] if b.text else []
    node = Node(b.name, b.attrs)
    if b.prompt is not None:
        cls = "text" if all(p.kind == "just_text" for p in b.prompt) else "html"
        div = node.add(el("prompt")).add(el("div", {"class": cls}))
        for p in b.prompt:
            _add_all(div, _b_nodes(p))
    for c in [*b.choices, *b.children]:
        _add_all(node, _b_nodes(c))
    return [node]


def _add_all(parent: Node, nodes: list[Node]) -> None:
    for n in nodes:
        if n.is_text:
            parent.add_text(n.text)
        else:
            parent.add(n)
