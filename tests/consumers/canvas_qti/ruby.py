"""Ruby semantics the converters rely on (String#to_f/to_i, CGI/URI escaping, BigDecimal)."""

from __future__ import annotations

import re
import urllib.parse
from decimal import Decimal, InvalidOperation

# -- Ruby semantics the converters rely on

def ruby_to_f(s: str | None) -> float:
    """String#to_f: the leading number, else 0.0."""
    m = re.match(r"\s*([+-]?(?:\d[\d_]*)?(?:\.\d+)?(?:[eE][+-]?\d+)?)", s or "")
    try:
        return float(m.group(1).replace("_", "")) if m and m.group(1) else 0.0
    except ValueError:
        return 0.0


def ruby_to_i(s: str | None) -> int:
    """String#to_i: the leading integer, else 0."""
    m = re.match(r"\s*([+-]?\d[\d_]*)", s or "")
    return int(m.group(1).replace("_", "")) if m else 0


def clear_html(text: str) -> str:
    """Qti::HtmlHelper#clear_html: tags dropped, &#NNN; decoded, other entities removed."""
    text = re.sub(r"</?[^>\n]*>", "", text)

    def num(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(0)[2:-1]))
        except (ValueError, OverflowError):
            return ""

    text = re.sub(r"&#\d+;", num, text)
    text = re.sub(r"&\w+;", "", text)
    return re.sub(r"(?:\\r\\n)+", "\n", text)


def escape_unmatched_brackets(s: str) -> str:
    """Qti::HtmlHelper#escape_unmatched_brackets."""
    unmatched, depth = False, 0
    for ch in re.findall(r"[<>]", s):
        if ch == ">":
            if depth == 0:
                unmatched = True
            else:
                depth -= 1
        else:
            depth += 1
    if not unmatched and depth == 0:
        return s
    parts = re.split(r"(<[^<>]*>)", s)
    return "".join(
        p if p.strip().startswith("<") and p.strip().endswith(">")
        else p.replace("<", "&lt;").replace(">", "&gt;") for p in parts)


def cgi_escape_html(s: str) -> str:
    """CGI.escapeHTML."""
    return (s.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&quot;")
            .replace("<", "&lt;").replace(">", "&gt;"))


def cgi_unescape_html(s: str) -> str:
    """CGI.unescapeHTML (named entities amp, quot, apos, gt, lt and numeric ones)."""
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        named = {"amp": "&", "quot": '"', "apos": "'", "gt": ">", "lt": "<"}
        if name in named:
            return named[name]
        try:
            if name.lower().startswith("#x"):
                return chr(int(name[2:], 16))
            if name.startswith("#"):
                return chr(int(name[1:]))
        except (ValueError, OverflowError):
            pass
        return m.group(0)

    return re.sub(r"&(#?\w+);", one, s)


def uri_unescape(s: str) -> str:
    """URI.unescape / URI::DEFAULT_PARSER.unescape: %XX decoded (as UTF-8)."""
    return urllib.parse.unquote(s, errors="surrogateescape")


def cgi_unescape(s: str) -> str:
    """CGI.unescape: `+` is a space, %XX decoded (as UTF-8)."""
    return urllib.parse.unquote_plus(s, errors="surrogateescape")


def _big(s: str) -> Decimal:
    try:
        return Decimal(s.strip())
    except InvalidOperation:
        return Decimal(0)


def _big_split(d: Decimal) -> tuple[str, int]:
    """BigDecimal#split's significant digits and exponent (0.xxxEn)."""
    if d == 0:
        return "0", 0
    _sign, digits, exp = d.normalize().as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    assert isinstance(exp, int)
    return text, len(digits) + exp
