"""The page printed by headless Chromium, read back from the PDF with poppler-utils."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsmith.model import Deck
from cardsmith.source.loader import load_deck
from tests.consumers.chromium import pdf_info, pdf_text, print_pdf, squash
from tests.exporters.html import ALL_TYPES, expected_answers, export


def test_printed_page_shows_every_answer(seed_deck: Deck, tmp_path: Path) -> None:
    page, report = export(seed_deck, tmp_path)
    assert report.losses == {}
    text = pdf_text(print_pdf(page, tmp_path))
    for answer in expected_answers(seed_deck):
        assert squash(answer) in text
    assert "Show answer" not in text
    assert "Duration: about 12 minutes" in text
    assert "(a) What is the hard label?" in text and "(c) A production system" in text
    note = seed_deck.exercises[0].parts[2].note
    assert note is not None
    # Chromium draws a bullet without a glyph in the text layer: drop the plain text's dash.
    assert squash(re.sub(r"^- ", "", note.plain, flags=re.M)) in text


def test_printed_page_shows_every_question_type(tmp_path: Path) -> None:
    deck = load_deck(ALL_TYPES)
    page, _ = export(deck, tmp_path)
    text = pdf_text(print_pdf(page, tmp_path))
    for answer in expected_answers(deck):
        assert squash(answer) in text
    for shown in ("B. Jupiter ✓", "A. 2 ✓ B. 3 ✓ C. 4", "True.", "Au Also accepted: au",
                  "3.14 (± 0.005: anything from 3.135 to 3.145)", "1. France → B. Paris",
                  "2. Japan → C. Tokyo", "3. Kenya → A. Nairobi",
                  "Canberra is the capital of Australia", "Right, about 11 Earth diameters."):
        assert shown in text, shown


@pytest.mark.parametrize(("paper", "size"), [("a4", (841.92, 594.96)), ("letter", (792, 612)),
                                             ("index", (360, 216))])
def test_flashcard_print_is_one_side_a_page(seed_deck: Deck, tmp_path: Path, paper: str,
                                            size: tuple[float, float]) -> None:
    page, _ = export(seed_deck, tmp_path, paper=paper)
    pdf = print_pdf(page, tmp_path, "#print-flashcards")
    pages, got = pdf_info(pdf)
    assert pages == 2 * len(seed_deck.flashcards) == 24
    assert got == pytest.approx(size, abs=1)
    for n, card in enumerate(seed_deck.flashcards, start=1):
        front, back = pdf_text(pdf, 2 * n - 1), pdf_text(pdf, 2 * n)
        assert squash(card.front.plain) in front and f"{n} / 12" in front
        assert squash(card.back.plain) in back and f"{n} / 12" in back


def test_duplex_print_mirrors_backs_for_a_long_edge_flip(seed_deck: Deck,
                                                         tmp_path: Path) -> None:
    page, _ = export(seed_deck, tmp_path, layout="duplex")
    pdf = print_pdf(page, tmp_path, "#print-flashcards")
    pages, (width, height) = pdf_info(pdf)
    assert pages == 4  # 12 cards, 8 a sheet: two sheets, each a front and a back page
    assert (width, height) == pytest.approx((595, 842), abs=1)
    half, row = int(width / 2), int((height - 2 * 28) / 4)  # 10 mm margins, four rows
    cards = seed_deck.flashcards
    for i in range(12):
        sheet, cell = divmod(i, 8)
        r, c = divmod(cell, 2)
        y = 28 + r * row + 4
        front_box = (c * half + 4, y, half - 8, row - 8)
        back_box = ((1 - c) * half + 4, y, half - 8, row - 8)  # the other column: mirrored
        front = pdf_text(pdf, 2 * sheet + 1, front_box)
        back = pdf_text(pdf, 2 * sheet + 2, back_box)
        assert squash(cards[i].front.plain) in front and f"{i + 1} / 12" in front
        assert squash(cards[i].back.plain) in back and f"{i + 1} / 12" in back


def test_long_card_shrinks_and_is_flagged_but_keeps_its_page(
        make_deck: Callable[[str], Deck], tmp_path: Path) -> None:
    long_back = " ".join(f"word{i}" for i in range(700))
    deck = make_deck(f"""\
        cardsmith: 1
        id: long
        title: Long
        flashcards:
          - {{id: short, front: Short, back: Fine.}}
          - {{id: long, front: Long, back: "{long_back}"}}
        """)
    page, report = export(deck, tmp_path, paper="index")
    assert report.losses == {"flashcards too long for a printed card (text shrunk and cut)":
                             ["long"]}
    pdf = print_pdf(page, tmp_path, "#print-flashcards")
    assert pdf_info(pdf)[0] == 4
    assert "Too long for this card" in pdf_text(pdf, 4)
    assert "Too long" not in pdf_text(pdf, 2)
