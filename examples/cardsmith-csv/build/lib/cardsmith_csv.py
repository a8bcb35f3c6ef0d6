"""A third-party cardsmith exporter: each flashcard as one CSV row, front and back."""

from __future__ import annotations

import csv
import io
from typing import ClassVar

from cardsmith.exporter import Exporter, Report
from cardsmith.model import Deck


class CsvExporter(Exporter):
    """Flashcards as `front,back` rows of plain text; questions are reported as left out."""

    name = "csv"
    suffix = ".csv"
    description = "Flashcards as two-column CSV."
    options: ClassVar = {"delimiter": (",", "field separator, one character")}

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        """One CSV file: a row per flashcard; every question is recorded as a loss."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=self.settings["delimiter"], lineterminator="\n")
        for card in deck.flashcards:
            writer.writerow([card.front.plain, card.back.plain])
        for located in deck.all_questions():
            report.lose("questions left out", located.question.id)
        return {self.filename(deck): out.getvalue().encode("utf-8")}
