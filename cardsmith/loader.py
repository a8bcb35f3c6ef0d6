"""Reading deck files: bytes -> YAML -> checks -> frozen model, with every problem located.

The fast path parses with libyaml and validates plain data. Only when something
is wrong is the YAML composed again into nodes, whose marks give each problem
its line and column.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from cardsmith.build_model import build_deck
from cardsmith.model import Deck
from cardsmith.problems import DeckError, Path_, Problem, json_path
from cardsmith.validation import Issue, schema_issues, semantic_issues

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(Exception):
    pass


class _StrictLoader(_Loader):  # type: ignore[valid-type,misc]
    """Safe loader that refuses duplicate keys (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        if len(set(keys)) != len(keys):
            raise _DuplicateKey
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


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
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        problem = Problem(name, 1, 1, "$", f"cannot read the file: {err.strerror}")
        raise DeckError([problem]) from None
    text = _decode(name, raw)
    data, duplicates = _parse(name, text)
    issues = schema_issues(data) + semantic_issues(data)
    if issues or duplicates:
        raise DeckError(_locate(name, text, issues))
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


def _parse(name: str, text: str) -> tuple[object, bool]:
    # libyaml spends most of a large load in the garbage collector: pause it.
    enabled = gc.isenabled()
    gc.disable()
    try:
        data = yaml.load(text, Loader=_StrictLoader)
        duplicates = False
    except _DuplicateKey:
        data, duplicates = yaml.load(text, Loader=_Loader), True
    except yaml.MarkedYAMLError as err:
        raise DeckError([_yaml_problem(name, err)]) from None
    except yaml.YAMLError as err:
        raise DeckError([Problem(name, 1, 1, "$", f"YAML error: {err}")]) from None
    finally:
        if enabled:
            gc.enable()
    if data is None:
        raise DeckError([Problem(name, 1, 1, "$", "the file is empty: a deck needs at least "
                                 "'cardsmith: 1', 'id' and 'title'")])
    return data, duplicates


def _yaml_problem(name: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = err.problem or "invalid YAML"
    if "'\\t'" in problem or "\\t" in problem:
        message = "tab character: YAML is indented with spaces only"
    elif "could not determine a constructor for the tag" in problem:
        tag = problem.rsplit(" ", 1)[-1]
        message = f"YAML tag {tag} is not allowed: a deck holds plain data only"
    else:
        message = f"invalid YAML: {problem}" + (f" ({err.context})" if err.context else "")
    return Problem(name, line, column, "$", message)


def _timestamp(path: Path) -> int:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return int(epoch)
    return int(path.stat().st_mtime)


# ---- locating problems ------------------------------------------------------------


def _locate(name: str, text: str, issues: list[Issue]) -> list[Problem]:
    root = yaml.compose(text, Loader=_Loader)
    assert root is not None
    problems = [_duplicate_problem(name, key, path) for key, path in _duplicate_keys(root, ())]
    for issue in issues:
        node = _node_at(root, issue.path, issue.at_key)
        message = issue.message
        if issue.related is not None:
            other = _node_at(root, issue.related, False)
            first = f"line {other.start_mark.line + 1}, {json_path(issue.related)}"
            message += f" (first used at {first})"
        problems.append(Problem(name, node.start_mark.line + 1, node.start_mark.column + 1,
                                json_path(issue.path), message))
    return sorted(set(problems))


def _duplicate_problem(name: str, key: yaml.Node, path: Path_) -> Problem:
    return Problem(name, key.start_mark.line + 1, key.start_mark.column + 1, json_path(path),
                   f"duplicate key '{key.value}' (YAML would silently keep only the last one)")


def _duplicate_keys(node: yaml.Node, path: Path_) -> Iterator[tuple[yaml.Node, Path_]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key, value in node.value:
            if key.value in seen:
                yield key, (*path, key.value)
            seen.add(key.value)
            yield from _duplicate_keys(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, (*path, i))


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
