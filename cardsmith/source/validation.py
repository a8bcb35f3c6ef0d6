"""Checks on a parsed deck document: the JSON Schema, then what a schema cannot say.

Both work on plain data and return `Issue`s addressed by JSON path; the loader
turns paths into lines and columns.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from cardsmith.source import fastcheck
from cardsmith.source.problems import Issue, Path_
from cardsmith.text import cloze

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The deck JSON Schema shipped with the package."""
    text = resources.files("cardsmith.schema").joinpath("deck.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    """A validator for `schema()`, built once (jsonschema is imported only when needed:
    the fast check gives every verdict, jsonschema only explains failures)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


@lru_cache(maxsize=1)
def _fast_check() -> fastcheck.Check:
    return fastcheck.compile_schema(schema())


def schema_valid(data: object) -> bool:
    """Whether `data` satisfies the schema: a fast verdict, without messages."""
    return _fast_check()(data)


TEXT_PATTERN = "\\S"
"""The schema's pattern of every text: not empty, not only white space."""

_JSON_TYPES = {
    bool: "a boolean", int: "a number", float: "a number", str: "a string",
    list: "a list", dict: "a mapping", type(None): "nothing (null)",
}
_EXPECTED = {
    "string": "a string", "integer": "a whole number", "number": "a number",
    "boolean": "true or false", "array": "a list", "object": "a mapping",
}


def _kind(value: object) -> str:
    return _JSON_TYPES.get(type(value), f"a {type(value).__name__}")


def schema_issues(data: object) -> list[Issue]:
    """Every schema violation in `data`, each as a readable message."""
    errors = list(validator().iter_errors(data))
    typed = {tuple(e.absolute_path) for e in errors}
    issues: list[Issue] = []
    for error in errors:
        issues.extend(_translate(error, typed))
    return issues


def _translate(e: ValidationError, reported: set[Path_]) -> Iterator[Issue]:
    path: Path_ = tuple(e.absolute_path)
    value: Any = e.instance
    spec: Any = e.validator_value
    subschema: Any = e.schema
    kind = e.validator
    if kind == "required":
        have = value if isinstance(value, dict) else {}
        for key in spec:
            if key not in have:
                yield Issue(path, f"missing required key '{key}'")
    elif kind in ("additionalProperties", "unevaluatedProperties"):
        if (*path, "type") in reported:
            return  # the question's type is wrong; which keys fit it is moot
        allowed = _allowed_keys(subschema, value)
        for key in value:
            if key in allowed or (*path, key) in reported:
                continue
            hint = difflib.get_close_matches(key, allowed, n=1)
            typed = "type" in subschema.get("properties", {}) and isinstance(value.get("type"), str)
            msg = f"unknown key '{key}'" + (f" for type '{value['type']}'" if typed else "")
            # `anki` is written by `cardsmith import`, never by hand: not offered.
            offered = sorted(k for k in allowed if k not in _WRITTEN_BY_IMPORT)
            msg += f" (did you mean '{hint[0]}'?)" if hint else (
                f" (allowed: {', '.join(offered)})")
            yield Issue((*path, key), msg, at_key=True)
    elif kind == "type":
        names = [spec] if isinstance(spec, str) else list(spec)
        yield Issue(path, _type_message(names, value))
    elif kind == "const" and path == ("cardsmith",):
        yield Issue(path, f"unsupported format version {value!r}: this cardsmith reads version 1")
    elif kind == "const" or kind == "enum":
        options = spec if kind == "enum" else [spec]
        yield Issue(path, f"{value!r} is not one of: {', '.join(map(str, options))}")
    elif kind == "minItems":
        yield Issue(path, "must not be empty" if spec == 1 else
                    f"needs at least {spec} items, has {len(value)}")
    elif kind == "minLength":
        yield Issue(path, "must not be empty")
    elif kind == "maxLength":
        yield Issue(path, f"is longer than {spec} characters")
    elif kind == "pattern":
        if path[-1:] == ("id",):
            yield Issue(path, f"{value!r} is not a valid id: use lowercase letters, digits and "
                              "hyphens, starting with a letter or digit")
        elif "tags" in path:
            yield Issue(path, f"tag {value!r} must not contain spaces")
        elif spec == TEXT_PATTERN:
            yield Issue(path, "must not be empty" if value == "" else "must not be blank")
        else:
            yield Issue(path, f"{value!r} does not match {spec}")
    elif kind == "uniqueItems":
        yield Issue(path, "has the same item twice")
    elif kind == "minimum":
        if _not_finite(value) is None:  # else semantic_issues says it must be finite
            yield Issue(path, f"must be at least {spec}")
    elif kind == "oneOf":
        yield from _one_of(e, path, reported)
    else:
        yield Issue(path, e.message)


def _one_of(e: ValidationError, path: Path_, reported: set[Path_]) -> Iterator[Issue]:
    # Report against the branch whose type fits the value, not a vague "no branch matched".
    branches: Any = e.validator_value
    for i, branch in enumerate(branches):
        if type(validator())({"type": branch.get("type")}).is_valid(e.instance):
            for sub in e.context or ():
                if sub.relative_schema_path and sub.relative_schema_path[0] == i:
                    yield from _translate(sub, reported)
            return
    yield Issue(path, _type_message([b["type"] for b in branches if "type" in b], e.instance))


def _type_message(names: list[str], value: object) -> str:
    msg = f"expected {' or '.join(_EXPECTED[n] for n in names)}, got {_kind(value)}"
    if "string" in names and isinstance(value, (bool, int, float)):
        msg += " (YAML reads yes/no/on/off/true/false and bare numbers as values: quote the text)"
    return msg


def _allowed_keys(subschema: dict[str, Any], value: dict[str, Any]) -> list[str]:
    keys = list(subschema.get("properties", {}))
    for rule in subschema.get("allOf", ()):
        cond = rule.get("if", {}).get("properties", {})
        if all(value.get(k) == v.get("const") for k, v in cond.items()):
            keys += list(rule.get("then", {}).get("properties", {}))
    return keys


_WRITTEN_BY_IMPORT = {"anki"}
"""Keys that the checks accept but suggest to nobody."""


def semantic_issues(data: object) -> list[Issue]:
    """What the schema cannot express: unique ids, answers that are choices, cloze blanks
    that come through Markdown, finite numbers.

    Written defensively: it also runs on documents with schema errors, so that
    one run reports everything.
    """
    if not isinstance(data, dict):
        return []
    allow_html = data.get("allow_html") is True
    issues: list[Issue] = []
    seen: dict[str, Path_] = {}
    guids: dict[str, Path_] = {}

    def claim(item: object, path: Path_) -> None:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            first = seen.setdefault(item["id"], path)
            if first != path:
                issues.append(Issue((*path, "id"), f"duplicate id '{item['id']}'",
                                    related=(*first, "id")))
        anki = item.get("anki") if isinstance(item, dict) else None
        if isinstance(anki, dict) and isinstance(anki.get("guid"), str):
            first = guids.setdefault(anki["guid"], path)
            if first != path:  # Anki would fold the two items into one note
                issues.append(Issue((*path, "anki", "guid"), f"the Anki GUID '{anki['guid']}' "
                                    "is already another item's: each item keeps its own note "
                                    "(remove this `anki` entry if the item was copied)",
                                    related=(*first, "anki", "guid")))

    def questions(items: object, base: Path_) -> None:
        for i, q in enumerate(_items(items)):
            claim(q, (*base, i))
            if isinstance(q, dict):
                issues.extend(_question_issues(q, (*base, i), allow_html))

    questions(data.get("questions"), ("questions",))
    for i, ex in enumerate(_items(data.get("exercises"))):
        claim(ex, ("exercises", i))
        for j, part in enumerate(_items(ex.get("parts") if isinstance(ex, dict) else None)):
            claim(part, ("exercises", i, "parts", j))
            if isinstance(part, dict):
                questions(part.get("questions"), ("exercises", i, "parts", j, "questions"))
    for i, card in enumerate(_items(data.get("flashcards"))):
        claim(card, ("flashcards", i))
    return issues


def _items(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def choice_text(choice: object) -> object:
    """The text of a choice given as a string or as `{text, feedback}`."""
    return choice.get("text") if isinstance(choice, dict) else choice


def _question_issues(q: dict[str, Any], path: Path_, allow_html: bool) -> Iterator[Issue]:
    kind = q.get("type")
    if kind in ("choice", "multi"):
        texts = [choice_text(c) for c in _items(q.get("choices"))]
        for i, text in enumerate(texts):
            if text in texts[:i] and isinstance(text, str):
                yield Issue((*path, "choices", i), f"the choice {text!r} is listed twice")
        answers = q.get("answer")
        wanted = [(("answer",), answers)] if kind == "choice" else [
            (("answer", i), a) for i, a in enumerate(_items(answers))]
        strings = [t for t in texts if isinstance(t, str)]
        for sub, answer in wanted:
            if isinstance(answer, str) and strings and answer not in strings:
                hint = difflib.get_close_matches(answer, strings, n=1, cutoff=0.5)
                msg = f"the answer {answer!r} is not one of the choices"
                yield Issue((*path, *sub), msg + (f" (did you mean {hint[0]!r}?)" if hint else ""))
    elif kind == "cloze" and isinstance(q.get("prompt"), str):
        blanks, mixed = cloze.parse(q["prompt"])
        if not blanks:
            yield Issue((*path, "prompt"),
                        "a cloze prompt needs at least one blank: {{answer}} or {{c1::answer}}")
        elif mixed:
            yield Issue((*path, "prompt"),
                        "mix of numbered {{c1::...}} and unnumbered {{...}} blanks: use one style")
        elif any(b.number < 1 for b in blanks):
            yield Issue((*path, "prompt"), "cloze blanks are numbered from c1")
        else:
            for message in cloze.changed_blanks(q["prompt"], allow_html):
                yield Issue((*path, "prompt"), message)
    elif kind == "numeric":
        for key in ("answer", "tolerance"):
            shown = _not_finite(q.get(key))
            if shown is not None:
                yield Issue((*path, key), f"must be a finite number, not {shown}")


def _not_finite(value: object) -> str | None:
    """How a number that is not finite reads in YAML (None for anything else)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        if math.isfinite(value):
            return None
    except OverflowError:  # an int beyond any float: exporters could not write it
        return f"one of {len(str(abs(value)))} digits"
    return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
