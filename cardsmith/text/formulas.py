"""TeX formulas (`$...$`, `$$...$$`) as MathJax delimiters or as offline MathML.

Anki and Moodle typeset `\\(...\\)` and `\\[...\\]` with their own MathJax, so
that is what the HTML carries by default. A page that must work offline and
print (the HTML export) gets MathML instead, converted here by latex2mathml.
Its output is parsed and kept only when every element and attribute is
MathML: the converter copies `\\text{...}` through as markup, which would
otherwise let a formula inject HTML. What fails that check, or the converter,
is shown as its TeX source.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from html import escape
from typing import Any

_MATHML = "{http://www.w3.org/1998/Math/MathML}"
_ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup",
    "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd",
    "mstyle", "mpadded", "mphantom", "menclose", "merror", "semantics", "annotation",
    "mmultiscripts", "mprescripts", "none", "mlabeledtr", "maligngroup", "malignmark",
})
_ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace",
    "accent", "accentunder", "columnalign", "rowalign", "columnspacing", "rowspacing",
    "columnlines", "rowlines", "frame", "framespacing", "displaystyle", "scriptlevel",
    "linethickness", "notation", "width", "height", "depth", "minsize", "maxsize",
    "movablelimits", "symmetric", "largeop", "form", "encoding", "class", "xmlns",
    "mathsize", "align", "rowspan", "columnspan", "equalrows", "equalcolumns",
})


# MathJax commands that make links, style the page or load code (the html, require,
# unicode and setoptions extensions, \mmlToken, \bbox with CSS; \url links in other TeX
# renderers). Anki and Moodle load MathJax without its `safe` filter: a formula may not
# use them.
_UNSAFE = {
    "href": "makes a link", "url": "makes a link",
    "class": "styles the page", "cssId": "styles the page", "style": "styles the page",
    "data": "sets attributes on the page", "mmlToken": "sets attributes on the page",
    "require": "loads code", "setOptions": "changes MathJax's settings",
    "unicode": "can load fonts",
}
_COMMAND = re.compile(r"\\(" + "|".join(_UNSAFE) + r"|bbox)(?![A-Za-z])")
_STYLED_BOX = re.compile(r"\s*\[[^\]]*:")  # \bbox[...] with a CSS declaration in it
_DELIMITERS = re.compile(r"\\[()\[\]]|\$\$|\\(?:begin|end)\{")
_WHERE = "in Anki's and Moodle's MathJax"


def may_reach_mathjax(text: str) -> bool:
    """A cheap test: whether `text` names a command `unsafe_commands` refuses, anywhere."""
    return ("$" in text or _DELIMITERS.search(text) is not None) and bool(_COMMAND.search(text))


def unsafe_commands(tex: str) -> list[str]:
    """Why `tex` may not go to MathJax: one message for each command that links, styles or loads."""
    out: list[str] = []
    for m in _COMMAND.finditer(tex):
        name = m.group(1)
        if name == "bbox":
            if _STYLED_BOX.match(tex, m.end()):
                out.append(f"formula command \\bbox with a CSS style styles the page {_WHERE}: "
                           "give it only a colour and a padding")
            continue
        fix = "write the character itself" if name == "unicode" else "remove it"
        out.append(f"formula command \\{name} {_UNSAFE[name]} {_WHERE}: {fix}")
    return list(dict.fromkeys(out))


def mathjax_issues(nodes: list[Any]) -> list[str]:
    """`unsafe_commands` of every formula in a parsed text (`markdown.parse`), each once.

    Formulas are what Markdown found between `$`. MathJax also looks for its own
    delimiters (`\\(`, `\\[`, `$$`, `\\begin{`) in the text around them, outside
    code: when the text has one, all of it is checked.
    """
    tex: list[str] = []
    texts: list[str] = []

    def collect(nodes: list[Any]) -> None:
        for kind, attrs, children in nodes:
            if kind in ("InlineMath", "DisplayMath"):
                tex.append(attrs)
            elif kind in ("Text", "Html", "InlineHtml"):
                texts.append(attrs)
            elif children and kind != "CodeBlock":
                collect(children)

    collect(nodes)
    if any(_DELIMITERS.search(text) for text in texts):
        tex += texts
    return list(dict.fromkeys(m for t in tex for m in unsafe_commands(t)))


def tex_html(tex: str, display: bool) -> str:
    """The formula for MathJax: `\\(...\\)` inline, `\\[...\\]` on its own line."""
    kind, left, right = ("display", "\\[", "\\]") if display else ("inline", "\\(", "\\)")
    return f'<span class="math {kind}">{escape(left + tex + right, quote=False)}</span>'


@lru_cache(maxsize=4096)
def mathml(tex: str, display: bool) -> str:
    """The formula as MathML, or as its TeX source when it cannot be converted safely."""
    try:
        from latex2mathml.converter import convert

        out = convert(tex, display="block" if display else "inline")
        root = ET.fromstring(out)
    except Exception:  # the converter raises many kinds on bad TeX
        return _source(tex, display)
    for element in root.iter():
        name = element.tag.removeprefix(_MATHML)
        if name not in _ELEMENTS or any(a not in _ATTRIBUTES for a in element.attrib):
            return _source(tex, display)
    return out


def _source(tex: str, display: bool) -> str:
    delimiter = "$$" if display else "$"
    return f'<code class="math">{escape(delimiter + tex + delimiter, quote=False)}</code>'
