"""Markdown as readable plain text, for targets that show no formatting."""

from __future__ import annotations

import re

from cardsmith.media import is_audio
from cardsmith.text.markdown import INLINE, Node, safe_url

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*>")


class Plain:
    """Plain text of parsed Markdown; raw HTML loses its tags only when `allow_html`."""

    def __init__(self, allow_html: bool) -> None:
        self.allow_html = allow_html

    def html(self, raw: str) -> str:
        """Raw HTML as text: as written, or without its tags (`<br>` a line break)."""
        if not self.allow_html:
            return raw  # shown as text in the HTML too
        return _TAG.sub(lambda m: "\n" if m.group(2).lower() == "br" else "", raw)

    def blocks(self, nodes: list[Node], sep: str) -> str:
        """Block nodes joined by `sep`; a run of inline nodes counts as one block."""
        parts: list[str] = []
        run: list[Node] = []  # inline nodes directly inside a tight list item
        for node in nodes:
            if node[0] in INLINE:
                run.append(node)
                continue
            if run:
                parts.append(self.inline(run))
                run = []
            parts.append(self.block(node))
        if run:
            parts.append(self.inline(run))
        return sep.join(p for p in parts if p)

    def block(self, node: Node) -> str:
        """One block node."""
        kind, attrs, children = node
        if kind in ("Paragraph", "Heading"):
            return self.inline(children)
        if kind == "CodeBlock":
            return "".join(c[1] for c in children).rstrip("\n")
        if kind == "HtmlBlock":
            return self.html("".join(c[1] for c in children)).strip("\n")
        if kind == "List":
            lines = []
            for i, item in enumerate(children):
                marker = f"{attrs + i}. " if attrs is not None else "- "
                body = self.blocks(item[2], "\n")
                lines.append(marker + body.replace("\n", "\n" + " " * len(marker)))
            return "\n".join(lines)
        if kind == "BlockQuote":
            return "\n".join(f"> {line}".rstrip() for line in
                             self.blocks(children, "\n\n").split("\n"))
        if kind == "Rule":
            return "---"
        if kind == "Table":
            return "\n".join(" | ".join(self.inline(cell[2]) for cell in row[2])
                             for row in children)
        return self.blocks(children or [], "\n\n")

    def inline(self, nodes: list[Node]) -> str:
        """Inline nodes as one line of text (hard breaks kept)."""
        out = []
        for kind, attrs, children in nodes:
            if kind in ("Text", "Code"):
                out.append(attrs)
            elif kind == "InlineMath":
                out.append(f"${attrs}$")
            elif kind == "DisplayMath":
                out.append(f"$${attrs}$$")
            elif kind == "InlineHtml":
                out.append(self.html(attrs))
            elif kind == "SoftBreak":
                out.append(" ")
            elif kind == "HardBreak":
                out.append("\n")
            elif kind == "Strikethrough":
                out.append(f"~~{self.inline(children)}~~")
            elif kind == "Image":
                alt = self.inline(children)
                what = "audio" if is_audio(attrs["dest_url"]) else "image"
                out.append(f"[{what}: {alt}]" if alt else f"[{what}]")
            elif kind == "Link":
                text = self.inline(children)
                href = attrs["dest_url"]
                plain_link = href in (text, f"mailto:{text}") or safe_url(href) is None
                out.append(text if plain_link else f"{text} ({href})")
            elif children:
                out.append(self.inline(children))
        return "".join(out)


def inline_text(nodes: list[Node]) -> str:
    """Alt text of an image: its inline content as plain text."""
    return Plain(False).inline(nodes)
