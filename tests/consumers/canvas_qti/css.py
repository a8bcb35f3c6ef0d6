"""A CSS selector subset with Nokogiri's semantics over the DOM."""

from __future__ import annotations

import re

from .dom import Node

# -- a CSS subset with Nokogiri's semantics (node.css(sel) → XPath ".//a//b", ".//a/b")

_COMPOUND = re.compile(
    r"([A-Za-z_*][\w\-]*)?((?:\[[^\]]*\]|\.[\w\-]+|:first-child)*)")
_ATTR = re.compile(r"\[\s*([\w\-:]+)\s*(?:([\^$*]?=)\s*(\"[^\"]*\"|'[^']*'|[^\]\s]*))?\s*\]")


class _Compound:
    def __init__(self, text: str) -> None:
        m = _COMPOUND.fullmatch(text)
        if not m:
            raise ValueError(f"selector not supported: {text!r}")
        self.tag = m.group(1) if m.group(1) not in (None, "*") else None
        rest = m.group(2) or ""
        self.attrs: list[tuple[str, str | None, str]] = []
        for am in _ATTR.finditer(rest):
            value = am.group(3) or ""
            if value[:1] in "\"'":
                value = value[1:-1]
            self.attrs.append((am.group(1), am.group(2), value))
        self.classes = re.findall(r"\.([\w\-]+)", re.sub(r"\[[^\]]*\]", "", rest))
        self.first_child = ":first-child" in rest

    def matches(self, node: Node) -> bool:
        if node.is_text or (self.tag is not None and node.tag != self.tag):
            return False
        for name, op, value in self.attrs:
            have = node.attrs.get(name)
            if have is None:
                return False
            if op == "=" and have != value:
                return False
            if op == "^=" and not have.startswith(value):
                return False
            if op == "$=" and not have.endswith(value):
                return False
            if op == "*=" and value not in have:
                return False
        if self.classes:
            have_classes = (node.attrs.get("class") or "").split()
            if any(c not in have_classes for c in self.classes):
                return False
        if self.first_child:
            parent = node.parent
            if parent is None or parent.elements()[0] is not node:
                return False
        return True


def _parse_selector(selector: str) -> list[tuple[bool, list[tuple[str, _Compound]]]]:
    groups = []
    for group in selector.split(","):
        tokens = re.findall(r">|(?:\[[^\]]*\]|[^\s>\[])+", group.strip())
        leading_child = bool(tokens) and tokens[0] == ">"
        chain: list[tuple[str, _Compound]] = []
        comb = " "
        for tok in tokens[1:] if leading_child else tokens:
            if tok == ">":
                comb = ">"
                continue
            chain.append((comb, _Compound(tok)))
            comb = " "
        groups.append((leading_child, chain))
    return groups


def _chain_matches(node: Node, chain: list[tuple[str, _Compound]], i: int, ctx: Node,
                   leading_child: bool) -> bool:
    comb, comp = chain[i]
    if not comp.matches(node):
        return False
    if i == 0:
        return node.parent is ctx if leading_child else True
    parent = node.parent
    if comb == ">":
        return (parent is not None and parent is not ctx
                and _chain_matches(parent, chain, i - 1, ctx, leading_child))
    while parent is not None and parent is not ctx:
        if _chain_matches(parent, chain, i - 1, ctx, leading_child):
            return True
        parent = parent.parent
    return False


def css(ctx: Node, selector: str) -> list[Node]:
    """Nokogiri's node.css(selector): matching descendants of ctx, in document order."""
    groups = _parse_selector(selector)
    return [n for n in ctx.iter()
            if any(_chain_matches(n, chain, len(chain) - 1, ctx, lead) for lead, chain in groups)]


def at_css(ctx: Node | None, selector: str) -> Node | None:
    """Nokogiri's node.at_css(selector): the first match or None."""
    if ctx is None:
        return None
    found = css(ctx, selector)
    return found[0] if found else None
