"""Rich content end to end: the example deck cards/rich-content.yaml, built to every format
and read back by each real consumer, with the report naming exactly what was dropped."""

from __future__ import annotations

import base64
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsmith import registry
from cardsmith.build import pipeline as build
from cardsmith.model import Deck
from cardsmith.source.loader import load_deck
from tests.conftest import ROOT, require_tool
from tests.consumers import moodle_xml
from tests.consumers.anki_collection import Anki
from tests.consumers.gift_readings import Record
from tests.exporters.anki import guid

RICH = ROOT / "cards" / "rich-content.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, list[str]]]]:
    out = tmp_path_factory.mktemp("rich")
    exporters = [registry.load(name)() for name in ("anki", "gift", "html", "moodle", "qti",
                                                           "quizlet")]
    outcomes = build.run(exporters, [RICH], out, jobs=1)
    return out, {o.format: o.report.losses for o in outcomes}


@pytest.fixture
def deck() -> Deck:
    return load_deck(RICH)


def test_the_report_names_exactly_what_each_format_drops(
        built: tuple[Path, dict[str, dict[str, list[str]]]]) -> None:
    assert built[1] == {
        "anki": {},
        "html": {},
        "gift": {"flashcards left out (-O gift.flashcards=essay adds them)":
                 ["card-softmax", "card-a440"]},
        "moodle": {"flashcards left out (-O moodle.flashcards=essay adds them)":
                   ["card-softmax", "card-a440"]},
        "qti": {"flashcards left out (-O qti.flashcards=essay adds them)":
                ["card-softmax", "card-a440"]},
        "quizlet": {
            "deck intro left out (paste it as the set's description)": ["rich-content"],
            "pictures and sounds left out (shown as [image: ...], [audio: ...])":
                ["soft-figure", "card-a440"]},
    }


def test_moodle_carries_the_figure_as_a_file_and_formulas_for_mathjax(
        built: tuple[Path, object], deck: Deck) -> None:
    records = moodle_xml.read((built[0] / "rich-content.moodle.xml").read_bytes())
    by_id = {r.get("idnumber"): r for r in records}
    figure = by_id["rich-content-soft-figure"]["questiontext"]
    [(name, data)] = figure["files"].items()
    assert data == deck.media["media/soft-targets.png"].data
    assert f'src="@@PLUGINFILE@@/{name}"' in figure["text"]
    feedback = by_id["rich-content-kl-formula"]["graderinfo"]["text"]
    assert r"\[D_{\mathrm{KL}}(p \parallel q)" in feedback


def test_anki_packs_the_media_and_keeps_formulas_for_mathjax(
        built: tuple[Path, object], anki: Anki, deck: Deck) -> None:
    anki.import_(built[0] / "rich-content.apkg")
    notes = anki.notes()
    media = Path(anki.col.media.dir())
    figure = deck.media["media/soft-targets.png"]
    sound = deck.media["media/a440.wav"]
    assert (media / figure.flat_name).read_bytes() == figure.path.read_bytes()
    assert (media / sound.flat_name).read_bytes() == sound.path.read_bytes()
    assert f'src="{figure.flat_name}"' in notes[guid(deck, "soft-figure")].fields["Question"]
    assert f"[sound:{sound.flat_name}]" in notes[guid(deck, "card-a440")].fields["Front"]
    back = notes[guid(deck, "kl-formula")].fields["Back"]
    assert r"\[D_{\mathrm{KL}}(p \parallel q)" in back and r"\(-\log q_y\)" in back
    code = notes[guid(deck, "temperature-code")].fields["Front"]
    assert '<span class="k">def</span>' in code


def test_html_prints_the_figure_the_formulas_and_the_code(
        built: tuple[Path, object], tmp_path: Path) -> None:
    require_tool("chromium", "pdftotext", "pdfimages")
    pdf = tmp_path / "rich.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                    (built[0] / "rich-content.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    images = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True,
                            text=True).stdout
    assert re.search(r"^\s*1\s+\d+\s+image\s+120\s+80\s", images, re.MULTILINE), images
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "∑" in text and "∥" in text  # typeset from MathML, not TeX source
    assert "\\frac" not in text and "$$" not in text.split("(display).")[1]
    assert "def soften(logits, T=2.0):" in text


def test_gift_keeps_the_tex_for_moodles_mathjax(
        built: tuple[Path, object], pegjs: Callable[[str], list[Record]]) -> None:
    questions = {q["title"]: q for q in pegjs((built[0] / "rich-content.gift.txt").read_text())
                 if q.get("title")}
    symbol = next(q for title, q in questions.items() if title.startswith("Which symbol"))
    # gift-pegjs, like Moodle, turns the escaped \\ back into one backslash.
    assert r"\(\nabla\)" in symbol["stem"]["text"]
    kl = next(q for title, q in questions.items() if title.startswith("Write the KL"))
    assert r"\[D_{\mathrm{KL}}(p \parallel q) = \sum_i p_i \log \frac{p_i}{q_i}\]" in (
        kl["globalFeedback"]["text"])
    figure = next(q for title, q in questions.items() if title.startswith("Which class"))
    data = base64.b64encode((ROOT / "cards" / "media" / "soft-targets.png").read_bytes())
    assert f"data:image/png;base64,{data.decode()}" in figure["stem"]["text"]


def test_quizlet_keeps_the_tex_source(built: tuple[Path, object]) -> None:
    rows = [line.split("\t") for line in
            (built[0] / "rich-content.quizlet.csv").read_text(encoding="utf-8").split("\n")]
    terms = {term: definition for term, definition in rows}
    assert terms["Which symbol is $\\nabla$ called?"] == "nabla / del"
    assert terms["The softmax with temperature $T$?"] == (
        "$$\\sigma(z)_i = \\frac{e^{z_i / T}}{\\sum_j e^{z_j / T}}$$")
    assert terms["Which pitch is this? [audio: A 440 Hz tone]"] == "A4, 440 Hz."
