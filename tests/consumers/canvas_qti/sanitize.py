"""CanvasSanitize::SANITIZE: the HTML sanitizer Canvas applies to imported HTML."""

from __future__ import annotations

import re

from .dom import Node

# -- gems/canvas_sanitize/lib/canvas_sanitize/canvas_sanitize.rb: CanvasSanitize::SANITIZE

_MATHML = [
    "annotation", "annotation-xml", "maction", "maligngroup", "malignmark", "math", "menclose",
    "merror", "mfenced", "mfrac", "mglyph", "mi", "mlabeledtr", "mlongdiv", "mmultiscripts", "mn",
    "mo", "mover", "mpadded", "mphantom", "mprescripts", "mroot", "mrow", "ms", "mscarries",
    "mscarry", "msgroup", "msline", "mspace", "msqrt", "msrow", "mstack", "mstyle", "msub",
    "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder", "munderover", "none",
    "semantics",
]
SANITIZE_ELEMENTS = {
    *_MATHML,
    "a", "b", "blockquote", "br", "caption", "cite", "code", "col", "hr", "h1", "h2", "h3",
    "h4", "h5", "h6", "del", "ins", "iframe", "font", "colgroup", "dd", "div", "dl", "dt",
    "em", "figure", "figcaption", "i", "img", "li", "ol", "p", "pre", "q", "small", "source",
    "span", "strike", "strong", "style", "sub", "sup", "abbr", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul", "object", "embed", "param", "video", "track",
    "audio", "address", "acronym", "map", "area", "bdo", "dfn", "kbd", "legend", "samp", "tt",
    "var", "big", "article", "aside", "details", "footer", "header", "nav", "section",
    "summary", "time", "picture", "ruby", "rt", "rp", "mark",
}
_ALL_ATTRS = set(
    [
        "style", "class", "id", "title", "role", "lang", "dir", "aria-labelledby", "aria-atomic",
        "aria-busy", "aria-controls", "aria-describedby", "aria-disabled", "aria-dropeffect",
        "aria-flowto", "aria-grabbed", "aria-haspopup", "aria-hidden", "aria-invalid",
        "aria-label", "aria-live", "aria-owns", "aria-relevant", "aria-autocomplete",
        "aria-checked", "aria-expanded", "aria-level", "aria-multiline", "aria-multiselectable",
        "aria-orientation", "aria-pressed", "aria-readonly", "aria-required", "aria-selected",
        "aria-sort", "aria-valuemax", "aria-valuemin", "aria-valuenow", "aria-valuetext",
    ])
_MATH_COMMON = ["href", "xref", "mathcolor", "mathbackground"]
SANITIZE_ATTRS: dict[str, set[str]] = {
    "a": {"href", "target", "name"},
    "area": {"alt", "coords", "href", "shape", "target"},
    "blockquote": {"cite"}, "col": {"span", "width"}, "colgroup": {"span", "width"},
    "img": {"align", "alt", "height", "src", "usemap", "width", "longdesc"},
    "iframe": {"src", "width", "height", "name", "align", "frameborder", "scrolling", "allow",
               "sandbox", "allowfullscreen", "webkitallowfullscreen", "mozallowfullscreen"},
    "ol": {"start", "type"}, "q": {"cite"},
    "table": {"summary", "width", "border", "cellpadding", "cellspacing", "center", "frame",
              "rules"},
    "tr": {"align", "valign", "dir"},
    "td": {"abbr", "axis", "colspan", "rowspan", "width", "align", "valign", "dir"},
    "th": {"abbr", "axis", "colspan", "rowspan", "width", "align", "valign", "dir", "scope"},
    "ul": {"type"}, "param": {"name", "value"},
    "object": {"width", "height", "style", "data", "type", "classid", "codebase"},
    "source": {"media", "width", "height", "sizes", "src", "srcset", "type"},
    "embed": {"name", "src", "type", "allowfullscreen", "pluginspage", "wmode",
              "allowscriptaccess", "width", "height"},
    "video": {"name", "src", "allowfullscreen", "allow", "muted", "poster", "width", "height",
              "controls", "playsinline"},
    "track": {"default", "kind", "label", "src", "srclang"},
    "audio": {"name", "src", "allowfullscreen", "allow", "muted", "poster", "width", "height",
              "controls", "playsinline"},
    "font": {"face", "color", "size"}, "map": {"name"},
}
for _m in _MATHML:  # MathML attribute lists, shortened to their common part
    SANITIZE_ATTRS.setdefault(_m, set(_MATH_COMMON) | {
        "display", "mathvariant", "mathsize", "xmlns", "encoding", "definitionURL", "open",
        "close", "separators", "linethickness", "notation", "accent", "accentunder",
        "columnalign", "rowalign", "rowspan", "columnspan", "width", "height", "depth",
        "lspace", "rspace", "stretchy", "fence", "separator", "form", "displaystyle",
        "scriptlevel", "alttext", "cd", "name", "src"})
_DEFAULT_PROTOCOLS = {"http", "https", ""}
SANITIZE_PROTOCOLS: dict[str, dict[str, set[str]]] = {
    "a": {"href": {"ftp", "http", "https", "mailto", "tel", "skype", ""},
          "data-url": _DEFAULT_PROTOCOLS, "data-item-href": _DEFAULT_PROTOCOLS},
    "blockquote": {"cite": _DEFAULT_PROTOCOLS}, "img": {"src": _DEFAULT_PROTOCOLS},
    "q": {"cite": _DEFAULT_PROTOCOLS}, "object": {"data": _DEFAULT_PROTOCOLS},
    "embed": {"src": _DEFAULT_PROTOCOLS}, "iframe": {"src": _DEFAULT_PROTOCOLS},
    **{name: {"src": {"data", "http", "https", ""}} for name in ("audio", "video", "source",
                                                                  "track")},
}
for _name in SANITIZE_ELEMENTS:  # "missing_protocol_elements": href/src/cite get defaults
    if _name not in SANITIZE_PROTOCOLS:
        _p: dict[str, set[str]] = {a: _DEFAULT_PROTOCOLS for a in ("href", "src", "cite")
                                   if a in SANITIZE_ATTRS.get(_name, set())}
        if _p:
            SANITIZE_PROTOCOLS[_name] = _p
_CSS_PROPERTIES = set(
    [
        "align-content", "align-items", "align-self", "background", "border", "border-radius",
        "clear", "clip", "color", "column-gap", "cursor", "direction", "display", "flex",
        "flex-basis", "flex-direction", "flex-flow", "flex-grow", "flex-shrink", "flex-wrap",
        "float", "font", "gap", "grid", "height", "justify-content", "justify-items",
        "justify-self", "left", "line-height", "list-style", "margin", "max-height", "max-width",
        "min-height", "min-width", "order", "overflow", "overflow-x", "overflow-y", "padding",
        "position", "place-content", "place-items", "place-self", "right", "row-gap",
        "text-align", "table-layout", "text-decoration", "text-indent", "top", "vertical-align",
        "visibility", "white-space", "width", "z-index", "zoom",
    ]
    + [f"grid-{i}" for i in [
        "area", "auto-columns", "auto-flow", "auto-rows", "column", "gap", "row", "template",
    ]]
    + [f"grid-template-{i}" for i in ("areas", "columns", "rows")]
    + [f"grid-column-{i}" for i in ("end", "gap", "start")]
    + [f"grid-row-{i}" for i in ("end", "gap", "start")]
    + [f"background-{i}" for i in ["attachment", "color", "image", "position", "repeat"]]
    + ["background-position-x", "background-position-y"]
    + [f"border-{i}" for i in [
        "bottom", "collapse", "color", "left", "right", "spacing", "style", "top", "width",
    ]]
    + [f"border-{i}-{j}" for i in ("bottom", "left", "right", "top")
       for j in ("color", "style", "width")]
    + [f"font-{i}" for i in ["family", "size", "stretch", "style", "variant", "width"]]
    + [f"list-style-{i}" for i in ("image", "position", "type")]
    + [f"margin-{i}" for i in ["bottom", "left", "right", "top", "offset"]]
    + [f"padding-{i}" for i in ("bottom", "left", "right", "top")])
# Sanitize's default config: elements removed together with their contents.
_REMOVE_CONTENTS = {"iframe", "math", "noembed", "noframes", "noscript", "plaintext", "script",
                    "style", "svg", "xmp"}
_DATA_ATTR = re.compile(r"\Adata-(?!xml|kyle-menu|turn-into-dialog|flash-message|popup-within"
                        r"|html-tooltip-title|method)[a-z_][\w.\u00E0-\u00F6\u00F8-\u017F"
                        r"\u01DD-\u02AF-]*\Z")
_PROTOCOL = re.compile(r"\A\s*([^/#]*?)(?::|&#0*58|&#x0*3a)", re.I)


def _protocol_ok(value: str, allowed: set[str]) -> bool:
    m = _PROTOCOL.match(value)
    return (m.group(1).lower() if m else "") in allowed


def _clean_style(value: str) -> str:
    # Sanitize::CSS keeps the declarations of allowed properties (simplified: no Crass parse).
    kept = []
    for decl in value.split(";"):
        if ":" not in decl:
            continue
        prop, val = decl.split(":", 1)
        if prop.strip().lower() not in _CSS_PROPERTIES:
            continue
        if "expression(" in val.lower() or re.search(r"url\(\s*['\"]?\s*javascript:", val, re.I):
            continue
        kept.append(f"{prop.strip()}: {val.strip()}")
    return "; ".join(kept) + (";" if kept else "")


def sanitize_node(node: Node) -> None:
    """Sanitize.clean_node!(node, CanvasSanitize::SANITIZE) on one child node, in place."""
    if node.is_text:
        return
    for child in list(node.children):
        sanitize_node(child)
    name = node.tag.lower()
    if name not in SANITIZE_ELEMENTS:
        parent = node.parent
        if parent is None:
            return
        index = parent.children.index(node)
        kept = [] if name in _REMOVE_CONTENTS else node.children
        parent.children[index:index + 1] = kept
        for c in kept:
            c.parent = parent
        return
    allowed = SANITIZE_ATTRS.get(name, set()) | _ALL_ATTRS
    protocols = SANITIZE_PROTOCOLS.get(name, {})
    for attr in list(node.attrs):
        value = node.attrs[attr]
        lower = attr.lower()
        if (lower not in allowed and not _DATA_ATTR.match(lower)) or (
                lower in protocols and not _protocol_ok(value, protocols[lower])):
            del node.attrs[attr]
        elif lower == "style":
            node.attrs[attr] = _clean_style(value)
        elif lower == "id" and re.search(r"\s", value):
            node.attrs[attr] = re.sub(r"\s+", "", value)


def sanitize_children(node: Node) -> None:
    """The first step of Qti::HtmlHelper#sanitize_html!: each child of node is cleaned."""
    for child in list(node.children):
        sanitize_node(child)
