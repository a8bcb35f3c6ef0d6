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

import xml.etree.ElementTree as ET
from functools import lru_cache
from html import escape

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
