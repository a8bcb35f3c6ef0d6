"""The Quizlet exporter, read back the way Quizlet's import box reads it.

Quizlet splits the pasted text on the separator chosen between cards, then
each card on the separator chosen between term and definition, and nothing
else is special (no quoting, no escapes). `parse` does exactly that. The
expected cards below were written by hand from the torture deck.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cardsmith import registry
from cardsmith.cli import main
from cardsmith.exporter import Exporter, ExportError, OptionError, Report
from cardsmith.model import Deck
from cardsmith.source.loader import load_deck
from tests.conftest import DATA, ROOT, require_tool

WJ = "\u2060"
TORTURE = DATA / "valid" / "quizlet-torture.yaml"

# (term, definition) of every card of the torture deck in the default mode,
# with the word joiners left out (they are checked on their own below).
SIMPLE = [
    ('Name the steps, in order; then say "why".',
     'Three steps, in order: / 1. measure, then record; / 2. compare with the "reference" '
     '(the one on file); / 3. report. / Done, in short. / A tab inside, and a hard / '
     'line break.'),
    ("Which cell is a formula in a spreadsheet? / A) =SUM(A1:A3) / B) +1 (phone prefix) / "
     "C) @mention / D) -5 °C",
     "A) =SUM(A1:A3) / Excel reads =, +, - and @ as the start of a formula."),
    ("Which of these greetings are Hebrew or Arabic? 👋 / A) שלום / B) مرحبا / C) Bonjour / "
     "D) こんにちは",
     "A) שלום / B) مرحبا"),
    ("Quizlet can split cards on a semicolon; or on a new line.", "True"),
    ("Capital of Egypt 🇪🇬, in Arabic or in English?", "القاهرة / Cairo / Cairo, Egypt"),
    ("Absolute zero, in °C?", "-273.15 ± 0.01"),
    ("Match each word, with its meaning: / שלום", "peace; hello, goodbye"),
    ("Match each word, with its meaning: / =", 'equals, "is"'),
    ("Match each word, with its meaning: / 👩\u200d🔬 scientist", "@lab, 24/7"),
    ("The _____, the _____ (a whitespace) and the _____; all separate.",
     'The "comma", the tab and the semicolon; all separate.'),
    ("A file holds these lines, tab-separated: / - =1+1 two / - -2 minus two / "
     "What does a spreadsheet show for =1+1?",
     "-2 would be a number; =1+1 shows 2. / @everyone: check it; carefully."),
    ('=HYPERLINK("http://example.com","click")', "+cmd|' /C calc'!A0, and -2+3; @SUM(1,2)"),
    ("- first, with a comma / - second; with a semicolon", "-1 / - plus"),
    ("ما هي عاصمة مصر؟", "القاهرة (Cairo), عاصمة مصر"),
    ('The word שלום, in a sentence: "שלום, עולם!"', "Hello, world! 👋🏽"),
    ("🧪 + 👩\u200d🔬 = ?", "1️⃣ science; 🇪🇬 flag"),
    ("A code block with tabs:", 'key value / indented, "quoted"'),
    ("Odd line breaks: / a line separator", "a next line / character, a / paragraph separator"),
    ("'single', \"double\", “curly” and \u2018curly\u2019", '""doubled"" quotes, a lone " quote'),
    ('"=2+2" in quotes', 'a, "-3+4"; b'),
]

# Cards whose sides hold line breaks, as rich mode keeps them (word joiners included).
RICH = {
    0: ('Name the steps, in order; then say "why".',
        'Three steps, in order:\n\n1. measure, then record;\n2. compare with the "reference" '
        "(the one on file);\n3. report.\n\nDone, in short.\n\nA tab\tinside, and a hard\n"
        "line break."),
    1: ("Which cell is a formula in a spreadsheet?\n\nA) =SUM(A1:A3)\nB) +1 (phone prefix)\n"
        "C) @mention\nD) -5 °C",
        f"A) =SUM(A1:A3)\n\nExcel reads =, {WJ}+, {WJ}- and @ as the start of a formula."),
    10: (f"A file holds these lines, tab-separated:\n\n{WJ}- =1+1\ttwo\n{WJ}- -2\tminus two\n\n"
         "What does a spreadsheet show for =1+1?",
         f"{WJ}-2 would be a number; {WJ}=1+1 shows 2.\n\n{WJ}@everyone: check it; carefully."),
    12: (f"{WJ}- first, with a comma\n{WJ}- second; with a semicolon", f"{WJ}-1\n\n{WJ}- plus"),
    16: ("A code block with tabs:", 'key\tvalue\n\tindented, "quoted"'),
    17: ("Odd line breaks:\na line separator", "a next line\ncharacter, a\nparagraph separator"),
}

# Sides that start a spreadsheet cell with a formula sign somewhere, as the default mode
# writes them: a word joiner right before each such sign, and nowhere else.
GUARDED = {
    1: ("Which cell is a formula in a spreadsheet? / A) =SUM(A1:A3) / B) +1 (phone prefix) / "
        "C) @mention / D) -5 °C",
        f"A) =SUM(A1:A3) / Excel reads =, {WJ}+, {WJ}- and @ as the start of a formula."),
    5: ("Absolute zero, in °C?", f"{WJ}-273.15 ± 0.01"),
    8: ("Match each word, with its meaning: / 👩\u200d🔬 scientist", f"{WJ}@lab, 24/7"),
    10: ("A file holds these lines, tab-separated: / - =1+1 two / - -2 minus two / "
         "What does a spreadsheet show for =1+1?",
         f"{WJ}-2 would be a number; {WJ}=1+1 shows 2. / @everyone: check it; carefully."),
    11: (f'{WJ}=HYPERLINK("http://example.com","click")',
         f"{WJ}+cmd|' /C calc'!A0, and -2+3; {WJ}@SUM(1,2)"),
    12: (f"{WJ}- first, with a comma / - second; with a semicolon", f"{WJ}-1 / - plus"),
    19: (f'"{WJ}=2+2" in quotes', f'a, "{WJ}-3+4"; b'),
}


def quizlet(**options: str) -> Exporter:
    """The exporter as the CLI builds it, found through its entry point."""
    return registry.load("quizlet")(options)


def export(deck: Deck, **options: str) -> tuple[dict[str, bytes], Report]:
    """Every file of `deck`, and the report."""
    report = Report()
    return quizlet(**options).render(deck, report), report


def parse(data: bytes, side_sep: str = "\t", card_sep: str = "\n") -> list[tuple[str, str]]:
    """Quizlet's import: cards split on `card_sep`, then term from definition on `side_sep`."""
    cards = []
    for row in data.decode("utf-8").split(card_sep):
        sides = row.split(side_sep)
        assert len(sides) == 2, f"Quizlet would read {len(sides)} sides in {row!r}"
        cards.append((sides[0], sides[1]))
    return cards


def only(files: dict[str, bytes]) -> bytes:
    """The content of the one file an export wrote."""
    assert len(files) == 1, sorted(files)
    return next(iter(files.values()))


def unguarded(cards: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The cards without the spreadsheet guard's word joiners."""
    return [(t.replace(WJ, ""), d.replace(WJ, "")) for t, d in cards]


@pytest.fixture
def torture() -> Deck:
    """The torture deck from tests/data/valid."""
    return load_deck(TORTURE)


def test_every_card_of_the_torture_deck_comes_back_in_the_default_mode(torture: Deck) -> None:
    files, _ = export(torture)
    assert list(files) == ["quizlet-torture.quizlet.csv"]
    assert unguarded(parse(only(files))) == SIMPLE


def test_guard_puts_a_word_joiner_only_where_a_spreadsheet_starts_a_cell(torture: Deck) -> None:
    cards = parse(only(export(torture)[0]))
    for i, card in enumerate(cards):
        assert card == GUARDED.get(i, SIMPLE[i]), i


@pytest.mark.parametrize(("side_sep", "card_sep", "options"), [
    ("|~|", "|~~|", {}),
    ("<=>", "#END#", {"side_sep": "<=>", "card_sep": "#END#"}),
])
def test_rich_mode_keeps_line_breaks(torture: Deck, side_sep: str, card_sep: str,
                                     options: dict[str, str]) -> None:
    cards = parse(only(export(torture, mode="rich", **options)[0]), side_sep, card_sep)
    assert len(cards) == len(SIMPLE)
    for i, card in RICH.items():
        assert cards[i] == card, i
    # Flattening a rich side by the documented rule gives the default mode's side.
    for (term, definition), expected in zip(unguarded(cards), SIMPLE, strict=True):
        assert (flatten(term), flatten(definition)) == expected


def flatten(side: str) -> str:
    """The README's rule: each line trimmed, blank ones dropped, joined by ' / ', tab -> space."""
    lines = [line.strip() for line in side.splitlines()]
    return " / ".join(line for line in lines if line).replace("\t", " ")


def test_linebreak_option(make_deck: Callable[[str], Deck]) -> None:
    deck = make_deck("""\
        cardsmith: 1
        id: lb
        title: t
        flashcards:
          - {id: a, front: "one\\n\\ntwo", back: "- x\\n- y"}
        """)
    assert parse(only(export(deck, linebreak=" ↵ ")[0])) == [("one ↵ two", f"{WJ}- x ↵ - y")]


def test_named_separators_are_quizlets_own_choices(make_deck: Callable[[str], Deck]) -> None:
    deck = make_deck("""\
        cardsmith: 1
        id: named
        title: t
        flashcards:
          - {id: a, front: "line one\\n\\nline two", back: "back"}
          - {id: b, front: "two", back: "=2"}
        """)
    data = only(export(deck, mode="rich", side_sep="tab", card_sep="semicolon")[0])
    assert parse(data, "\t", ";") == [("line one\n\nline two", "back"), ("two", f"{WJ}=2")]


def test_numbers_and_option_letters_read_as_a_person_writes_them(
        make_deck: Callable[[str], Deck]) -> None:
    choices = [f"o{i}" for i in range(28)]
    deck = make_deck(f"""\
        cardsmith: 1
        id: nums
        title: t
        questions:
          - {{id: n1, type: numeric, prompt: a, answer: 4.0}}
          - {{id: n2, type: numeric, prompt: b, answer: 0.0000001, tolerance: 0.00000005}}
          - {{id: n3, type: numeric, prompt: c, answer: 6.02214076e+23}}
          - {{id: n4, type: numeric, prompt: d, answer: -12, tolerance: 2}}
          - {{id: c1, type: choice, prompt: e, choices: {choices}, answer: o27}}
        """)
    cards = unguarded(parse(only(export(deck)[0])))
    assert [d for _, d in cards[:4]] == ["4", "1e-7 ± 5e-8", "6.02214076e23", "-12 ± 2"]
    assert cards[4][0].endswith(" / Z) o25 / AA) o26 / AB) o27")
    assert cards[4][1] == "AB) o27"


def test_a_separator_in_the_content_is_refused_naming_the_card(
        make_deck: Callable[[str], Deck]) -> None:
    deck = make_deck("""\
        cardsmith: 1
        id: clash
        title: t
        questions:
          - {id: q1, type: open, prompt: "Fine", answer: "also fine"}
          - {id: q2, type: open, prompt: "Which?", answer: "this |~| that"}
        """)
    with pytest.raises(ExportError, match=r"question 'q2': its definition contains the side_sep "
                                         r"'\|~\|'.*side_sep='#%#' -O quizlet.card_sep='#%%#'"):
        export(deck, mode="rich")
    with pytest.raises(ExportError,
                       match=r"question 'q1': its term contains the card_sep 'Fine'"):
        export(deck, mode="rich", card_sep="Fine")


def test_a_side_that_runs_into_a_separator_is_refused(make_deck: Callable[[str], Deck]) -> None:
    # Neither side holds "|~|", but "a |~" + "|~|" reads as "a " + "|~|" + "~|".
    deck = make_deck("""\
        cardsmith: 1
        id: overlap
        title: t
        flashcards:
          - {id: ok, front: "x", back: "y"}
          - {id: edge, front: "a |~", back: "b"}
        """)
    with pytest.raises(ExportError, match=r"flashcard 'edge': its text runs into a separator"):
        export(deck, mode="rich")


def test_the_cli_shows_a_clash_as_an_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", "quizlet", str(ROOT / "cards"), "-o", str(out),
                                       "-O", "mode=rich", "-O", "card_sep=;"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "its definition contains the card_sep ';'" in result.output
    assert not list(out.glob("*.csv"))


@pytest.mark.parametrize(("options", "message"), [
    ({"mode": "fancy"}, "mode must be simple or rich"),
    ({"formula_guard": "maybe"}, "formula_guard must be on or off"),
    ({"max_cards": "-1"}, "max_cards must be a whole number"),
    ({"max_cards": "²"}, "max_cards must be a whole number"),
    ({"side_sep": ";;"}, "apply to mode=rich only"),
    ({"mode": "rich", "linebreak": " "}, "applies to mode=simple only"),
    ({"linebreak": "\t"}, "must not hold a tab or a line break"),
    ({"linebreak": "\u2028"}, "must not hold a tab or a line break"),
    ({"mode": "rich", "side_sep": ""}, "must not be empty"),
    ({"mode": "rich", "card_sep": "a\nb"}, "must be one line"),
    ({"mode": "rich", "card_sep": " ;; "}, "must be one line"),
    ({"mode": "rich", "side_sep": "##", "card_sep": "##"}, "must differ"),
    ({"mode": "rich", "side_sep": "::", "card_sep": ":::"}, "neither inside the other"),
])
def test_bad_options_are_refused(options: dict[str, str], message: str) -> None:
    with pytest.raises(OptionError, match=re.escape(message)):
        quizlet(**options)


def test_every_item_of_the_seed_deck_is_one_card(seed_deck: Deck) -> None:
    cards = unguarded(parse(only(export(seed_deck)[0])))
    questions = [loc.question for loc in seed_deck.all_questions()]
    assert len(cards) == len(questions) + len(seed_deck.flashcards)
    for (term, definition), card in zip(cards[len(questions):], seed_deck.flashcards,
                                        strict=True):
        assert term == card.front.plain
        assert definition == flatten(card.back.plain)
    hard_label = cards[[q.id for q in questions].index("hard-label")]
    assert hard_label == (
        "Suppose you have a trained sentiment classifier that produces three-class output "
        "(positive, neutral, negative). For a given input sentence, the model outputs the "
        "following probability distribution: / - positive: 0.70 / - neutral: 0.25 / "
        "- negative: 0.05 / What is the hard label? / A) positive / B) neutral / C) negative",
        "A) positive / The single most likely class.")
    # The part's note follows each of its answers.
    scenario = cards[[q.id for q in questions].index("scenario-both")]
    assert scenario[1].startswith("C) DistilRoBERTa / Combines")
    assert scenario[1].endswith("/ - Both → DistilRoBERTa.")


def test_what_quizlet_cannot_hold_is_reported(torture: Deck,
                                              make_deck: Callable[[str], Deck]) -> None:
    assert export(torture)[1].losses == {
        "exercise intro, materials and side effects left out": ["sheet"],
        "feedback on wrong choices left out": ["choice-formula"],
    }
    deck = make_deck("""\
        cardsmith: 1
        id: lossy
        title: t
        intro: About this deck.
        flashcards:
          - id: pic
            front: "![](https://e.org/c.png)"
            back: "A cell ![nucleus](https://e.org/n.png) and ![x](https://e.org/y.png)"
        """)
    files, report = export(deck)
    assert parse(only(files)) == [("[image]", "A cell [image: nucleus] and [image: x]")]
    assert report.losses == {
        "deck intro left out (paste it as the set's description)": ["lossy"],
        "pictures and sounds left out (shown as [image: ...], [audio: ...])": ["pic"],
    }


def _cards_deck(make_deck: Callable[[str], Deck], flashcards: int, pairs: list[int]) -> Deck:
    lines = ["cardsmith: 1", "id: big", "title: t", "questions:" if pairs else ""]
    for q, n in enumerate(pairs):
        lines.append(f"  - {{id: m{q}, type: match, prompt: P{q}, pairs: [" + ", ".join(
            f"{{left: L{q}.{i}, right: R{q}.{i}}}" for i in range(n)) + "]}")
    lines.append("flashcards:")
    lines += [f"  - {{id: f{i}, front: F{i}, back: B{i}}}" for i in range(flashcards)]
    return make_deck("\n".join(lines) + "\n")


def test_max_cards_splits_into_numbered_files(make_deck: Callable[[str], Deck]) -> None:
    deck = _cards_deck(make_deck, 3, [3, 3, 5])
    files, _ = export(deck, max_cards="4")
    assert list(files) == [f"big.part-{i}-of-4.quizlet.csv" for i in range(1, 5)]
    parts = [[t.rsplit(" / ", 1)[-1] for t, _ in parse(data)] for data in files.values()]
    # A match question's pairs stay together when they fit in a file; one too big is cut.
    assert parts == [["L0.0", "L0.1", "L0.2"], ["L1.0", "L1.1", "L1.2"],
                     ["L2.0", "L2.1", "L2.2", "L2.3"], ["L2.4", "F0", "F1", "F2"]]
    # All 14 cards fit in one file: the usual name and the very same text.
    assert only(export(deck, max_cards="14")[0]) == only(export(deck)[0])


def test_split_file_names_sort_in_order(make_deck: Callable[[str], Deck]) -> None:
    files, _ = export(_cards_deck(make_deck, 10, []), max_cards="1")
    assert list(files) == sorted(files) == [f"big.part-{i:02d}-of-10.quizlet.csv"
                                            for i in range(1, 11)]
    assert [parse(data) for data in files.values()] == [[(f"F{i}", f"B{i}")] for i in range(10)]


def test_an_empty_deck_gives_an_empty_file(make_deck: Callable[[str], Deck]) -> None:
    deck = make_deck("cardsmith: 1\nid: empty\ntitle: t\n")
    assert export(deck)[0] == {"empty.quizlet.csv": b""}
    assert export(deck, max_cards="3")[0] == {"empty.quizlet.csv": b""}
    assert export(deck, mode="rich")[0] == {"empty.quizlet.csv": b""}


def test_output_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "cardsmith.cli", "export", "quizlet", str(TORTURE),
                        str(ROOT / "cards"), "-o", str(out), "-O", "mode=rich"],
                       check=True, capture_output=True, env=env)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 1 + len(list((ROOT / "cards").glob("*.yaml")))
    assert export(load_deck(TORTURE))[0] == export(load_deck(TORTURE))[0]


def _libreoffice_formulas(paths: list[Path], separator: int, profile: Path) -> list[list[str]]:
    """Open each file in LibreOffice Calc as a CSV split on `separator`, formulas evaluated,
    and list the formulas of its cells."""
    out = profile.parent / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
         f"--infilter=CSV:{separator},34,76,1,,0,false,false,false,false,false,false,true",
         "--convert-to", "fods", "--outdir", str(out), *map(str, paths)],
        check=True, capture_output=True, timeout=300)
    table = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    formulas = []
    for path in paths:
        root = ET.parse(out / (path.stem + ".fods")).getroot()
        formulas.append([formula for cell in root.iter(f"{table}table-cell")
                         if (formula := cell.get(f"{table}formula"))])
    return formulas


@pytest.mark.parametrize("separator", [9, 44, 59], ids=["tab", "comma", "semicolon"])
def test_no_cell_is_a_formula_in_a_spreadsheet(torture: Deck, tmp_path: Path,
                                               separator: int) -> None:
    require_tool("soffice")
    runs = [(mode, guard) for mode in ("simple", "rich") for guard in ("on", "off")]
    paths = []
    for mode, guard in runs:
        path = tmp_path / f"{mode}-{guard}.csv"
        path.write_bytes(only(export(torture, mode=mode, formula_guard=guard)[0]))
        paths.append(path)
    found = dict(zip(runs, _libreoffice_formulas(paths, separator, tmp_path / "profile"),
                     strict=True))
    assert found["simple", "on"] == found["rich", "on"] == []
    # Without the guard LibreOffice does run formulas: the check above can fail.
    assert found["simple", "off"] and found["rich", "off"]
