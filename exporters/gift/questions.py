"""Each question type as a GIFT question text and answer block.

`body()` returns what follows a question's `::title::`: `[html]` text, then the
answer block, entries one a line (Moodle trims the lines and joins them back).
A question the format cannot carry is reported and gives None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape as escape_html

from cardsmith.exporter import Report
from cardsmith.model import (
    Blank,
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OpenQuestion,
    Question,
    ShortQuestion,
    Text,
    TrueFalseQuestion,
)
from cardsmith.text import cloze

from ..moodle.bank import finite, multi_weights, number, one_line
from .syntax import PLACEHOLDER, escape, field, typed_answer

# `->` in an answer block makes Moodle (and gift-pegjs) read a matching question.
ARROW = "->"


def general_feedback(texts: Sequence[Text | None]) -> str:
    """The general feedback field (`####...`), or "" when every text is empty."""
    html = "\n".join(t.block_html for t in texts if t and t.block_html)
    return "####" + field(html) if html else ""


def block(stem: str, entries: list[str], feedback: str, opening: str = "{") -> str:
    """A question text followed by its answer block, one entry a line."""
    lines = [stem + opening]
    lines += ["\t" + e for e in entries]
    if feedback:
        lines.append("\t" + feedback)
    lines.append("}")
    return "\n".join(lines)


def body(q: Question, lead: str, after: Sequence[Text | None], report: Report) -> str | None:
    """Question text and answer block of `q`, or None (reported) if GIFT cannot hold it.

    `lead` is HTML put before the prompt (a part's context), already escaped
    (it is the same for every question of a part); `after` are texts added to
    the general feedback after the question's own (a part's note).
    """
    writer = _WRITERS[type(q)]
    return writer(q, lead, after, report)


def _shown(text: Text) -> str:
    """A text's HTML, or its source as typed when Markdown shows nothing of it.

    `[A]: yes` is a link definition and `#` an empty heading: an empty answer
    or feedback would be a syntax error.
    """
    return text.html or escape_html(text.source.strip(), quote=False)


def _stem(q: Question, lead: str) -> str:
    return "[html]" + lead + escape(q.prompt.html)


def _open(q: Question, lead: str, after: Sequence[Text | None], report: Report) -> str:
    assert isinstance(q, OpenQuestion)
    # An essay has nowhere else for a model answer: students see it once they answered.
    return block(_stem(q, lead), [], general_feedback([q.answer, q.explanation, *after]))


def _choice(q: Question, lead: str, after: Sequence[Text | None], report: Report) -> str:
    assert isinstance(q, ChoiceQuestion)
    entries = []
    for c in q.choices:
        entry = ("=" if c.correct else "~") + field(_shown(c.text))
        entries.append(entry + ("#" + field(_shown(c.feedback)) if c.feedback else ""))
    return block(_stem(q, lead), entries, general_feedback([q.explanation, *after]))


def _multi(q: Question, lead: str, after: Sequence[Text | None], report: Report) -> str | None:
    assert isinstance(q, MultiQuestion)
    weights = multi_weights([c.correct for c in q.choices])
    if weights is None:
        report.lose("multi-answer questions with over 20 right choices left out", q.id)
        return None
    if weights[1]:
        report.lose("multi-answer grades made unequal (Moodle's grade list)", q.id)
    entries = []
    for c, weight in zip(q.choices, weights[0], strict=True):
        entry = f"~%{weight}%" + field(_shown(c.text))
        entries.append(entry + ("#" + field(_shown(c.feedback)) if c.feedback else ""))
    return block(_stem(q, lead), entries, general_feedback([q.explanation, *after]))


def _truefalse(q: Question, lead: str, after: Sequence[Text | None], report: Report) -> str:
    assert isinstance(q, TrueFalseQuestion)
    # No per-answer feedback is written, so the TRUE/FALSE feedback order (which
    # gift-pegjs reads the other way round from Moodle) never matters.
    entry = "TRUE" if q.answer else "FALSE"
    return block(_stem(q, lead), [entry], general_feedback([q.explanation, *after]))


def _accepted(answers: Sequence[str], item_id: str, report: Report) -> list[str]:
    kept = [a for a in answers if a.strip() and ARROW not in a]
    if len(kept) < len(answers):
        report.lose("short answers containing '->' left out (Moodle reads a match)", item_id)
    typeable = [a for a in kept if not PLACEHOLDER.search(a)]
    if len(typeable) < len(kept):
        report.lose("short answers holding Moodle's escape placeholders (&&058; ...) left out",
                    item_id)
    return typeable


def _short(q: Question, lead: str, after: Sequence[Text | None], report: Report) -> str | None:
    assert isinstance(q, ShortQuestion)
    answers = _accepted(q.answers, q.id, report)
    if not answers:
        report.lose("short-answer questions left out (no answer GIFT can hold)", q.id)
        return None
    entries = ["=" + typed_answer(a) for a in answers]
    return block(_stem(q, lead), entries, general_feedback([q.explanation, *after]))


def _numeric(q: Question, lead: str, after: Sequence[Text | None], report: Report) -> str | None:
    assert isinstance(q, NumericQuestion)
    if not (finite(q.answer) and finite(q.tolerance)):
        report.lose("numeric questions with an infinite or NaN value left out", q.id)
        return None
    # Always `value:tolerance`: a bare `{#0}` is read as no answer by Moodle.
    entry = f"={number(q.answer)}:{number(q.tolerance)}"
    return block(_stem(q, lead), [entry], general_feedback([q.explanation, *after]), "{#")


def _match(q: Question, lead: str, after: Sequence[Text | None], report: Report) -> str | None:
    assert isinstance(q, MatchQuestion)
    if len(q.pairs) < 2:
        raise ValueError(f"match question {q.id!r} needs at least two pairs, has {len(q.pairs)}")
    entries = []
    for pair in q.pairs:
        # The left side is HTML, where `&gt;` is the same character; the right
        # side is the plain text of a drop-down, split at the first `->`.
        left = field(pair.left.html.replace(ARROW, "-&gt;"))
        # Markdown can show nothing of a short text (`#` is an empty heading): the
        # drop-down then shows it as written. An empty right side is a syntax error.
        right = one_line(pair.right.plain) or one_line(pair.right.source)
        if not right:
            report.lose("match questions left out (a right side is blank)", q.id)
            return None
        if right != pair.right.source.strip():
            report.lose("match answers reduced to one line of plain text", q.id)
        entries.append(f"={left} -> {escape(right)}")
    return block(_stem(q, lead), entries, general_feedback([q.explanation, *after]))


def _cloze(q: Question, lead: str, after: Sequence[Text | None], report: Report) -> str | None:
    assert isinstance(q, ClozeQuestion)
    if len(q.blanks) != 1:
        report.lose("cloze questions with several blanks left out (GIFT has one a question)",
                    q.id)
        return None
    typed = _captured(q.prompt.plain, q.blanks) or q.blanks[0].answer
    if not typed.strip() or ARROW in typed or PLACEHOLDER.search(typed):
        report.lose("cloze questions left out (no answer GIFT can hold)", q.id)
        return None
    html = q.prompt.html
    mark = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in html)
    text = cloze.substitute(html, q.blanks, _marker(mark))
    if text.endswith(mark):
        # Text after the answer block is what makes a missing-word question.
        text = f"<p>{text}</p>"
    before, _, rest = text.partition(mark)
    start = len(rest) - len(rest.lstrip())
    if rest[start:].startswith(("[", "//")):
        # gift-pegjs reads `[html]` right after the answer block as a format and `//` as a
        # comment, and drops them: an entity shows the same character in both readers.
        rest = rest[:start] + ("&#91;" if rest[start] == "[" else "&#47;") + rest[start + 1:]
    inline = "{=" + typed_answer(typed) + general_feedback([q.explanation, *after]) + "}"
    return "[html]" + lead + escape(before) + inline + escape(rest)


def cloze_plain(q: ClozeQuestion) -> str:
    """The prompt as plain text with each blank shown as `_____` (for question names)."""
    return cloze.substitute(q.prompt.plain, q.blanks, lambda _blank: "_____")


def _captured(plain: str, blanks: tuple[Blank, ...]) -> str | None:
    """The blank's answer as it reads in the plain rendering: what a learner types."""
    found: list[str] = []

    def keep(blank: Blank) -> str:
        found.append(blank.answer)
        return ""

    cloze.substitute(plain, blanks, keep)
    return found[0] if found else None


def _marker(mark: str) -> Callable[[Blank], str]:
    def fill(blank: Blank) -> str:
        return mark + (f" ({blank.hint})" if blank.hint else "")

    return fill


_Writer = Callable[[Question, str, Sequence["Text | None"], Report], "str | None"]
_WRITERS: dict[type, _Writer] = {
    OpenQuestion: _open, ChoiceQuestion: _choice, MultiQuestion: _multi,
    TrueFalseQuestion: _truefalse, ShortQuestion: _short, NumericQuestion: _numeric,
    MatchQuestion: _match, ClozeQuestion: _cloze,
}
