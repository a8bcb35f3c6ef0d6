"""Any valid deck exports to every format, and each format's real consumer reads it back whole.

Decks come from `tests.strategies.decks`: random Unicode, the characters special
to GIFT, CSV/Quizlet, HTML and Markdown, hostile markup, long multi-block
Markdown and every item type. Each format is read back by what reads it in
real life (gift-pegjs and the Moodle model, Quizlet's separator split, Anki's
own importer, an HTML parser) and compared with the deck itself: every item
is there, with its text, and nothing of the deck became markup or script.

CI runs the `ci` profile of tests/hypothesis_profiles.py; a longer run:
`HYPOTHESIS_PROFILE=long python -m pytest tests/properties/`.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from cardsmith import registry
from cardsmith.exporter import Report
from cardsmith.model import (
    ClozeQuestion,
    Deck,
    Question,
    Text,
)
from cardsmith.source.loader import load_deck
from cardsmith.text.cloze import BLANK


def load(folder: Path, doc: dict[str, Any]) -> Deck:
    """Write a generated deck document as YAML and load it as the command line would."""
    path = folder / "deck.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return load_deck(path)


def render(fmt: str, deck: Deck, **options: str) -> dict[str, bytes]:
    """Every file of one format, checked to come out byte-identical from a second load."""
    files = registry.load(fmt)(options).render(deck, Report())
    again = registry.load(fmt)(options).render(load_deck(deck.source), Report())
    assert again == files, "the same deck gave different bytes"
    return files


def questions(deck: Deck) -> Iterator[tuple[Question, Text | None, Text | None]]:
    """Every question with its part's context and note."""
    for located in deck.all_questions():
        part = located.part
        yield located.question, part.context if part else None, part.note if part else None


def load_valid(folder: Path, doc: dict[str, Any]) -> Deck:
    """`load`, checking that every cloze blank comes through Markdown as it was written.

    Exporters fill the blanks they find in the renderings, where Markdown could
    move their braces (a backtick or `*` inside a blank, a backslash before
    `}}`); the loader refuses such prompts, so none may get this far.
    """
    deck = load(folder, doc)
    for q, _, _ in questions(deck):
        if isinstance(q, ClozeQuestion):
            # Each blank as Markdown renders it on its own, braces included (so inline).
            alone = [Text(f"{{{{{b.answer}}}}}") for b in q.blanks]
            for rendering, each in ((q.prompt.html, [a.html for a in alone]),
                                    (q.prompt.html_mathml, [a.html_mathml for a in alone]),
                                    (q.prompt.plain, [a.plain for a in alone])):
                wanted = [m.group(2) for r in each for m in BLANK.finditer(r)]
                assert [m.group(2) for m in BLANK.finditer(rendering)] == wanted, q.prompt
    return deck


def shown(text: Text) -> str:
    """A choice's HTML, or its escaped source when Markdown shows nothing of it."""
    return text.html or html.escape(text.source.strip(), quote=False)


def flat(text: str) -> str:
    """A side as the default mode writes it: one line, line breaks as ` / `, tabs as spaces."""
    return " / ".join(s for s in (line.strip() for line in text.splitlines()) if s).replace(
        "\t", " ")


def kept(text: str) -> str:
    """A side as rich mode writes it: line breaks kept, lines' ends trimmed."""
    lines = text.splitlines()
    if len(lines) <= 1:
        return lines[0].strip() if lines else ""
    return "\n".join(line.rstrip() for line in lines).strip()
