"""Any valid deck exports to every format, and each format's real consumer reads it back whole.

Decks come from `tests.strategies.decks`: random Unicode, the characters special
to GIFT, CSV/Quizlet, HTML and Markdown, hostile markup, long multi-block
Markdown and every item type. Each format is read back by what reads it in
real life (gift-pegjs and the Moodle model, Quizlet's separator split, Anki's
own importer, an HTML parser) and compared with the deck itself: every item
is there, with its text, and nothing of the deck became markup or script.

CI runs the `ci` profile of tests/hypothesis_profiles.py; a longer run:
`HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py`.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import genanki
import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from cardsmith import registry
from cardsmith.exporter import ExportError, Report
from cardsmith.model import (
    ChoiceQuestion,
    ClozeQuestion,
    Deck,
    Flashcard,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OpenQuestion,
    Question,
    ShortQuestion,
    Text,
    TrueFalseQuestion,
)
from cardsmith.source.loader import load_deck
from cardsmith.text.cloze import BLANK
from tests.conftest import require, require_tool
from tests.gift import moodle_reader as moodle
from tests.gift.readings import (
    Record,
    compare,
    expected,
    for_moodle,
    for_pegjs,
    from_moodle,
    from_pegjs,
)
from tests.hypothesis_profiles import examples
from tests.strategies import decks

# Hypothesis warns that its own recursion limit changed under it (its nested engine
# contexts with these deep strategies); nothing here touches the limit.
pytestmark = pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")

GIFT_DIR = Path(__file__).resolve().parent / "gift"
HAS_ANKI = importlib.util.find_spec("anki") is not None
WORD_JOINER = "\u2060"


def load(folder: Path, doc: dict[str, Any]) -> Deck:
    """Write a generated deck document as YAML and load it as the command line would."""
    path = folder / "deck.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return load_deck(path)


def render(fmt: str, deck: Deck, **options: str) -> dict[str, bytes]:
    """Every file of one format, checked to come out byte-identical from a second load."""
    files = registry.load(fmt)(options).render(deck, Report())
    again = registry.load(fmt)(options).render(load_deck(deck.source), Report())
    assert again == files, "the same deck gave different bytes"
    return files


def questions(deck: Deck) -> Iterator[tuple[Question, Text | None, Text | None]]:
    """Every question with its part's context and note."""
    for located in deck.all_questions():
        part = located.part
        yield located.question, part.context if part else None, part.note if part else None


def load_valid(folder: Path, doc: dict[str, Any]) -> Deck:
    """`load`, checking that every cloze blank comes through Markdown as it was written.

    Exporters fill the blanks they find in the renderings, where Markdown could
    move their braces (a backtick or `*` inside a blank, a backslash before
    `}}`); the loader refuses such prompts, so none may get this far.
    """
    deck = load(folder, doc)
    for q, _, _ in questions(deck):
        if isinstance(q, ClozeQuestion):
            # Each blank as Markdown renders it on its own, braces included (so inline).
            alone = [Text(f"{{{{{b.answer}}}}}") for b in q.blanks]
            for rendering, each in ((q.prompt.html, [a.html for a in alone]),
                                    (q.prompt.html_mathml, [a.html_mathml for a in alone]),
                                    (q.prompt.plain, [a.plain for a in alone])):
                wanted = [m.group(2) for r in each for m in BLANK.finditer(r)]
                assert [m.group(2) for m in BLANK.finditer(rendering)] == wanted, q.prompt
    return deck


# ---- GIFT: gift-pegjs and the model of Moodle's importer -----------------------------------


def gift_pegjs(text: str) -> list[Record]:
    """gift-pegjs's parse of a GIFT text (`npm ci` in tests/gift on first use)."""
    require_tool("node", "npm")
    if not (GIFT_DIR / "node_modules" / "gift-pegjs").is_dir():
        npm = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=GIFT_DIR,
                             capture_output=True, text=True, check=False)
        assert npm.returncode == 0, f"npm ci in tests/gift failed:\n{npm.stderr}"
    done = subprocess.run(["node", "parse.js"], cwd=GIFT_DIR, input=text.encode(),
                          capture_output=True, check=False)
    result = json.loads(done.stdout)
    assert done.returncode == 0, result
    return list(result)


@pytest.fixture(scope="session")
def pegjs() -> Callable[[str], list[Record]]:
    """`gift_pegjs`, once node and the parser are known to be there."""
    gift_pegjs("::t::x{}\n")
    return gift_pegjs


@examples(0.5)
@given(decks(), st.sampled_from(["essay", "short"]))
def test_gift_reads_back_in_gift_pegjs_and_moodle(
        tmp_path: Path, pegjs: Callable[[str], list[Record]], doc: dict[str, Any],
        cards: str) -> None:
    deck = load_valid(tmp_path, doc)
    # tests/gift/readings.py finds a cloze blank with a regex that stops at a line break.
    assume(not any("\n" in b.answer for q, _, _ in questions(deck)
                   if isinstance(q, ClozeQuestion) for b in q.blanks))
    [data] = render("gift", deck, flashcards=cards).values()
    text = data.decode("utf-8")
    wanted = gift_expected(deck, cards)
    compare(pegjs_view([from_pegjs(q) for q in pegjs(text)]), pegjs_view(for_pegjs(wanted)))
    compare([from_moodle(q) for q in moodle.read(text)], for_moodle(wanted))
    for record in moodle.read(text):
        for part in _gift_html(record):
            assert_inert(part)


def one_line(text: str) -> str:
    """Every run of whitespace made one space."""
    return " ".join(text.split())


def gift_expected(deck: Deck, cards: str) -> list[Record]:
    """readings.expected, with what it does not model of a random deck.

    - A category name is one line (the deck title may have several).
    - A question GIFT cannot hold is left out (the report says so): every short
      answer, or the cloze answer, holding `->`; a blank right side of a match.
    - A cloze answer and a flashcard's typed back are typed like a short answer:
      `*` escaped (Moodle's wildcard).
    - A match's right side that Markdown shows nothing of (`#` is an empty
      heading) is written as typed; such a flashcard back makes an essay.
    - A choice or its feedback that Markdown shows nothing of (`[A]: yes` is a
      link definition) is written as typed; such a text adds nothing to the
      general feedback.
    - A `[` or `//` right after a cloze's gap starts with an entity (`&#91;`,
      `&#47;`): no reader takes it for a format tag or a comment.
    """
    by_id = {f"{deck.id}-{q.id}": q for q, _, _ in questions(deck)}
    notes = {f"{deck.id}-{q.id}": note for q, _, note in questions(deck)}
    backs = {f"{deck.id}-{c.id}": c.back for c in deck.flashcards}
    backs.update({f"{deck.id}-{c.id}.reverse": c.front for c in deck.flashcards})
    out = []
    for rec in expected(deck, cards=cards):
        q = by_id.get(rec.get("id", ""))
        if q is not None:
            own = [q.answer] if isinstance(q, OpenQuestion) else []
            texts = (*own, q.explanation, notes[rec["id"]])
            rec = {**rec, "feedback": "\n".join(t.block_html for t in texts
                                                if t and t.block_html)}
        if rec["type"] == "category":
            rec = {**rec, "names": [one_line(n) for n in rec["names"]]}
        elif isinstance(q, (ChoiceQuestion, MultiQuestion)):
            rec = {**rec, "answers": [
                (shown(c.text), weight, shown(c.feedback) if c.feedback else "")
                for c, (_, weight, _) in zip(q.choices, rec["answers"], strict=True)]}
        elif isinstance(q, ClozeQuestion):
            rec = {**rec, "answers": [a.strip().replace("*", "\\*") for a in rec["answers"]]}
            before, gap, after = rec["text"].partition("_____")
            start = len(after) - len(after.lstrip())
            if after[start:].startswith(("[", "//")):
                entity = "&#91;" if after[start] == "[" else "&#47;"
                rec["text"] = before + gap + after[:start] + entity + after[start + 1:]
        elif isinstance(q, MatchQuestion):
            rights = [one_line(p.right.plain) or one_line(p.right.source) for p in q.pairs]
            if not all(rights):
                continue
            rec = {**rec, "pairs": [(left, right) for (left, _), right in zip(
                rec["pairs"], rights, strict=True)]}
        elif rec["id"] in backs and rec["type"] == "short":
            if rec["answers"] == [""]:
                rec = {k: v for k, v in rec.items() if k != "answers"}
                rec.update(type="essay", feedback=backs[rec["id"]].block_html)
            else:
                rec = {**rec, "answers": [a.replace("*", "\\*") for a in rec["answers"]]}
        if rec["type"] == "short" and not [a for a in rec["answers"] if "->" not in a]:
            continue
        out.append(rec)
    return out


def shown(text: Text) -> str:
    """A choice's HTML, or its escaped source when Markdown shows nothing of it."""
    return text.html or html.escape(text.source.strip(), quote=False)


# JavaScript's String.prototype.trim(): gift-pegjs trims every field with it, so a field's
# end loses these too (Moodle's PHP trim() keeps all but ASCII whitespace); and it trims a
# missing-word stem's two sides before its own unescaping, so a `\n` there is kept. Neither
# changes what a learner sees: whitespace at either end of HTML text is not shown.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
            "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def pegjs_view(value: Any) -> Any:
    """`value` with every string trimmed as JavaScript does, and a gap's sides squashed."""
    if isinstance(value, str):
        parts = value.split("_____")
        if len(parts) > 1:
            parts = [p.strip(_JS_SPACE) for p in parts]
        return "_____".join(parts).strip(_JS_SPACE)
    if isinstance(value, dict):
        return {k: pegjs_view(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(pegjs_view(v) for v in value)
    return value


def _gift_html(record: Record) -> Iterator[str]:
    """Every HTML text Moodle would store for one question (short answers are plain text)."""
    for key in ("text", "feedback"):
        if isinstance(record.get(key), str):
            yield record[key]
    if record.get("qtype") == "multichoice":
        for text, _, feedback in record["answers"]:
            yield text
            yield feedback
    for left, _ in record.get("pairs", []):
        yield left


# ---- Quizlet: split on the separators, as its import box does ------------------------------


def flat(text: str) -> str:
    """A side as the default mode writes it: one line, line breaks as ` / `, tabs as spaces."""
    return " / ".join(s for s in (line.strip() for line in text.splitlines()) if s).replace(
        "\t", " ")


def kept(text: str) -> str:
    """A side as rich mode writes it: line breaks kept, lines' ends trimmed."""
    lines = text.splitlines()
    if len(lines) <= 1:
        return lines[0].strip() if lines else ""
    return "\n".join(line.rstrip() for line in lines).strip()


def quizlet_cards(deck: Deck) -> Iterator[tuple[str, list[str], list[str]]]:
    """(item id, texts the term shows, texts the definition shows) of every card, in order."""
    for q, context, note in questions(deck):
        around = [t.plain for t in (context,) if t]
        after = [t.plain for t in (q.explanation, note) if t]
        if isinstance(q, MatchQuestion):
            for pair in q.pairs:
                yield q.id, [*around, q.prompt.plain, pair.left.plain], [pair.right.plain, *after]
            continue
        if isinstance(q, ClozeQuestion):
            pieces = BLANK.split(q.prompt.plain)[::4]  # the text between the blanks
            answers = [m.group(2) for m in BLANK.finditer(q.prompt.plain)]
            yield q.id, [*around, *pieces], [*pieces, *answers, *after]
            continue
        term = [*around, q.prompt.plain]
        if isinstance(q, (ChoiceQuestion, MultiQuestion)):
            term += [c.text.plain for c in q.choices]
            answer = [c.text.plain for c in q.choices if c.correct]
        elif isinstance(q, OpenQuestion):
            answer = [q.answer.plain]
        elif isinstance(q, TrueFalseQuestion):
            answer = ["True" if q.answer else "False"]
        elif isinstance(q, ShortQuestion):
            answer = list(q.answers)
        else:
            answer = []  # the number's spelling is checked in the exporter's own tests
        yield q.id, term, [*answer, *after]
    for card in deck.flashcards:
        yield card.id, [card.front.plain], [card.back.plain]


def split(data: bytes, side_sep: str, card_sep: str) -> list[tuple[str, str]]:
    """Quizlet's import: cards on `card_sep`, term from definition on `side_sep`."""
    text = data.decode("utf-8").replace(WORD_JOINER, "")
    if not text:
        return []
    cards = [row.split(side_sep) for row in text.split(card_sep)]
    assert all(len(sides) == 2 for sides in cards), [c for c in cards if len(c) != 2]
    return [(term, definition) for term, definition in cards]


def _quizlet_check(deck: Deck, cards: list[tuple[str, str]], side: Callable[[str], str]) -> None:
    # The exporter puts word joiners before formula signs; `split` took them all out.
    def shown(text: str) -> str:
        return side(text).replace(WORD_JOINER, "")

    def unindented(text: str) -> str:
        # Options and lists indent their continuation lines under their text.
        return "\n".join(line.strip() for line in text.split("\n"))

    wanted = list(quizlet_cards(deck))
    assert len(cards) == len(wanted)
    for (term, definition), (item_id, in_term, in_definition) in zip(cards, wanted, strict=True):
        for text in in_term:
            assert unindented(shown(text)) in unindented(term), (item_id, text)
        for text in in_definition:
            assert unindented(shown(text)) in unindented(definition), (item_id, text)
    # A flashcard is exactly its two sides.
    for card, got in zip(deck.flashcards, cards[len(cards) - len(deck.flashcards):], strict=True):
        assert got == (shown(card.front.plain), shown(card.back.plain))


@examples(1)
@given(decks())
def test_quizlet_splits_back_into_every_card(tmp_path: Path, doc: dict[str, Any]) -> None:
    deck = load_valid(tmp_path, doc)
    [data] = render("quizlet", deck).values()
    _quizlet_check(deck, split(data, "\t", "\n"), flat)


@examples(0.5)
@given(decks())
def test_quizlet_rich_mode_splits_back_or_refuses(tmp_path: Path, doc: dict[str, Any]) -> None:
    deck = load_valid(tmp_path, doc)
    try:
        [data] = render("quizlet", deck, mode="rich").values()
    except ExportError as err:  # a separator inside a card: refused, naming the card
        assert "Quizlet would split the card there" in str(err)
        return
    _quizlet_check(deck, split(data, "|~|", "|~~|"), kept)


# ---- Anki: imported into a fresh collection by Anki itself ---------------------------------


_LIVE_TAGS = frozenset({"script", "iframe", "object", "embed", "base", "meta", "form", "svg",
                        "style", "link"})


def live_parts(tag: str, attrs: list[tuple[str, str | None]]) -> list[str]:
    """What of one start tag could run script or restyle a page: the tag, event attributes,
    script URLs (after entity decoding and with the blanks a browser ignores removed)."""
    found = [f"<{tag}>"] if tag in _LIVE_TAGS else []
    for name, value in attrs:
        squashed = re.sub(r"[\x00-\x20]", "", html.unescape(value or "")).lower()
        if name.startswith("on") or squashed.startswith(("javascript:", "vbscript:",
                                                          "data:text")):
            found.append(f"<{tag} {name}={value!r}>")
    return found


class _Inert(HTMLParser):
    """Collects `live_parts` of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += live_parts(tag, attrs)


def assert_inert(markup: str) -> None:
    """`markup` holds no element, attribute or URL that runs script or restyles a page."""
    parser = _Inert()
    parser.feed(markup)
    parser.close()
    assert not parser.found, (parser.found, markup)


def nfc(text: str) -> str:
    """Text as Anki stores it: Anki normalizes note fields to NFC on import."""
    return unicodedata.normalize("NFC", text)


def anki_fields(deck: Deck) -> Iterator[tuple[str, str, dict[str, list[str]], int]]:
    """(item id, note type, field -> HTML the field must hold, number of cards) of each item."""
    for q, context, note in questions(deck):
        common = {"Explanation": [q.explanation.html] if q.explanation else [],
                  "Context": [context.html] if context else [],
                  "Note": [note.html] if note else []}
        prompt = [q.prompt.html]
        if isinstance(q, OpenQuestion):
            yield q.id, "Basic", {**common, "Front": prompt, "Back": [q.answer.html]}, 1
        elif isinstance(q, (ChoiceQuestion, MultiQuestion)):
            yield q.id, "Choice", {
                **common, "Question": prompt, "Choices": [c.text.html for c in q.choices],
                "Answer": [c.text.html for c in q.choices if c.correct],
                "Feedback": [c.feedback.html for c in q.choices if c.feedback]}, 1
        elif isinstance(q, TrueFalseQuestion):
            yield q.id, "Choice", {**common, "Question": prompt,
                                   "Answer": ["True" if q.answer else "False"]}, 1
        elif isinstance(q, ShortQuestion):
            answers = [html.escape(a, quote=False) for a in q.answers]
            yield q.id, "Type-in", {**common, "Question": prompt, "Answer": answers[:1],
                                    "Accepted": answers[1:]}, 1
        elif isinstance(q, NumericQuestion):
            yield q.id, "Type-in", {**common, "Question": prompt}, 1
        elif isinstance(q, MatchQuestion):
            sides = [t.html for p in q.pairs for t in (p.left, p.right)]
            yield q.id, "Basic", {**common, "Front": prompt + sides, "Back": sides}, 1
        else:
            assert isinstance(q, ClozeQuestion)
            pieces = [p for p in BLANK.split(q.prompt.html)[::4] if p]
            answers = [m.group(2) for m in BLANK.finditer(q.prompt.html)]
            yield q.id, "Cloze", {**common, "Text": pieces + answers}, len(
                {b.number for b in q.blanks})
    for card in deck.flashcards:
        yield card.id, "Basic (optional reversed card)", {
            "Front": [card.front.html], "Back": [card.back.html]}, 2 if card.reverse else 1


def anki_import(apkg: Path, folder: Path) -> Any:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    (folder / "collection").mkdir()
    col = Collection(str(folder / "collection" / "collection.anki2"))
    options = ImportAnkiPackageOptions(merge_notetypes=False, with_scheduling=False)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options))
    col.close()
    return Collection(str(folder / "collection" / "collection.anki2"))


@examples(0.5)
@given(decks())
def test_anki_imports_every_item_whole_and_inert(tmp_path: Path, doc: dict[str, Any]) -> None:
    require(HAS_ANKI, "the anki package (pip install anki)")
    deck = load_valid(tmp_path, doc)
    [data] = render("anki", deck).values()
    with tempfile.TemporaryDirectory(dir=tmp_path) as folder:
        apkg = Path(folder) / "deck.apkg"
        apkg.write_bytes(data)
        col = anki_import(apkg, Path(folder))
        try:
            _check_anki(deck, col)
        finally:
            col.close()


def _check_anki(deck: Deck, col: Any) -> None:
    wanted = list(anki_fields(deck))
    notes = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        notes[note.guid] = note
    assert len(notes) == len(wanted)
    for item_id, kind, fields, n_cards in wanted:
        note = notes[genanki.guid_for(deck.id, item_id)]
        assert note.note_type()["name"] == "cardsmith " + kind
        # Anki's own tags ([latex], [sound:]...) in a deck's text come as `&#91;`.
        stored = {k: v.replace("&#91;", "[") for k, v in note.items()}
        for name, parts in fields.items():
            for part in parts:
                assert nfc(part) in stored[name], (item_id, name, part, stored[name])
        if kind.startswith("Basic (optional"):
            assert stored["Front"] == nfc(fields["Front"][0])
            assert stored["Back"] == nfc(fields["Back"][0])
        cards = note.cards()
        assert len(cards) == n_cards, item_id
        for value in note.values():
            assert_inert(value)
            # Anki compiles LaTeX in [latex] and [$] tags on the learner's machine.
            assert not col._backend.extract_latex(text=value, svg=False, expand_clozes=True).latex
        for card in cards:
            assert card.question_av_tags() == [] and card.answer_av_tags() == []
            assert_inert(_without_style(card.question()))
            assert_inert(_without_style(card.answer()))
    for question in (q for q, _, _ in questions(deck) if isinstance(q, NumericQuestion)):
        answer = dict(notes[genanki.guid_for(deck.id, question.id)].items())["Answer"]
        assert float(answer) == question.answer
    for name_and_id in col.decks.all_names_and_ids():
        assert_inert(col.decks.get(name_and_id.id)["desc"])


def _without_style(card_html: str) -> str:
    # Anki puts the note type's own stylesheet in front of every rendered card.
    return re.sub(r"^<style>.*?</style>", "", card_html, flags=re.DOTALL)


# ---- HTML: parsed back; the deck's text is text, the page's script the only script ---------


_PAGE_TAGS = frozenset({
    "html", "head", "meta", "title", "style", "script", "body", "div", "main", "header",
    "h1", "h2", "h3", "nav", "ul", "ol", "li", "a", "p", "button", "label", "input", "section",
    "article", "details", "summary", "span", "dl", "dt", "dd", "aside", "footer", "strong",
    "em", "i", "mark",
})
_MARKDOWN_TAGS = frozenset({
    "p", "em", "strong", "s", "code", "pre", "a", "ul", "ol", "li", "blockquote", "hr", "br",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "span",
})
_MATHML_TAGS = frozenset({
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
    "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror",
    "mmultiscripts", "mprescripts", "none",
})
"""Formulas come as MathML: presentation elements only, never a link or a foreign object."""


class Page(HTMLParser):
    """The tags, attributes, script bodies and text (style sheets left out) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._raw: str | None = None  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._raw = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw == "script":
            self.scripts.append(data)
        elif self._raw is None:
            self.text.append(data)


def visible_text(markup: str) -> str:
    """The text of some HTML, every run of whitespace made one space."""
    parser = Page()
    parser.feed(markup)
    parser.close()
    return " ".join("".join(parser.text).split())


def html_texts(deck: Deck) -> Iterator[tuple[str, str]]:
    """(item id, HTML) of every text the page must show (formulas as MathML)."""
    yield deck.id, html.escape(deck.title)
    if deck.intro:
        yield deck.id, deck.intro.html_mathml
    for ex in deck.exercises:
        yield ex.id, html.escape(ex.title)
        for part in ex.parts:
            yield part.id, html.escape(part.title)
    for q, context, note in questions(deck):
        for text in (context, note, q.explanation):
            if text:
                yield q.id, text.html_mathml
        if isinstance(q, ClozeQuestion):
            yield from ((q.id, p) for p in BLANK.split(q.prompt.html_mathml)[::4])
            yield from ((q.id, m.group(2)) for m in BLANK.finditer(q.prompt.html_mathml))
            continue
        yield q.id, q.prompt.html_mathml
        if isinstance(q, OpenQuestion):
            yield q.id, q.answer.html_mathml
        elif isinstance(q, (ChoiceQuestion, MultiQuestion)):
            for c in q.choices:
                yield q.id, c.text.html_mathml
                if c.feedback:
                    yield q.id, c.feedback.html_mathml
        elif isinstance(q, ShortQuestion):
            yield from ((q.id, html.escape(a)) for a in q.answers)
        elif isinstance(q, MatchQuestion):
            yield from ((q.id, t.html_mathml) for p in q.pairs for t in (p.left, p.right))
    for card in deck.flashcards:
        yield card.id, card.front.html_mathml
        yield card.id, card.back.html_mathml


@examples(1)
@given(decks())
def test_html_page_shows_every_text_and_runs_only_its_own_script(
        tmp_path: Path, doc: dict[str, Any]) -> None:
    deck = load_valid(tmp_path, doc)
    [data] = render("html", deck).values()
    page = data.decode("utf-8")
    parsed = Page()
    parsed.feed(page)
    parsed.close()
    tags = [tag for tag, _ in parsed.tags]
    allowed = _PAGE_TAGS | _MARKDOWN_TAGS | _MATHML_TAGS
    assert set(tags) <= allowed, set(tags) - allowed
    assert tags.count("script") == 1 and tags.count("style") == 1
    own_script = registry.load("html").__module__  # the script is the template's, verbatim
    assert parsed.scripts == [template_script(own_script)]
    for tag, attrs in parsed.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for value in attrs.values():
            squashed = re.sub(r"[\x00-\x20]", "", value or "").lower()
            assert not squashed.startswith(("javascript:", "vbscript:", "data:text")), (tag, attrs)
    shown = " ".join("".join(parsed.text).split())
    for item_id, text in html_texts(deck):
        assert visible_text(text) in shown, (item_id, text)


def template_script(module: str) -> str:
    """The page script shipped with the HTML exporter's package (`module` names its class's)."""
    from importlib import resources

    return resources.files(module).joinpath("templates/script.js").read_text("utf-8").strip()


def test_the_checks_above_can_fail(tmp_path: Path) -> None:
    """The helpers read a hand-made deck as expected, and flag live markup."""
    deck = load(tmp_path, {"cardsmith": 1, "id": "hand", "title": "T <b>", "flashcards": [
        {"id": "c", "front": "a <script>x</script>", "back": "b\n\nc", "reverse": True}]})
    card: Flashcard = deck.flashcards[0]
    assert flat(card.back.plain) == "b / c" and kept(card.back.plain) == "b\n\nc"
    assert visible_text(card.front.html) == "a <script>x</script>"
    with pytest.raises(AssertionError):
        assert_inert("<p onclick=x>")
