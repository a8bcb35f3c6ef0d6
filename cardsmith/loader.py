"""Reading deck files: bytes -> YAML -> checks -> frozen model, with every problem located.

The fast path parses with libyaml and validates plain data. Only when something
is wrong is the YAML composed again into nodes, whose marks give each problem
its line and column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from cardsmith.build_model import build_deck
from cardsmith.gcpause import gc_paused
from cardsmith.model import Deck
from cardsmith.problems import DeckError, Path_, Problem, json_path
from cardsmith.validation import Issue, schema_issues, schema_valid, semantic_issues

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.SafeLoader("")  # only its scalar constructors are used
_STR = "tag:yaml.org,2002:str"
_SCALARS = {f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null", "timestamp")}
_COLLECTIONS = {"tag:yaml.org,2002:seq": yaml.SequenceNode,
                "tag:yaml.org,2002:map": yaml.MappingNode}
_MAX_EXPANSION = 1_000_000
# Tab and line feed are text; other C0 controls and DEL only come from escapes
# like "\x1b" and would reach every output (terminals, CSV, Anki fields).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class _Builder:
    """Turns a composed node tree into plain data, finding what a plain load would hide.

    Composing with libyaml and converting here costs less than PyYAML's own
    constructor, and keeps the nodes (with their line marks) for error reports.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.bad_paths: set[Path_] = set()  # values already reported: no schema error on them
        self.seen: dict[int, Any] = {}  # collections already built: an alias reuses them
        self.expanded = 0

    def problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        mark = node.start_mark
        self.bad_paths.add(path)
        self.problems.append(Problem(self.name, mark.line + 1, mark.column + 1,
                                     json_path(path), message))

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.ScalarNode):
            self.expanded += 1
            if node.tag == _STR:
                bad = _CONTROL.search(node.value)
                if bad:
                    self.problem(node, path, f"control character U+{ord(bad.group()):04X} in "
                                 "text (from a YAML escape): remove it")
                return node.value
            if node.tag in _SCALARS:
                return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        if node.tag not in _COLLECTIONS or not isinstance(node, _COLLECTIONS[node.tag]):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(node, path, f"YAML tag {tag} is not allowed: a deck holds plain data only")
            return None
        if id(node) in self.seen:
            # An alias: fine for sharing a list of choices, fatal for an alias bomb.
            self.expanded += _size(node)
            if self.expanded > _MAX_EXPANSION:
                self.problem(node, path, "YAML aliases expand to more than "
                             f"{_MAX_EXPANSION:,} values: refusing to expand them")
                raise _Abort
            return self.seen[id(node)]
        if isinstance(node, yaml.SequenceNode):
            items: list[Any] = []
            self.seen[id(node)] = items
            items.extend(self.build(item, (*path, i)) for i, item in enumerate(node.value))
            return items
        assert isinstance(node, yaml.MappingNode)
        mapping: dict[Any, Any] = {}
        self.seen[id(node)] = mapping
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, path, "YAML merge keys (<<) are not supported: "
                             "write the keys out, or use an alias for a whole value")
                continue
            key = self.build(key_node, path)
            if not isinstance(key, str):
                self.problem(key_node, path, f"a key must be text, not {key!r} (quote it)")
                continue
            sub = (*path, key)
            if key in mapping:
                self.problem(key_node, sub,
                             f"duplicate key '{key}' (YAML would silently keep only the last one)")
            mapping[key] = self.build(value_node, sub)
        return mapping


class _Abort(Exception):
    pass


def _size(node: yaml.Node) -> int:
    if isinstance(node, yaml.ScalarNode):
        return 1
    if isinstance(node, yaml.SequenceNode):
        return 1 + sum(_size(n) for n in node.value)
    return 1 + sum(_size(k) + _size(v) for k, v in node.value)


def find_decks(paths: Iterable[Path]) -> list[Path]:
    """Deck files named by `paths`: files as given, folders searched for *.yaml and *.yml."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            found.append(path)
    return found


def load_decks(paths: Iterable[Path]) -> list[Deck]:
    """Load every deck; raise `DeckError` with all problems of all files if any has one."""
    decks: list[Deck] = []
    problems: list[Problem] = []
    for path in find_decks(paths):
        try:
            decks.append(load_deck(path))
        except DeckError as err:
            problems += err.problems
    problems += _clashing_ids(decks)
    if problems:
        raise DeckError(sorted(problems))
    return decks


def _clashing_ids(decks: list[Deck]) -> Iterator[Problem]:
    # Two files with one deck id would overwrite each other's outputs.
    first: dict[str, Deck] = {}
    for deck in decks:
        other = first.setdefault(deck.id, deck)
        if other is not deck:
            yield Problem(str(deck.source), 1, 1, "$.id",
                          f"deck id '{deck.id}' is already used by {other.source}")


def load_deck(path: Path) -> Deck:
    """Load and check one deck file; raise `DeckError` listing all its problems."""
    with gc_paused():
        return _load_deck(path)


def _load_deck(path: Path) -> Deck:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        problem = Problem(name, 1, 1, "$", f"cannot read the file: {err.strerror}")
        raise DeckError([problem]) from None
    root = _compose(name, _decode(name, raw))
    builder = _Builder(name)
    try:
        data = builder.build(root, ())
    except _Abort:
        raise DeckError(builder.problems) from None
    issues = semantic_issues(data)
    if not schema_valid(data):
        issues = schema_issues(data) + issues
    issues = [i for i in issues if i.path not in builder.bad_paths]
    if issues or builder.problems:
        raise DeckError(sorted(set(builder.problems + _locate(name, root, issues))))
    assert isinstance(data, dict)
    return build_deck(data, path, _timestamp(path))


def _decode(name: str, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise DeckError([Problem(name, line, column, "$",
                                 f"not UTF-8: byte 0x{raw[err.start]:02x} cannot be decoded; "
                                 "save the file as UTF-8")]) from None
    return text.removeprefix("\ufeff")


def _compose(name: str, text: str) -> yaml.Node:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        raise DeckError([_yaml_problem(name, err)]) from None
    except yaml.YAMLError as err:
        raise DeckError([Problem(name, 1, 1, "$", f"YAML error: {err}")]) from None
    if root is None:
        raise DeckError([Problem(name, 1, 1, "$", "the file is empty: a deck needs at least "
                                 "'cardsmith: 1', 'id' and 'title'")])
    return root


def _yaml_problem(name: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = err.problem or "invalid YAML"
    if "tab" in problem or "\\t" in problem:
        message = "tab character: YAML is indented with spaces only"
    else:
        message = f"invalid YAML: {problem}"
        if err.context and err.context_mark and err.context_mark is not mark:
            message += f" ({err.context} started at line {err.context_mark.line + 1})"
        elif err.context:
            message += f" ({err.context})"
    return Problem(name, line, column, "$", message)


def _timestamp(path: Path) -> int:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return int(epoch)
    return int(path.stat().st_mtime)


# ---- locating problems ------------------------------------------------------------


def _locate(name: str, root: yaml.Node, issues: list[Issue]) -> list[Problem]:
    problems = []
    for issue in issues:
        node = _node_at(root, issue.path, issue.at_key)
        message = issue.message
        if issue.related is not None:
            other = _node_at(root, issue.related, False)
            first = f"line {other.start_mark.line + 1}, {json_path(issue.related)}"
            message += f" (first used at {first})"
        problems.append(Problem(name, node.start_mark.line + 1, node.start_mark.column + 1,
                                json_path(issue.path), message))
    return problems


def _node_at(root: yaml.Node, path: Path_, at_key: bool) -> yaml.Node:
    """The deepest node along `path` (the key node itself when `at_key`)."""
    node = root
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, yaml.MappingNode):
            # The last matching key: that is the one a YAML load keeps.
            hits = [(k, v) for k, v in node.value if k.value == str(part)]
            if not hits:
                return node
            key, value = hits[-1]
            node = key if (last and at_key) else value
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(
                node.value):
            node = node.value[part]
        else:
            return node
    return node
