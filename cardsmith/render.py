"""Markdown rendering, done once in the core: HTML for rich targets, plain text for the rest."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode


@lru_cache(maxsize=2)
def _parser(allow_html: bool) -> MarkdownIt:
    # CommonMark plus GFM tables and strikethrough. With html off, raw HTML in
    # a deck is escaped as text, and markdown-it refuses javascript: links.
    return MarkdownIt("commonmark", {"html": allow_html}).enable(["table", "strikethrough"])


def to_block_html(source: str, *, allow_html: bool = False) -> str:
    """Render Markdown to HTML, keeping every block element."""
    html: str = _parser(allow_html).render(source)
    return html.rstrip("\n")


def to_html(source: str, *, allow_html: bool = False) -> str:
    """Render Markdown to HTML; a text that is one paragraph comes back without its `<p>`."""
    md = _parser(allow_html)
    tokens = md.parse(source)
    if len(tokens) == 3 and tokens[0].type == "paragraph_open":
        tokens = tokens[1:2]
    html: str = md.renderer.render(tokens, md.options, {})
    return html.rstrip("\n")


def to_plain(source: str) -> str:
    """Render Markdown to readable plain text.

    Paragraphs are separated by a blank line, list items keep their `-` or `1.`
    marker (nested ones indented), emphasis and code marks are dropped, a link
    keeps its URL in brackets, an image its alt text, and a soft line break
    becomes a space.
    """
    tree = SyntaxTreeNode(_parser(False).parse(source))
    return _blocks(tree.children, tight=False).strip("\n")


def _blocks(nodes: list[SyntaxTreeNode], *, tight: bool) -> str:
    sep = "\n" if tight else "\n\n"
    return sep.join(s for s in (_block(n) for n in nodes) if s)


def _block(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind in ("paragraph", "heading"):
        return "".join(_inline(c) for c in node.children)
    if kind in ("fence", "code_block"):
        return node.content.rstrip("\n")
    if kind in ("bullet_list", "ordered_list"):
        start = int(str(node.attrs.get("start", 1)))
        lines = []
        for i, item in enumerate(node.children):
            marker = f"{start + i}. " if kind == "ordered_list" else "- "
            body = _blocks(item.children, tight=True)
            pad = "\n" + " " * len(marker)
            lines.append(marker + body.replace("\n", pad))
        return "\n".join(lines)
    if kind == "blockquote":
        return _blocks(node.children, tight=False)
    if kind == "hr":
        return "---"
    if kind == "table":
        rows = [r for section in node.children for r in section.children]
        return "\n".join(
            " | ".join("".join(_inline(c) for c in cell.children[0].children)
                       if cell.children else "" for cell in row.children)
            for row in rows
        )
    if kind == "html_block":
        return node.content.rstrip("\n")
    return _blocks(node.children, tight=False)


def _inline(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind == "inline":
        return "".join(_inline(c) for c in node.children)
    if kind in ("text", "code_inline", "html_inline"):
        return node.content
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return "\n"
    if kind == "image":
        return "".join(_inline(c) for c in node.children)
    if kind == "link":
        text = "".join(_inline(c) for c in node.children)
        href = str(node.attrs.get("href", ""))
        return text if href in (text, f"mailto:{text}") else f"{text} ({href})"
    return "".join(_inline(c) for c in node.children)
