"""Quizlet's export text: term and definition split by one separator, cards by another.

Quizlet lets the exporter choose both (tab or comma between the sides, a new
line or semicolon between cards, or any text); `--side-sep` and `--card-sep`
give them, with `\\t` and `\\n` for tab and new line. A card splits at its
first side separator: definitions may hold it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from cardsmith.importer import Importer, Media, OptionError, Report, SourceError

from .text import card, decode, read_text


def _unescape(value: str) -> str:
    return value.replace("\\t", "\t").replace("\\n", "\n")


class QuizletImporter(Importer):
    """A Quizlet set exported as text."""

    name = "quizlet"
    suffixes = (".txt",)
    description = "Quizlet export text (--side-sep, --card-sep; default tab and new line)"
    options: ClassVar[dict[str, tuple[str, str]]] = {
        "side_sep": ("\\t", "between term and definition (\\t a tab)"),
        "card_sep": ("\\n", "between cards (\\n a new line)"),
    }

    def __init__(self, options: dict[str, str] | None = None) -> None:
        super().__init__(options)
        self.side, self.cards = (_unescape(self.settings["side_sep"]),
                                 _unescape(self.settings["card_sep"]))
        if not self.side or not self.cards or self.side == self.cards:
            raise OptionError("quizlet: the side and card separators must be two different, "
                              "non-empty texts")

    def sniff(self, head: bytes, path: Path) -> bool:
        """Text in which most of the first cards hold the side separator."""
        text = decode(head)
        if text is None or text.lstrip().startswith(("#separator:", "#html:", "::", "//")):
            return False  # an Anki text export, or GIFT
        cards = [c for c in text.replace("\r\n", "\n").split(self.cards)[:20] if c.strip()]
        return bool(cards) and sum(self.side in c for c in cards) >= 0.8 * len(cards)

    def read(self, path: Path, media: Media, report: Report) -> dict[str, Any]:
        """A flashcard a card of the export."""
        text = read_text(path, report)
        cards: list[dict[str, Any]] = []
        taken: set[str] = set()
        for n, chunk in enumerate(text.split(self.cards), 1):
            if not chunk.strip():
                continue
            front, sep, back = chunk.partition(self.side)
            if not sep or not front.strip() or not back.strip():
                report.lose("cards left out (no separator, or an empty side)", f"card {n}")
                continue
            cards.append(card(front, back, taken, n))
        if not cards:
            raise SourceError("no card found: give the separators the set was exported with "
                              "(--side-sep, --card-sep)")
        return {"title": path.stem.removesuffix(".quizlet"), "flashcards": cards}
