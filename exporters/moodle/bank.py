"""Moodle's question bank rules, shared by its two import formats (GIFT and Moodle XML).

What the bank stores and refuses, whichever file brings the questions:

- grades: a fraction must be within 1e-5 of Moodle's list, or the whole import stops;
- ID numbers: at most 100 characters, unique within a category;
- names: Moodle strips anything tag-like, so a name is plain text, one line, never empty;
- categories: a name over 255 characters stops the import (the database column), one
  named exactly `top` is skipped, tag-like parts are stripped;
- tags: no `<`, `>`, backtick or control character; past 255 characters they are cut.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from decimal import Decimal

# Moodle's list of grades (question_bank::fraction_options_full), in percent,
# written with the 5 decimals its importer matches to within 1e-5.
_EQUAL_SHARES = {
    1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667", 7: "14.28571",
    8: "12.5", 9: "11.11111", 10: "10",
}
MOODLE_GRADES = frozenset(
    {"0", "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40",
     "33.33333", "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5"})

IDNUMBER_MAX = 100
"""Moodle stores a question's ID number in 100 characters."""

NAME_MAX = 80
"""Question names are cut here (Moodle allows 255) so the question bank list stays readable."""

CATEGORY_MAX = 255
"""A longer category name makes the database insert fail, and the whole import with it."""

TAG_MAX = 255
"""Moodle cuts longer tags when it saves them."""

# Moodle cleans names as PARAM_TEXT, which strips anything tag-like.
_TAGLIKE = re.compile(r"<[^>]*>")


def one_line(text: str) -> str:
    """Collapse every run of whitespace, newlines included, into one space."""
    return " ".join(text.split())


def shorten(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, ending in `…` if cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def question_name(plain: str, fallback: str) -> str:
    """A question name from a text's plain rendering: one line, tag-free, short, never empty.

    Moodle strips tag-like parts of a name on import, so they are left out
    here and the name is stored as written; `fallback` (the item id) names a
    question whose text leaves nothing.
    """
    return shorten(one_line(_TAGLIKE.sub(" ", plain)), NAME_MAX) or fallback


def category_name(title: str, item_id: str) -> tuple[str, list[str]]:
    """A category name Moodle stores as written, and what had to change (for the report)."""
    changes = []
    name = one_line(title)
    if _TAGLIKE.search(name):
        changes.append("HTML tags in titles dropped from Moodle category names")
        name = one_line(_TAGLIKE.sub("", name))
    if len(name) > CATEGORY_MAX:
        changes.append("category names shortened to Moodle's 255 characters")
        name = shorten(name, CATEGORY_MAX)
    if name.strip() == "top":  # Moodle skips a path segment named `top`
        name = f"top ({item_id})"
    return name or item_id, changes


def category_path(names: list[str]) -> str:
    """The path `$course$/top/<names...>` as Moodle splits it.

    Single slashes separate the names, `//` is a slash inside one, and each
    name is trimmed; a name starting or ending with a slash gets a space there,
    or it would merge with the separator.
    """
    parts = []
    for name in names:
        part = one_line(name).replace("/", "//")
        if part.startswith("/"):
            part = " " + part
        if part.endswith("/"):
            part += " "
        parts.append(part)
    return "$course$/top/" + "/".join(parts)


def idnumber(deck_id: str, item_id: str) -> tuple[str, bool]:
    """The Moodle ID number `<deck-id>-<item-id>`, and whether it had to be shortened.

    Past 100 characters it keeps its start and ends with a hash of the whole,
    so it stays unique and the same on every export.
    """
    full = f"{deck_id}-{item_id}"
    if len(full) <= IDNUMBER_MAX:
        return full, False
    digest = hashlib.sha256(full.encode()).hexdigest()[:8]
    return f"{full[:IDNUMBER_MAX - 9]}-{digest}", True


def tag_ok(tag: str) -> bool:
    """Whether Moodle keeps the tag as it is (no `<`, `>`, backtick, control, at most 255)."""
    return len(tag) <= TAG_MAX and not any(c in "<>`" or ord(c) < 32 or ord(c) == 127
                                           for c in tag)


def merge_tags(first: Sequence[str], then: Sequence[str]) -> list[str]:
    """`first` and `then` as one list without repeats: Moodle's tags ignore case.

    The first spelling is kept; a later `mixed` beside `Mixed` would otherwise
    rename the tag for every question that has it.
    """
    seen: set[str] = set()
    merged = []
    for tag in (*first, *then):
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            merged.append(tag)
    return merged


def number(value: float) -> str:
    """A number as plain decimals: gift-pegjs reads no exponent, and `{#0}` trips Moodle."""
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def finite(value: float) -> bool:
    """Whether a number can be written at all."""
    return math.isfinite(value)


def shares(count: int) -> list[str] | None:
    """`count` grades from Moodle's list that add up to 100 %, or None if there are none.

    Equal shares up to ten; from 11 to 20 a mix of 10 % and 5 %, largest first
    (every grade on the list is at least 5 %).
    """
    if count in _EQUAL_SHARES:
        return [_EQUAL_SHARES[count]] * count
    if 10 < count <= 20:
        tens = 20 - count
        return ["10"] * tens + ["5"] * (count - tens)
    return None


def multi_weights(flags: list[bool]) -> tuple[list[str], bool] | None:
    """The weight of each choice of a multiple-answer question, and whether they are unequal.

    Right choices share 100 %, wrong ones -100 %, so ticking every box scores
    nothing; None when there are over 20 right choices (below Moodle's smallest grade).
    """
    right = shares(sum(flags))
    if right is None:
        return None
    unequal = len(set(right)) > 1
    n_wrong = len(flags) - len(right)
    wrong = ["-" + w for w in shares(n_wrong) or ["5"] * n_wrong]
    return [right.pop(0) if f else wrong.pop(0) for f in flags], unequal
