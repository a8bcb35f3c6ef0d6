r"""Moodle's GIFT importer as the tests understand it, in Python.

A model of `question/format/gift/format.php` (readquestion and its helpers) and
`question/format.php` (readquestions, split_category_path), written from
reading that code, for the places where gift-pegjs reads differently. It
returns one dict a question: `qtype`, `name`, `idnumber`, `tags`, `text`,
`format`, `feedback` and the type's answers, or `error` where Moodle stops.

What it models, in Moodle's order:
- questions are the lines between lines that trim to "" or "0" (PHP's empty());
- lines starting with `//` are dropped; `[id:...]` and `[tag:...]` are read from them;
- `\\` becomes `\` before the other escapes `\: \# \= \{ \} \~ \n` are set aside;
- `$CATEGORY:` keeps the rest of the line, with no unescaping but `\\`;
- `::name::`, then the answer block from the first `{` to the first `}`;
  text after the `}` gives a missing-word question (`_____`);
- general feedback after the last `####`; a leading `[html]` sets a field's format;
- the type: no braces description, `{}` essay, `#` numerical, any `~`
  multichoice (single if it has a `=`), `=` and `->` match, T/TRUE/F/FALSE,
  else short answer; weights `%n%` after `~` (and after `=` in short answers).
"""

from __future__ import annotations

import re
from typing import Any

_WS = " \t\n\r\0\x0b"  # PHP's trim()
_ESCAPED = ((":", "&&058;"), ("#", "&&035;"), ("=", "&&061;"), ("{", "&&123;"),
            ("}", "&&125;"), ("~", "&&126;"), ("n", "&&010"))
_FORMATS = ("moodle", "html", "plain", "markdown")
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_ID = re.compile(r"\[id:((?:\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\]|[^\]<>`\x00-\x1f\x7f])+)\]")


def read(text: str) -> list[dict[str, Any]]:
    """Every question of a GIFT file, as Moodle's importer reads it."""
    questions: list[dict[str, Any]] = []
    current: list[str] = []
    for line in [*text.split("\n"), ""]:
        line = line.strip(_WS)
        if line in ("", "0"):
            if current:
                question = read_question(current)
                if question is not None:
                    questions.append(question)
            current = []
        else:
            current.append(line)
    return questions


def stored_category(path: str) -> dict[str, Any]:
    """The category names Moodle's create_category_path stores, or where the import stops.

    The context (`$course$`...) leads; a name `top` is skipped; a name over 255
    characters fails the database insert, and the whole import with it.
    """
    names = split_category(path)
    if names and names[0].startswith("$") and names[0].endswith("$"):
        names = names[1:]
    names = [n for n in names if n != "top"]
    if any(len(n) > 255 for n in names):
        return {"names": names, "error": "category name over 255 characters"}
    return {"names": names}


def split_category(path: str, clean: bool = True) -> list[str]:
    """A category path as names: single slashes split, `//` is a slash inside a name.

    Moodle then cleans each name as PARAM_TEXT (`clean`): tags go, ends are trimmed.
    """
    names = [raw.replace("//", "/") for raw in re.split(r"(?<!/)/(?!/)", path)]
    return [_clean(n) if clean else n.strip(_WS) for n in names]


def wildcard_match(stored: str, response: str) -> bool:
    """Moodle's short-answer grading: `*` matches anything, `\\*` is an asterisk."""
    bits = re.split(r"(?<!\\)\*+", stored)
    pattern = ".*".join(re.escape(b.replace("\\*", "*")) for b in bits)
    return re.fullmatch(pattern, response.strip(), re.IGNORECASE | re.DOTALL) is not None


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for char, holder in _ESCAPED:
        text = text.replace("\\" + char, holder)
    return text.replace("&&092;", "\\")


def post(text: str) -> str:
    """Moodle's escapedchar_post: the set-aside escapes back as characters."""
    for char, holder in _ESCAPED:
        text = text.replace(holder, "\n" if char == "n" else char)
    return text


def _clean(name: str) -> str:
    # PARAM_TEXT removes tags; names are trimmed.
    return re.sub(r"<[^>]*>", "", name).strip(_WS)


def _formatted(text: str, default: str) -> tuple[str, str]:
    fmt = default
    if text.startswith("[") and "]" in text:
        name = text[1:text.index("]")]
        if name in _FORMATS:
            fmt, text = name, text[text.index("]") + 1:]
    return post(text).strip(_WS), fmt


def _empty(value: str) -> bool:
    return value in ("", "0")


def read_question(lines: list[str]) -> dict[str, Any] | None:
    """One question from its lines (already trimmed), or None for a block of comments."""
    comments = "\n".join(ln for ln in lines if ln.startswith("//"))
    text = "\n".join(" " if ln.startswith("//") else ln for ln in lines).strip(_WS)
    if not text:
        return None
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        return {"qtype": "category", "path": text[10:].strip(_WS),
                **stored_category(text[10:].strip(_WS))}
    q: dict[str, Any] = {"name": None}
    if text.startswith("::"):
        end = text.find("::", 2)
        if end >= 0:
            q["name"] = _clean(post(text[2:end]))
            text = text[end + 2:].strip(_WS)
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        answers, qtext = None, text
    elif start < 0 or finish < 0:
        return {"qtype": None, "error": "braces"}
    else:
        answers = text[start + 1:finish].strip(_WS)
        gap = "" if text.endswith("}") else "_____"
        qtext = text[:start] + gap + text[finish + 1:]
    feedback = ""
    if answers is not None and "####" in answers:
        feedback = answers[answers.rindex("####") + 4:]
        answers = answers[:answers.rindex("####")].strip(_WS)
    q["text"], q["format"] = _formatted(qtext, "moodle")
    q["feedback"] = _formatted(feedback, q["format"])[0]
    found = _ID.search(comments)
    q["idnumber"] = found.group(1).strip().replace("\\]", "]") if found else ""
    q["tags"] = [t.strip().replace("\\]", "]") for t in _TAG.findall(comments)]
    q.update(_answers(answers, q["format"]))
    return q


def _answers(answers: str | None, fmt: str) -> dict[str, Any]:
    if answers is None:
        return {"qtype": "description"}
    if answers == "":
        return {"qtype": "essay"}
    if answers[0] == "#":
        return _numerical(answers[1:], fmt)
    if "~" in answers:
        return _multichoice(answers, fmt)
    if "=" in answers and "->" in answers:
        return _match(answers, fmt)
    check = answers[:answers.find("#")].strip(_WS) if answers.find("#") > 0 else answers
    if check in ("T", "TRUE", "F", "FALSE"):
        value = answers.split("#", 2)[0].strip(_WS)
        return {"qtype": "truefalse", "answer": post(value) in ("T", "TRUE")}
    return _shortanswer(answers, fmt)


def _split(answers: str, sep: str) -> list[str]:
    parts = answers.split(sep)
    parts[0] = parts[0].strip(_WS)
    return parts[1:] if _empty(parts[0]) else parts


def _weighted(answer: str, default: float) -> tuple[float, str]:
    if _WEIGHT.match(answer):
        end = answer.index("%", 1)
        return float(answer[1:end]) / 100, answer[end + 1:]
    return default, answer


def _commented(answer: str, fmt: str) -> tuple[str, str]:
    bits = answer.split("#", 1)
    feedback = _formatted(bits[1].strip(_WS), fmt)[0] if len(bits) > 1 else ""
    return _formatted(bits[0].strip(_WS), fmt)[0], feedback


def _multichoice(answers: str, fmt: str) -> dict[str, Any]:
    single = "=" in answers
    parts = _split(answers.replace("=", "~="), "~")
    if len(parts) < 2:
        return {"qtype": "multichoice", "error": "fewer than two answers"}
    choices = []
    for part in parts:
        part = part.strip(_WS)
        if part.startswith("="):
            fraction, part = 1.0, part[1:]
        else:
            fraction, part = _weighted(part, 0.0)
        choices.append((*_commented(part, fmt), fraction))
    return {"qtype": "multichoice", "single": single,
            "answers": [(text, fraction, fb) for text, fb, fraction in choices]}


def _match(answers: str, fmt: str) -> dict[str, Any]:
    pairs = []
    for part in _split(answers, "="):
        part = part.strip(_WS)
        if "->" not in part:
            return {"qtype": "match", "error": "no ->"}
        at = part.index("->")
        pairs.append((_formatted(part[:at], fmt)[0], post(part[at + 2:]).strip(_WS)))
    if len(pairs) < 2:
        return {"qtype": "match", "error": "fewer than two pairs"}
    return {"qtype": "match", "pairs": pairs}


def _shortanswer(answers: str, fmt: str) -> dict[str, Any]:
    accepted = []
    for part in _split(answers, "="):
        fraction, part = _weighted(part.strip(_WS), 1.0)
        accepted.append((_commented(part, fmt)[0], fraction))
    return {"qtype": "shortanswer", "answers": accepted}


def _numerical(answers: str, fmt: str) -> dict[str, Any]:
    if "~" in answers:
        answers = answers[:answers.index("~")]
    values = []
    for part in _split(answers, "="):
        fraction, part = _weighted(part.strip(_WS), 1.0)
        value = _commented(part, fmt)[0]
        if value.find("..") > 0:
            low, high = (float(v) for v in value.split("..", 1))
            values.append(((low + high) / 2, (high - low) / 2, fraction))
        elif value.find(":") > 0:
            ans, tol = value.split(":", 1)
            values.append((float(ans), float(tol), fraction))
        else:
            values.append((float(value), 0.0, fraction))
    if not values:
        return {"qtype": "numerical", "error": "no answer"}
    return {"qtype": "numerical", "answers": values}
