"""One question of the HTML page, of any type: its prompt and options, then its answer.

Built in Python rather than by a template macro: a page can hold 100,000
items, and the call of a macro, its filters and the escaping of each value
made most of the page's time. The markup is what the macro wrote, byte for
byte. Deck text comes through `text_html`; every other value that is not
HTML already (ids, short answers, the page's own words) is escaped here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from markupsafe import Markup

from cardsmith.model import (
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
from cardsmith.text.labels import Labels

from .filters import (
    chunks,
    cloze_filled,
    cloze_gaps,
    escaped,
    letter,
    match_order,
    numeric_answer,
    text_html,
)

_END = "\n</div>\n</details>\n</article>"


class Questions:
    """The questions of one page, in its language: its words are escaped once, not per item."""

    def __init__(self, labels: Labels) -> None:
        """Questions whose own words (Show answer, True...) are `labels`."""
        self.words: Mapping[str, str] = {key: escaped(text) for key, text in labels.items()}
        self.tolerance = labels["tolerance"]
        self.answer = ('\n<details class="answer">\n<summary><span class="show">'
                       f'{self.words["show_answer"]}</span><span class="hide">'
                       f'{self.words["hide_answer"]}</span></summary>\n<div class="answer-body">')

    def items(self, questions: Iterable[Question]) -> Iterator[Markup]:
        """The `<li>` of each question of the page's question list, a batch at a time."""
        return chunks(f"\n    <li>{self.question(q)}</li>" for q in questions)

    def question(self, q: Question) -> str:
        """The `<article>` of one question: prompt and options, then the answer to reveal."""
        prompt = cloze_gaps(q) if isinstance(q, ClozeQuestion) else text_html(q.prompt)
        order = match_order(q) if isinstance(q, MatchQuestion) else []
        return "".join((
            f'<article class="question q-{q.type}" id="q-{escaped(q.id)}">\n'
            f'<div class="prompt">{prompt}</div>',
            _offer(q, order, self.words),
            self.answer,
            _solution(q, order, self.words, self.tolerance),
            f'\n<div class="explanation">{text_html(q.explanation)}</div>'
            if q.explanation else "",
            _feedback(q) if isinstance(q, ChoiceQuestion | MultiQuestion) else "",
            _END,
        ))

    def markup(self, q: Question) -> Markup:
        """`question` as trusted markup, for a template."""
        return Markup(self.question(q))


def _offer(q: Question, order: list[int], words: Mapping[str, str]) -> str:
    """What the learner chooses from, shown with the prompt (no answer in it)."""
    if isinstance(q, ChoiceQuestion | MultiQuestion):
        hint = (f'\n<p class="hint">{words["choose_all"]}</p>'
                if isinstance(q, MultiQuestion) else "")
        options = "".join([
            f'\n  <li class="choice{" correct" if c.correct else ""}"><span class="letter">'
            f'{letter(i)}.</span> <span class="choice-text">{text_html(c.text)}</span></li>'
            for i, c in enumerate(q.choices)])
        return f'{hint}\n<ol class="choices">{options}\n</ol>'
    if isinstance(q, TrueFalseQuestion):
        return f'\n<p class="hint">{words["true_or_false"]}</p>'
    if isinstance(q, MatchQuestion):
        left = "".join([f"\n    <li>{text_html(pair.left)}</li>" for pair in q.pairs])
        right = "".join([f'\n    <li><span class="letter">{letter(n)}.</span> '
                         f"{text_html(q.pairs[i].right)}</li>" for n, i in enumerate(order)])
        return (f'\n<div class="match">\n  <ol class="match-left">{left}\n  </ol>\n'
                f'  <ol class="match-right">{right}\n  </ol>\n</div>')
    return ""


def _solution(q: Question, order: list[int], words: Mapping[str, str], tolerance: str) -> str:
    """The answer behind "Show answer"; `tolerance` is the (unescaped) label of a range."""
    if isinstance(q, OpenQuestion):
        return f'\n<div class="text">{text_html(q.answer)}</div>'
    if isinstance(q, ChoiceQuestion):
        i = next(i for i, c in enumerate(q.choices) if c.correct)
        return (f'\n<p class="solution"><span class="letter">{letter(i)}.</span> '
                f"{text_html(q.choices[i].text)}</p>")
    if isinstance(q, MultiQuestion):
        correct = "".join([f'\n  <li><span class="letter">{letter(i)}.</span> '
                           f"{text_html(c.text)}</li>"
                           for i, c in enumerate(q.choices) if c.correct])
        return f'\n<ul class="solution">{correct}\n</ul>'
    if isinstance(q, TrueFalseQuestion):
        return f'\n<p class="solution">{words["true" if q.answer else "false"]}.</p>'
    if isinstance(q, ShortQuestion):
        also = (f'\n<p class="also">'
                f'{words["also_accepted"].format(answers=escaped(", ".join(q.answers[1:])))}</p>'
                if len(q.answers) > 1 else "")
        return f'\n<p class="solution">{escaped(q.answers[0])}</p>{also}'
    if isinstance(q, NumericQuestion):
        return f'\n<p class="solution">{escaped(numeric_answer(q, tolerance))}</p>'
    if isinstance(q, MatchQuestion):
        letters = [""] * len(q.pairs)
        for n, i in enumerate(order):
            letters[i] = letter(n)
        matches = words["matches"]
        rows = "".join([
            f"\n  <tr><td>{n}. {text_html(pair.left)}</td><td aria-label=\"{matches}\">→</td>"
            f"<td>{letters[n - 1]}. {text_html(pair.right)}</td></tr>"
            for n, pair in enumerate(q.pairs, 1)])
        return f'\n<table class="solution">\n  <tbody>{rows}\n  </tbody>\n</table>'
    return f'\n<div class="solution">{cloze_filled(q)}</div>'


def _feedback(q: ChoiceQuestion | MultiQuestion) -> str:
    """The feedback of each option that has some, with the option it answers."""
    given = "".join([f"\n  <dt>{letter(i)}. {text_html(c.text)}</dt>"
                     f"<dd>{text_html(c.feedback)}</dd>"
                     for i, c in enumerate(q.choices) if c.feedback])
    return f'\n<dl class="feedback">{given}\n</dl>' if given else ""
