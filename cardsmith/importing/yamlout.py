"""Deck documents as YAML that a teacher reads and edits: block style, text as written.

Texts of several lines are literal blocks (`|`), so Markdown reads as it will
render; keys keep the importer's order; nothing depends on the PyYAML
version beyond its emitter's rules for when a string needs quotes.
"""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """Safe dumping with multi-line strings as literal blocks and lists indented."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Items of a list under a key are indented, as people write them.
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # A literal block cannot hold trailing spaces on a line or some control
    # characters: PyYAML's emitter then falls back to a quoted string itself.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(document: dict[str, Any], header: str) -> str:
    """The YAML text of `document`, after `header` as comment lines."""
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    body = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=100, default_flow_style=False)
    return comment + body
