"""Hypothesis strategies for whole, valid deck documents.

Text draws from all of Unicode (bar surrogates and the control characters YAML
cannot carry) and leans on the characters that are special somewhere: GIFT,
CSV and Quizlet separators, HTML, Markdown and cloze braces.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SPECIAL = [*"\\~=#{}:;,\t\"'<>&*_`[]()!|-+@$%/\n", "->", "//", "{{", "}}", "&#92;", "\u200f"]

_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85")
_piece = st.one_of(st.text(_chars, min_size=1, max_size=12), st.sampled_from(SPECIAL))


@st.composite
def texts(draw: st.DrawFn, max_pieces: int = 12) -> str:
    """Non-blank text mixing random Unicode with special characters."""
    text = "".join(draw(st.lists(_piece, min_size=1, max_size=max_pieces)))
    text = text.replace("{{", "{ {").replace("}}", "} }")  # blanks belong to cloze only
    return text if text.strip() else "x" + text


def _slugs(prefix: str) -> st.SearchStrategy[str]:
    return st.integers(0, 10**6).map(lambda i: f"{prefix}{i}")


@st.composite
def questions(draw: st.DrawFn, qid: str) -> dict[str, Any]:
    """One question of any type."""
    kind = draw(st.sampled_from(["open", "choice", "multi", "truefalse", "short", "numeric",
                                 "match", "cloze"]))
    q: dict[str, Any] = {"id": qid, "type": kind, "prompt": draw(texts())}
    if draw(st.booleans()):
        q["explanation"] = draw(texts())
    if kind == "open":
        q["answer"] = draw(texts())
    elif kind in ("choice", "multi"):
        options = draw(st.lists(texts(4), min_size=2, max_size=5, unique=True))
        q["choices"] = [o if i % 2 else {"text": o, "feedback": draw(texts(4))}
                        for i, o in enumerate(options)]
        q["answer"] = options[0] if kind == "choice" else options[: draw(st.integers(1, 2))]
    elif kind == "truefalse":
        q["answer"] = draw(st.booleans())
    elif kind == "short":
        q["answer"] = draw(st.lists(texts(3), min_size=1, max_size=3))
    elif kind == "numeric":
        q["answer"] = draw(st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 3)))
        q["tolerance"] = draw(st.sampled_from([0, 0.5, 2]))
    elif kind == "match":
        q["pairs"] = [{"left": draw(texts(3)), "right": draw(texts(3))}
                      for _ in range(draw(st.integers(2, 4)))]
    else:
        answer = draw(texts(3)).replace(":", "").replace("{", "").replace("}", "")
        q["prompt"] = f"{draw(texts(4))} {{{{{answer.strip() or 'x'}}}}} {draw(texts(4))}"
    return q


@st.composite
def decks(draw: st.DrawFn) -> dict[str, Any]:
    """A whole valid deck document: questions, one exercise and flashcards."""
    ids = iter(range(10**6))
    deck: dict[str, Any] = {"cardsmith": 1, "id": "prop", "title": draw(texts(6))}
    if draw(st.booleans()):
        deck["intro"] = draw(texts())
    deck["questions"] = [draw(questions(f"q{next(ids)}")) for _ in range(draw(st.integers(0, 4)))]
    if draw(st.booleans()):
        deck["exercises"] = [{
            "id": f"e{next(ids)}", "title": draw(texts(4)), "minutes": 5,
            "parts": [{"id": f"p{next(ids)}", "title": draw(texts(4)), "context": draw(texts()),
                       "questions": [draw(questions(f"q{next(ids)}"))],
                       "note": draw(texts())}]}]
    deck["flashcards"] = [{"id": f"c{next(ids)}", "front": draw(texts()), "back": draw(texts()),
                           "reverse": draw(st.booleans())}
                          for _ in range(draw(st.integers(0, 4)))]
    return deck
