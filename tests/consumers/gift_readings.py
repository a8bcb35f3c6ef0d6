r"""What a GIFT export must hold, from the deck alone, and each reader's output in that form.

`expected()` lists the items of an export in a reader-neutral form (one dict
an item: type, id, tags, text, answers with their grades and feedback);
`from_moodle()` and `from_pegjs()` bring each reader's output to that form,
and `for_moodle()`/`for_pegjs()` apply the documented differences between the
readers (numbered as in tests/exporters/gift/test_gift.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
from tests.consumers import moodle_gift as moodle

Record = dict[str, Any]


def expected(deck: Deck, repeat: bool = True, cards: str = "omit") -> list[Record]:
    """The items of the export, from the deck alone, in the reader-neutral form."""
    deck_tags = [t for t in deck.tags if _moodle_tag(t)]
    top = _category_name(deck.title, deck.id)
    out: list[Record] = [{"type": "category", "names": [top]}]
    if deck.intro:
        out.append({"type": "description", "id": deck.id, "tags": deck_tags,
                    "text": deck.intro.block_html})
    used: set[str] = set()

    def unique(name: str, item_id: str, taken: set[str]) -> str:
        name = _category_name(name, item_id)
        name = f"{name} ({item_id})" if name.casefold() in taken else name
        taken.add(name.casefold())
        return name

    def item(q: Question, lead: str = "", note: Text | None = None) -> Iterator[Record]:
        rec = _question(q, lead, [q.explanation, note])
        if rec is not None:
            tags = _merged(deck_tags, [t for t in q.tags if _moodle_tag(t)])
            yield {"id": f"{deck.id}-{q.id}", "tags": tags, **rec}

    if deck.questions:
        out.append({"type": "category", "names": [top, unique(
            "Practice questions", "questions", used)]})
        for q in deck.questions:
            out += item(q)
    for ex in deck.exercises:
        ex_name = unique(ex.title, ex.id, used)
        if ex.intro or ex.minutes or ex.materials or ex.side_effects:
            out.append({"type": "category", "names": [top, ex_name]})
            out.append({"type": "description", "id": f"{deck.id}-{ex.id}", "tags": deck_tags})
        taken: set[str] = set()
        for part in ex.parts:
            out.append({"type": "category",
                        "names": [top, ex_name, unique(part.title, part.id, taken)]})
            lead = ""
            if part.context:
                out.append({"type": "description", "id": f"{deck.id}-{part.id}",
                            "tags": deck_tags, "text": part.context.block_html})
                if repeat:
                    lead = f'<div class="cardsmith-context">{part.context.block_html}</div>'
            for q in part.questions:
                out += item(q, lead, part.note)
    if cards != "omit" and deck.flashcards:
        out.append({"type": "category", "names": [top, unique("Flashcards", "", used)]})
        for card in deck.flashcards:
            sides = [(card.id, card.front, card.back)]
            sides += [(card.id + ".reverse", card.back, card.front)] if card.reverse else []
            for item_id, front, back in sides:
                typed = " ".join(back.plain.split())
                rec: Record = {"type": "essay", "feedback": back.block_html}
                if cards == "short" and typed == back.plain.strip() and "->" not in typed:
                    rec = {"type": "short", "answers": [typed], "feedback": ""}
                out.append({"id": f"{deck.id}-{item_id}", "tags": _merged(
                    deck_tags, list(card.tags)), "text": front.html, **rec})
    return out


def _category_name(title: str, item_id: str) -> str:
    # Moodle strips anything tag-like from category names: the file leaves it out.
    return " ".join(re.sub(r"<[^>]*>", "", title).split()) or item_id


def _merged(first: list[str], then: list[str]) -> list[str]:
    # Moodle's tags ignore case: the first spelling stays.
    seen: dict[str, str] = {}
    for tag in (*first, *then):
        seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def _moodle_tag(tag: str) -> bool:
    # Moodle's [tag:...] reader refuses these characters.
    return not any(c in tag for c in "<>`")


def _question(q: Question, lead: str, extra: list[Text | None]) -> Record | None:
    feedback = "\n".join(t.block_html for t in extra if t)
    text = lead + q.prompt.html
    if isinstance(q, OpenQuestion):
        gf = "\n".join(t.block_html for t in [q.answer, *extra] if t)
        return {"type": "essay", "text": text, "feedback": gf}
    if isinstance(q, ChoiceQuestion):
        answers = [(c.text.html, 100.0 if c.correct else 0.0, c.feedback.html if c.feedback
                    else "") for c in q.choices]
        return {"type": "choice", "text": text, "answers": answers, "feedback": feedback}
    if isinstance(q, MultiQuestion):
        # Equal shares hold up to 10 right (and 10 wrong) choices, as in every deck
        # here; more are checked in test_multi_grades_stay_on_moodle_list.
        n_right = sum(c.correct for c in q.choices)
        right, wrong = 100 / n_right, -100 / max(1, len(q.choices) - n_right)
        answers = [(c.text.html, round(right if c.correct else wrong, 5),
                    c.feedback.html if c.feedback else "") for c in q.choices]
        return {"type": "multi", "text": text, "answers": answers, "feedback": feedback}
    if isinstance(q, TrueFalseQuestion):
        return {"type": "truefalse", "text": text, "answer": q.answer, "feedback": feedback}
    if isinstance(q, ShortQuestion):
        # Moodle grades `*` as a wildcard and `\*` as an asterisk.
        typed = [a.strip().replace("*", "\\*") for a in q.answers if "->" not in a]
        return {"type": "short", "text": text, "answers": typed, "feedback": feedback}
    if isinstance(q, NumericQuestion):
        return {"type": "numeric", "text": text, "answer": q.answer,
                "tolerance": q.tolerance, "feedback": feedback}
    if isinstance(q, MatchQuestion):
        # `->` would end a left side: it is written `-&gt;`, the same in HTML.
        pairs = [(p.left.html.replace("->", "-&gt;"), " ".join(p.right.plain.split()))
                 for p in q.pairs]
        return {"type": "match", "text": text, "pairs": pairs, "feedback": feedback}
    assert isinstance(q, ClozeQuestion)
    if len(q.blanks) != 1:
        return None
    hint = f" ({q.blanks[0].hint})" if q.blanks[0].hint else ""
    before, _, after = q.prompt.html.partition(re.findall(r"\{\{.*?\}\}", q.prompt.html)[0])
    stem = lead + before + "_____" + hint + after
    if not after and not hint:
        stem = f"{lead}<p>{before}_____</p>"
    typed = re.findall(r"\{\{(?:c\d+::)?(.+?)(?:::.+?)?\}\}", q.prompt.plain)[0]
    return {"type": "short", "text": stem, "answers": [typed], "feedback": feedback}


def from_moodle(q: Record) -> Record:
    """A question of moodle_reader.read() in the reader-neutral form."""
    assert "error" not in q, q
    kind = q["qtype"]
    if kind == "category":
        names = moodle.split_category(q["path"])
        assert names[:2] == ["$course$", "top"]
        return {"type": "category", "names": names[2:]}
    rec: Record = {"id": q["idnumber"], "tags": q["tags"]}
    assert q["format"] == "html"
    if kind == "description":
        return {**rec, "type": "description", "text": q["text"]}
    rec.update(text=q["text"], feedback=q["feedback"])
    if kind == "essay":
        return {**rec, "type": "essay"}
    if kind == "multichoice":
        answers = [(t, round(f * 100, 5), fb) for t, f, fb in q["answers"]]
        return {**rec, "type": "choice" if q["single"] else "multi", "answers": answers}
    if kind == "truefalse":
        return {**rec, "type": "truefalse", "answer": q["answer"]}
    if kind == "shortanswer":
        assert all(f == 1.0 for _, f in q["answers"])
        return {**rec, "type": "short", "answers": [t for t, _ in q["answers"]]}
    if kind == "numerical":
        [(value, tolerance, fraction)] = q["answers"]
        assert fraction == 1.0
        return {**rec, "type": "numeric", "answer": value, "tolerance": tolerance}
    assert kind == "match"
    return {**rec, "type": "match", "pairs": q["pairs"]}


def from_pegjs(q: Record) -> Record:
    """A question of gift-pegjs's parse in the reader-neutral form."""
    kind = q["type"]
    if kind == "Category":  # difference 1
        names = moodle.split_category(q["title"].replace("\\\\", "\\"), clean=False)
        return {"type": "category", "names": names[2:]}
    rec: Record = {"id": q["id"], "tags": q["tags"] or [], "text": q["stem"]["text"]}
    assert q["stem"]["format"] == "html"
    if kind == "Description":
        return {**rec, "type": "description"}
    rec["feedback"] = q["globalFeedback"]["text"] if q["globalFeedback"] else ""
    if kind == "Essay":
        return {**rec, "type": "essay"}
    if kind == "TF":
        return {**rec, "type": "truefalse", "answer": q["isTrue"]}
    if kind == "Numerical":
        [choice] = q["choices"]
        number = choice["text"]
        return {**rec, "type": "numeric", "answer": number["number"], "tolerance": number["range"]}
    if kind == "Matching":  # difference 2
        pairs = [(p["subquestion"]["text"], moodle.post(p["subanswer"].replace("&&092;", "\\")))
                 for p in q["matchPairs"]]
        return {**rec, "type": "match", "pairs": pairs}
    choices = q["choices"]
    if kind == "Short":
        return {**rec, "type": "short", "answers": [c["text"]["text"] for c in choices]}
    assert kind == "MC"
    weighted = choices[0]["weight"] is not None
    answers = [(c["text"]["text"], c["weight"] if weighted else 100.0 * c["isCorrect"],
                c["feedback"]["text"] if c["feedback"] else "") for c in choices]
    return {**rec, "type": "multi" if weighted else "choice", "answers": answers}


def for_moodle(records: list[Record]) -> list[Record]:
    """The expected records as Moodle reads them: difference 5."""
    return [{**r, "names": [re.sub(r"<[^>]*>", "", n).strip() for n in r["names"]]}
            if r["type"] == "category" else r for r in records]


def for_pegjs(records: list[Record]) -> list[Record]:
    """The expected records as gift-pegjs reads them: differences 3 and 4."""
    out = []
    for rec in records:
        rec = dict(rec)
        if rec.get("type") == "short" and "_____" in rec["text"]:
            rec["text"] = " _____ ".join(s.strip() for s in rec["text"].split("_____", 1))
        if "tags" in rec:
            rec["tags"] = [t.split("]")[0] + "\\" if "]" in t else t for t in rec["tags"]]
        out.append(rec)
    return out


def compare(actual: list[Record], wanted: list[Record]) -> None:
    """Assert two lists of items are the same; an item expected without text skips it."""
    assert len(actual) == len(wanted), [r.get("id", r.get("names")) for r in actual]
    for got, want in zip(actual, wanted, strict=True):
        if want["type"] == "description" and "text" not in want:
            got = {k: v for k, v in got.items() if k != "text"}
        assert got == want
