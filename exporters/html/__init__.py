"""The printable HTML page: practice questions, exercises and flashcards in one file.

The page is self-contained (inline CSS and script, system fonts) and its
Content-Security-Policy forbids every request, so it works offline and prints
without waiting on anything. Printing it prints every answer open. Opening it
with the fragment `#print-flashcards` (which the "Print flashcards" button
sets) switches it to the flashcard print, laid out by the exporter options.
Every word the page adds to the deck's text is in the deck's language
(`cardsmith.text.labels`).
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from functools import cache, partial
from typing import TYPE_CHECKING, ClassVar

from markupsafe import Markup, escape

from cardsmith import __version__
from cardsmith.exporter import Exporter, OptionError, Report
from cardsmith.model import Deck, Text, question_texts
from cardsmith.text import highlight
from cardsmith.text.labels import Labels, labels

from . import cards as html_cards
from . import filters as html_filters
from . import images as html_images
from . import questions as html_questions
from .printing import PAPER_ALIASES, PAPERS, PrintLayout, make_layout

TEMPLATE_EXTENSIONS = ("html.j2", "html")
"""Autoescaped template names; `select_autoescape()` alone would miss `*.html.j2`.

Any other name is autoescaped too (`default=True`). style.css and script.js
are not templates: they are inlined verbatim, the same for every language. They
hold no words: the script reads its labels from the page's `data-*` attributes,
the stylesheet from `--label-*` properties page.html.j2 sets.
"""

if TYPE_CHECKING:
    import jinja2

_GRID = re.compile(r"([1-9])x([1-9])")
_BATCH = 1 << 20
"""Characters of page encoded at a time: few calls, little held twice."""


@cache
def environment() -> jinja2.Environment:
    """The template environment, autoescaping every template whatever its name."""
    # Imported on first use: listing formats or a rebuild with nothing to do need not
    # load Jinja2.
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cardsmith.exporters.html", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=TEMPLATE_EXTENSIONS,
                                            default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=False,
    )
    env.filters.update(html_filters.FILTERS)
    return env


@cache
def _static(name: str) -> tuple[Markup, str]:
    """A static file of the templates folder, and its CSP source hash."""
    loader = environment().loader
    assert loader is not None
    source = loader.get_source(environment(), name)[0].strip()
    return Markup(source), _hash(source)


def _hash(source: str) -> str:
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def content_security_policy() -> str:
    """Nothing may be fetched; only the page's own script runs (a deck's cannot)."""
    _, script_hash = _static("script.js")
    return ("default-src 'none'; img-src data:; media-src data:; style-src 'unsafe-inline'; "
            f"script-src {script_hash}; base-uri 'none'; form-action 'none'")


class HtmlExporter(Exporter):
    """One self-contained HTML page that works on screen and on paper."""

    name = "html"
    suffix = ".html"
    description = "printable practice page with answers to reveal and flashcards to print"
    options: ClassVar[Mapping[str, tuple[str, str]]] = {
        "paper": ("a4", "paper of the flashcard print: a4, letter or index (5 x 3 in card)"),
        "layout": ("single", "flashcard print: single (a page for each side, front then "
                             "back) or duplex (a grid a sheet, backs mirrored for a long-edge "
                             "flip, cut marks)"),
        "grid": ("2x4", "duplex layout: columns x rows of cards on a sheet, e.g. 2x5"),
    }

    def __init__(self, options: Mapping[str, str] | None = None) -> None:
        """Check the options; raise `OptionError` naming the bad one."""
        super().__init__(options)
        paper_key = PAPER_ALIASES.get(self.settings["paper"].strip().lower())
        if paper_key is None:
            raise OptionError(f"html: paper={self.settings['paper']!r} is not a paper; "
                              "use a4, letter or index")
        mode = self.settings["layout"].strip().lower()
        if mode not in ("single", "duplex"):
            raise OptionError(f"html: layout={self.settings['layout']!r}: use single or duplex")
        grid = _GRID.fullmatch(self.settings["grid"].strip().lower())
        if grid is None:
            raise OptionError(f"html: grid={self.settings['grid']!r}: write COLUMNSxROWS, "
                              "each 1 to 9, such as 2x4")
        if mode == "duplex" and paper_key == "index":
            raise OptionError("html: layout=duplex lays several cards on a sheet; an index "
                              "card holds one: use layout=single with paper=index")
        self.layout: PrintLayout = make_layout(mode, PAPERS[paper_key], int(grid[1]),
                                               int(grid[2]))
        if mode == "duplex" and min(self.layout.cell_width, self.layout.cell_height) < 30:
            raise OptionError(f"html: grid={grid[0]} makes cards smaller than 30 mm on "
                              f"{self.layout.paper.label} paper; use fewer columns or rows")

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        """The page of `deck` as `<deck-id>.html`."""
        images = html_images.Images(deck)
        fits = html_cards.fits(self.layout, deck.flashcards)
        words = labels(deck.language)
        sections = [("questions", words["questions"])] if deck.questions else []
        sections += [(f"ex-{ex.id}", ex.title) for ex in deck.exercises]
        if deck.flashcards:
            sections.append(("flashcards", words["flashcards"]))
        date = datetime.fromtimestamp(deck.timestamp, tz=timezone.utc).date().isoformat()
        token = html_images.CURRENT.set(images)
        try:
            page = self._page(deck, words, sections, date, fits)
        finally:
            html_images.CURRENT.reset(token)
        _report_losses(deck, report, images, fits, len(self.layout.sizes))
        return {self.filename(deck): page}

    def _page(self, deck: Deck, words: Labels, sections: list[tuple[str, str]], date: str,
              fits: list[tuple[int, int]]) -> bytes:
        style, _ = _static("style.css")
        style += Markup("\n") + highlight.stylesheet(
            ".highlight", "@media (prefers-color-scheme: dark)")
        script, _ = _static("script.js")
        questions = html_questions.Questions(words)
        return _encode(environment().get_template("page.html.j2").generate(
            deck=deck,
            lang=deck.language or "en",
            labels=words,
            banner=_banner(words, self.layout, len(deck.flashcards)),
            csp=content_security_policy(),
            version=__version__,
            style=style,
            script=script,
            sections=sections,
            has_answers=any(True for _ in deck.all_questions()),
            layout=self.layout,
            question=questions.markup,
            question_items=questions.items,
            card_items=partial(html_cards.screen_items, labels=words),
            card_sheets=lambda: html_cards.print_sheets(self.layout, deck.flashcards, fits,
                                                        words),
            source_name=deck.source.name,
            date=date,
        ))


def _banner(words: Labels, layout: PrintLayout, cards: int) -> Markup:
    """What the flashcard print holds, and how to print it, in a sentence."""
    key = "print_banner_duplex" if layout.mode == "duplex" else "print_banner_single"
    # Both counts are given: a language may phrase the cards' number so no noun agrees with it.
    return escape(words[key]).format(
        n=cards, cards=words.count("cards", cards), pages=layout.pages(cards),
        paper=words[f"paper_{layout.paper.key}"],
        flip=Markup("<em>{}</em>").format(words["flip_long_edge"]))


def _encode(fragments: Iterator[str]) -> bytes:
    """The page as UTF-8 with a final newline, encoded as it is generated.

    Rendering to one string, then adding the newline, then encoding, holds a
    100 MB page (100,000 items) as a string, a copy and the bytes at once; this
    never holds the whole page as a string, and `BytesIO` hands over its
    buffer without a copy (joining encoded parts would hold the page twice).
    """
    out = io.BytesIO()
    batch: list[str] = []
    size = 0
    for fragment in fragments:
        batch.append(fragment)
        size += len(fragment)
        if size > _BATCH:
            out.write("".join(batch).encode("utf-8"))
            batch.clear()
            size = 0
    batch.append("\n")
    out.write("".join(batch).encode("utf-8"))
    return out.getvalue()


def _texts(deck: Deck) -> Iterator[tuple[str, Iterable[Text | None]]]:
    """Every item of the deck with its rich texts, in the order losses are reported."""
    yield deck.id, (deck.intro,)
    for ex in deck.exercises:
        yield ex.id, (ex.intro, ex.materials, ex.side_effects)
        for part in ex.parts:
            yield part.id, (part.context, part.note)
    for located in deck.all_questions():
        yield located.question.id, question_texts(located.question)
    for card in deck.flashcards:
        yield card.id, (card.front, card.back)


def _report_losses(deck: Deck, report: Report, images: html_images.Images,
                   fits: list[tuple[int, int]], too_long: int) -> None:
    """Report remote pictures, then flashcards too long to print, after the page is made."""
    # Every text of the page went through `images.embed` if its HTML holds "src=". If
    # none did, no text has a picture or sound (`html` and `html_mathml` differ in
    # formulas only), and the walk through every text is skipped.
    if images.met_sources:
        for item_id, texts in _texts(deck):
            for text in texts:
                # A blank text renders to nothing: the None test alone leaves it out.
                if text is not None and "src=" in text.html:
                    images.check(text.html, item_id, report)
    for card, (front, back) in zip(deck.flashcards, fits, strict=True):
        if max(front, back) == too_long:
            report.lose("flashcards too long for a printed card (text shrunk and cut)", card.id)
