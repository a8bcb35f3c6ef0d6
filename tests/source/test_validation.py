"""The fast schema check must give jsonschema's verdict on every document.

The fast path decides whether a deck is valid; jsonschema only explains why
not. So any disagreement would let an invalid deck through, or reject a valid
one without a message: these tests look for one on the example corpora and on
many mutations of the valid decks.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from cardsmith.source import fastcheck
from cardsmith.source.reader import Abort, Reader
from cardsmith.source.validation import schema, schema_valid, validator
from tests.conftest import DATA, SEED_DECK

# The seed and all-types decks hold every key of the format; the larger example
# decks add only more of the same, and minutes to the run.
DOCUMENTS = [SEED_DECK, DATA / "valid" / "all-types.yaml"]


def _load(path: Path) -> Any:
    """The data the loader would check (None where reading fails before any check)."""
    try:
        return Reader(path.name).read(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError, Abort):
        return None


def _mutations(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(path, replacement) pairs: every node replaced by values of other types, keys dropped."""
    for value in (None, True, 1, 2.5, "", "x y", [], {}, ["a"], {"text": "t"}):
        yield path, value
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, key), _DELETE
            yield from _mutations(value, (*path, key))
        yield (*path, "anwser"), "typo"
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _mutations(value, (*path, i))


_DELETE = object()


def _apply(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return out


def test_schema_is_valid_draft_2020_12() -> None:
    validator().check_schema(schema())


@pytest.mark.parametrize("path", sorted((DATA / "invalid").glob("*.yaml"))
                         + sorted((DATA / "valid").glob("*.yaml")), ids=lambda p: p.stem)
def test_same_verdict_on_the_corpora(path: Path) -> None:
    data = _load(path)
    assert schema_valid(data) == validator().is_valid(data)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_same_verdict_on_mutations(path: Path) -> None:
    data = _load(path)
    assert schema_valid(data) and validator().is_valid(data)
    disagreements = []
    checked = invalid = 0
    for where, value in _mutations(data):
        mutated = _apply(data, where, value)
        slow = validator().is_valid(mutated)
        checked += 1
        invalid += not slow
        if schema_valid(mutated) != slow:
            disagreements.append((where, value))
    assert disagreements == []
    assert invalid > checked // 2  # the mutations really do break the deck


def test_unknown_keyword_is_refused() -> None:
    with pytest.raises(ValueError, match="prefixItems"):
        fastcheck.compile_schema({"type": "array", "prefixItems": [{"type": "string"}]})


def test_json_equality_rules() -> None:
    check = fastcheck.compile_schema({"const": 1})
    assert check(1) and check(1.0)
    assert not check(True)
    unique = fastcheck.compile_schema({"uniqueItems": True})
    assert not unique([1, 1.0])
    assert unique([1, True])


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), -1, 0, 2.5])
def test_minimum_gives_jsonschemas_verdict_on_any_number(value: float) -> None:
    # NaN is neither below nor above anything: jsonschema lets it through `minimum`.
    spec = {"type": "number", "minimum": 0}
    assert fastcheck.compile_schema(spec)(value) == type(validator())(spec).is_valid(value)


@pytest.mark.parametrize("spec", [{"pattern": "\\S"}, {"type": "string", "pattern": "\\S"}])
def test_pattern_gives_jsonschemas_verdict(spec: dict[str, str]) -> None:
    check = fastcheck.compile_schema(spec)
    for value in ["", " ", "\n\n", "\u3000", "x", " x ", 1, None]:
        assert check(value) == type(validator())(spec).is_valid(value), repr(value)
