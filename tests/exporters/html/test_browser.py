"""The page in a browser (the system Chromium, driven by playwright).

It fetches nothing, turns cards over, reveals answers and fits a phone.
"""

from __future__ import annotations

import base64
import http.server
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest

from cardsmith.model import Deck, OpenQuestion
from cardsmith.source.loader import load_deck
from tests.conftest import DATA, PIXEL, require_tool
from tests.consumers.chromium import open_page, pdf_text, squash
from tests.exporters.html import ALL_TYPES, HOSTILE, expected_answers, export


def test_seed_page_requests_nothing(browser: Any, seed_deck: Deck, tmp_path: Path) -> None:
    page, _ = export(seed_deck, tmp_path)
    tab, requests = open_page(browser, page)
    tab.locator("summary").first.click()
    tab.locator(".flip").first.click()
    tab.click("text=Print flashcards")  # window.print() returns at once in headless Chromium
    assert tab.locator(".cardprint").is_visible()
    assert requests == [page.as_uri()]


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_deck_images_and_links_fetch_nothing(browser: Any, make_deck: Callable[[str], Deck],
                                             tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        deck = make_deck(f"""\
            cardsmith: 1
            id: remote
            title: Remote
            allow_html: true
            intro: "![chart]({base}/chart.png) and [a link]({base}/link)"
            flashcards:
              - {{id: c, front: '<img src="{base}/x.png"><link rel="stylesheet" href="{base}/s">',
                  back: '<iframe src="{base}/frame"></iframe><script src="{base}/s.js"></script>'}}
            """)
        page, report = export(deck, tmp_path)
        assert report.losses == {"remote pictures not shown (the page fetches nothing)": [
            "remote", "c"]}
        failures: list[str] = []
        tab = browser.new_page()
        tab.on("requestfailed", lambda r: failures.append(r.failure))
        tab.goto(page.as_uri())
        tab.locator(".flip").first.click()
        tab.wait_for_timeout(300)
        # Each attempt was stopped by the page's Content-Security-Policy, before any network.
        assert failures and set(failures) == {"csp"}
        assert _Recorder.seen == []
    finally:
        server.shutdown()



def test_local_media_are_embedded_and_remote_ones_reported(
        browser: Any, make_deck: Callable[[str], Deck], tmp_path: Path) -> None:
    # The loader refuses paths outside the deck's folder, missing and non-media files
    # (tests/data/invalid/media-paths.yaml); what reaches the page is embedded.
    (tmp_path / "fig").mkdir()
    (tmp_path / "fig" / "dot one.png").write_bytes(PIXEL)
    wav = (DATA / "valid" / "media" / "beep.wav").read_bytes()
    (tmp_path / "fig" / "beep.wav").write_bytes(wav)
    deck = make_deck("""\
        cardsmith: 1
        id: pictures
        title: Pictures
        questions:
          - id: q
            type: open
            prompt: "![a dot](fig/dot%20one.png)"
            answer: "![a beep](fig/beep.wav)"
          - id: far
            type: open
            prompt: "![remote](https://example.org/x.png)"
            answer: "Far away."
        """)
    page, report = export(deck, tmp_path / "out")
    assert report.losses == {"remote pictures not shown (the page fetches nothing)": ["far"]}
    text = page.read_text(encoding="utf-8")
    assert "data:image/png;base64," + base64.b64encode(PIXEL).decode() in text
    assert "data:audio/wav;base64," + base64.b64encode(wav).decode() in text
    tab, requests = open_page(browser, page)
    assert tab.evaluate("document.querySelector('.prompt img').naturalWidth") == 1
    assert tab.evaluate("document.querySelector('audio').src.startsWith('data:audio/wav')")
    # The remote picture is refused by the page's policy (see the CSP test), never fetched.
    assert [r for r in requests if not r.startswith("https:")] == [page.as_uri()]


def test_flashcard_turns_over_on_click_enter_and_space(browser: Any, seed_deck: Deck,
                                                       tmp_path: Path) -> None:
    page, _ = export(seed_deck, tmp_path)
    tab, _ = open_page(browser, page)
    cards = tab.locator(".flip")
    first, second = cards.nth(0), cards.nth(1)
    back = tab.locator("#card-card-bert-limitations-back")
    assert not back.is_visible()
    first.click()
    assert back.is_visible() and "Context length" in back.inner_text()
    assert first.get_attribute("aria-expanded") == "true"
    assert back.get_attribute("aria-hidden") == "false"
    first.click()
    assert not back.is_visible()
    second.focus()
    tab.keyboard.press("Enter")
    assert second.get_attribute("aria-expanded") == "true"
    assert tab.locator("#card-card-distillation-back").is_visible()
    tab.keyboard.press("Space")
    assert second.get_attribute("aria-expanded") == "false"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.getAttribute('aria-controls')") == (
        "card-card-hinton-back")


def test_show_answer_reveals_it_and_the_correct_option(browser: Any, seed_deck: Deck,
                                                       tmp_path: Path) -> None:
    page, _ = export(seed_deck, tmp_path)
    tab, _ = open_page(browser, page)
    question = tab.locator("#q-hard-label")
    answer = question.locator(".answer-body")
    correct = question.locator(".choice.correct")
    assert not answer.is_visible()
    plain_bg = correct.evaluate("e => getComputedStyle(e).backgroundColor")
    question.get_by_text("Show answer").click()
    assert answer.is_visible() and "The single most likely class." in answer.inner_text()
    assert correct.inner_text().strip() == "A. positive"
    assert correct.evaluate("e => getComputedStyle(e).backgroundColor") != plain_bg


def test_hostile_deck_runs_no_script_in_the_browser(browser: Any, tmp_path: Path) -> None:
    page, _ = export(load_deck(HOSTILE), tmp_path)
    tab, requests = open_page(browser, page)
    for element in tab.locator("summary, .flip").all():
        element.click()
    tab.hover("#q-cloze")
    assert tab.evaluate("window.pwned === undefined")
    assert tab.evaluate("document.documentElement.classList.contains('js')")  # ours did run
    assert [u for u in requests if not u.startswith("file:")] == []


def test_print_flashcards_fits_text_on_screen_preview(browser: Any, seed_deck: Deck,
                                                      tmp_path: Path) -> None:
    page, _ = export(seed_deck, tmp_path, layout="duplex")
    tab, _ = open_page(browser, page)
    assert not tab.locator(".cardprint").is_visible()
    tab.click("text=Print flashcards")
    assert tab.evaluate("location.hash") == "#print-flashcards"
    assert tab.locator(".cardprint").is_visible() and not tab.locator("main").is_visible()
    overflowing = tab.evaluate("""[...document.querySelectorAll('.cell-text')]
        .filter(b => b.scrollHeight > b.clientHeight + 1).length""")
    assert overflowing == 0 and tab.locator(".cell-text").count() == 24
    tab.click("text=Back to the page")
    assert tab.locator("main").is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_fits_a_phone_in_light_and_dark(browser: Any, scheme: str, tmp_path: Path) -> None:
    page, _ = export(load_deck(ALL_TYPES), tmp_path)
    tab = browser.new_page(viewport={"width": 360, "height": 740}, color_scheme=scheme)
    tab.goto(page.as_uri())
    tab.click("text=Show all answers")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    red = int(re.findall(r"\d+", background)[0])
    assert (red < 60) if scheme == "dark" else (red > 200)


def test_unticking_print_with_answers_prints_a_worksheet(browser: Any, seed_deck: Deck,
                                                         tmp_path: Path) -> None:
    require_tool("pdftotext")
    page, _ = export(seed_deck, tmp_path)
    tab, _ = open_page(browser, page)
    tab.uncheck("#print-answers")
    pdf = tmp_path / "worksheet.pdf"
    tab.pdf(path=str(pdf))
    text = pdf_text(pdf)
    for located in seed_deck.all_questions():
        assert squash(located.question.prompt.plain) in text
    hidden = [q.answer.plain for q in (loc.question for loc in seed_deck.all_questions())
              if isinstance(q, OpenQuestion)]
    hidden += [loc.question.explanation.plain for loc in seed_deck.all_questions()
               if loc.question.explanation]
    hidden += [card.back.plain for card in seed_deck.flashcards]
    assert all(squash(answer) not in text for answer in hidden)
    assert "✓" not in text and "A. positive B. neutral" in text
    tab.check("#print-answers")
    tab.pdf(path=str(pdf))
    assert all(squash(answer) in pdf_text(pdf) for answer in expected_answers(seed_deck))
