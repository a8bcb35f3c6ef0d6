"""The page itself: its bytes, options, escaping, and the print layout's arithmetic."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from cardsmith.exporter import OptionError, Report
from cardsmith.model import Deck
from cardsmith.source.loader import load_deck
from exporters.html.filters import escaped
from exporters.html.printing import PAPERS, make_layout
from tests.exporters.html import HOSTILE, HtmlExporter, export


def test_same_deck_gives_identical_bytes(seed_deck: Deck) -> None:
    first = HtmlExporter().render(seed_deck, Report())
    again = HtmlExporter().render(load_deck(seed_deck.source), Report())
    assert list(first) == ["distilbert-roberta.html"]
    assert first == again
    text = first["distilbert-roberta.html"].decode("utf-8")
    assert str(seed_deck.source.parent) not in text  # the footer names the file, not its path
    assert "distilbert-roberta.yaml, 2023-11-14" in text  # SOURCE_DATE_EPOCH, not the clock


@pytest.mark.parametrize(("options", "message"), [
    ({"paper": "a3"}, "paper='a3'"),
    ({"layout": "booklet"}, "layout='booklet'"),
    ({"grid": "2by4"}, "COLUMNSxROWS"),
    ({"layout": "duplex", "paper": "index"}, "index card holds one"),
    ({"layout": "duplex", "grid": "9x9"}, "smaller than 30 mm"),
    ({"colour": "red"}, "unknown option"),
])
def test_bad_options_are_refused_by_name(options: dict[str, str], message: str) -> None:
    with pytest.raises(OptionError, match=re.escape(message)):
        HtmlExporter(options)


@pytest.mark.parametrize(("paper", "size"), [("A4", "297.0mm 210.0mm"),
                                             ("Letter", "279.4mm 215.9mm"),
                                             ("5x3", "127.0mm 76.2mm")])
def test_paper_names_are_forgiving(seed_deck: Deck, paper: str, size: str) -> None:
    page = HtmlExporter({"paper": paper}).render(seed_deck, Report())["distilbert-roberta.html"]
    assert f"@page cards {{ size: {size}; margin: 0; }}".encode() in page


class _Elements(HTMLParser):
    """Every element with its attributes, and the text of every script."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
            self._in_script = False


def test_deck_text_cannot_inject_markup_or_script(tmp_path: Path) -> None:
    page, _ = export(load_deck(HOSTILE), tmp_path)
    parsed = _Elements()
    parsed.feed(page.read_text(encoding="utf-8"))
    tags = [tag for tag, _ in parsed.tags]
    assert tags.count("script") == 1 and "window.pwned" not in parsed.scripts[0]
    for tag in ("iframe", "img", "svg", "object", "base", "u", "b", "i"):
        assert tag not in tags, tag
    assert all("data-action" in attrs for tag, attrs in parsed.tags if tag == "button")
    assert tags.count("style") == 1 and tags.count("meta") == 5  # the page's own
    for tag, attrs in parsed.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert not any((v or "").strip().lower().startswith("javascript:")
                       for v in attrs.values()), (tag, attrs)
    text = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;window.pwned = &#39;title&#39;&lt;/script&gt;" in text


def test_cloze_answers_are_absent_until_revealed(make_deck: Callable[[str], Deck],
                                                 tmp_path: Path) -> None:
    deck = make_deck("""\
        cardsmith: 1
        id: cloze
        title: Cloze
        questions:
          - id: c
            type: cloze
            prompt: "{{c1::Canberra::city}} is the capital of {{c2::Australia}}."
        """)
    page, _ = export(deck, tmp_path)
    text = page.read_text(encoding="utf-8")
    prompt = re.search(r'<div class="prompt">(.*?)</div>', text, re.S)
    assert prompt is not None and "Canberra" not in prompt[1] and "Australia" not in prompt[1]
    assert '<span class="gap">city</span>' in prompt[1]
    assert "<mark>Canberra</mark> is the capital of <mark>Australia</mark>." in text


def test_losses_are_reported_item_by_item_in_deck_order(make_deck: Callable[[str], Deck],
                                                         tmp_path: Path) -> None:
    # Remote pictures first (exercises, then questions, then flashcards), then long cards;
    # "src=" in a formula or in prose is no picture.
    long_back = " ".join(f"word{i}" for i in range(700))
    deck = make_deck(f"""\
        cardsmith: 1
        id: order
        title: Order
        questions:
          - {{id: q, type: open, prompt: "![r](https://example.org/q.png)", answer: "$src=1$"}}
          - {{id: prose, type: open, prompt: "Set src= to a path", answer: "`src=\\"x\\"`"}}
        exercises:
          - id: ex
            title: Ex
            parts:
              - id: part
                title: Part
                context: "![r](https://example.org/p.png) ![again](http://example.org/p2.png)"
                questions: [{{id: eq, type: truefalse, prompt: T, answer: true}}]
        flashcards:
          - {{id: far, front: "![r](https://example.org/c.png)", back: "{long_back}"}}
          - {{id: long, front: Long, back: "{long_back}"}}
        """)
    _, report = export(deck, tmp_path, paper="index")
    assert list(report.losses.items()) == [
        ("remote pictures not shown (the page fetches nothing)", ["part", "part", "q", "far"]),
        ("flashcards too long for a printed card (text shrunk and cut)", ["far", "long"])]
    plain = make_deck("""\
        cardsmith: 1
        id: plain
        title: Plain
        questions: [{id: q, type: open, prompt: "$src=1$ and src=", answer: "`<img src=x>`"}]
        """)
    assert export(plain, tmp_path)[1].losses == {}


def test_values_are_escaped_as_the_templates_escape_them() -> None:
    for value in ("q-1", "", "a<b>&'\"c", "&amp;", "plain text", "é"):
        assert escaped(value) == str(escape(value))


@pytest.mark.parametrize(("mode", "paper", "grid"), [
    ("single", "a4", (1, 1)), ("single", "index", (1, 1)), ("duplex", "letter", (3, 5))])
def test_fit_is_the_largest_size_whose_capacity_holds_the_text(
        mode: str, paper: str, grid: tuple[int, int]) -> None:
    layout = make_layout(mode, PAPERS[paper], *grid)
    capacities = layout.capacities
    assert list(capacities) == sorted(capacities)
    for chars in [0, 1, *range(0, int(capacities[-1]) + 50, 7),
                  *(int(c) for c in capacities), *(int(c) + 1 for c in capacities)]:
        expected = next((i for i, c in enumerate(capacities) if chars <= c), len(capacities))
        assert layout.fit(chars) == expected, chars


def test_back_sheet_mirrors_each_row() -> None:
    assert make_layout("duplex", PAPERS["a4"], 2, 4).back_order == (1, 0, 3, 2, 5, 4, 7, 6)
    assert make_layout("duplex", PAPERS["a4"], 3, 1).back_order == (2, 1, 0)
    assert make_layout("single", PAPERS["a4"], 2, 4).back_order == (0,)
