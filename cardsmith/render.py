"""Markdown rendering, done once in the core: HTML for rich targets, plain text for the rest.

Parsing is pulldown-cmark's (through pyromark: CommonMark plus GFM tables and
strikethrough, in Rust, about 25x faster than a pure-Python parser). Its event
stream is turned into a small tree here, and both renderings come from that
tree, so that this module alone decides what is safe: raw HTML is shown as
text unless a deck opts in, and links or images with a script-capable URL
lose their URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from typing import Any, NamedTuple, cast
from urllib.parse import quote

import pyromark

from cardsmith import formulas, highlight
from cardsmith.media import is_audio

_OPTIONS = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
            | pyromark.Options.ENABLE_MATH)

# A node is [kind, attrs, children]; leaves have children None.
Node = list[Any]
_INLINE = {"Text", "Code", "InlineHtml", "SoftBreak", "HardBreak", "Emphasis", "Strong",
           "Strikethrough", "Link", "Image"}
_SIMPLE_TAGS = {"Emphasis": "em", "Strong": "strong", "Strikethrough": "s"}
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|file|data):", re.IGNORECASE)
_SAFE_DATA = re.compile(r"^data:image/(gif|png|jpeg|webp);", re.IGNORECASE)


MAX_DEPTH = 50
"""Blocks and spans nested deeper than this are flattened into their parent (text kept)."""


def parse(source: str) -> Node:
    """The Markdown `source` as a tree of `[kind, attrs, children]` nodes.

    The renderers below recurse once a level; a text nested hundreds of levels
    deep (`>>>>…`) would exhaust Python's stack, so nodes deeper than
    `MAX_DEPTH` lose their own markup and their content joins the node above.
    """
    root: Node = ["Document", None, []]
    stack = [root]
    flattened = 0  # Start events past MAX_DEPTH whose End is still to come
    for event in pyromark.events(source, options=_OPTIONS):
        if isinstance(event, str):  # SoftBreak, HardBreak, Rule
            stack[-1][2].append([event, None, None])
            continue
        ((what, value),) = event.items()
        value = cast(Any, value)
        if what == "Start":
            if len(stack) > MAX_DEPTH:
                flattened += 1
                continue
            kind, attrs = (value, None) if isinstance(value, str) else next(iter(value.items()))
            node: Node = [kind, attrs, []]
            stack[-1][2].append(node)
            stack.append(node)
        elif what == "End":
            if flattened:
                flattened -= 1
            else:
                stack.pop()
        else:
            stack[-1][2].append([what, value, None])
    return root


def _safe_url(url: str) -> str | None:
    squashed = re.sub(r"[\x00-\x20]", "", url)
    if _BAD_SCHEME.match(squashed) and not _SAFE_DATA.match(squashed):
        return None
    return escape(quote(url, safe="/:?#[]@!$&'()*+,;=%-._~"))


def _esc(text: str) -> str:
    return escape(text, quote=False).replace('"', "&quot;")


class _Html:
    def __init__(self, allow_html: bool, mathml: bool = False) -> None:
        self.allow_html = allow_html
        self.mathml = mathml
        self.out: list[str] = []

    def nodes(self, nodes: list[Node]) -> None:
        for node in nodes:
            self.node(node)

    def node(self, node: Node) -> None:
        kind, attrs, children = node
        w = self.out.append
        if kind == "Text":
            w(_esc(attrs))
        elif kind == "Code":
            w(f"<code>{_esc(attrs)}</code>")
        elif kind in ("InlineHtml", "Html"):
            w(attrs if self.allow_html else _esc(attrs))
        elif kind in ("InlineMath", "DisplayMath"):
            display = kind == "DisplayMath"
            w(formulas.mathml(attrs, display) if self.mathml else formulas.tex_html(attrs, display))
        elif kind == "SoftBreak":
            w("\n")
        elif kind == "HardBreak":
            w("<br />\n")
        elif kind == "Rule":
            w("<hr />\n")
        elif kind in _SIMPLE_TAGS:
            tag = _SIMPLE_TAGS[kind]
            w(f"<{tag}>")
            self.nodes(children)
            w(f"</{tag}>")
        elif kind == "Paragraph":
            w("<p>")
            self.nodes(children)
            w("</p>\n")
        elif kind == "Heading":
            level = attrs["level"].lower()
            w(f"<{level}>")
            self.nodes(children)
            w(f"</{level}>\n")
        elif kind == "BlockQuote":
            w("<blockquote>\n")
            self.nodes(children)
            w("</blockquote>\n")
        elif kind == "CodeBlock":
            lang = attrs.get("Fenced", "").split()[:1] if isinstance(attrs, dict) else []
            code = "".join(c[1] for c in children)
            lit = highlight.code_html(code, lang[0]) if lang else None
            if lit is None:
                cls = f' class="language-{escape(lang[0])}"' if lang else ""
                w(f"<pre><code{cls}>{_esc(code)}</code></pre>\n")
            else:
                w(f'<pre class="highlight"><code class="language-{escape(lang[0])}">{lit}'
                  "</code></pre>\n")
        elif kind == "HtmlBlock":
            if self.allow_html:
                self.nodes(children)
            else:
                w(f"<p>{_esc(''.join(c[1] for c in children).rstrip(chr(10)))}</p>\n")
        elif kind == "List":
            tag = "ol" if attrs is not None else "ul"
            w(f'<ol start="{attrs}">\n' if attrs not in (None, 1) else f"<{tag}>\n")
            self.nodes(children)
            w(f"</{tag}>\n")
        elif kind == "Item":
            w("<li>")
            for child in children:
                if child[0] not in _INLINE and not self.out[-1].endswith("\n"):
                    w("\n")  # a block inside the item starts on its own line
                self.node(child)
            w("</li>\n")
        elif kind == "Table":
            w("<table>\n")
            head, *rows = children
            self.node(head)
            if rows:
                w("<tbody>\n")
                self.nodes(rows)
                w("</tbody>\n")
            w("</table>\n")
        elif kind == "TableHead":
            w("<thead>\n<tr>\n")
            for cell in children:
                w("<th>")
                self.nodes(cell[2])
                w("</th>\n")
            w("</tr>\n</thead>\n")
        elif kind == "TableRow":
            w("<tr>\n")
            self.nodes(children)
            w("</tr>\n")
        elif kind == "TableCell":
            w("<td>")
            self.nodes(children)
            w("</td>\n")
        elif kind in ("Link", "Image"):
            url = _safe_url(attrs["dest_url"])
            title = f' title="{_esc(attrs["title"])}"' if attrs["title"] else ""
            if url is None:  # a script-capable URL: keep the text, drop the link or image
                self.nodes(children)
            elif kind == "Image" and is_audio(attrs["dest_url"]):
                alt = _esc(_plain_inline(children))
                w(f'<audio controls src="{url}" title="{alt}">{alt}</audio>')
            elif kind == "Image":
                w(f'<img src="{url}" alt="{_esc(_plain_inline(children))}"{title} />')
            else:
                w(f'<a href="{url}"{title}>')
                self.nodes(children)
                w("</a>")
        else:
            self.nodes(children or [])


class Rendered(NamedTuple):
    """Every rendering of one text, from one parse."""

    html: str
    blocks: str | None
    """The HTML with every block kept; None when it is `html` as one paragraph."""
    plain: str
    images: tuple[str, ...]
    """The URL of every Markdown image, in order."""
    html_mathml: str
    """`html` with formulas as MathML instead of MathJax delimiters."""

    @property
    def block_html(self) -> str:
        """The HTML with every block kept, a lone paragraph's `<p>` included."""
        return f"<p>{self.html}</p>" if self.blocks is None else self.blocks


# A text that Markdown leaves as it is: one line that starts with a letter, ends
# with neither space nor backslash, and holds no character with a meaning in
# CommonMark, GFM tables or strikethrough, or formulas. Most choices, short
# answers and card fronts are like this; they skip the parser (a test checks
# both ways agree), and their plain rendering is the source string itself.
_LITERAL = re.compile(r"[^\W\d_][^\\`*_\[\]<>&!$~|\s\x00-\x1f\x7f]*"
                      r"(?: [^\\`*_\[\]<>&!$~|\s\x00-\x1f\x7f]+)*")


def render_all(source: str, *, allow_html: bool = False) -> Rendered:
    """`to_html`, `to_block_html`, `to_plain` and the image URLs of `source`, from one parse."""
    if _LITERAL.fullmatch(source):
        html = _esc(source)
        return Rendered(html, None, source, (), html)
    return _render_parsed(source, allow_html)


def _render_parsed(source: str, allow_html: bool) -> Rendered:
    blocks = parse(source)[2]
    lone = len(blocks) == 1 and blocks[0][0] == "Paragraph"
    html = _render_html(blocks[0][2] if lone else blocks, allow_html)
    plain = _Plain(allow_html).blocks(blocks, "\n\n").strip("\n")
    images = tuple(_images(blocks)) if "![" in source else ()
    html_mathml = (_render_html(blocks[0][2] if lone else blocks, allow_html, mathml=True)
                   if "$" in source else html)
    return Rendered(html, None if lone else html, plain, images, html_mathml)


def _images(nodes: list[Node]) -> Iterator[str]:
    for kind, attrs, children in nodes:
        if kind == "Image":
            yield attrs["dest_url"]
        if children:
            yield from _images(children)


def to_block_html(source: str, *, allow_html: bool = False) -> str:
    """Render Markdown to HTML, keeping every block element."""
    return render_all(source, allow_html=allow_html).block_html


def to_html(source: str, *, allow_html: bool = False) -> str:
    """Render Markdown to HTML; a text that is one paragraph comes back without its `<p>`."""
    return render_all(source, allow_html=allow_html)[0]


def _render_html(nodes: list[Node], allow_html: bool, mathml: bool = False) -> str:
    html = _Html(allow_html, mathml)
    html.nodes(nodes)
    return "".join(html.out).rstrip("\n")


def to_plain(source: str, *, allow_html: bool = False) -> str:
    """Render Markdown to readable plain text.

    Paragraphs are separated by a blank line, list items keep their `-` or `1.`
    marker (nested ones indented), quotes their `> `, and struck text its `~~`
    (dropping it would flip the meaning); emphasis and code marks are dropped, a
    link keeps its URL in brackets, an image shows as `[image: alt]`, and a soft
    line break becomes a space. Raw HTML stays as the text it is shown as,
    unless the deck allows HTML: then its tags are dropped (`<br>` breaks the line).
    """
    return _Plain(allow_html).blocks(parse(source)[2], "\n\n").strip("\n")


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*>")


class _Plain:
    def __init__(self, allow_html: bool) -> None:
        self.allow_html = allow_html

    def html(self, raw: str) -> str:
        if not self.allow_html:
            return raw  # shown as text in the HTML too
        return _TAG.sub(lambda m: "\n" if m.group(2).lower() == "br" else "", raw)

    def blocks(self, nodes: list[Node], sep: str) -> str:
        parts: list[str] = []
        run: list[Node] = []  # inline nodes directly inside a tight list item
        for node in nodes:
            if node[0] in _INLINE:
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
                plain_link = href in (text, f"mailto:{text}") or _safe_url(href) is None
                out.append(text if plain_link else f"{text} ({href})")
            elif children:
                out.append(self.inline(children))
        return "".join(out)


def _plain_inline(nodes: list[Node]) -> str:
    """Alt text of an image: its inline content as plain text."""
    return _Plain(False).inline(nodes)
