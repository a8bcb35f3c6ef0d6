"""Hypothesis strategies for whole, valid deck documents.

Text draws from all of Unicode (bar surrogates and the control characters YAML
cannot carry) and leans on the characters that are special somewhere: GIFT,
CSV and Quizlet separators, HTML, Markdown and cloze braces, and on pieces of
hostile markup (script, event attributes, `javascript:` links). Some texts are
long, multi-block Markdown (lists, quotes, code, tables).
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from cardsmith.source.texts import text_problems
from cardsmith.text.cloze import changed_blanks

SPECIAL = [*"\\~=#{}:;,\t\"'<>&*_`[]()!|-+@$%/\n", "->", "//", "{{", "}}", "&#92;", "\u200f"]

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "[a](javascript:alert(1))", "[b](JaVaScRiPt:alert(1) \"t\")", "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">c</a>', "[d](data:text/html,<script>alert(1)</script>)",
    "\" onmouseover=\"alert(1)", "' onfocus='alert(1)", "</textarea></title></script>",
    "<!--", "-->", "<![CDATA[", "&lt;b&gt;", "&#x3C;i&#x3E;", "<style>*{}</style>",
]
"""Pieces of markup and links a shared deck could use to run script in an output."""

SYNTAX = [
    "\n\n", "\n0\n", "\n// ", "[html]", "%50%", "$CATEGORY: ", "::", "\\n", "\\\\", "|~|",
    "|~~|", "\u2028", "\u00a0", "```", "\n> ", "\n- ", "\n1. ", "\n# ", "\n| a |\n|---|\n",
    "    ", "\u2060", "\u202e", "=SUM(A1)",
]
"""Line and block syntax of the formats: GIFT item ends, Markdown blocks, separators."""

_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85")
_piece = st.one_of(st.text(_chars, min_size=1, max_size=12), st.sampled_from(SPECIAL),
                   st.sampled_from(HOSTILE), st.sampled_from(SYNTAX))


@st.composite
def texts(draw: st.DrawFn, max_pieces: int = 12) -> str:
    """Non-blank text mixing random Unicode with special characters."""
    text = "".join(draw(st.lists(_piece, min_size=1, max_size=max_pieces)))
    text = text.replace("{{", "{ {").replace("}}", "} }")  # blanks belong to cloze only
    # A Markdown image names a file the loader must find: media have their own tests.
    text = text.replace("![", "! [")
    if not text.strip() or text_problems(text):
        text = "x" + text  # Markdown showed nothing of it: a letter first always shows
    assume(not text_problems(text))  # a formula with a command MathJax may not run
    return text


@st.composite
def long_texts(draw: st.DrawFn) -> str:
    """Long Markdown: several paragraphs, lists, quotes, code and tables of `texts`."""
    blocks = draw(st.lists(st.one_of(
        texts(20),
        st.lists(texts(4), min_size=1, max_size=6).map(
            lambda items: "\n".join("- " + " ".join(i.split()) for i in items)),
        texts(6).map(lambda t: "> " + " ".join(t.split())),
        texts(8).map(lambda t: "```\n" + t.replace("`", "'") + "\n```"),
        texts(3).map(lambda t: f"| {' '.join(t.split())} | x |\n|---|---|\n| 1 | 2 |"),
    ), min_size=3, max_size=12))
    return "\n\n".join(blocks)


def any_texts(max_pieces: int = 12) -> st.SearchStrategy[str]:
    """Mostly short `texts`, sometimes `long_texts`."""
    return st.one_of(texts(max_pieces), texts(max_pieces), texts(max_pieces), long_texts())


def _slugs(prefix: str) -> st.SearchStrategy[str]:
    return st.integers(0, 10**6).map(lambda i: f"{prefix}{i}")


@st.composite
def questions(draw: st.DrawFn, qid: str) -> dict[str, Any]:
    """One question of any type."""
    kind = draw(st.sampled_from(["open", "choice", "multi", "truefalse", "short", "numeric",
                                 "match", "cloze"]))
    q: dict[str, Any] = {"id": qid, "type": kind, "prompt": draw(texts())}
    if draw(st.booleans()):
        q["explanation"] = draw(any_texts())
    if kind == "open":
        q["answer"] = draw(any_texts())
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
        # A backslash before the closing braces is a Markdown escape: the loader refuses it.
        answer = answer.strip().rstrip("\\").strip() or "x"
        before = draw(texts(4))
        if before.split("\n")[-1].lstrip().startswith(("```", "~~~")):
            # A blank in a code fence's info string lands in an HTML attribute (the
            # loader refuses it): keep it in the text.
            before += "\n\n"
        q["prompt"] = f"{before} {{{{{answer}}}}} {draw(texts(4))}"
        assume(not changed_blanks(q["prompt"]))  # Markdown would change a blank: refused
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
            "parts": [{"id": f"p{next(ids)}", "title": draw(texts(4)),
                       "context": draw(any_texts()),
                       "questions": [draw(questions(f"q{next(ids)}"))],
                       "note": draw(texts())}]}]
    deck["flashcards"] = [{"id": f"c{next(ids)}", "front": draw(texts()),
                           "back": draw(any_texts()), "reverse": draw(st.booleans())}
                          for _ in range(draw(st.integers(0, 4)))]
    return deck
