"""Every format in the deck's language, read back by its real consumer.

A deck with `language: de` (or `fr`) gives a German (French) page, Moodle
categories and Anki subdecks; an unknown language falls back to English and a
regional tag (`de-CH`) reads its language. Each test reads the words a learner
sees, as the format tests in this folder read the rest.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from cardsmith import registry
from cardsmith.exporter import ExportError, Report
from cardsmith.model import Deck
from cardsmith.text.labels import TABLES, Labels, labels
from exporters.html import content_security_policy
from tests.consumers.anki_collection import Anki
from tests.consumers.chromium import open_page
from tests.consumers.gift_readings import Record, from_pegjs
from tests.exporters.anki import NOTE_TYPES, guid, visible
from tests.exporters.anki import export as anki_export
from tests.exporters.gift.test_gift import export as gift_export

DECK = """\
    cardsmith: 1
    id: zellen
    title: Zellbiologie
    language: {language}
    questions:
      - {{id: tf, type: truefalse, prompt: Zellen haben eine Membran., answer: true}}
      - id: multi
        type: multi
        prompt: Welche enthalten DNA?
        choices: [Zellkern, Mitochondrium, Ribosom]
        answer: [Zellkern, Mitochondrium]
      - {{id: short, type: short, prompt: Zeichen für Gold?, answer: [Au, au]}}
      - {{id: num, type: numeric, prompt: Pi?, answer: 3.14, tolerance: 0.01}}
      - id: match
        type: match
        prompt: Ordnen Sie zu.
        pairs: [{{left: Ribosom, right: Proteine}}, {{left: Mitochondrium, right: ATP}}]
    exercises:
      - id: osmose
        title: Osmose
        minutes: 1
        materials: Eine Kartoffel.
        side_effects: Salzige Kartoffel.
        parts:
          - id: teil
            title: Teil eins
            note: Gut gemacht.
            questions:
              - {{id: welk, type: open, prompt: Welche Scheibe wird welk?, answer: Die salzige.}}
              - {{id: luecke, type: cloze, prompt: "Die {{{{Mitochondrie}}}} liefert Energie."}}
    flashcards:
      - {{id: zelle, front: Zelle, back: Kleinste Einheit des Lebens}}
      - {{id: kern, front: Zellkern, back: Steuerzentrale}}
    """

# What a teacher expects to read, typed here rather than taken from cardsmith/text/labels.
EXPECTED = {
    "de": {"show": "Antwort anzeigen", "hide": "Antwort ausblenden",
           "all": "Alle Antworten anzeigen", "all_hidden": "Alle Antworten ausblenden",
           "questions": "Fragen", "practice": "Übungsfragen", "cards": "Lernkarten",
           "minutes": "etwa 1 Minute", "time": "Bearbeitungszeit: 1 Minute",
           "true": "Wahr", "false": "Falsch", "print": "Lernkarten drucken"},
    "fr": {"show": "Afficher la réponse", "hide": "Masquer la réponse",
           "all": "Afficher toutes les réponses", "all_hidden": "Masquer toutes les réponses",
           "questions": "Questions", "practice": "Questions d\u2019entraînement", "cards": "Fiches",
           "minutes": "environ 1 minute", "time": "Durée\u00a0: 1 minute",
           "true": "Vrai", "false": "Faux", "print": "Imprimer les fiches"},
}


@pytest.fixture
def deck_in(make_deck: Callable[[str], Deck]) -> Callable[[str], Deck]:
    """The test deck with `language` set to the given tag."""
    return lambda language: make_deck(DECK.format(language=language))


class _Page(HTMLParser):
    """The text a page shows (scripts and styles apart), its worded attributes, its code."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.code: dict[str, str] = {}
        self.lang = ""
        self.csp = ""
        self._inside = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self._inside = tag if tag in ("script", "style") else ""
        self.attributes += [v or "" for k, v in attrs
                            if k in ("aria-label", "title", "data-show", "data-hide")]
        if tag == "html":
            self.lang = found["lang"] or ""
        if tag == "meta" and found.get("http-equiv") == "Content-Security-Policy":
            self.csp = found["content"] or ""

    def handle_endtag(self, tag: str) -> None:
        self._inside = ""

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.code[self._inside] = self.code.get(self._inside, "") + data
        else:
            self.text.append(data)

    @property
    def shown(self) -> str:
        """The page's text with each run of HTML whitespace (not a no-break space) made one."""
        return re.sub(r"[ \t\n\r\f]+", " ", "".join(self.text)).strip()


def html_page(deck: Deck, **options: str) -> _Page:
    """The parsed page of `deck`."""
    [data] = registry.load("html")(options).render(deck, Report()).values()
    page = _Page()
    page.feed(data.decode("utf-8"))
    page.close()
    return page


@pytest.mark.parametrize("language", ["de", "fr"])
def test_the_page_speaks_the_decks_language(deck_in: Callable[[str], Deck],
                                            language: str) -> None:
    page = html_page(deck_in(language))
    want = EXPECTED[language]
    shown = page.shown
    assert page.lang == language
    for key in ("show", "hide", "all", "questions", "cards", "minutes", "print"):
        assert want[key] in shown, key
    assert f"{want['true']}." in shown  # the true/false solution
    words = labels(language)
    for key in ("duration", "materials", "side_effects", "choose_all", "true_or_false",
                "turn_all_over", "shuffle", "print", "back_to_page", "back", "print_with_answers"):
        assert words[key] in shown, key
    assert words["also_accepted"].format(answers="au") in shown
    assert words["card_front"].format(n=2, total=2) in shown
    assert words["made_with"].format(source="deck.yaml", date="2023-11-14") in shown
    for key in ("contents", "note", "flashcard_print", "cards_for_print", "matches"):
        assert words[key] in page.attributes, key
    assert english_left(page, words) == []
    # The script toggles to the button's words, and the page's policy still lets it run.
    assert want["all"] in page.attributes and want["all_hidden"] in page.attributes
    assert script_allowed(page)
    # What a printed answer, an exercise fact and a too long printed card show.
    for key in ("answer", "colon", "too_long"):
        assert f'--label-{key.replace("_", "-")}: "{words[key]}"' in page.code["style"], key


def english_left(page: _Page, words: Labels) -> list[str]:
    """The English labels still in the page's text, attributes or script and style strings.

    Names and comments in the script and the style are English, as code is: not read.
    """
    code = re.sub(r"/\*.*?\*/", "", page.code["script"] + page.code["style"], flags=re.S)
    strings = re.findall(r'"((?:[^"\\]|\\.)*)"', code)
    everything = " ".join([page.shown, *page.attributes, *strings])
    return [text for key, text in labels("en").items() if "{" not in text
            and text != words[key] and any(c.isalpha() for c in text) and text in everything]


def script_allowed(page: _Page) -> bool:
    """Whether the page's Content-Security-Policy lets its script run."""
    digest = base64.b64encode(hashlib.sha256(page.code["script"].encode()).digest()).decode()
    return f"'sha256-{digest}'" in page.csp


@pytest.mark.parametrize("language", sorted(TABLES))
def test_every_language_gives_a_whole_page(deck_in: Callable[[str], Deck],
                                           language: str) -> None:
    words = labels(language)
    page = html_page(deck_in(language), layout="duplex")
    assert words["show_answer"] in page.shown and words["flip_long_edge"] in page.shown
    assert words["hide_all_answers"] in page.attributes and script_allowed(page)
    assert english_left(page, words) == []
    # The script and the stylesheet hold no words: one policy for every language.
    assert page.csp == content_security_policy()


def test_the_flashcard_print_banner_counts_in_the_language(
        deck_in: Callable[[str], Deck]) -> None:
    single = html_page(deck_in("de")).shown
    assert ("Lernkarten-Druck. Der Druck umfasst jetzt 2 Karten auf 4 Seiten im Format A4, "
            "jede Vorderseite gefolgt von ihrer Rückseite.") in single
    duplex = html_page(deck_in("fr"), layout="duplex", paper="letter").shown
    assert ("L\u2019impression comprend maintenant 2 fiches sur 2 pages au format Lettre US\u00a0: "
            "imprimez en recto verso et choisissez retourner sur les bords longs.") in duplex


def test_summary_and_buttons_toggle_in_the_language(browser: Any, deck_in: Callable[[str], Deck],
                                                     tmp_path: Path) -> None:
    want = EXPECTED["de"]
    result = registry.load("html")().export(deck_in("de"), tmp_path)
    tab, _ = open_page(browser, result.paths[0])
    summary = tab.locator("#q-tf summary")
    assert summary.inner_text() == want["show"]
    summary.click()
    assert summary.inner_text() == want["hide"]
    button = tab.locator('[data-action="answers"]')
    button.click()
    assert button.inner_text() == want["all_hidden"]  # set by the page's own script
    assert tab.locator("#q-num .answer-body").is_visible()
    button.click()
    assert button.inner_text() == want["all"]
    assert not tab.locator("#q-num .answer-body").is_visible()


@pytest.mark.parametrize(("tag", "language"), [("de-CH", "de"), ("FR", "fr"), ("xx", "en")])
def test_a_tag_reads_its_primary_language(deck_in: Callable[[str], Deck], tag: str,
                                          language: str) -> None:
    page = html_page(deck_in(tag))
    assert page.lang == tag  # the page keeps the deck's own tag
    assert labels(language)["show_answer"] in page.shown
    assert labels(language)["hide_all_answers"] in page.attributes


def gift_categories(text: str, pegjs: Callable[[str], list[Record]]) -> list[list[str]]:
    """The category paths gift-pegjs reads, below `$course$/top`."""
    return [r["names"] for r in map(from_pegjs, pegjs(text)) if r["type"] == "category"]


@pytest.mark.parametrize("language", ["de", "fr"])
def test_moodle_categories_are_in_the_decks_language(
        deck_in: Callable[[str], Deck], pegjs: Callable[[str], list[Record]],
        language: str) -> None:
    want = EXPECTED[language]
    text, _ = gift_export(deck_in(language), flashcards="essay")
    assert gift_categories(text, pegjs) == [
        ["Zellbiologie"], ["Zellbiologie", want["practice"]], ["Zellbiologie", "Osmose"],
        ["Zellbiologie", "Osmose", "Teil eins"], ["Zellbiologie", want["cards"]]]
    [about] = [r for r in map(from_pegjs, pegjs(text))
               if r["type"] == "description" and r["id"] == "zellen-osmose"]
    words = labels(language)
    assert want["time"] in re.sub(r"<[^>]+>", "", about["text"])
    assert f"{words['materials']}{words['colon']}</strong> Eine Kartoffel." in about["text"]


@pytest.mark.parametrize(("tag", "practice"), [("xx", "Practice questions"),
                                               ("de-CH", "Übungsfragen")])
def test_moodle_categories_fall_back_to_english(deck_in: Callable[[str], Deck],
                                                pegjs: Callable[[str], list[Record]], tag: str,
                                                practice: str) -> None:
    text, _ = gift_export(deck_in(tag))
    assert ["Zellbiologie", practice] in gift_categories(text, pegjs)


@pytest.mark.parametrize("language", ["de", "fr"])
def test_anki_subdecks_and_notes_are_in_the_decks_language(
        anki: Anki, deck_in: Callable[[str], Deck], tmp_path: Path, language: str) -> None:
    want = EXPECTED[language]
    deck = deck_in(language)
    path, report = anki_export(deck, tmp_path / "out")
    assert report.losses == {}
    anki.import_(path)
    decks = anki.decks()
    assert set(decks) == {"Zellbiologie", f"Zellbiologie::{want['practice']}",
                          "Zellbiologie::Osmose", f"Zellbiologie::{want['cards']}"}
    assert want["time"] in visible(decks["Zellbiologie::Osmose"])
    words = labels(language)
    notes = anki.notes()
    truefalse = notes[guid(deck, "tf")]
    assert truefalse.fields["Choices"] == (f'<ol type="A"><li>{want["true"]}</li>'
                                           f'<li>{want["false"]}</li></ol>')
    assert words["select_all"] in notes[guid(deck, "multi")].fields["Choices"]
    assert notes[guid(deck, "short")].fields["Accepted"] == words["also_accepted"].format(
        answers="<i>au</i>")
    assert words["accepted_range"].format(low="3.13", high="3.15", answer="3.14",
                                          tolerance="0.01") in visible(
        notes[guid(deck, "num")].cards[0].answer)
    # The note types are the English ones every deck shares: Anki updates notes by them.
    types = anki.note_types()
    assert {name: [f["name"] for f in t["flds"]] for name, t in types.items()} == NOTE_TYPES
    assert {t["name"] for m in types.values() for t in m["tmpls"]} == {
        "Card 1", "Card 2", "Cloze"}


def test_anki_subdeck_options_still_win(anki: Anki, deck_in: Callable[[str], Deck],
                                        tmp_path: Path) -> None:
    path, _ = anki_export(deck_in("de"), tmp_path / "out", **{"questions-deck": "Quiz"})
    anki.import_(path)
    assert {"Zellbiologie::Quiz", "Zellbiologie::Lernkarten"} <= set(anki.decks())
    path, _ = anki_export(deck_in("xx"), tmp_path / "en")
    anki.import_(path)
    assert {"Zellbiologie::Practice questions", "Zellbiologie::Flashcards"} <= set(anki.decks())


def test_anki_refuses_a_subdeck_name_the_other_takes_in_the_language(
        deck_in: Callable[[str], Deck], tmp_path: Path) -> None:
    exporter = registry.load("anki")({"flashcards-deck": "Übungsfragen"})
    with pytest.raises(ExportError, match=re.escape("both be named 'Übungsfragen'")):
        exporter.export(deck_in("de"), tmp_path)
    # In English, the same name is no clash.
    exporter.export(deck_in("en"), tmp_path)


@pytest.mark.parametrize(("language", "true"), [("de", "Wahr"), ("pt-BR", "Verdadeiro"),
                                                ("xx", "True")])
def test_quizlet_true_false_answers_are_in_the_language(deck_in: Callable[[str], Deck],
                                                        language: str, true: str) -> None:
    [data] = registry.load("quizlet")().render(deck_in(language), Report()).values()
    assert f"Zellen haben eine Membran.\t{true}\n" in data.decode("utf-8")
