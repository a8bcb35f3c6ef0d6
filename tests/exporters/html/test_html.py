"""The HTML page, checked through its real consumer: Chromium on screen and printing to PDF."""

from __future__ import annotations

import base64
import http.server
import importlib.util
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
from markupsafe import escape

from cardsmith import registry
from cardsmith.exporter import OptionError, Report
from cardsmith.model import ChoiceQuestion, Deck, MultiQuestion, OpenQuestion
from cardsmith.source.loader import load_deck
from exporters.html.filters import escaped
from exporters.html.printing import PAPERS, make_layout
from tests.conftest import DATA, require, require_tool

HOSTILE = DATA / "valid" / "html-hostile.yaml"
ALL_TYPES = DATA / "valid" / "all-types.yaml"
HtmlExporter = registry.load("html")  # through its entry point, as the command line does
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--no-pdf-header-footer"]


def export(deck: Deck, out: Path, **options: str) -> tuple[Path, Report]:
    """Write the page of `deck` into `out`; return its path and the loss report."""
    result = HtmlExporter(options).export(deck, out)
    return result.paths[0], result.report


def squash(text: str) -> str:
    """Text with every run of whitespace (page breaks too) made one space.

    Hyphens inside a word are dropped: pdftotext joins a word broken at its
    hyphen across two lines ("cross-" / "entropy") into "crossentropy".
    """
    return re.sub(r"(?<=\w)- ?(?=\w)", "", " ".join(text.split()))


def print_pdf(page: Path, tmp_path: Path, fragment: str = "") -> Path:
    """Print the page with headless Chromium, as a user's `--print-to-pdf` would."""
    require_tool("chromium", "pdfinfo", "pdftotext")
    pdf = tmp_path / f"print{len(list(tmp_path.glob('print*.pdf')))}.pdf"
    profile = tmp_path / "chromium-profile"
    subprocess.run([shutil.which("chromium") or "chromium", *CHROMIUM_FLAGS,
                    f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                    page.as_uri() + fragment], check=True, capture_output=True, timeout=180)
    return pdf


def pdf_info(pdf: Path) -> tuple[int, tuple[float, float]]:
    """Page count and the first page's size in points, as pdfinfo reads them."""
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M)[1])  # type: ignore[index]
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", out, re.M)
    assert size is not None
    return pages, (float(size[1]), float(size[2]))


def pdf_text(pdf: Path, page: int | None = None, box: tuple[int, int, int, int] | None = None
             ) -> str:
    """The text pdftotext reads, of one page and of a box (x, y, w, h in points) if given."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if box is not None:
        args += ["-x", str(box[0]), "-y", str(box[1]), "-W", str(box[2]), "-H", str(box[3])]
    return squash(subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True,
                                 text=True).stdout)


def expected_answers(deck: Deck) -> Iterator[str]:
    """The plain text of every answer and explanation a printed page must show."""
    for located in deck.all_questions():
        q = located.question
        if isinstance(q, OpenQuestion):
            yield q.answer.plain
        elif isinstance(q, ChoiceQuestion | MultiQuestion):
            yield from (c.text.plain for c in q.choices if c.correct)
        if q.explanation:
            yield q.explanation.plain
    for card in deck.flashcards:
        yield card.front.plain
        yield card.back.plain


# ---- the page itself ------------------------------------------------------------------


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


# ---- printing with Chromium -----------------------------------------------------------


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


# ---- in the browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """The system Chromium driven by playwright (no downloaded browser)."""
    require(importlib.util.find_spec("playwright") is not None, "the Python package playwright")
    require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                      args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def open_page(browser: Any, page_file: Path, fragment: str = "") -> tuple[Any, list[str]]:
    """Open the page; return it and the list of every URL it requests, filled as it goes."""
    tab = browser.new_page(reduced_motion="reduce")
    requests: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("dialog", lambda d: errors.append(f"dialog {d.message}"))
    tab.goto(page_file.as_uri() + fragment)
    tab.wait_for_load_state("load")
    assert errors == []
    return tab, requests


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


PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAC"
                         "hwGA60e6kgAAAABJRU5ErkJggg==")


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
