"""Hostile and broken input: YAML hazards, markup and script in Markdown, media leaving the deck.

The YAML hazards that only need an exact message live in the corpus
(tests/data/invalid); here are those that need more than a message: bounded
memory (measured with `resource.getrusage` in a subprocess, so that a
regression cannot take the test run down with it), no crash, no side effect,
no change to any output. Content hazards are checked through each format's
real consumer: nothing a deck writes becomes live markup or script, and no
file outside the deck's folder ever reaches an output.

The size of the large-file test is `CARDSMITH_HAZARD_MB` megabytes (20 by
default; the report of issue 8 gives the figures for 100).
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cardsmith import registry
from cardsmith.exporter import Report
from cardsmith.model import Deck
from cardsmith.source.loader import load_deck
from cardsmith.source.problems import DeckError
from tests.conftest import DATA, ROOT, require
from tests.gift import moodle_reader as moodle
from tests.test_properties import (
    HAS_ANKI,
    Page,
    anki_import,
    assert_inert,
    gift_pegjs,
    live_parts,
    template_script,
)

FORMATS = ("anki", "gift", "html", "quizlet")
HOSTILE = DATA / "valid" / "html-hostile.yaml"
ALL_TYPES = DATA / "valid" / "all-types.yaml"


def export_all(deck: Deck) -> dict[str, bytes]:
    """Every file of every format (GIFT with its flashcards), by file name."""
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        options = {"flashcards": "essay"} if fmt == "gift" else {}
        files.update(registry.load(fmt)(options).render(deck, Report()))
    return files


# ---- YAML: bounded memory, no crash, no side effect ---------------------------------------

_MEASURE = """
import json, resource, sys, time
from pathlib import Path
from cardsmith.source.loader import load_deck
from cardsmith.source.problems import DeckError

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

before, start = peak(), time.process_time()
try:
    deck = load_deck(Path(sys.argv[1]))
    result = {"items": len(deck.flashcards) + sum(1 for _ in deck.all_questions()),
              "intro": len(deck.intro.source) if deck.intro else 0}
except DeckError as err:
    result = {"problems": [str(p) for p in err.problems[:50]], "count": len(err.problems)}
result.update(grown=peak() - before, cpu=time.process_time() - start)
print(json.dumps(result))
"""


def measure(path: Path, timeout: float = 120) -> dict[str, Any]:
    """Load `path` in a fresh interpreter: what it gave, the peak memory it grew by, CPU time.

    The timeout only stops a hang; the time is reported, never asserted.
    """
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


MB = 1 << 20


def billion_laughs(levels: int, mapping: bool) -> str:
    """A deck whose intro expands to 10**levels values through nested aliases."""
    lines = ["cardsmith: 1", "id: bomb", "title: Bomb"]
    keys = "abcdefghij"
    for i in range(levels):
        item = "lol" if i == 0 else f"*x{i - 1}"
        body = (", ".join(f"{k}: {item}" for k in keys) if mapping
                else ", ".join([item] * 10))
        lines.append(f"x{i}: &x{i} " + ("{" + body + "}" if mapping else "[" + body + "]"))
    lines.append(f"intro: *x{levels - 1}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("mapping", [False, True], ids=["lists", "mappings"])
def test_alias_bombs_are_refused_in_bounded_memory(tmp_path: Path, mapping: bool) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(billion_laughs(9, mapping), encoding="utf-8")  # 10**9 values, 1 KB
    result = measure(path)
    assert result["count"] == 1
    assert "YAML aliases expand to more than 1,000,000 values" in result["problems"][0]
    assert result["grown"] < 50 * MB


def test_the_largest_alias_expansion_allowed_is_still_cheap(tmp_path: Path) -> None:
    # 10**5 values, under the limit: loaded (shared, never copied) or refused on its merits.
    path = tmp_path / "under.yaml"
    path.write_text(billion_laughs(5, mapping=True), encoding="utf-8")
    result = measure(path)
    assert any(p.endswith(": $.intro: expected a string, got a mapping")
               for p in result["problems"]), result
    assert result["grown"] < 50 * MB


def test_aliased_texts_are_checked_once(tmp_path: Path) -> None:
    # A few hundred bytes of nested aliases repeat three texts 8**5 times: each text, link
    # and formula is checked once and each problem reported once, where it is first written.
    lines = ["cardsmith: 1", "id: shared", "title: Shared",
             'x0: &x0 {choices: ["![m](missing.png)", "#", "$\\\\href{x}{y}$"]}']
    keys = "abcdefgh"
    for i in range(1, 6):
        lines.append(f"x{i}: &x{i} {{" + ", ".join(f"{k}: *x{i - 1}" for k in keys) + "}")
    lines.append("intro: *x5")
    path = tmp_path / "shared.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = measure(path)
    checks = [p.split(": ", 2)[1:] for p in result["problems"] if "x0.choices" in p]
    assert checks == [
        ["$.x0.choices[0]", "media file 'missing.png' not found beside the deck"],
        ["$.x0.choices[1]", "renders to nothing: `#` is an empty Markdown heading; "
                            "escape it as `\\#`"],
        ["$.x0.choices[2]", "formula command \\href makes a link in Anki's and Moodle's "
                            "MathJax: remove it"]]
    assert result["count"] == 10  # and x0 to x5 and intro are no keys of a deck


DEEP = {
    "flow-sequences": "intro: " + "[" * 300_000 + "]" * 300_000,
    "flow-mappings": "intro: " + "{a: " * 100_000 + "x" + "}" * 100_000,
    "block-sequences": "intro:\n  " + "- " * 50_000 + "x",
    "block-mappings": "intro:\n" + "".join("  " * i + "a:\n" for i in range(1, 3000)) + "  x",
}


@pytest.mark.parametrize("kind", DEEP)
def test_deep_nesting_is_refused_without_a_crash(tmp_path: Path, kind: str) -> None:
    # libyaml's own composer recurses once a level: 300,000 `[` overflowed its stack.
    path = tmp_path / "deep.yaml"
    path.write_text("cardsmith: 1\nid: deep\ntitle: Deep\n" + DEEP[kind] + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cardsmith.cli", "validate", path.name],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stderr  # a crash is a negative return code
    lines = done.stderr.splitlines()
    assert lines[-1] == "1 problem found"
    assert lines[0].startswith("deep.yaml:") and lines[0].endswith(
        ": nested more than 64 levels deep")


def _big_deck(path: Path, megabytes: int, kind: str) -> None:
    # Written in chunks: the test itself must not hold the file in memory twice.
    target = megabytes * MB
    with path.open("w", encoding="utf-8") as out:
        out.write("cardsmith: 1\nid: big\ntitle: A big deck\n")
        written = 0
        if kind == "text":
            out.write("intro: |-\n")
            line = "  Attention weighs every token by its relevance to the query. \u00e9\u4e2d\n"
            chunk = line * 1000
            while written < target:
                out.write(chunk)
                written += len(chunk.encode())
            return
        out.write("flashcards:\n")
        i = 0
        while written < target:
            card = (f"  - id: c{i}\n    front: \"Card {i}: why is attention's softmax scaled "
                    f"by the square root of the key size?\"\n    back: |-\n      Large dot "
                    f"products saturate the softmax.\n      Scaling keeps gradients alive.\n")
            out.write(card)
            written += len(card)
            i += 1


@pytest.mark.parametrize("kind", ["cards", "text"])
def test_a_large_file_loads_in_bounded_memory(tmp_path: Path, kind: str) -> None:
    megabytes = int(os.environ.get("CARDSMITH_HAZARD_MB", "20"))
    path = tmp_path / "big.yaml"
    _big_deck(path, megabytes, kind)
    result = measure(path, timeout=600)
    assert "problems" not in result, result
    if kind == "cards":
        assert result["items"] > megabytes * 3000
    else:
        assert result["intro"] > megabytes * MB * 0.9
    # The file's bytes, its text and the data it becomes: a few times its size, never more.
    assert result["grown"] < 10 * megabytes * MB, result


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
@pytest.mark.parametrize("bom", [False, True], ids=["", "bom"])
def test_line_endings_and_byte_order_mark_change_no_output(
        tmp_path: Path, ending: str, bom: bool) -> None:
    text = ALL_TYPES.read_text(encoding="utf-8")
    (tmp_path / "lf").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "lf" / "deck.yaml").write_text(text, encoding="utf-8", newline="\n")
    other = ("\ufeff" if bom else "") + text.replace("\n", ending)
    (tmp_path / "other" / "deck.yaml").write_bytes(other.encode("utf-8"))
    lf = export_all(load_deck(tmp_path / "lf" / "deck.yaml"))
    assert export_all(load_deck(tmp_path / "other" / "deck.yaml")) == lf
    assert not any(b"\r" in data for name, data in lf.items() if not name.endswith(".apkg"))


def test_yaml_tags_run_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "deck.yaml").write_text(
        "cardsmith: 1\nid: tags\n"
        f"title: !!python/object/apply:os.system ['touch {marker}']\n"
        f"intro: !!python/object/new:subprocess.check_call [[touch, '{marker}']]\n"
        f"tags: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path "
        f"['{marker}']]\n", encoding="utf-8")
    for command in ("validate", "build"):
        done = subprocess.run([sys.executable, "-m", "cardsmith.cli", command, "deck.yaml"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120,
                              check=False)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        # The title, the intro, the tags and the object inside them: all refused.
        assert done.stderr.count("is not allowed: a deck holds plain data only") == 4
    assert not marker.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.yaml"]


# ---- markup and script in Markdown ------------------------------------------------------

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


# ---- media outside the deck's folder -----------------------------------------------------

SECRET = b"\x89PNG\r\n\x1a\n secret bytes of a file outside the deck's folder"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder with a deck folder `deck/` inside and a secret picture beside it."""
    (tmp_path / "deck" / "media").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(SECRET)
    (tmp_path / "secret.mp3").write_bytes(SECRET)
    return tmp_path


REACHES_OUT = {
    "parent": "![s](../secret.png)",
    "detour": "![s](media/../../secret.png)",
    "encoded": "![s](%2e%2e/secret.png)",
    "absolute": "![s]({root}/secret.png)",
    "file-url": "![s](file://{root}/secret.png)",
    "link": "![s](media/link.png)",
    "linked-folder": "![s](media/up/secret.png)",
    "sound": "![s](../secret.mp3)",
    "raw-html": '<img src="../secret.png"> <img src=\'{root}/secret.png\'> '
                '<audio src="../secret.mp3"></audio>',
}


@pytest.mark.parametrize("case", REACHES_OUT)
def test_no_file_outside_the_deck_folder_reaches_an_output(outside: Path, case: str,
                                                          tmp_path: Path) -> None:
    folder = outside / "deck"
    (folder / "media" / "link.png").symlink_to(outside / "secret.png")
    (folder / "media" / "up").symlink_to(outside)
    text = REACHES_OUT[case].format(root=outside)
    allow = "allow_html: true\n" if case == "raw-html" else ""
    (folder / "deck.yaml").write_text(
        f"cardsmith: 1\nid: media\ntitle: Media\n{allow}flashcards:\n"
        f"  - {{id: c, front: {json.dumps(text)}, back: b}}\n", encoding="utf-8")
    try:
        deck = load_deck(folder / "deck.yaml")
    except DeckError:
        return  # refused by the loader: nothing can be written
    files = export_all(deck)
    assert files
    for data in _contents(files):
        assert b"secret bytes" not in data
        assert base64.b64encode(SECRET)[:40] not in data


def _contents(files: dict[str, bytes]) -> list[bytes]:
    """Every file's bytes, and every member of an archive (a .apkg is a zip)."""
    out = []
    for name, data in files.items():
        out.append(data)
        if name.endswith(".apkg"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                out += [archive.read(member) for member in archive.namelist()]
    return out


def test_a_pipe_named_like_a_picture_hangs_nothing(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "dot.png")
    (tmp_path / "deck.yaml").write_text(
        "cardsmith: 1\nid: fifo\ntitle: FIFO\nflashcards:\n"
        "  - {id: c, front: '![dot](dot.png)', back: b}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cardsmith.cli", "build", "deck.yaml"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "media file 'dot.png' not found beside the deck" in done.stderr


# ---- text that Markdown shows nothing of, and format syntax in a deck's text -------------


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
