"""The words cardsmith writes into an output itself, in the deck's language.

Deck text is the author's; everything around it (buttons, headings, "Show
answer", Anki subdeck and Moodle category names) comes from here, chosen by the
deck's `language` tag. Exporters hold no words of their own: they ask
`labels(deck.language)` and look the key up.

Each language is one file, `labels/<primary subtag>.json` beside this module
(UTF-8, indent 2, keys in the English file's order): `"labels"` maps each key to
its text and `"singular_counts"` lists the counts that take the singular. The
languages are the files present, so adding a language is adding a file; a file
is read only when its language is first asked for. A key a file lacks reads the
English text (`tests/text/test_labels.py` requires every file to have exactly the
English keys all the same).

A table is picked by the tag's primary subtag, whatever its case (`de-CH` and
`DE` read German, `PT-br` Portuguese); an unknown language, or none, reads
English. Texts are plain (not HTML: the exporter escapes them for its format)
and may hold `{name}` fields that the exporter fills in with `str.format`. A
text may leave out a field it does not need: a translation can phrase a count
so that no noun has to agree with it. The texts are typeset: the typographic
apostrophe, the multiplication sign and French's no-break space before a colon
or a question mark are meant as written.

Counted words come in two keys, `<key>_one` and `<key>_other`, read through
`Labels.count`; French and Portuguese (`"singular_counts": [0, 1]`) use the
singular for zero as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable

_FALLBACK = "en"
"""The language whose texts stand in for an unknown language or a missing key."""


@cache
def _folder() -> Traversable:
    """The folder of the language files (importing `importlib.resources` only when needed)."""
    from importlib import resources

    return resources.files(__name__.rpartition(".")[0]).joinpath("labels")


@cache
def _languages() -> tuple[str, ...]:
    """The primary subtags that have a file, sorted; lists the folder without reading a file."""
    return tuple(sorted(entry.name.removesuffix(".json") for entry in _folder().iterdir()
                        if entry.name.endswith(".json")))


@cache
def _file(code: str) -> tuple[dict[str, str], tuple[int, ...]]:
    """The texts and singular counts in the file of `code` (one of `_languages()`), read once."""
    data = json.loads(_folder().joinpath(f"{code}.json").read_text("utf-8"))
    texts, counts = data.get("labels"), data.get("singular_counts", [1])
    if not (isinstance(texts, dict) and all(isinstance(text, str) for text in texts.values())
            and isinstance(counts, list) and all(type(n) is int for n in counts)):
        raise ValueError(f"labels/{code}.json: want {{'labels': {{key: text}}, "
                         f"'singular_counts': [n, ...]}}")
    return texts, tuple(counts)


def _table(code: str) -> dict[str, str]:
    """The texts of `code` as its file has them (no English filled in)."""
    return _file(code)[0]


class _Tables(Mapping[str, Mapping[str, str]]):
    """`TABLES`: the languages are the files present, each read on its first look-up."""

    def __getitem__(self, code: str) -> dict[str, str]:
        if code not in self:
            raise KeyError(code)
        return _table(code)

    def __contains__(self, code: object) -> bool:
        return code in _languages()

    def __iter__(self) -> Iterator[str]:
        return iter(_languages())

    def __len__(self) -> int:
        return len(_languages())

    def __repr__(self) -> str:
        return f"TABLES({list(self)!r})"


TABLES: Mapping[str, Mapping[str, str]] = _Tables()
"""Each language's texts by primary subtag (lower case), as its file has them."""

class Labels(Mapping[str, str]):
    """The texts of one language, read only: `labels["show_answer"]`, `labels.count(...)`.

    A template may write `labels.show_answer`: Jinja falls back to the key.
    """

    __slots__ = ("_texts", "language")
    language: str
    _texts: Mapping[str, str]

    def __init__(self, language: str, texts: Mapping[str, str]) -> None:
        """The texts `texts` of the language `language` (a primary subtag such as `de`)."""
        object.__setattr__(self, "language", language)
        object.__setattr__(self, "_texts", MappingProxyType(dict(texts)))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Labels are read only (tried to set {name!r})")

    def __getitem__(self, key: str) -> str:
        return self._texts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __repr__(self) -> str:
        return f"Labels({self.language!r})"

    def count(self, key: str, n: int) -> str:
        """`<key>_one` or `<key>_other`, whichever `n` takes, with `{n}` filled in.

        `count("minutes", 1)` is "1 minute" and `count("minutes", 5)` "5 minutes".
        """
        singular = _file(self.language)[1] if self.language in TABLES else (1,)
        return self[f"{key}_{'one' if n in singular else 'other'}"].format(n=n)


@cache
def _labels(code: str) -> Labels:
    """The labels of `code` (one of `_languages()`), English where its file lacks a key."""
    return Labels(code, {**_table(_FALLBACK), **_table(code)})


def labels(language: str | None) -> Labels:
    """The labels for a BCP 47 tag such as `de-CH` (by its primary subtag); English if unknown."""
    primary = (language or "").split("-", 1)[0].strip().lower()
    return _labels(primary if primary in TABLES else _FALLBACK)
