"""Markup and script in a deck's text: nothing becomes live in any format's real consumer."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsmith import registry
from cardsmith.exporter import Report
from cardsmith.model import Deck
from cardsmith.source.loader import load_deck
from cardsmith.source.problems import DeckError
from tests.conftest import require
from tests.consumers import moodle_gift as moodle
from tests.consumers.anki_collection import HAS_ANKI, anki_import
from tests.consumers.gift_pegjs import parse as gift_pegjs
from tests.consumers.markup import Page, assert_inert, live_parts, template_script
from tests.hazards import HOSTILE

SCRIPTED = """\
cardsmith: 1
id: scripted
title: "Script <script>alert('title')</script>"
intro: |-
  [a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](java&#09;script:alert(1))
  [d](&#106;avascript:alert(1)) [e](vbscript:msgbox(1)) [f](data:text/html,<script>x</script>)
  <javascript:alert(2)> [g][ref] <a href="javascript:alert(3)" onclick="alert(4)">h</a>

  [ref]: javascript:alert(5)
questions:
  - id: open
    type: open
    prompt: "<img src=x onerror=alert(6)> <svg/onload=alert(7)> <iframe src=javascript:alert(8)>"
    answer: |-
      <div onmouseover="alert(9)">block</div>

      <script>
      alert(10)
      </script>
  - id: pick
    type: choice
    prompt: '[x](http://example.org "a&quot; onmouseover=&quot;alert(11)")'
    choices: ["<b onclick=alert(12)>B</b>", "<style>*{display:none}</style>"]
    answer: "<b onclick=alert(12)>B</b>"
  - id: anki-tags
    type: open
    prompt: "[latex]\\\\immediate\\\\write18{touch pwned}[/latex] and [$]\\\\input{/etc/passwd}[/$]"
    answer: "[sound:_secret.mp3] [$$]x[/$$] [anki:tts lang=en_US]spoken[/anki:tts]"
flashcards:
  - id: card
    front: "![x](javascript:alert(13)) <object data=x></object> <base href=//evil/>"
    back: "<form action=//evil/><input name=p></form> <meta http-equiv=refresh content=0>"
"""


@pytest.fixture
def scripted(make_deck: Callable[..., Deck]) -> Deck:
    """A deck whose every text tries to bring its own markup, links or script."""
    return make_deck(SCRIPTED, "scripted.yaml")


@pytest.mark.parametrize("source", ["scripted", "html-hostile"])
def test_anki_notes_hold_no_live_script(source: str, scripted: Deck, tmp_path: Path) -> None:
    require(HAS_ANKI, "the anki package (pip install anki)")
    deck = scripted if source == "scripted" else load_deck(HOSTILE)
    [data] = registry.load("anki")().render(deck, Report()).values()
    (tmp_path / "deck.apkg").write_bytes(data)
    col = anki_import(tmp_path / "deck.apkg", tmp_path)
    try:
        notes = [col.get_note(nid) for nid in col.find_notes("")]
        assert len(notes) == len(deck.flashcards) + sum(1 for _ in deck.all_questions())
        for note in notes:
            for field in note.values():
                assert_inert(field)
                # Anki runs LaTeX on the learner's machine for [latex] and [$] tags and
                # plays [sound:] files from the collection: a deck's text brings none.
                extracted = col._backend.extract_latex(text=field, svg=False,
                                                        expand_clozes=True)
                assert not extracted.latex, field
            for card in note.cards():
                assert card.question_av_tags() == [] and card.answer_av_tags() == []
                for side in (card.question(), card.answer()):
                    assert_inert(side.split("</style>", 1)[-1])
        for deck_id in col.decks.all_names_and_ids():
            assert_inert(col.decks.get(deck_id.id)["desc"])
        if source == "scripted":  # the tags are still there to read, as text
            [front] = [f for n in notes for f in n.values() if "write18" in f]
            assert html.unescape(front).startswith("[latex]\\immediate\\write18{touch pwned}")
    finally:
        col.close()


@pytest.mark.parametrize("source", ["scripted", "html-hostile"])
def test_html_page_runs_only_its_own_script(source: str, scripted: Deck) -> None:
    deck = scripted if source == "scripted" else load_deck(HOSTILE)
    [data] = registry.load("html")().render(deck, Report()).values()
    page = Page()
    page.feed(data.decode("utf-8"))
    page.close()
    module = registry.load("html").__module__
    assert page.scripts == [template_script(module)]
    tags = [tag for tag, _ in page.tags]
    assert tags.count("style") == 1 and tags.count("meta") == 5  # the page's own
    for tag, attrs in page.tags:
        assert tag not in ("iframe", "object", "embed", "base", "form", "svg", "img"), tag
        # The page's own meta (charset, viewport, CSP, colour scheme, generator), style
        # sheet and script are counted above; everything else must be inert.
        if tag not in ("meta", "style", "script"):
            assert not live_parts(tag, list(attrs.items())), (tag, attrs)
    assert not [a for tag, a in page.tags
                if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh"]


@pytest.mark.parametrize("source", ["scripted", "html-hostile"])
def test_gift_questions_hold_no_live_script(source: str, scripted: Deck) -> None:
    deck = scripted if source == "scripted" else load_deck(HOSTILE)
    [data] = registry.load("gift")({"flashcards": "essay"}).render(deck, Report()).values()
    text = data.decode("utf-8")
    assert len(gift_pegjs(text)) == len(moodle.read(text))
    for q in moodle.read(text):
        assert q.get("format", "html") == "html"
        for key in ("text", "feedback", "name"):
            assert_inert(q.get(key) or "")
        for answer in q.get("answers", []) if q["qtype"] == "multichoice" else []:
            assert_inert(answer[0])
            assert_inert(answer[2])


def test_quizlet_shows_markup_as_text_and_drops_script_links(scripted: Deck) -> None:
    [data] = registry.load("quizlet")().render(scripted, Report()).values()
    text = data.decode("utf-8")
    # Quizlet shows text, never markup: the deck's tags are there as the characters typed.
    assert "<img src=x onerror=alert(6)>" in text and "<script> / alert(10) / </script>" in text
    # A Markdown link keeps its text; a script URL is not shown as a link target.
    for url in ("javascript:alert(13)", "(javascript:", "vbscript:", "data:text/html"):
        assert url not in text.lower()


SHOWS_NOTHING = """\
    cardsmith: 1
    id: empty
    title: Empty renderings
    questions:
      - id: comment
        type: match
        prompt: Match each language with its comment sign.
        pairs: [{left: Python, right: "#"}, {left: C, right: "//"}]
      - id: blank
        type: match
        prompt: A blank right side.
        pairs: [{left: a, right: " "}, {left: b, right: c}]
      - id: definition
        type: choice
        prompt: Which label is right?
        choices: ["[A]: yes", {text: "[B]: no", feedback: "[why]: because"}]
        answer: "[A]: yes"
        explanation: "[3]: index"
    flashcards:
      - {id: sign, front: "Comment sign in Python?", back: "#"}
    """


def test_texts_markdown_shows_nothing_of_are_refused(make_deck: Callable[[str], Deck]) -> None:
    # Each would be an empty card, choice or feedback in every format.
    with pytest.raises(DeckError) as caught:
        make_deck(SHOWS_NOTHING)
    assert [(p.where, p.message.split(";")[0]) for p in caught.value.problems] == [
        ("$.questions[0].pairs[0].right", "renders to nothing: `#` is an empty Markdown heading"),
        ("$.questions[1].pairs[0].right", "must not be blank"),
        ("$.questions[2].choices[0]",
         "renders to nothing: `[A]: yes` is a Markdown link definition"),
        ("$.questions[2].choices[1].text",
         "renders to nothing: `[B]: no` is a Markdown link definition"),
        ("$.questions[2].choices[1].feedback",
         "renders to nothing: `[why]: because` is a Markdown link definition"),
        ("$.questions[2].explanation",
         "renders to nothing: `[3]: index` is a Markdown link definition"),
        ("$.flashcards[0].back", "renders to nothing: `#` is an empty Markdown heading")]


def test_gift_stays_valid_with_escaped_markdown_and_format_syntax(
        make_deck: Callable[[str], Deck]) -> None:
    deck = make_deck("""\
        cardsmith: 1
        id: empty
        title: Empty renderings
        questions:
          - id: comment
            type: match
            prompt: Match each language with its comment sign.
            pairs: [{left: Python, right: "\\\\#"}, {left: C, right: "//"}]
          - id: tag-after-gap
            type: cloze
            prompt: "Formats: {{GIFT}} [html] and [plain]"
          - id: comment-after-gap
            type: cloze
            prompt: "In C, a line comment is {{two slashes}} // like this"
          - id: definition
            type: choice
            prompt: Which label is right?
            choices: ["\\\\[A]: yes", {text: "\\\\[B]: no", feedback: "\\\\[why]: because"}]
            answer: "\\\\[A]: yes"
            explanation: "\\\\[3]: index"
        flashcards:
          - {id: sign, front: "Comment sign in Python?", back: "\\\\#"}
        """)
    report = Report()
    [data] = registry.load("gift")({"flashcards": "short"}).render(deck, report).values()
    text = data.decode("utf-8")
    parsed = {q["id"]: q for q in gift_pegjs(text) if q.get("id")}
    read = {q["idnumber"]: q for q in moodle.read(text) if q.get("idnumber")}
    assert set(parsed) == set(read) == {"empty-comment", "empty-tag-after-gap",
                                        "empty-comment-after-gap", "empty-definition",
                                        "empty-sign"}
    # `\\[A]: yes` shows as `[A]: yes`, and Moodle reads it back so.
    assert read["empty-definition"]["answers"] == [("[A]: yes", 1.0, ""),
                                                   ("[B]: no", 0.0, "[why]: because")]
    assert [c["text"]["text"] for c in parsed["empty-definition"]["choices"]] == [
        "[A]: yes", "[B]: no"]
    assert read["empty-definition"]["feedback"] == "<p>[3]: index</p>"
    # (gift-pegjs leaves its escape placeholders in a match's right side: decoded as Moodle does)
    assert [moodle.post(p["subanswer"]) for p in parsed["empty-comment"]["matchPairs"]] == [
        "#", "//"]
    assert [right for _, right in read["empty-comment"]["pairs"]] == ["#", "//"]
    assert parsed["empty-tag-after-gap"]["stem"]["text"] == "Formats: _____ &#91;html] and [plain]"
    assert read["empty-tag-after-gap"]["text"] == "Formats: _____ &#91;html] and [plain]"
    for reading in (parsed["empty-comment-after-gap"]["stem"]["text"],
                    read["empty-comment-after-gap"]["text"]):
        assert reading == "In C, a line comment is _____ &#47;/ like this"
    assert read["empty-sign"]["answers"] == [("#", 1.0)]
    assert report.losses == {"match answers reduced to one line of plain text": ["comment"]}
