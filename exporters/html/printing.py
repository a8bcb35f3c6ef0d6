"""The flashcard print of the HTML page: paper sizes, page geometry and text fitting.

Every printed page holds a grid of fixed-size cells: one cell filling a page in
the `single` layout (front page, then its back page), several in `duplex` (a
front sheet, then its back sheet mirrored for a flip on the long edge). Sizes
are millimetres, font sizes points. A cell never grows: the exporter picks a
font size that should fit, the page's script shrinks it further if the text
still overflows, and flags it when even the smallest size is too big.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from functools import cached_property

MM_PER_PT = 25.4 / 72
LINE_HEIGHT = 1.3
STEPS = 6
"""Font sizes a cell can take, largest first; the page script steps down through them."""
MIN_PT = 7.0


@dataclass(frozen=True)
class Paper:
    """A sheet of paper in millimetres (A4 and Letter upright, the index card lying)."""

    key: str
    label: str
    width: float
    height: float


PAPERS = {
    "a4": Paper("a4", "A4", 210.0, 297.0),
    "letter": Paper("letter", "Letter", 215.9, 279.4),
    "index": Paper("index", "5 x 3 in index card", 127.0, 76.2),
}
PAPER_ALIASES = {"a4": "a4", "letter": "letter", "us-letter": "letter", "index": "index",
                 "5x3": "index", "5x3in": "index", "index-card": "index"}


@dataclass(frozen=True)
class CutMark:
    """A thin line in the page margin, in millimetres from the page's top left corner."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class PrintLayout:
    """Where the cards go on paper, and how big their text may be."""

    mode: str
    paper: Paper
    page_width: float
    page_height: float
    cols: int
    rows: int
    cell_width: float
    cell_height: float
    padding: float
    sizes: tuple[float, ...]

    @property
    def margin_x(self) -> float:
        """Left (and right) margin that centres the grid."""
        return round((self.page_width - self.cols * self.cell_width) / 2, 2)

    @property
    def margin_y(self) -> float:
        """Top (and bottom) margin that centres the grid."""
        return round((self.page_height - self.rows * self.cell_height) / 2, 2)

    @property
    def per_sheet(self) -> int:
        """Cards on one sheet."""
        return self.cols * self.rows

    def pages(self, n_cards: int) -> int:
        """How many pages the flashcard print of `n_cards` cards has."""
        return 2 * math.ceil(n_cards / self.per_sheet)

    def fit(self, chars: int) -> int:
        """The index in `sizes` of the largest font size that should fit `chars` characters.

        `len(sizes)` when none does. The page's script corrects the estimate on
        the rendered text.
        """
        # Capacities grow as the size shrinks: the first that holds `chars`, by bisection.
        return bisect.bisect_left(self.capacities, chars)

    @cached_property
    def capacities(self) -> tuple[float, ...]:
        """Characters that fit a cell at each font size.

        Assumes an average glyph half an em wide and wrapped lines filled to 80 %.
        """
        width = self.cell_width - 2 * self.padding
        height = self.cell_height - 2 * self.padding - self.number_strip
        return tuple(0.8 * (width / (0.5 * size * MM_PER_PT))
                     * (height / (LINE_HEIGHT * size * MM_PER_PT)) for size in self.sizes)

    @property
    def number_strip(self) -> float:
        """Height kept free at the bottom of a cell for the card number."""
        return 4.0 if self.mode == "duplex" else 6.0

    def start(self, fit: int) -> int:
        """The font size index a cell starts at, for a text whose `fit` is `fit`.

        The smallest size when none fits: the page's script then flags the cell.
        """
        return min(fit, len(self.sizes) - 1)

    @cached_property
    def back_order(self) -> tuple[int, ...]:
        """The front cell shown in each back cell, row by row: each row reversed.

        Printed on the other side of a sheet flipped on its long edge, a back
        lands behind its front.
        """
        return tuple(row * self.cols + col for row in range(self.rows)
                     for col in reversed(range(self.cols)))

    def cut_marks(self) -> list[CutMark]:
        """Marks in the margins at every cell edge, stopping short of the grid (duplex only)."""
        if self.mode != "duplex":
            return []
        gap, thick = 1.5, 0.25
        mx, my = self.margin_x, self.margin_y
        marks: list[CutMark] = []
        length_y = max(0.0, my - gap - 2.0)
        length_x = max(0.0, mx - gap - 2.0)
        for c in range(self.cols + 1):
            x = round(mx + c * self.cell_width - thick / 2, 2)
            marks.append(CutMark(x, round(my - gap - length_y, 2), thick, round(length_y, 2)))
            marks.append(CutMark(x, round(self.page_height - my + gap, 2), thick,
                                 round(length_y, 2)))
        for r in range(self.rows + 1):
            y = round(my + r * self.cell_height - thick / 2, 2)
            marks.append(CutMark(round(mx - gap - length_x, 2), y, round(length_x, 2), thick))
            marks.append(CutMark(round(self.page_width - mx + gap, 2), y, round(length_x, 2),
                                 thick))
        return marks


def _sizes(line_space: float) -> tuple[float, ...]:
    """Font sizes, largest first: seven lines fill the cell at the largest."""
    top = min(28.0, max(10.0, line_space / 7 / (LINE_HEIGHT * MM_PER_PT)))
    ratio = (MIN_PT / top) ** (1 / (STEPS - 1))
    return tuple(round(top * ratio**i * 2) / 2 for i in range(STEPS))


def make_layout(mode: str, paper: Paper, cols: int, rows: int) -> PrintLayout:
    """The layout for a mode (`single` or `duplex`), a paper and a duplex grid."""
    if mode == "single":
        # A card is wider than tall: A4 and Letter are turned to landscape.
        width, height = max(paper.width, paper.height), min(paper.width, paper.height)
        padding = 6.0 if paper.key == "index" else 18.0
        # The cell stays a hair shorter than the page so rounding never spills a page.
        cell_h = round(height - 0.5, 2)
        return PrintLayout(mode, paper, width, height, 1, 1, width, cell_h, padding,
                           _sizes(cell_h - 2 * padding))
    margin = 10.0
    cell_w = math.floor((paper.width - 2 * margin) / cols * 2) / 2
    cell_h = math.floor((paper.height - 2 * margin) / rows * 2) / 2
    padding = 4.0
    return PrintLayout(mode, paper, paper.width, paper.height, cols, rows, cell_w, cell_h,
                       padding, _sizes(cell_h - 2 * padding))
