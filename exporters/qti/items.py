"""Each question type as a QTI 1.2 `<item>`, in the form Canvas's importer reads.

Canvas converts QTI 1.2 with QTIMigrationTool and then reads it with its own
rules, which decide most of what is written here:

- `question_type` in the item's metadata names the Canvas type;
- a choice's weight is set by the last condition that tests it, so the
  feedback conditions come first and the scoring condition last;
- true/false needs two choices reading `True` and `False`;
- every `varequal` of a short answer is an accepted answer;
- a numerical answer sits inside `<or>` (value and margin);
- matching pairs connect through `setvar action="Add"`, and a right side is
  known by the first run of digits in its ident, so idents are plain numbers;
- fill in multiple blanks: `[blank]` tokens in the text, a `response_<blank>` each;
- feedback is filed by its ident: `general_fb` is shown to everyone, an
  answer's own is `<answer ident>_fb`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

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
    TrueFalseQuestion,
)
from cardsmith.text import cloze

from ..moodle.bank import finite, number, one_line


@dataclass(frozen=True)
class Item:
    """What one `<item>` holds, before it is written."""

    ident: str
    title: str
    kind: str
    """Canvas's question type, e.g. `multiple_choice_question`."""
    text: str
    """The question's HTML."""
    feedback: str = ""
    """General feedback (HTML), shown once the question is answered."""
    points: str = "1"
    body: str = ""
    """The response and its processing, written by the type's function."""


def mattext(html: str, plain: bool = False) -> str:
    """A `<material>` holding HTML (escaped, as Canvas reads it) or plain text."""
    kind = "text/plain" if plain else "text/html"
    return f'<material><mattext texttype="{kind}">{escape(html)}</mattext></material>'


def write(item: Item) -> bytes:
    """The `<item>` element, in UTF-8: a large deck's items are kept until the package
    is written, and encoded they take a quarter of the memory of text with a non-ASCII
    letter in it."""
    fields = [("question_type", item.kind), ("points_possible", item.points)]
    meta = "".join(f"<qtimetadatafield><fieldlabel>{k}</fieldlabel><fieldentry>{v}"
                   "</fieldentry></qtimetadatafield>" for k, v in fields)
    feedback = (f'<itemfeedback ident="general_fb"><flow_mat>{mattext(_boxed(item.feedback))}'
                "</flow_mat></itemfeedback>" if item.feedback else "")
    return (f"<item ident={quoteattr(item.ident)} title={quoteattr(item.title)}>\n"
            f"<itemmetadata><qtimetadata>{meta}</qtimetadata></itemmetadata>\n"
            f"<presentation>{mattext(item.text)}{item.body}\n{feedback}</item>").encode()


def _boxed(html: str) -> str:
    """Feedback in a `<div>`: Canvas keeps feedback whose every element holds one run of
    text (a lone paragraph) as plain text, and then shows its entities (`&lt;`) as written."""
    return f'<div class="cardsmith-feedback">{html}</div>'


def _outcomes() -> str:
    return ('<outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" '
            'vartype="Decimal"/></outcomes>')


def _general(feedback: str) -> str:
    """A condition that always shows the general feedback."""
    if not feedback:
        return ""
    return ('<respcondition continue="Yes"><conditionvar><other/></conditionvar>'
            '<displayfeedback feedbacktype="Response" linkrefid="general_fb"/></respcondition>')


def _choices(idents: Sequence[str], texts: Sequence[str], cardinality: str) -> str:
    labels = "".join(f'<response_label ident="{i}">{mattext(t)}</response_label>'
                     for i, t in zip(idents, texts, strict=True))
    return (f'<response_lid ident="response1" rcardinality="{cardinality}">'
            f"<render_choice>{labels}</render_choice></response_lid></presentation>")


def _answer_feedback(idents: Sequence[str], feedback: Sequence[str]) -> tuple[str, str]:
    """The conditions showing each answer's feedback, and the feedback elements."""
    conditions, elements = [], []
    for ident, html in zip(idents, feedback, strict=True):
        if not html:
            continue
        conditions.append(
            f'<respcondition continue="Yes"><conditionvar><varequal respident="response1">'
            f'{ident}</varequal></conditionvar><displayfeedback feedbacktype="Response" '
            f'linkrefid="{ident}_fb"/></respcondition>')
        elements.append(f'<itemfeedback ident="{ident}_fb"><flow_mat>{mattext(_boxed(html))}'
                        "</flow_mat></itemfeedback>")
    return "".join(conditions), "".join(elements)


def choice_body(correct: Sequence[bool], texts: Sequence[str], feedback: Sequence[str],
                general: str, multiple: bool) -> str:
    """A multiple-choice (one answer) or multiple-answers response."""
    idents = [str(1000 + n) for n in range(len(texts))]
    shown, elements = _answer_feedback(idents, feedback)
    if multiple:
        tests = "".join(f'<varequal respident="response1">{i}</varequal>' if right else
                        f'<not><varequal respident="response1">{i}</varequal></not>'
                        for i, right in zip(idents, correct, strict=True))
        test = f"<and>{tests}</and>"
    else:
        right = next(i for i, c in zip(idents, correct, strict=True) if c)
        test = f'<varequal respident="response1">{right}</varequal>'
    score = (f'<respcondition continue="No"><conditionvar>{test}</conditionvar>'
             '<setvar action="Set" varname="SCORE">100</setvar></respcondition>')
    return (_choices(idents, texts, "Multiple" if multiple else "Single")
            + f"<resprocessing>{_outcomes()}{_general(general)}{shown}{score}</resprocessing>"
            + elements)


def truefalse_body(answer: bool, general: str) -> str:
    """A true/false response: Canvas knows the type by the choices' words."""
    return choice_body([answer, not answer], ["True", "False"], ["", ""], general, False)


def typed_body(answers: Sequence[str], general: str) -> str:
    """A short-answer response: every accepted answer a `varequal` of one condition."""
    tests = "".join(f'<varequal respident="response1">{escape(a)}</varequal>' for a in answers)
    return ('<response_str ident="response1" rcardinality="Single"><render_fib>'
            '<response_label ident="answer1" rshuffle="No"/></render_fib></response_str>'
            f"</presentation><resprocessing>{_outcomes()}{_general(general)}"
            f'<respcondition continue="No"><conditionvar>{tests}</conditionvar>'
            '<setvar action="Set" varname="SCORE">100</setvar></respcondition></resprocessing>')


def numeric_body(q: NumericQuestion, general: str) -> str:
    """A numerical response: the value, and the range its tolerance allows."""
    # In decimals: -273.15 + 0.05 in floats is -273.09999999999997.
    value, margin = Decimal(repr(q.answer)), Decimal(repr(q.tolerance))
    low, high = number(float(value - margin)), number(float(value + margin))
    value_text = number(q.answer)
    return ('<response_str ident="response1" rcardinality="Single"><render_fib fibtype="Decimal">'
            '<response_label ident="answer1"/></render_fib></response_str></presentation>'
            f"<resprocessing>{_outcomes()}{_general(general)}"
            f'<respcondition continue="No"><conditionvar><or><varequal respident="response1">'
            f'{value_text}</varequal><and><vargte respident="response1">{low}</vargte>'
            f'<varlte respident="response1">{high}</varlte></and></or></conditionvar>'
            '<setvar action="Set" varname="SCORE">100</setvar></respcondition></resprocessing>')


def match_body(lefts: Sequence[str], rights: Sequence[str], general: str) -> str:
    """A matching response: one drop-down of every right side a left side."""
    # Right sides are told apart by the digits of their idents: numbers, all different.
    idents = [str(5000 + n) for n in range(len(rights))]
    choices = "".join(f'<response_label ident="{i}">{mattext(r, plain=True)}</response_label>'
                      for i, r in zip(idents, rights, strict=True))
    responses, conditions = [], []
    share = number(round(100 / len(lefts), 6))
    for n, (left, right) in enumerate(zip(lefts, idents, strict=True)):
        responses.append(f'<response_lid ident="response_{n + 1}">{mattext(left)}'
                         f"<render_choice>{choices}</render_choice></response_lid>")
        conditions.append(f'<respcondition><conditionvar><varequal respident="response_{n + 1}">'
                          f'{right}</varequal></conditionvar>'
                          f'<setvar action="Add" varname="SCORE">{share}</setvar></respcondition>')
    return ("".join(responses) + f"</presentation><resprocessing>{_outcomes()}"
            + _general(general) + "".join(conditions) + "</resprocessing>")


def blanks_body(answers: Sequence[str], general: str) -> str:
    """Fill in multiple blanks: `response_blank<n>`, its answer the only choice."""
    share = number(round(100 / len(answers), 6))
    responses, conditions = [], []
    for n, answer in enumerate(answers, 1):
        responses.append(f'<response_lid ident="response_blank{n}">'
                         f'<material><mattext>blank{n}</mattext></material><render_choice>'
                         f'<response_label ident="{6000 + n}">{mattext(answer, plain=True)}'
                         "</response_label></render_choice></response_lid>")
        conditions.append(f'<respcondition><conditionvar><varequal respident="response_blank{n}">'
                          f"{6000 + n}</varequal></conditionvar>"
                          f'<setvar action="Add" varname="SCORE">{share}</setvar></respcondition>')
    return ("".join(responses) + f"</presentation><resprocessing>{_outcomes()}"
            + _general(general) + "".join(conditions) + "</resprocessing>")


def essay_body(general: str) -> str:
    """An essay's response: a text box, graded by the teacher."""
    return ('<response_str ident="response1" rcardinality="Single"><render_fib>'
            '<response_label ident="answer1" rshuffle="No"/></render_fib></response_str>'
            f"</presentation><resprocessing>{_outcomes()}{_general(general)}</resprocessing>")


def cloze_text(q: ClozeQuestion) -> tuple[str, list[str]]:
    """The prompt's HTML with each blank as a `[blank<n>]` token, and the typed answers."""
    typed: list[str] = []

    def keep(blank: Blank) -> str:
        typed.append(one_line(blank.answer))
        return ""

    cloze.substitute(q.prompt.plain, q.blanks, keep)
    count = iter(range(1, len(q.blanks) + 1))
    html = cloze.substitute(q.prompt.html, q.blanks, lambda b: f"[blank{next(count)}]"
                            + (f" ({b.hint})" if b.hint else ""))
    return html, typed


def body(q: Question, general: str) -> tuple[str, str] | None:
    """(Canvas type, response XML) of `q`, or None when Canvas cannot hold it."""
    if isinstance(q, OpenQuestion):
        return "essay_question", essay_body(general)
    if isinstance(q, ChoiceQuestion | MultiQuestion):
        kind = "multiple_choice_question" if isinstance(q, ChoiceQuestion) \
            else "multiple_answers_question"
        return kind, choice_body([c.correct for c in q.choices],
                                 [c.text.html or escape(c.text.source) for c in q.choices],
                                 [c.feedback.block_html if c.feedback else "" for c in q.choices],
                                 general, isinstance(q, MultiQuestion))
    if isinstance(q, TrueFalseQuestion):
        return "true_false_question", truefalse_body(q.answer, general)
    if isinstance(q, ShortQuestion):
        answers = [a.strip() for a in q.answers if a.strip()]
        return ("short_answer_question", typed_body(answers, general)) if answers else None
    if isinstance(q, NumericQuestion):
        if not (finite(q.answer) and finite(q.tolerance)):
            return None
        return "numerical_question", numeric_body(q, general)
    if isinstance(q, MatchQuestion):
        rights = [one_line(p.right.plain) or one_line(p.right.source) for p in q.pairs]
        return "matching_question", match_body([p.left.html for p in q.pairs], rights, general)
    assert isinstance(q, ClozeQuestion)
    return "fill_in_multiple_blanks_question", blanks_body(cloze_text(q)[1], general)
