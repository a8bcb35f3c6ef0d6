"""Reading YAML into plain data from libyaml's events, with every hazard found on the way.

PyYAML's composer and constructor recurse once a nesting level (libyaml's C
composer overflows the stack and crashes on a few hundred thousand `[`), keep
only the last of two equal keys, and construct whatever a tag asks for. This
reader walks the event stream with an explicit stack instead: nesting is
bounded, duplicate keys, tags, merge keys and control characters are reported
with their place, and aliases are shared, never copied, with their expanded
size counted so that an alias bomb is refused (a long text counts as one
value for each 64 characters: a bomb of long texts is a bomb too). It is also
faster than composing and then constructing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from cardsmith.source.problems import Path_, Problem, json_path

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it, else the pure-Python one."""
_CONSTRUCTOR = yaml.SafeLoader("")  # only its scalar constructors are used
_PREFIX = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE = (_PREFIX + t for t in ("str", "seq", "map", "merge"))
_SCALARS = {_PREFIX + t for t in ("int", "float", "bool", "null", "timestamp")}
MAX_DEPTH = 64
MAX_EXPANSION = 1_000_000
TEXT_UNIT = 64
"""Characters of a scalar that count as one more value towards `MAX_EXPANSION`."""
# Tab and line feed are text; other C0 controls and DEL only come from escapes
# like "\x1b" (so in double-quoted scalars: the reader refuses them raw) and would
# reach every output (terminals, CSV, Anki fields).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Abort(Exception):
    """Reading cannot go on; the problems so far say why."""


@dataclass
class _Frame:
    value: Any  # the list or dict being filled
    path: Path_
    start: Any  # its start event: where a problem with it as a key points
    size: int = 1
    key: Any = None
    key_event: Any = None
    has_key: bool = False
    skip: bool = False  # the key was refused: drop its value


@dataclass
class Reader:
    """Reads one document; `problems` and `bad_paths` hold what was found."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    bad_paths: set[Path_] = field(default_factory=set)
    """Values already reported: the schema need not complain about them too."""
    aliased: set[Path_] = field(default_factory=set)
    """Every place an alias filled: a problem of the value is reported at its anchor."""

    def problem(self, event: Any, path: Path_, message: str) -> None:
        """Record a problem at an event's place."""
        mark = event.start_mark
        self.bad_paths.add(path)
        self.problems.append(Problem(self.name, mark.line + 1, mark.column + 1,
                                     json_path(path), message))

    def read(self, text: str, loader_class: type[yaml.SafeLoader] | None = None) -> Any:
        """The document's data (None for an empty file). Raises yaml errors and `Abort`.

        cardsmith's own limits speak before libyaml's: when libyaml stops with
        an error (PyYAML 6.0.4's refuses deep flow nesting while it scans ahead,
        before the reader sees the 65th level), the text is read again by
        PyYAML's pure-Python parser, which has no such limit. If that run stops
        at one of cardsmith's limits, its problem is reported; otherwise
        libyaml's error stands (the two parsers disagree on a few edge cases of
        the grammar, and libyaml's verdict is the one every deck gets).
        """
        loader = (loader_class or Loader)(text)
        try:
            return self._read(loader)
        except yaml.MarkedYAMLError:
            if loader_class is not None or Loader is yaml.SafeLoader:
                raise
            again = Reader(self.name)
            try:
                again.read(text, yaml.SafeLoader)
            except Abort:
                self.problems, self.bad_paths, self.aliased = (
                    again.problems, again.bad_paths, again.aliased)
                raise Abort from None
            except yaml.YAMLError:
                pass
            raise
        finally:
            loader.dispose()

    def _read(self, loader: Any) -> Any:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        stack: list[_Frame] = []
        anchors: dict[str, tuple[Any, int]] = {}
        expanded = 0
        root: Any = None
        unit = TEXT_UNIT
        # First characters of the plain scalars an implicit resolver may read as a value
        # (number, boolean, null...): any other plain scalar, and every quoted or block
        # one, is text without asking the (slow, Python) resolver.
        claimed = set(loader.yaml_implicit_resolvers)
        quick = None not in claimed and not loader.yaml_path_resolvers
        scalar, alias, document_end = yaml.ScalarEvent, yaml.AliasEvent, yaml.DocumentEndEvent
        while True:
            event = loader.get_event()
            kind = type(event)
            top = stack[-1] if stack else None
            if kind is scalar:
                text = event.value
                if quick and event.tag is None and (
                        not event.implicit[0] or text[:1] not in claimed):
                    value = text
                    if event.style == '"' and _CONTROL.search(text):
                        self._control(event, self._child_path(top), text)
                else:
                    value = self._scalar(loader, event, self._child_path(top))
                size = 1 + len(text) // unit
                if event.anchor is not None:
                    anchors[event.anchor] = (value, size)
            elif kind is alias:
                path = self._child_path(top)
                if event.anchor not in anchors:
                    self.problem(event, path, f"undefined YAML alias *{event.anchor}")
                    raise Abort
                value, size = anchors[event.anchor]
                self.aliased.add(path)
                expanded += size
                if expanded > MAX_EXPANSION:
                    self.problem(event, path, f"YAML aliases expand to more than "
                                 f"{MAX_EXPANSION:,} values: refusing to expand them")
                    raise Abort
            elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                path = self._child_path(top)
                if len(stack) >= MAX_DEPTH:
                    self.problem(event, path, f"nested more than {MAX_DEPTH} levels deep")
                    raise Abort
                is_map = kind is yaml.MappingStartEvent
                node = yaml.MappingNode if is_map else yaml.SequenceNode
                tag = event.tag if event.tag not in (None, "!") else loader.resolve(
                    node, None, event.implicit)
                if tag != (_MAP if is_map else _SEQ):
                    self._bad_tag(event, path, tag)
                stack.append(_Frame({} if is_map else [], path, event))
                continue
            elif kind is document_end:
                break
            else:  # the end of a sequence or mapping
                frame = stack.pop()
                value, size, event = frame.value, frame.size, frame.start
                if event.anchor is not None:
                    anchors[event.anchor] = (value, size)
                top = stack[-1] if stack else None
            if top is None:
                root = value
            else:
                self._add(top, event, value, size)
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            self.problem(event, (), "a second YAML document (---): a deck file holds one")
            raise Abort
        return root

    @staticmethod
    def _child_path(top: _Frame | None) -> Path_:
        if top is None:
            return ()
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        return (*top.path, top.key) if top.has_key and isinstance(top.key, str) else top.path

    def _scalar(self, loader: Any, event: Any, path: Path_) -> Any:
        tag = event.tag if event.tag not in (None, "!") else loader.resolve(
            yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            if _CONTROL.search(event.value):
                self._control(event, path, event.value)
            return event.value
        if tag in _SCALARS:
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
            try:
                return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
            except ValueError:  # an int of more than 4300 digits, a date like 2024-13-45
                if tag == _PREFIX + "timestamp":
                    what = f"YAML reads {event.value} as a date, and it is not one"
                else:
                    digits = sum(c.isdigit() for c in event.value)
                    what = f"a number of {digits} digits is too long to read"
                self.problem(event, path, what + ": quote it if it is text")
                return None
        if tag == _MERGE:
            return _MERGE  # judged where the key is added
        self._bad_tag(event, path, tag)
        return None

    def _control(self, event: Any, path: Path_, text: str) -> None:
        bad = _CONTROL.search(text)
        assert bad is not None
        self.problem(event, path, f"control character U+{ord(bad.group()):04X} in text "
                     "(from a YAML escape): remove it")

    def _bad_tag(self, event: Any, path: Path_, tag: str) -> None:
        shown = tag.replace(_PREFIX, "!!")
        self.problem(event, path, f"YAML tag {shown} is not allowed: a deck holds plain data only")

    def _add(self, frame: _Frame, event: Any, value: Any, size: int) -> None:
        frame.size += size
        if isinstance(frame.value, list):
            frame.value.append(value)
            return
        if not frame.has_key:
            frame.has_key, frame.key, frame.key_event, frame.skip = True, value, event, False
            if value is _MERGE:
                self.problem(event, frame.path, "YAML merge keys (<<) are not supported: "
                             "write the keys out, or use an alias for a whole value")
                frame.skip = True
            elif not isinstance(value, str):
                self.problem(event, frame.path, f"a key must be text, not {value!r} (quote it)")
                frame.skip = True
            elif value in frame.value:
                self.problem(event, (*frame.path, value), f"duplicate key '{value}' "
                             "(YAML would silently keep only the last one)")
            return
        if not frame.skip:
            frame.value[frame.key] = value
        frame.has_key = False
