"""A fast yes/no check against the deck schema, compiled from the schema itself.

jsonschema gives precise error reports but walks the document slowly (about
0.3 ms an item for this schema). This module compiles the same schema into
Python closures that only answer "valid or not"; jsonschema runs only when the
answer is no, to explain why. It knows the keywords the deck schema uses and
refuses to compile any other, so a schema change can never be silently
ignored by the fast path (tests check both give the same verdicts).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

_ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "default"}
_OBJECT_KEYS = {"if", "then", "else", "properties", "additionalProperties",
                "unevaluatedProperties"}
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and v.is_integer()),
}


def _both(a: Check, b: Check) -> Check:
    return lambda v: a(v) and b(v)


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, and 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b) and (isinstance(a, str) == isinstance(b, str))


class Compiler:
    """Compiles one root schema; `$ref`s to `#/$defs/...` are resolved lazily."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: dict[str, Any]) -> Check:
        """A function telling whether a value satisfies `schema`."""
        if schema.get("type") == "string" and "pattern" in schema and not (
                schema.keys() - _ANNOTATIONS - {"type", "pattern"}):
            # The schema's text fields: one closure, not a type check and a pattern check.
            search = re.compile(schema["pattern"]).search
            return lambda v: isinstance(v, str) and search(v) is not None
        checks: list[Check] = []
        for key, arg in schema.items():
            if key in _ANNOTATIONS or key in _OBJECT_KEYS:
                continue
            if key == "allOf" and all("if" in r for r in arg):
                continue  # conditionals are evaluated by the object check, once each
            checks.append(self._keyword(key, arg))
        if any(k in schema for k in _OBJECT_KEYS) or "allOf" in schema:
            checks.append(self._object(schema))
        if not checks:
            return lambda v: True
        return functools.reduce(_both, checks)

    def _keyword(self, key: str, arg: Any) -> Check:
        if key == "type":
            if isinstance(arg, str):
                return _TYPES[arg]
            tests = [_TYPES[n] for n in arg]
            return lambda v: any(t(v) for t in tests)
        if key == "const" and isinstance(arg, str):
            return lambda v: v == arg and isinstance(v, str)
        if key == "const":
            return lambda v: _same(v, arg)
        if key == "enum" and all(isinstance(a, str) for a in arg):
            names = frozenset(arg)
            return lambda v: isinstance(v, str) and v in names
        if key == "enum":
            return lambda v: any(_same(v, a) for a in arg)
        if key == "required":
            return lambda v: not isinstance(v, dict) or all(k in v for k in arg)
        if key == "pattern":
            rx = re.compile(arg)
            return lambda v: not isinstance(v, str) or rx.search(v) is not None
        if key in ("minLength", "maxLength"):
            low = key == "minLength"
            return lambda v: not isinstance(v, str) or (len(v) >= arg if low else len(v) <= arg)
        if key in ("minItems", "maxItems"):
            low = key == "minItems"
            return lambda v: not isinstance(v, list) or (len(v) >= arg if low else len(v) <= arg)
        if key == "minimum":
            # As jsonschema: fails only a number below it (NaN is below nothing).
            return lambda v: not _TYPES["number"](v) or not v < arg
        if key == "uniqueItems":
            return lambda v: not (arg and isinstance(v, list)) or all(
                not _same(a, b) for i, a in enumerate(v) for b in v[i + 1:])
        if key == "items":
            item = self.compile(arg)
            return lambda v: not isinstance(v, list) or all(map(item, v))
        if key == "oneOf":
            branches = [self.compile(s) for s in arg]
            return lambda v: sum(1 for b in branches if b(v)) == 1
        if key == "allOf":
            parts = [self.compile(s) for s in arg]
            return lambda v: all(p(v) for p in parts)
        if key == "$ref":
            return self._ref(arg)
        raise ValueError(f"fastcheck does not support the keyword {key!r}")

    def _ref(self, ref: str) -> Check:
        if not ref.startswith("#/$defs/"):
            raise ValueError(f"fastcheck supports only local $defs references, not {ref!r}")
        name = ref.removeprefix("#/$defs/")

        def check(v: Any) -> bool:
            if name not in self.refs:
                self.refs[name] = self.compile(self.root["$defs"][name])
            return self.refs[name](v)

        return check

    def _object(self, schema: dict[str, Any]) -> Check:
        props = [(k, self.compile(s)) for k, s in schema.get("properties", {}).items()]
        own = {k for k, _ in props}
        extra = schema.get("additionalProperties", True)
        unevaluated = schema.get("unevaluatedProperties", True)
        if extra not in (True, False) or unevaluated not in (True, False):
            raise ValueError("fastcheck supports only true/false for additional and "
                             "unevaluated properties")
        rules = ([schema] if "if" in schema else []) + (
            [r for r in schema.get("allOf", ()) if "if" in r]
            if all("if" in r for r in schema.get("allOf", ())) else [])
        # (condition, then, else, keys then evaluates, keys else evaluates)
        conditionals = [
            (self.compile(r["if"]), self.compile(r.get("then", {})),
             self.compile(r.get("else", {})),
             set(r.get("then", {}).get("properties", {})),
             set(r.get("else", {}).get("properties", {})))
            for r in rules
        ]

        def check(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            for key, sub in props:
                if key in v and not sub(v[key]):
                    return False
            allowed = own
            for cond, then, other, then_keys, else_keys in conditionals:
                if cond(v):
                    if not then(v):
                        return False
                    allowed = allowed | then_keys
                else:
                    if not other(v):
                        return False
                    allowed = allowed | else_keys
            if extra is False and not v.keys() <= own:
                return False
            return unevaluated is not False or v.keys() <= allowed

        return check


def compile_schema(schema: dict[str, Any]) -> Check:
    """Compile a root schema into a yes/no check."""
    return Compiler(schema).compile(schema)
