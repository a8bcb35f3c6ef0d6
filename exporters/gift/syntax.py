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

import re

from ..moodle.bank import category_path, question_name
from . import media as gift_media

# Moodle's importer sets escapes aside as these placeholders and turns every one back
# into its character afterwards, so a text holding one as written would change.
PLACEHOLDER = re.compile(r"&&(?=(?:058|035|061|123|125|126|092);|010)")


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
    if "&&" in text:  # a word joiner keeps the text as it reads, apart from Moodle's pattern
        text = PLACEHOLDER.sub("&\u2060&", text)
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


def title(text: str, fallback: str) -> str:
    """A question name (`bank.question_name`) as `::name::`, never ending in `:`.

    A trailing `:` would touch the closing `::` of the name; `fallback` is used
    when nothing printable is left.
    """
    name = question_name(text, fallback).rstrip(" :")
    return "::" + escape(name or fallback) + "::"


def category(names: list[str]) -> str:
    """A `$CATEGORY:` line for the path `$course$/top/<names...>` (`bank.category_path`).

    Moodle does not unescape the line except `\\\\`, so only backslashes are doubled.
    """
    return "$CATEGORY: " + category_path([n.replace("\\", "\\\\") for n in names])


def tag_ok(tag: str) -> bool:
    """Whether a tag can be written in a `[tag:...]` mark.

    Moodle reads `\\]` as `]` inside a mark, so a tag ending in a backslash
    would swallow the mark after it; none can be written.
    """
    return not tag.endswith("\\")


def tag_marks(tags: list[str]) -> str:
    """The ` [tag:...]` marks of a comment line (Moodle reads `\\]` as `]` in a tag)."""
    return "".join(" [tag:" + t.replace("]", "\\]") + "]" for t in tags)


def comment(idnum: str, marks: str) -> str:
    """The `// [id:...] [tag:...]` line Moodle reads as the ID number and tags."""
    return f"// [id:{idnum}]{marks}"


