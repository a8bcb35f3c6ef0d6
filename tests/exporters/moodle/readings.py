"""What Moodle must store from a deck's Moodle XML file, worked out from the deck alone.

`expected(deck)` lists the records, in file order, in the shape of
`tests.consumers.moodle_xml.read` reduced by `reading()`: the qtype, the ID
number, the tags and each type's texts, grades and files, so a test compares
the two lists whole.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import quote

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
_SRC = re.compile(r'src="([^"]*)"')
_BLANK = re.compile(r"\{\{(?:c\d+::)?(.+?)(?:::(.+?))?\}\}")


def expected(deck: Deck, cards: str = "omit", repeat: bool = True) -> list[Record]:
    """Every record Moodle must store, in order: categories, descriptions, questions.

    A local picture or sound is named by its content, `src="sha256:<hex>"`, as
    `reading()` names the file Moodle stores for it.
    """
    return [_by_content(r, deck) for r in _expected(deck, cards, repeat)]


def reading(record: Record) -> Record:
    """A record of `moodle_xml.read` in the reduced shape of `expected`."""
    def text(field: Any) -> str:
        value: str = field["text"]
        for name, data in field["files"].items():
            value = value.replace(f'src="@@PLUGINFILE@@/{quote(name)}"',
                                  f'src="sha256:{hashlib.sha256(data).hexdigest()}"')
        return value

    qtype = record["qtype"]
    if qtype == "category":
        return {"qtype": qtype, "category": record["category"]}
    out: Record = {"qtype": qtype, "idnumber": record["idnumber"], "tags": record["tags"],
                   "questiontext": text(record["questiontext"]),
                   "generalfeedback": text(record["generalfeedback"])}
    if qtype == "essay":
        out["graderinfo"] = text(record["graderinfo"])
    elif qtype == "multichoice":
        out["single"] = record["single"]
        out["answers"] = [(text(a["text"]), round(a["fraction"], 6), text(a["feedback"]))
                          for a in record["answers"]]
    elif qtype == "truefalse":
        out["correctanswer"] = record["correctanswer"]
    elif qtype == "shortanswer":
        out["answers"] = [(a["text"], a["fraction"]) for a in record["answers"]]
    elif qtype == "numerical":
        out["answers"] = [(a["value"], a["tolerance"], a["fraction"]) for a in record["answers"]]
    elif qtype == "match":
        out["subquestions"] = [(text(s["text"]), s["answer"]) for s in record["subquestions"]]
    elif qtype == "multianswer":
        out["subquestions"] = [(s["qtype"], [(a["text"], a["fraction"]) for a in s["answers"]])
                               for s in record["subquestions"]]
    return out


def _by_content(record: Record, deck: Deck) -> Record:
    def named(value: Any) -> Any:
        if isinstance(value, str) and 'src="' in value:
            return _SRC.sub(lambda m: f'src="sha256:{deck.media[unescape(m.group(1))].digest}"'
                            if unescape(m.group(1)) in deck.media else m.group(0), value)
        if isinstance(value, list):
            return [named(v) for v in value]
        if isinstance(value, tuple):
            return tuple(named(v) for v in value)
        return value

    return {k: named(v) for k, v in record.items()}


def _expected(deck: Deck, cards: str, repeat: bool) -> list[Record]:
    tags = _tags(deck.tags)
    top = _name(deck.title, deck.id)
    out: list[Record] = [{"qtype": "category", "category": [top]}]
    if deck.intro:
        out.append({"qtype": "description", "idnumber": deck.id, "tags": tags,
                    "questiontext": deck.intro.block_html})
    used: set[str] = set()
    if deck.questions:
        out.append({"qtype": "category", "category": [top, _unique("Practice questions",
                                                                   "questions", used)]})
        out += (_item(deck, q, "", None) for q in deck.questions)
    for ex in deck.exercises:
        name = _unique(ex.title, ex.id, used)
        if ex.intro or ex.minutes or ex.materials or ex.side_effects:
            out.append({"qtype": "category", "category": [top, name]})
            out.append({"qtype": "description", "idnumber": f"{deck.id}-{ex.id}",
                        "tags": tags})
        taken: set[str] = set()
        for part in ex.parts:
            out.append({"qtype": "category",
                        "category": [top, name, _unique(part.title, part.id, taken)]})
            lead = ""
            if part.context:
                out.append({"qtype": "description", "idnumber": f"{deck.id}-{part.id}",
                            "tags": tags, "questiontext": part.context.block_html})
                if repeat:
                    lead = f'<div class="cardsmith-context">{part.context.block_html}</div>'
            out += (_item(deck, q, lead, part.note) for q in part.questions)
    if cards != "omit" and deck.flashcards:
        out.append({"qtype": "category", "category": [top, _unique("Flashcards", "", used)]})
        out += _flashcards(deck, cards)
    return out


def _tags(*lists: tuple[str, ...]) -> list[str]:
    # Moodle refuses tags holding < > or a backtick, and ignores their case.
    kept: dict[str, str] = {}
    for tag in (t for tags in lists for t in tags):
        if not set(tag) & set("<>`"):
            kept.setdefault(tag.casefold(), tag)
    return list(kept.values())


def _name(title: str, item_id: str) -> str:
    return " ".join(re.sub(r"<[^>]*>", "", title).split()) or item_id


def _unique(title: str, item_id: str, taken: set[str]) -> str:
    name = _name(title, item_id)
    name = f"{name} ({item_id})" if name.casefold() in taken else name
    taken.add(name.casefold())
    return name


def _feedback(*texts: Text | None) -> str:
    return "\n".join(t.block_html for t in texts if t)


def _item(deck: Deck, q: Question, lead: str, note: Text | None) -> Record:
    rec: Record = {"idnumber": f"{deck.id}-{q.id}", "tags": _tags(deck.tags, q.tags),
                   "questiontext": lead + q.prompt.html,
                   "generalfeedback": _feedback(q.explanation, note)}
    if isinstance(q, OpenQuestion):
        return {**rec, "qtype": "essay", "graderinfo": q.answer.block_html}
    if isinstance(q, ChoiceQuestion | MultiQuestion):
        right = sum(c.correct for c in q.choices)
        wrong = len(q.choices) - right
        single = isinstance(q, ChoiceQuestion)
        # Moodle keeps 7 decimals of a grade (33.33333 %); 6 are compared.
        weighted = [(c.text.html, round((1.0 if single else 1 / right) if c.correct
                                        else (0.0 if single else -1 / wrong), 6),
                     c.feedback.html if c.feedback else "") for c in q.choices]
        return {**rec, "qtype": "multichoice", "single": single, "answers": weighted}
    if isinstance(q, TrueFalseQuestion):
        return {**rec, "qtype": "truefalse", "correctanswer": q.answer}
    if isinstance(q, ShortQuestion):
        typed = [a.strip().replace("*", "\\*") for a in q.answers]
        return {**rec, "qtype": "shortanswer", "answers": [(a, 1.0) for a in typed]}
    if isinstance(q, NumericQuestion):
        return {**rec, "qtype": "numerical", "answers": [(q.answer, q.tolerance, 1.0)]}
    if isinstance(q, MatchQuestion):
        pairs = [(p.left.html, " ".join(p.right.plain.split())) for p in q.pairs]
        return {**rec, "qtype": "match", "subquestions": pairs}
    assert isinstance(q, ClozeQuestion)
    # Braces outside the gaps are entities (the same characters on screen): Moodle
    # would read `{1:SHORTANSWER:...}` written in a text as a gap.
    gaps = iter(range(1, len(q.blanks) + 1))
    text = _BLANK.sub(lambda m: "\0" + (f" ({m.group(2)})" if m.group(2) else ""),
                      q.prompt.html)
    text = _braces(lead + text).replace("\0", "{#}")
    text = re.sub(r"\{#\}", lambda _m: f"{{#{next(gaps)}}}", text)
    typed = [m.group(1) for m in _BLANK.finditer(q.prompt.plain)]
    return {**rec, "qtype": "multianswer", "questiontext": text,
            "subquestions": [("shortanswer", [(a.replace("*", "\\*"), 1.0)]) for a in typed]}


def _braces(html: str) -> str:
    return html.replace("{", "&#123;").replace("}", "&#125;")


def _flashcards(deck: Deck, cards: str) -> Iterator[Record]:
    for card in deck.flashcards:
        sides = [(card.id, card.front, card.back)]
        sides += [(card.id + ".reverse", card.back, card.front)] if card.reverse else []
        for item_id, front, back in sides:
            rec: Record = {"idnumber": f"{deck.id}-{item_id}", "tags": _tags(deck.tags, card.tags),
                           "questiontext": front.html}
            typed = " ".join(back.plain.split())
            if cards == "short" and typed == back.plain.strip() and not back.images:
                yield {**rec, "qtype": "shortanswer", "generalfeedback": "",
                       "answers": [(typed.replace("*", "\\*"), 1.0)]}
            else:
                yield {**rec, "qtype": "essay", "generalfeedback": back.block_html,
                       "graderinfo": back.block_html}
