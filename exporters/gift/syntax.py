r"""GIFT's lexical rules: escaping, one-line fields, titles, categories, ids, numbers and weights.

Everything here follows what Moodle's importer (`question/format/gift/format.php`)
does when it reads a file back:

- a question is the lines between two blank lines; every line is trimmed and a
  line starting with `//` is dropped (a line holding only `0` also ends a question);
- `\\` becomes a backslash first, then `\:` `\#` `\=` `\{` `\}` `\~` lose their
  backslash and `\n` becomes a newline;
- a field may start with a format tag (`[html]`); an answer starting with
  `%number%` is read as a weight.

So every field is escaped here, kept on one physical line, and guarded
against a leading `[` or `%` that Moodle would take for syntax.
"""

from __future__ import annotations

import hashlib
import math
from decimal import Decimal

from . import media as gift_media

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

TITLE_MAX = 80
"""Question names are cut here (Moodle allows 255) so the question bank list stays readable."""


def escape(text: str) -> str:
    """Escape `\\ ~ = # { } :` and write newlines as `\\n`: the text then fits on one line.

    HTML with media first goes through the file's media policy (`gift_media`).
    """
    if "src=" in text:
        media = gift_media.CURRENT.get()
        if media is not None:
            text = media.rewrite(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The backslash goes first, so the backslashes added after it stay single.
    # A chain of replace() runs several times faster than str.translate here.
    return (text.replace("\\", "\\\\").replace("~", "\\~").replace("=", "\\=")
            .replace("#", "\\#").replace("{", "\\{").replace("}", "\\}").replace(":", "\\:")
            .replace("\n", "\\n"))


def field(text: str) -> str:
    """An escaped answer, feedback or match item, guarded against a leading `[` or `%`.

    Moodle and gift-pegjs take a leading `[html]`, `[plain]`... for a format tag
    and a leading `%50%` for a weight. An explicit `[html]` in front makes both
    read the rest as text: the format is the question's anyway.
    """
    escaped = escape(text)
    if escaped[:1] in ("[", "%"):
        return "[html]" + escaped
    return escaped


def typed_answer(answer: str) -> str:
    """A short answer (what the learner types), as a field.

    Moodle's short-answer grading reads `*` as a wildcard and `\\*` as a literal
    asterisk, so a deck's `*` is written `\\*` (and its backslash then escaped).
    """
    return field(answer.strip().replace("*", "\\*"))


def one_line(text: str) -> str:
    """Collapse every run of whitespace, newlines included, into one space."""
    return " ".join(text.split())


def title(text: str, fallback: str) -> str:
    """A question name: one line, at most `TITLE_MAX` characters, never ending in `:`.

    A trailing `:` would touch the closing `::` of the name; `fallback` is used
    when nothing printable is left.
    """
    name = one_line(text)
    if len(name) > TITLE_MAX:
        cut = name[:TITLE_MAX - 1]
        space = cut.rfind(" ")
        name = (cut[:space] if space > TITLE_MAX // 2 else cut).rstrip(" :") + "…"
    name = name.rstrip(" :")
    return "::" + escape(name or fallback) + "::"


def category(names: list[str]) -> str:
    """A `$CATEGORY:` line for the path `$course$/top/<names...>`.

    Moodle splits the path on single slashes, reads `//` as a slash inside a
    name and trims each name; it does not unescape the line except `\\\\`, so only
    backslashes are doubled here.
    """
    parts = []
    for name in names:
        part = one_line(name).replace("\\", "\\\\").replace("/", "//")
        # A name starting or ending with a slash would merge with the separator.
        if part.startswith("/"):
            part = " " + part
        if part.endswith("/"):
            part += " "
        parts.append(part)
    return "$CATEGORY: $course$/top/" + "/".join(parts)


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
    """Whether Moodle's `[tag:...]` reader accepts the tag (no `<`, `>`, backtick, control)."""
    return not any(c in "<>`" or ord(c) < 32 or ord(c) == 127 for c in tag)


def tag_marks(tags: list[str]) -> str:
    """The ` [tag:...]` marks of a comment line (Moodle reads `\\]` as `]` in a tag)."""
    return "".join(" [tag:" + t.replace("]", "\\]") + "]" for t in tags)


def comment(idnum: str, marks: str) -> str:
    """The `// [id:...] [tag:...]` line Moodle reads as the ID number and tags."""
    return f"// [id:{idnum}]{marks}"


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
