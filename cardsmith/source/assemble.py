"""Turning a checked deck document (plain data) into the frozen model."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cardsmith.media import MediaFile
from cardsmith.model import (
    Choice,
    ChoiceQuestion,
    ClozeQuestion,
    Deck,
    Exercise,
    Flashcard,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OpenQuestion,
    Pair,
    Part,
    Question,
    ShortQuestion,
    Text,
    TrueFalseQuestion,
)
from cardsmith.source.validation import choice_text
from cardsmith.text import cloze


def build_deck(data: dict[str, Any], source: Path, timestamp: int,
               media: Mapping[str, MediaFile] | None = None) -> Deck:
    """Build the model from a document that passed every check."""
    html = bool(data.get("allow_html", False))

    def text(value: Any) -> Text:
        return Text(str(value), html)

    def opt(value: Any) -> Text | None:
        return None if value is None else Text(str(value), html)

    def question(q: dict[str, Any]) -> Question:
        common: dict[str, Any] = {
            "id": q["id"], "prompt": text(q["prompt"]),
            "explanation": opt(q.get("explanation")), "tags": tuple(q.get("tags", ())),
            "anki_guid": q.get("anki", {}).get("guid"),
        }
        kind = q["type"]
        if kind == "open":
            return OpenQuestion(answer=text(q["answer"]), **common)
        if kind in ("choice", "multi"):
            correct = {q["answer"]} if kind == "choice" else set(q["answer"])
            choices = tuple(
                Choice(text(choice_text(c)), choice_text(c) in correct,
                       opt(c.get("feedback")) if isinstance(c, dict) else None)
                for c in q["choices"])
            cls = ChoiceQuestion if kind == "choice" else MultiQuestion
            return cls(choices=choices, **common)
        if kind == "truefalse":
            return TrueFalseQuestion(answer=q["answer"], **common)
        if kind == "short":
            answer = q["answer"]
            return ShortQuestion(answers=(answer,) if isinstance(answer, str) else tuple(answer),
                                 **common)
        if kind == "numeric":
            return NumericQuestion(answer=float(q["answer"]),
                                   tolerance=float(q.get("tolerance", 0)), **common)
        if kind == "match":
            pairs = tuple(Pair(text(p["left"]), text(p["right"])) for p in q["pairs"])
            return MatchQuestion(pairs=pairs, **common)
        blanks, _ = cloze.parse(q["prompt"])
        return ClozeQuestion(blanks=tuple(blanks), **common)

    def part(p: dict[str, Any]) -> Part:
        return Part(p["id"], p["title"], tuple(question(q) for q in p["questions"]),
                    opt(p.get("context")), opt(p.get("note")))

    def exercise(e: dict[str, Any]) -> Exercise:
        return Exercise(e["id"], e["title"], tuple(part(p) for p in e["parts"]),
                        opt(e.get("intro")), e.get("minutes"), opt(e.get("materials")),
                        opt(e.get("side_effects")))

    def flashcard(c: dict[str, Any]) -> Flashcard:
        return Flashcard(c["id"], text(c["front"]), text(c["back"]),
                         bool(c.get("reverse", False)), tuple(c.get("tags", ())),
                         c.get("anki", {}).get("guid"))

    return Deck(
        id=data["id"], title=data["title"], source=source, timestamp=timestamp,
        intro=opt(data.get("intro")), tags=tuple(data.get("tags", ())),
        language=data.get("language"),
        questions=tuple(question(q) for q in data.get("questions", ())),
        exercises=tuple(exercise(e) for e in data.get("exercises", ())),
        flashcards=tuple(flashcard(c) for c in data.get("flashcards", ())),
        media=dict(media or {}),
    )
