"""Each question type as a Moodle XML `<question>` element, in the order Moodle writes them.

Every question has its name, question text, general feedback, grade, penalty,
ID number and tags; the type adds its own elements. A question Moodle cannot
hold is reported and gives None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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

from .bank import finite, multi_weights, number, one_line
from .xml import Files, cdata, element, plain_field

# Characters of a gap's answer that Moodle's cloze reader would take for syntax, as
# entities (it decodes them after splitting the gap); `*` is a wildcard, `\*` is not.
_GAP = {c: f"&#{ord(c)};" for c in "\\{}#~=%:&<>\"'"}
_GAP_SYNTAX = re.compile("[" + re.escape("".join(_GAP)) + "]")
WILDCARD = "\\*"
"""How a literal `*` is written in a typed answer (Moodle reads a bare `*` as any text)."""
# `{` in a cloze's text could start a gap (`{1:SHORTANSWER:...}`): written as an entity.
_BRACES = re.compile("[{}]")


@dataclass
class Context:
    """What every question of one file shares: its settings, files, report and ID."""

    settings: Mapping[str, str]
    files: Files
    report: Report
    idnumber: str = ""
    tags: Sequence[str] = ()


def question(q: Question, lead: str, after: Sequence[Text | None], name: str, ctx: Context
             ) -> str | None:
    """The `<question>` element of `q`, or None (reported) when Moodle cannot hold it.

    `lead` is HTML put before the prompt (a part's context); `after` are texts
    added to the general feedback after the question's own (a part's note).
    """
    ctx.files.item_id = q.id
    written = _WRITERS[type(q)](q, lead, ctx)
    if written is None:
        return None
    qtype, body = written
    feedback = [q.explanation, *after]
    if isinstance(q, OpenQuestion) and ctx.settings["model_answer"] == "both":
        feedback.insert(0, q.answer)
    text = _cloze_text(q, lead, ctx) if isinstance(q, ClozeQuestion) else lead + q.prompt.html
    return wrap(qtype, name, text, feedback, body, ctx, graded=qtype != "cloze")


def wrap(qtype: str, name: str, text: str, feedback: Sequence[Text | None], body: list[str],
         ctx: Context, graded: bool = True) -> str:
    """A whole `<question>`: the common head, the type's own elements, then the tags."""
    general = "\n".join(t.block_html for t in feedback if t and t.block_html)
    lines = [f'<question type="{qtype}">', plain_field("name", name),
             ctx.files.html_field("questiontext", text),
             ctx.files.html_field("generalfeedback", general)]
    if graded:
        grade = "0" if qtype == "description" else "1"
        penalty = "0" if qtype == "description" else ctx.settings["penalty"]
        lines += [element("defaultgrade", grade), element("penalty", penalty)]
    else:
        lines.append(element("penalty", ctx.settings["penalty"]))
    lines += [element("hidden", "0"), element("idnumber", ctx.idnumber), *body]
    if ctx.tags:
        lines.append("<tags>" + "".join(plain_field("tag", t) for t in ctx.tags) + "</tags>")
    lines.append("</question>")
    return "\n".join(lines)


def essay(answer_html: str, ctx: Context) -> list[str]:
    """An essay's own elements: an editor to write in, the model answer for the grader."""
    return [element("responseformat", "editor"), element("responserequired", "1"),
            element("responsefieldlines", "10"), element("attachments", "0"),
            element("attachmentsrequired", "0"),
            ctx.files.html_field("graderinfo", answer_html),
            ctx.files.html_field("responsetemplate", "")]


def short_answers(answers: Sequence[str], usecase: bool = False) -> list[str]:
    """A short-answer question's own elements: every accepted answer at 100 %."""
    # `*` is Moodle's wildcard in short answers; `\*` a literal asterisk.
    typed = [a.strip().replace("*", WILDCARD) for a in answers]
    return [element("usecase", "1" if usecase else "0"),
            *(f'<answer fraction="100" format="moodle_auto_format"><text>{cdata(a)}</text>'
              f'<feedback format="html"><text></text></feedback></answer>' for a in typed)]


def _combined(ctx: Context, shownumcorrect: bool) -> list[str]:
    """Combined feedback: left empty (Moodle then shows its own words), and the counts."""
    lines = [ctx.files.html_field(f"{kind}feedback", "")
             for kind in ("correct", "partiallycorrect", "incorrect")]
    return [*lines, "<shownumcorrect/>"] if shownumcorrect else lines


def _choices(q: ChoiceQuestion | MultiQuestion, weights: Sequence[str], ctx: Context
             ) -> list[str]:
    single = isinstance(q, ChoiceQuestion)
    lines = [element("single", "true" if single else "false"),
             element("shuffleanswers", "true" if ctx.settings["shuffle"] == "yes" else "false"),
             element("answernumbering", ctx.settings["numbering"]),
             element("showstandardinstruction", "0"), *_combined(ctx, not single)]
    for c, weight in zip(q.choices, weights, strict=True):
        answer = ctx.files.html_field("answer", _shown(c.text), [("fraction", weight)])
        feedback = ctx.files.html_field("feedback", _shown(c.feedback) if c.feedback else "")
        lines.append(answer.replace("</answer>", feedback + "</answer>"))
    return lines


def _shown(text: Text) -> str:
    """A text's HTML, or its source as typed when Markdown shows nothing of it (`#`)."""
    return text.html or escape_html(text.source.strip(), quote=False)


_Written = tuple[str, list[str]] | None


def _open(q: Question, lead: str, ctx: Context) -> _Written:
    assert isinstance(q, OpenQuestion)
    return "essay", essay(q.answer.block_html, ctx)


def _choice(q: Question, lead: str, ctx: Context) -> _Written:
    assert isinstance(q, ChoiceQuestion)
    return "multichoice", _choices(q, ["100" if c.correct else "0" for c in q.choices], ctx)


def _multi(q: Question, lead: str, ctx: Context) -> _Written:
    assert isinstance(q, MultiQuestion)
    weights = multi_weights([c.correct for c in q.choices])
    if weights is None:
        ctx.report.lose("multi-answer questions with over 20 right choices left out", q.id)
        return None
    if weights[1]:
        ctx.report.lose("multi-answer grades made unequal (Moodle's grade list)", q.id)
    return "multichoice", _choices(q, weights[0], ctx)


def _truefalse(q: Question, lead: str, ctx: Context) -> _Written:
    assert isinstance(q, TrueFalseQuestion)
    # Moodle reads the answers by their text, which must be `true` and `false`.
    return "truefalse", [
        f'<answer fraction="{100 if value == q.answer else 0}" format="moodle_auto_format">'
        f'<text>{"true" if value else "false"}</text>'
        f'<feedback format="html"><text></text></feedback></answer>' for value in (True, False)]


def _short(q: Question, lead: str, ctx: Context) -> _Written:
    assert isinstance(q, ShortQuestion)
    answers = [a for a in q.answers if a.strip()]
    if not answers:
        ctx.report.lose("short-answer questions left out (no answer Moodle can hold)", q.id)
        return None
    return "shortanswer", short_answers(answers)


def _numeric(q: Question, lead: str, ctx: Context) -> _Written:
    assert isinstance(q, NumericQuestion)
    if not (finite(q.answer) and finite(q.tolerance)):
        ctx.report.lose("numeric questions with an infinite or NaN value left out", q.id)
        return None
    return "numerical", [
        f'<answer fraction="100" format="moodle_auto_format"><text>{number(q.answer)}</text>'
        f'<feedback format="html"><text></text></feedback>'
        f"{element('tolerance', number(q.tolerance))}</answer>",
        element("unitgradingtype", "0"), element("unitpenalty", "0.1000000"),
        element("showunits", "3"), element("unitsleft", "0")]


def _match(q: Question, lead: str, ctx: Context) -> _Written:
    assert isinstance(q, MatchQuestion)
    lines = [element("shuffleanswers", "true" if ctx.settings["shuffle"] == "yes" else "false"),
             *_combined(ctx, True)]
    for pair in q.pairs:
        # A drop-down item is plain text, one line; Markdown may show nothing of it (`#`).
        right = one_line(pair.right.plain) or one_line(pair.right.source)
        if not right:
            ctx.report.lose("match questions left out (a right side is blank)", q.id)
            return None
        if right != pair.right.source.strip():
            ctx.report.lose("match answers reduced to one line of plain text", q.id)
        sub = ctx.files.html_field("subquestion", pair.left.html)
        lines.append(sub.replace("</subquestion>",
                                 f"<answer><text>{cdata(right)}</text></answer></subquestion>"))
    return "matching", lines


def _cloze(q: Question, lead: str, ctx: Context) -> _Written:
    assert isinstance(q, ClozeQuestion)
    return "cloze", []


def _cloze_text(q: ClozeQuestion, lead: str, ctx: Context) -> str:
    """The prompt with each blank as a short-answer gap `{1:SHORTANSWER:=...}`."""
    typed = _typed(q)
    html = q.prompt.html
    marks = iter(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in html)
    gaps: dict[str, str] = {}

    def fill(blank: Blank) -> str:
        mark = next(marks)
        answer = typed[len(gaps)].strip().replace("*", WILDCARD)
        gaps[mark] = "{1:SHORTANSWER:=" + _GAP_SYNTAX.sub(lambda m: _GAP[m.group(0)], answer) + "}"
        return mark + (f" ({blank.hint})" if blank.hint else "")

    text = _BRACES.sub(lambda m: f"&#{ord(m.group(0))};", cloze.substitute(html, q.blanks, fill))
    for mark, gap in gaps.items():
        text = text.replace(mark, gap)
    return _BRACES.sub(lambda m: f"&#{ord(m.group(0))};", lead) + text


def _typed(q: ClozeQuestion) -> list[str]:
    """Each blank's answer as it reads in the plain rendering: what a learner types."""
    found: list[str] = []

    def keep(blank: Blank) -> str:
        found.append(blank.answer)
        return ""

    cloze.substitute(q.prompt.plain, q.blanks, keep)
    return found if len(found) == len(q.blanks) else [b.answer for b in q.blanks]


_WRITERS: dict[type, Callable[[Question, str, Context], _Written]] = {
    OpenQuestion: _open, ChoiceQuestion: _choice, MultiQuestion: _multi,
    TrueFalseQuestion: _truefalse, ShortQuestion: _short, NumericQuestion: _numeric,
    MatchQuestion: _match, ClozeQuestion: _cloze,
}
