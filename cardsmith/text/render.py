"""Markdown rendering, done once in the core: HTML for rich targets, plain text for the rest.

One parse (`cardsmith.text.markdown`) gives every rendering of a text, so that the
core alone decides what is safe: raw HTML is shown as text unless a deck opts
in, and links or images with a script-capable URL lose their URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from typing import NamedTuple

from cardsmith.media import is_audio
from cardsmith.text import formulas, highlight
from cardsmith.text.markdown import INLINE, Node, parse, safe_url
from cardsmith.text.plain import Plain, inline_text

_SIMPLE_TAGS = {"Emphasis": "em", "Strong": "strong", "Strikethrough": "s"}


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
                if child[0] not in INLINE and not self.out[-1].endswith("\n"):
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
            url = safe_url(attrs["dest_url"])
            title = f' title="{_esc(attrs["title"])}"' if attrs["title"] else ""
            if url is None:  # a script-capable URL: keep the text, drop the link or image
                self.nodes(children)
            elif kind == "Image" and is_audio(attrs["dest_url"]):
                alt = _esc(inline_text(children))
                w(f'<audio controls src="{url}" title="{alt}">{alt}</audio>')
            elif kind == "Image":
                w(f'<img src="{url}" alt="{_esc(inline_text(children))}"{title} />')
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


def literal(source: str) -> Rendered | None:
    """The renderings of a text Markdown leaves as it is, made without parsing; else None."""
    if _LITERAL.fullmatch(source):
        html = source.replace('"', "&quot;")  # the only character of `_esc` it may hold
        return Rendered(html, None, source, (), html)
    return None


def render_all(source: str, *, allow_html: bool = False) -> Rendered:
    """`to_html`, `to_block_html`, `to_plain` and the image URLs of `source`, from one parse."""
    return literal(source) or from_parse(source, allow_html)


def from_parse(source: str, allow_html: bool) -> Rendered:
    """Every rendering of `source`, through the parser (what `render_all` does unless literal)."""
    blocks = parse(source)[2]
    lone = len(blocks) == 1 and blocks[0][0] == "Paragraph"
    html = _render_html(blocks[0][2] if lone else blocks, allow_html)
    plain = Plain(allow_html).blocks(blocks, "\n\n").strip("\n")
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
    return Plain(allow_html).blocks(parse(source)[2], "\n\n").strip("\n")


