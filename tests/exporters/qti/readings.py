"""What Canvas must create from a deck's QTI package, worked out from the deck alone.

`expected(deck)` lists the questions of each quiz, in order, in the shape
`reading()` reduces a question of `tests.consumers.canvas_qti.read` to. HTML is
compared in a canonical form (`canonical`): Canvas re-serializes it (HTML5
void elements, attribute quoting), and a local picture or sound is named by
its content, `sha256:<hex>`, on both sides.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from html import escape
from html.parser import HTMLParser
from typing import Any

from cardsmith.model import (
    ChoiceQuestion,
    ClozeQuestion,
    Deck,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OpenQuestion,
    Question,
    ShortQuestion,
    Text,
    TrueFalseQuestion,
)

Record = dict[str, Any]
_BLANK = re.compile(r"\{\{(?:c\d+::)?(.+?)(?:::(.+?))?\}\}")


class _Canonical(HTMLParser):
    def __init__(self, media: dict[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.media = media
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = []
        for name, value in sorted(attrs):
            value = value or ""
            if name == "src":
                value = self.media.get(value, value)
            elif name == "style":  # Canvas's sanitizer rewrites CSS as `name: value;`
                value = value.strip().rstrip(";")
            shown.append(f"{name}={value!r}")
        self.out.append(f"<{tag} {' '.join(shown)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.out and self.out[-1].startswith("#"):
            self.out[-1] += data
        else:
            self.out.append("#" + data)


def canonical(html: str, media: dict[str, str]) -> list[str]:
    """Tags with sorted attributes and text runs; `src` renamed through `media`."""
    parser = _Canonical(media)
    parser.feed(html)
    parser.close()
    tokens = [t for t in parser.out if t.strip() != "#"]
    if tokens[:1] == ["<div class='cardsmith-feedback'>"] and tokens[-1:] == ["</div>"]:
        tokens = tokens[1:-1]  # the exporter's box around feedback (see exporters/qti/items.py)
    # A lone paragraph reads the same without its <p> (Canvas keeps such feedback as text).
    if tokens[:1] == ["<p >"] and tokens[-1:] == ["</p>"] and "<p >" not in tokens[1:]:
        tokens = tokens[1:-1]
    return [t.strip() if t.startswith("#") else t for t in tokens]


def reading(question: Record, files: dict[str, bytes]) -> Record:
    """A question of `canvas_qti.read` in the reduced shape of `expected`."""
    media = {f"{{{{file:{path}}}}}": "sha256:" + hashlib.sha256(data).hexdigest()
             for path, data in files.items()}
    kind = question["question_type"]
    answers = question.get("answers", [])
    out: Record = {"type": kind, "text": canonical(question["question_text"], media),
                   "general": canonical(question.get("neutral_comments_html")
                                        or question.get("neutral_comments") or "", media)}
    if kind in ("multiple_choice_question", "multiple_answers_question",
                "true_false_question"):
        out["answers"] = [(canonical(a.get("html") or a["text"], media), a["weight"],
                           canonical(a.get("comments_html") or escape(a.get("comments", "")),
                                     media)) for a in answers]
    elif kind == "short_answer_question":
        out["answers"] = [a["text"] for a in answers]
    elif kind == "numerical_question":
        out["answers"] = [(a["exact"], a["margin"]) for a in answers]
    elif kind == "matching_question":
        out["answers"] = [(canonical(a.get("html") or a["left"], media), a["right"])
                          for a in answers]
    elif kind == "fill_in_multiple_blanks_question":
        out["answers"] = [(a["blank_id"], a["text"]) for a in answers]
    return out


def expected(deck: Deck, cards: str = "omit", repeat: bool = True) -> list[Record]:
    """Every question Canvas must create, in order (one quiz for the whole deck)."""
    media = {url: "sha256:" + m.digest for url, m in deck.media.items()}
    records = list(_records(deck, cards, repeat))
    for rec in records:
        for key in ("text", "general"):
            if key in rec:
                rec[key] = canonical(rec[key], media)
        if rec["type"] in ("multiple_choice_question", "multiple_answers_question",
                           "true_false_question", "matching_question"):
            rec["answers"] = [(canonical(a[0], media), *a[1:-1], canonical(a[-1], media))
                              if len(a) == 3 else (canonical(a[0], media), a[1])
                              for a in rec["answers"]]
    return records


def _records(deck: Deck, cards: str, repeat: bool) -> Iterator[Record]:
    yield from (_question(q, "", None) for q in deck.questions)
    for ex in deck.exercises:
        if ex.intro or ex.minutes or ex.materials or ex.side_effects:
            yield {"type": "text_only_question", "general": ""}
        for part in ex.parts:
            lead = ""
            if part.context:
                yield {"type": "text_only_question", "general": "",
                       "text": f"<h3>{part.title}</h3>\n{part.context.block_html}"}
                if repeat:
                    lead = f'<div class="cardsmith-context">{part.context.block_html}</div>'
            yield from (_question(q, lead, part.note) for q in part.questions)
    if cards != "omit":
        for card in deck.flashcards:
            sides = [(card.front, card.back)] + ([(card.back, card.front)] if card.reverse
                                                 else [])
            for front, back in sides:
                typed = " ".join(back.plain.split())
                if cards == "short" and typed == back.plain.strip() and not back.images:
                    yield {"type": "short_answer_question", "text": front.html, "general": "",
                           "answers": [typed]}
                else:
                    yield {"type": "essay_question", "text": front.html,
                           "general": back.block_html}


def _feedback(*texts: Text | None) -> str:
    return "\n".join(t.block_html for t in texts if t)


def _question(q: Question, lead: str, note: Text | None) -> Record:
    rec: Record = {"text": lead + q.prompt.html, "general": _feedback(q.explanation, note)}
    if isinstance(q, OpenQuestion):
        return {**rec, "type": "essay_question",
                "general": _feedback(q.answer, q.explanation, note)}
    if isinstance(q, ChoiceQuestion | MultiQuestion):
        kind = ("multiple_choice_question" if isinstance(q, ChoiceQuestion)
                else "multiple_answers_question")
        return {**rec, "type": kind, "answers": [
            (c.text.html, 100 if c.correct else 0, c.feedback.html if c.feedback else "")
            for c in q.choices]}
    if isinstance(q, TrueFalseQuestion):
        return {**rec, "type": "true_false_question",
                "answers": [("True", 100 if q.answer else 0, ""),
                            ("False", 0 if q.answer else 100, "")]}
    if isinstance(q, ShortQuestion):
        return {**rec, "type": "short_answer_question", "answers": [a.strip() for a in q.answers]}
    if isinstance(q, NumericQuestion):
        return {**rec, "type": "numerical_question", "answers": [(q.answer, q.tolerance)]}
    if isinstance(q, MatchQuestion):
        return {**rec, "type": "matching_question",
                "answers": [(p.left.html, " ".join(p.right.plain.split())) for p in q.pairs]}
    assert isinstance(q, ClozeQuestion)
    count = iter(range(1, len(q.blanks) + 1))
    text = _BLANK.sub(lambda m: f"[blank{next(count)}]"
                      + (f" ({m.group(2)})" if m.group(2) else ""), q.prompt.html)
    typed = [" ".join(m.group(1).split()) for m in _BLANK.finditer(q.prompt.plain)]
    return {**rec, "type": "fill_in_multiple_blanks_question", "text": lead + text,
            "answers": [(f"blank{n}", a) for n, a in enumerate(typed, 1)]}
