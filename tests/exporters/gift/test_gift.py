r"""The GIFT export, read back by gift-pegjs and by a model of Moodle's importer.

gift-pegjs 1.0.2 (pinned in tests/consumers/gift-pegjs, installed there with `npm ci`) is the
real parser; tests/consumers/moodle_gift.py models Moodle's own importer where the
two differ. Each reading must give back the deck: every question, answer,
weight and feedback. The differences between the readers that these tests rely
on, checked against gift-pegjs 1.0.2 and format.php:

1. gift-pegjs copies a `$CATEGORY:` line raw; Moodle turns `\\` into `\`. The
   file writes Moodle's form; the gift-pegjs side is undoubled before comparing.
2. gift-pegjs leaves its escape placeholders (`&&058;`...) in a match's right
   side; Moodle decodes them. They are decoded here as Moodle does.
3. A missing-word stem: Moodle puts `_____` where the answer block was;
   gift-pegjs trims both sides and joins them with " _____ ".
4. gift-pegjs ends a `[tag:...]` at the first `]`, Moodle reads `\]` as `]`.
5. Moodle strips anything tag-like (`<...>`) from category names; gift-pegjs
   keeps it.
6. Both readers turn `\\` into `\` and `\n` into a newline in text, titles
   and answers (gift-pegjs 1.0.2 does, despite older notes), so the readings
   checked here are the same apart from 1-5.
"""

from __future__ import annotations

import base64
import random
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardsmith.exporter import OptionError, Report
from cardsmith.model import Deck, MatchQuestion, Pair, Text
from cardsmith.source.loader import load_deck
from exporters.gift import GiftExporter
from exporters.gift.syntax import escape
from exporters.moodle.bank import MOODLE_GRADES, shares
from tests.conftest import DATA, PIXEL, SEED_DECK
from tests.consumers import moodle_gift as moodle
from tests.consumers.gift_readings import (
    Record,
    compare,
    expected,
    for_moodle,
    for_pegjs,
    from_moodle,
    from_pegjs,
)

TORTURE = DATA / "valid" / "gift-torture.yaml"
TAGS_LOST = ("tags with < > `, a final backslash or over 255 characters left out "
             "(Moodle refuses or misreads them)")
DECKS = [SEED_DECK, *sorted((DATA / "valid").glob("*.yaml"))]

def export(deck: Deck, **options: str) -> tuple[str, Report]:
    """The GIFT text of `deck` and the export's report."""
    report = Report()
    files = GiftExporter(options).render(deck, report)
    assert list(files) == [f"{deck.id}.gift.txt"]
    return files[f"{deck.id}.gift.txt"].decode("utf-8"), report


# ---- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_moodle_reads_back_the_deck(path: Path) -> None:
    deck = load_deck(path)
    text, _ = export(deck)
    compare([from_moodle(q) for q in moodle.read(unembed(text, deck))],
            for_moodle(expected(deck)))


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_gift_pegjs_reads_back_the_deck(path: Path, pegjs: Callable[[str], list[Record]]) -> None:
    deck = load_deck(path)
    text, _ = export(deck)
    compare([from_pegjs(q) for q in pegjs(unembed(text, deck))], for_pegjs(expected(deck)))


def unembed(text: str, deck: Deck) -> str:
    """`text` with each embedded data URI put back as the path of the file whose bytes it holds.

    So the readings compare against the deck's own HTML, and an embedded picture
    that is not byte for byte the deck's file fails the comparison.
    """
    files = {base64.b64encode(m.data).decode("ascii"): url for url, m in deck.media.items()}

    def back(match: re.Match[str]) -> str:
        return files.get(match.group(2).replace("\\=", "="), match.group(0))

    return re.sub(r"data\\:([a-z]+/[a-z+.-]+);base64,([A-Za-z0-9+/\\=]+)", back, text)


@pytest.mark.parametrize("cards", ["essay", "short"])
def test_flashcards_option_adds_them(cards: str, pegjs: Callable[[str], list[Record]]) -> None:
    deck = load_deck(TORTURE)
    text, report = export(deck, flashcards=cards, context="once")
    wanted = expected(deck, repeat=False, cards=cards)
    assert [r["id"] for r in wanted[-3:]] == [
        "gift-torture-card-specials", "gift-torture-card-specials.reverse",
        "gift-torture-card-long-back"]
    compare([from_moodle(q) for q in moodle.read(text)], for_moodle(wanted))
    compare([from_pegjs(q) for q in pegjs(text)], for_pegjs(wanted))
    lost = " ".join(report.lines())
    assert "flashcards left out" not in lost
    assert ("flashcards written as essays" in lost) is (cards == "short")


def test_report_names_every_loss() -> None:
    _, report = export(load_deck(TORTURE))
    assert report.losses == {
        "short answers containing '->' left out (Moodle reads a match)": ["short-specials"],
        "match answers reduced to one line of plain text": ["match-specials"],
        "cloze questions with several blanks left out (GIFT has one a question)":
            ["cloze-two", "part-a-cloze"],
        TAGS_LOST: ["ex-dup-tf"],
        "flashcards left out (-O gift.flashcards=essay adds them)":
            ["card-specials", "card-long-back"],
    }


def test_seed_deck_loses_only_its_flashcards(seed_deck: Deck) -> None:
    _, report = export(seed_deck)
    assert report.losses == {"flashcards left out (-O gift.flashcards=essay adds them)":
                             [c.id for c in seed_deck.flashcards]}


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_every_line_survives_moodle_splitting(path: Path) -> None:
    text, _ = export(load_deck(path), flashcards="essay")
    assert "\r" not in text and not text.startswith("\ufeff")
    for block in text.rstrip("\n").split("\n\n"):
        lines = block.split("\n")
        # No blank or "0" line inside an item, each line starts with GIFT syntax.
        assert all(ln.strip() not in ("", "0") for ln in lines)
        assert all(re.match(r"(// |\$CATEGORY: |::|\t[=~]|\t####|\tTRUE$|\tFALSE$|}$)", ln)
                   for ln in lines), block
        heads = [ln for ln in lines if ln.startswith("::")]
        if heads:
            name = re.match(r"::((?:\\.|[^\\])*?)::", heads[0])
            assert name and name.group(1) and not name.group(1).endswith(":"), heads[0]


def test_titles_come_from_the_prompt_or_the_id(pegjs: Callable[[str], list[Record]]) -> None:
    deck = load_deck(TORTURE)
    by_prompt = {q["id"]: q["title"] for q in pegjs(export(deck)[0]) if "id" in q}
    assert by_prompt["gift-torture-choice-specials"] == (
        "Which line is valid GIFT? (Pick one: = ~ # { } \\ and : are all special.)")
    assert by_prompt["gift-torture-cloze-end"] == "The capital of France is _____"
    assert by_prompt["gift-torture-part-a"] == "Part A: given that"
    long_title = by_prompt["gift-torture-open-latex"]
    assert long_title.endswith("…") and len(long_title) <= 80
    assert "Show that $\\nabla \\cdot (\\nabla".startswith(long_title[:20])
    by_id = {q["id"]: q["title"] for q in pegjs(export(deck, titles="id")[0]) if "id" in q}
    assert by_id["gift-torture-choice-specials"] == "choice-specials"


def test_exercise_description_holds_its_details() -> None:
    text, _ = export(load_deck(TORTURE))
    [about] = [q for q in moodle.read(text) if q.get("idnumber") == "gift-torture-ex-slash"]
    assert about["qtype"] == "description" and about["name"] == "Exercise 1/2: a/b // c /"
    for part in ("<p>An exercise whose title has slashes.</p>", "5 minutes",
                 "Pen &amp; paper {}", "None: really."):
        assert part in about["text"]


def test_same_deck_gives_the_same_bytes(seed_deck: Deck) -> None:
    first = GiftExporter().render(seed_deck, Report())
    again = GiftExporter().render(load_deck(SEED_DECK), Report())
    assert first == again
    torture = load_deck(TORTURE)
    assert export(torture, flashcards="essay") == export(torture, flashcards="essay")


@pytest.mark.parametrize(("key", "value"), [("flashcards", "all"), ("context", "never"),
                                            ("titles", ""), ("colour", "red")])
def test_bad_options_are_refused(key: str, value: str) -> None:
    with pytest.raises(OptionError, match=key):
        GiftExporter({key: value})


def test_multi_grades_stay_on_moodle_list(make_deck: Callable[[str], Deck]) -> None:
    grades = {g: float(g) for g in MOODLE_GRADES}
    for n in range(1, 21):
        weights = shares(n)
        assert weights and len(weights) == n and set(weights) <= set(grades)
        assert abs(sum(grades[w] for w in weights) - 100) < 1e-4
    assert shares(21) is None
    many = [str(i) for i in range(23)]
    deck = make_deck(f"""
        cardsmith: 1
        id: many
        title: Many
        questions:
          - {{id: eleven, type: multi, prompt: p, choices: {many[:12]}, answer: {many[:11]}}}
          - {{id: twenty-one, type: multi, prompt: p, choices: {many}, answer: {many[:21]}}}
        """)
    text, report = export(deck)
    [eleven] = [q for q in moodle.read(text) if q.get("qtype") == "multichoice"]
    fractions = [f for _, f, _ in eleven["answers"]]
    assert fractions == [0.1] * 9 + [0.05] * 2 + [-1.0]
    assert report.losses == {
        "multi-answer grades made unequal (Moodle's grade list)": ["eleven"],
        "multi-answer questions with over 20 right choices left out": ["twenty-one"]}


def test_short_answers_keep_asterisks_literal() -> None:
    text, _ = export(load_deck(TORTURE))
    [short] = [q for q in moodle.read(text) if q.get("idnumber") == "gift-torture-short-specials"]
    stored = [a for a, _ in short["answers"]]
    assert moodle.wildcard_match(stored[stored.index("2\\*3")], "2*3")
    assert not moodle.wildcard_match(stored[stored.index("2\\*3")], "2 times 3")
    assert moodle.wildcard_match(stored[stored.index("\\")], "\\")


def test_ids_and_tags_moodle_would_refuse(make_deck: Callable[[str], Deck]) -> None:
    deck = make_deck(f"""
        cardsmith: 1
        id: {"d" * 60}
        title: T
        tags: ["a]b", "<b>"]
        questions:
          - {{id: {"q" * 60}, type: truefalse, prompt: p, answer: false}}
        """)
    text, report = export(deck)
    [q] = [q for q in moodle.read(text) if q.get("qtype") == "truefalse"]
    assert len(q["idnumber"]) == 100 and q["idnumber"].startswith("d" * 60 + "-qqq")
    assert q["tags"] == ["a]b"] and q["answer"] is False
    assert set(report.losses) == {"Moodle ID numbers shortened to 100 characters",
                                  TAGS_LOST}


def test_what_moodle_would_change_is_written_so_it_survives(
        make_deck: Callable[..., Deck], tmp_path: Path) -> None:
    (tmp_path / "cell.png").write_bytes(PIXEL)
    deck = make_deck(f"""
        cardsmith: 1
        id: probe
        title: top
        tags: ['dir\\', next]
        exercises:
          - id: long
            title: {"long " * 60}
            parts:
              - id: p
                title: Part
                questions:
                  - {{id: bold, type: truefalse, prompt: "Is <b>bold</b> shown?", answer: true}}
                  - {{id: markup, type: truefalse, prompt: "<i></i>", answer: true}}
                  - {{id: holder, type: short, prompt: "Type &&058; or a", answer: [a, "x&&058;"]}}
        flashcards:
          - {{id: pic, front: Which organelle?, back: "![a cell](cell.png)"}}
          - {{id: word, front: "Gold's symbol &&092;", back: Au}}
        """)
    text, report = export(deck, flashcards="short")
    read = moodle.read(text)
    assert [q["names"] for q in read if q["qtype"] == "category"] == [
        ["top (probe)"], ["top (probe)", ("long " * 50).strip() + "…", "Part"],
        ["top (probe)", "Flashcards"]]
    assert not [q for q in read if "error" in q]
    questions = {q["idnumber"]: q for q in read if q["qtype"] != "category"}
    assert {i: q["tags"] for i, q in questions.items()} == {i: ["next"] for i in questions}
    assert questions["probe-bold"]["name"] == "Is bold shown?"
    assert questions["probe-markup"]["name"] == "markup"
    holder = questions["probe-holder"]
    assert holder["text"] == "Type &amp;&amp;058; or a" and holder["answers"] == [("a", 1.0)]
    assert questions["probe-pic"]["qtype"] == "essay"
    assert questions["probe-word"]["name"] == "Gold's symbol &\u2060&092;"
    assert questions["probe-word"]["answers"] == [("Au", 1.0)]
    assert report.losses == {
        TAGS_LOST: ["probe"],
        "category names shortened to Moodle's 255 characters": ["long"],
        "short answers holding Moodle's escape placeholders (&&058; ...) left out": ["holder"],
        "flashcards written as essays (back is not one typeable line)": ["pic"],
    }


def test_match_needs_two_pairs(seed_deck: Deck) -> None:
    one = MatchQuestion(id="m", prompt=Text("p"), pairs=(Pair(Text("a"), Text("b")),))
    with pytest.raises(ValueError, match="at least two pairs"):
        GiftExporter().render(replace(seed_deck, questions=(one,)), Report())


TRICKY = "\\:#=~{}\n[]%→ -> // 0 n" + "\\n" + "\\\\"


@given(st.text(alphabet=st.sampled_from([*TRICKY, "a", "é", " "]), max_size=40))
def test_escaping_round_trips_through_moodle(raw: str) -> None:
    text = "x" + raw + "x"  # both readers trim the ends of a field
    [q] = moodle.read(f"::t::[html]{escape(text)}" + "{}\n")
    assert q["qtype"] == "essay" and q["text"] == text


def test_escaping_round_trips_through_gift_pegjs(pegjs: Callable[[str], list[Record]]) -> None:
    rng = random.Random(4)
    texts = ["x" + "".join(rng.choice(TRICKY + "aé ") for _ in range(30)) + "x"
             for _ in range(300)]
    gift = "\n\n".join(f"::t{i}::[html]{escape(t)}" + "{}" for i, t in enumerate(texts))
    assert [q["stem"]["text"] for q in pegjs(gift + "\n")] == texts


def test_media_are_embedded_or_dropped_and_reported(pegjs: Callable[[str], list[Record]]) -> None:
    deck = load_deck(DATA / "valid" / "media-deck.yaml")
    text, report = export(deck, flashcards="essay")
    assert report.losses == {"sounds left out (GIFT carries no files)": ["beep"]}
    assert "<audio" not in text and "a beep" in text
    assert "https\\://example.org/x.png" in text  # remote pictures stay links
    text, report = export(deck, media="drop")
    assert report.losses["pictures left out (-O gift.media=embed keeps them)"] == ["red-dot"]
    [question] = [q for q in pegjs(text) if q.get("type") == "MC"]
    assert "<img" not in question["stem"]["text"] and "a red dot" in question["stem"]["text"]
