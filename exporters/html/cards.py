"""The flashcards of the HTML page: the grid that turns over on screen, and the print sheets.

Built in Python rather than by template loops: a page can hold 100,000
items, and a template's work on each (a filter, the escaping of each value)
made most of the page's time. The markup is what the templates wrote, byte
for byte; the sections around it stay in templates (flashcards.html.j2,
card-print.html.j2). Card text comes through `text_html`; ids and the page's
own words (from `cardsmith.text.labels`) are escaped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from markupsafe import Markup

from cardsmith.model import Flashcard
from cardsmith.text.labels import Labels

from .filters import chunks, escaped, text_html
from .printing import PrintLayout

_EMPTY = '<div class="cell empty"></div>'


def fits(layout: PrintLayout, cards: Sequence[Flashcard]) -> list[tuple[int, int]]:
    """The `layout.fit` of each card's front and back, by the length of its source."""
    fit = layout.fit
    return [(fit(len(card.front.source)), fit(len(card.back.source))) for card in cards]


def screen_items(cards: Sequence[Flashcard], labels: Labels) -> Iterator[Markup]:
    """The `<li>` of each card of the on-screen grid, a batch at a time."""
    total = len(cards)
    front, back = escaped(labels["card_front"]), escaped(labels["back"])
    return chunks(_screen_card(front.format(n=n, total=total), back, card)
                  for n, card in enumerate(cards, 1))


def _screen_card(front: str, back: str, card: Flashcard) -> str:
    cid = escaped(card.id)
    return (f'\n    <li class="card" id="card-{cid}">\n'
            '      <div class="flip" role="button" tabindex="0" aria-expanded="false" '
            f'aria-controls="card-{cid}-back" aria-describedby="flip-help">\n'
            f'        <div class="face front"><span class="side">{front}'
            f'</span><div class="face-text">{text_html(card.front)}</div></div>\n'
            f'        <div class="face back" id="card-{cid}-back" aria-hidden="true">'
            f'<span class="side">{back}</span>'
            f'<div class="face-text">{text_html(card.back)}</div></div>\n'
            "      </div>\n    </li>")


def print_sheets(layout: PrintLayout, cards: Sequence[Flashcard],
                 fits: Sequence[tuple[int, int]], labels: Labels) -> Iterator[Markup]:
    """Each sheet of the print, its front page then its back page, a batch at a time.

    `fits` holds the `layout.fit` of each card's front and back.
    """
    return chunks(_sheets(layout, cards, fits, labels), 64)


def _sheets(layout: PrintLayout, cards: Sequence[Flashcard],
            fits: Sequence[tuple[int, int]], labels: Labels) -> Iterator[str]:
    fronts_of, backs_of = escaped(labels["sheet_fronts"]), escaped(labels["sheet_backs"])
    cut = cut_marks(layout)
    total, per_sheet, start = len(cards), layout.per_sheet, layout.start
    for sheet, first in enumerate(range(0, total, per_sheet), 1):
        numbers = range(first + 1, min(first + per_sheet, total) + 1)
        empty = [_EMPTY] * (per_sheet - len(numbers))
        fronts = [_cell("front", n, total, start(fits[n - 1][0]), text_html(cards[n - 1].front))
                  for n in numbers] + empty
        backs = [_cell("back", n, total, start(fits[n - 1][1]), text_html(cards[n - 1].back))
                 for n in numbers] + empty
        yield (f'\n<div class="sheet front-sheet" aria-label="{fronts_of.format(n=sheet)}">'
               f'{cut}<div class="grid">{"".join(fronts)}</div></div>\n'
               f'<div class="sheet back-sheet" aria-label="{backs_of.format(n=sheet)}">{cut}'
               f'<div class="grid">{"".join([backs[i] for i in layout.back_order])}</div></div>')


def _cell(side: str, number: int, total: int, fit: int, html: str) -> str:
    return (f'<div class="cell {side}"><div class="cell-text fit-{fit}" data-fit="{fit}">'
            f'{html}</div><span class="number">{number} / {total}</span></div>')


def cut_marks(layout: PrintLayout) -> str:
    """The cut marks of a sheet (none in the single layout), the same on every page."""
    return "".join(f'<i class="cut" style="left:{m.x}mm;top:{m.y}mm;width:{m.width}mm;'
                   f'height:{m.height}mm"></i>' for m in layout.cut_marks())
