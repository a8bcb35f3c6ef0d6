"""Reading deck files: bytes -> YAML -> checks -> frozen model, with every problem located.

The fast path reads libyaml's events into plain data (`yamlread`) and
validates it. Only when something is wrong is the YAML composed into nodes,
whose marks give each problem its line and column.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from cardsmith.gcpause import gc_paused
from cardsmith.model import Deck
from cardsmith.source.assemble import build_deck
from cardsmith.source.problems import DeckError, Issue, Path_, Problem, json_path
from cardsmith.source.reader import Abort, Loader, Reader
from cardsmith.source.texts import text_issues
from cardsmith.source.validation import schema_issues, schema_valid, semantic_issues


def find_decks(paths: Iterable[Path]) -> list[Path]:
    """Deck files named by `paths`: files as given, folders searched for *.yaml and *.yml.

    A folder named like a deck is searched like any other. Raises `DeckError`
    naming every deck file that cannot be read (a symbolic link to nothing, a
    pipe, a file we may not open), so that no later step trips over it.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        named = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")
                       and not p.is_dir()) if path.is_dir() else [path]
        for deck in named:
            why = _unreadable(deck)
            if why is None:
                found.append(deck)
            else:
                problems.append(Problem(str(deck), 1, 1, "$", f"cannot read the file: {why}"))
    if problems:
        raise DeckError(problems)
    return found


def _unreadable(path: Path) -> str | None:
    """Why `path` cannot be read as a deck file, or None when it can."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # follows symbolic links
            return "not a regular file"
        with path.open("rb"):
            return None
    except FileNotFoundError:
        return "its symbolic link points to nothing" if path.is_symlink() else "no such file"
    except OSError as err:
        return err.strerror or str(err)


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
    text = _decode(name, raw)
    reader = Reader(name)
    try:
        data = reader.read(text)
    except Abort:
        raise DeckError(reader.problems) from None
    except yaml.reader.ReaderError as err:
        raise DeckError([_reader_problem(name, text, err)]) from None
    except yaml.MarkedYAMLError as err:
        raise DeckError([_yaml_problem(name, err)]) from None
    except yaml.YAMLError as err:
        raise DeckError([Problem(name, 1, 1, "$", f"YAML error: {err}")]) from None
    if data is None:
        raise DeckError([Problem(name, 1, 1, "$", "the file is empty: a deck needs at least "
                                 "'cardsmith: 1', 'id' and 'title'")])
    bad_texts, media = text_issues(data, path.parent, reader.aliased)
    issues = semantic_issues(data) + bad_texts
    if not schema_valid(data):
        issues = schema_issues(data) + issues
    issues = [i for i in issues if i.path not in reader.bad_paths]
    if issues or reader.problems:
        # Only now build the node tree: its marks give each issue its line and column.
        # The reader has bounded the nesting, so composing is safe.
        root = yaml.compose(text, Loader=Loader)
        assert root is not None
        raise DeckError(sorted(set(reader.problems + _locate(name, root, issues))))
    assert isinstance(data, dict)
    return build_deck(data, path, _timestamp(path), media)


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


# The line breaks of YAML 1.1, which libyaml's marks count.
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def _reader_problem(name: str, text: str, err: yaml.reader.ReaderError) -> Problem:
    """A character YAML refuses in the file, at its line and column."""
    if not isinstance(err.character, int):
        return Problem(name, 1, 1, "$", f"YAML error: {err}")
    offset = err.position
    if not issubclass(Loader, yaml.reader.Reader):
        # libyaml counts UTF-8 bytes; the pure-Python reader counts characters.
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
    before = text[:offset]
    breaks = list(_LINE_BREAK.finditer(before))
    column = offset - (breaks[-1].end() if breaks else 0) + 1
    kind = "control character" if unicodedata.category(chr(err.character)) == "Cc" else "character"
    return Problem(name, len(breaks) + 1, column, "$",
                   f"{kind} U+{err.character:04X} in the file: remove it")


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
