"""The loader, driven by folders of example decks: tests/data/valid and tests/data/invalid.

Each invalid deck sits beside a `.expected` file holding the exact problem
lines `cardsmith validate` must print for it (written and checked by hand).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from cardsmith.model import ChoiceQuestion, ClozeQuestion, Deck, ShortQuestion
from cardsmith.source import loader
from cardsmith.source import reader as yamlread
from cardsmith.source.loader import find_decks, load_deck, load_decks
from cardsmith.source.problems import DeckError
from tests.conftest import DATA

VALID = sorted((DATA / "valid").glob("*.yaml"))
INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def test_corpus_is_large_enough() -> None:
    assert len(INVALID) >= 15
    assert all(p.with_suffix(".expected").exists() for p in INVALID)


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_decks_load(path: Path) -> None:
    deck = load_deck(path)
    assert deck.source == path
    assert deck.id and deck.title


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_decks_report_exact_problems(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(path.parent)
    with pytest.raises(DeckError) as caught:
        load_deck(Path(path.name))
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in caught.value.problems] == expected


LIMITS = [DATA / "invalid" / f"{case}.yaml" for case in (
    "deep-nesting", "deep-block-nesting", "alias-bomb", "alias-bomb-long-text",
    "alias-bomb-mappings")]


@pytest.mark.parametrize("parser", ["libyaml", "python", "libyaml-stops-first"])
@pytest.mark.parametrize("path", LIMITS, ids=[p.stem for p in LIMITS])
def test_cardsmith_limits_speak_before_the_parsers(path: Path, parser: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # cardsmith's message whichever parser reads the file, and even when the parser
    # gives up first with a limit of its own (as PyYAML 6.0.4's libyaml does on flow
    # nesting), so no PyYAML release changes what a teacher reads.
    assert yaml.__with_libyaml__ and yamlread.Loader.__name__ == "CSafeLoader"
    if parser == "python":
        monkeypatch.setattr(yamlread, "Loader", yaml.SafeLoader)
        monkeypatch.setattr(loader, "Loader", yaml.SafeLoader)
    elif parser == "libyaml-stops-first":
        class Impatient(yaml.CSafeLoader):
            def get_event(self) -> Any:
                event: Any = super().get_event()
                mark: Any = event.start_mark
                if isinstance(event, yaml.CollectionStartEvent) and mark.line > 2:
                    raise yaml.MarkedYAMLError("while parsing", None, "a limit of the parser's",
                                               mark)
                return event

        monkeypatch.setattr(yamlread, "Loader", Impatient)
    monkeypatch.chdir(path.parent)
    with pytest.raises(DeckError) as caught:
        load_deck(Path(path.name))
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in caught.value.problems] == expected


def test_problems_of_all_files_come_in_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA / "invalid")
    with pytest.raises(DeckError) as caught:
        load_decks([Path(".")])
    files = {p.file for p in caught.value.problems}
    assert len(files) == len(INVALID)
    assert caught.value.problems == sorted(caught.value.problems)


def test_two_files_with_one_deck_id_clash(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("cardsmith: 1\nid: same\ntitle: T\n", encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_decks([tmp_path])
    assert [p.message for p in caught.value.problems] == [
        f"deck id 'same' is already used by {tmp_path / 'a.yaml'}"]


def test_byte_order_mark_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfcardsmith: 1\r\nid: bom\r\ntitle: T\r\n")
    assert load_deck(path).id == "bom"


def test_source_is_never_modified(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_bytes(b"cardsmith: 1\nid: d\ntitle: T\nquestions:\n  - {id: q, type: open}\n")
    before = path.read_bytes(), path.stat().st_mtime_ns
    with pytest.raises(DeckError):
        load_deck(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_timestamp_is_source_date_epoch_or_mtime(
        make_deck: Callable[[str], Deck], monkeypatch: pytest.MonkeyPatch) -> None:
    deck = make_deck("cardsmith: 1\nid: t\ntitle: T\n")
    assert deck.timestamp == 1700000000
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    os.utime(deck.source, (1600000000, 1600000000))
    assert load_deck(deck.source).timestamp == 1600000000


def test_model_from_all_types() -> None:
    deck = load_deck(DATA / "valid" / "all-types.yaml")
    kinds = [located.question.type for located in deck.all_questions()]
    assert kinds == ["open", "choice", "multi", "truefalse", "short", "short", "numeric",
                     "match", "cloze", "cloze", "numeric"]
    choice = deck.questions[1]
    assert isinstance(choice, ChoiceQuestion)
    assert choice.correct.text.source == "Jupiter"
    assert choice.correct.feedback is not None
    assert str(choice.correct.feedback) == "Right, about 11 Earth diameters."
    short = deck.questions[5]
    assert isinstance(short, ShortQuestion) and short.answers == ("Paris",)
    cloze = deck.questions[8]
    assert isinstance(cloze, ClozeQuestion)
    assert [(b.number, b.answer, b.hint) for b in cloze.blanks] == [
        (1, "mitochondria", None), (2, "cell", "a small unit")]
    located = list(deck.all_questions())[-1]
    assert located.exercise is not None and located.exercise.id == "ex-1"
    assert located.part is not None and located.part.note is not None
    assert deck.flashcards[1].reverse and deck.flashcards[1].tags == ("german",)


def test_model_is_frozen(seed_deck: Deck) -> None:
    with pytest.raises(AttributeError):
        seed_deck.title = "changed"  # type: ignore[misc]


DECK = "cardsmith: 1\nid: {}\ntitle: T\n"


def test_folder_search_keeps_only_regular_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(DECK.format("a"), encoding="utf-8")
    (tmp_path / "x.yaml").mkdir()  # a folder named like a deck is searched, not read
    (tmp_path / "x.yaml" / "b.yml").write_text(DECK.format("b"), encoding="utf-8")
    (tmp_path / "c.yaml").symlink_to(tmp_path / "a.yaml")  # a link that resolves is a file
    assert find_decks([tmp_path]) == [tmp_path / "a.yaml", tmp_path / "c.yaml",
                                      tmp_path / "x.yaml" / "b.yml"]
    assert [d.id for d in load_decks([tmp_path / "x.yaml"])] == ["b"]


def test_unreadable_deck_files_are_problems_of_those_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(DECK.format("a"), encoding="utf-8")
    (tmp_path / "y.yaml").symlink_to(tmp_path / "gone.yaml")
    os.mkfifo(tmp_path / "z.yml")  # reading a pipe would wait forever
    with pytest.raises(DeckError) as caught:
        find_decks([tmp_path])
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'y.yaml'}:1:1: $: cannot read the file: its symbolic link points to "
        "nothing",
        f"{tmp_path / 'z.yml'}:1:1: $: cannot read the file: not a regular file"]
    with pytest.raises(DeckError) as again:  # loading reports the same, and reads no pipe
        load_decks([tmp_path / "a.yaml", tmp_path / "z.yml"])
    assert [p.file for p in again.value.problems] == [str(tmp_path / "z.yml")]


def test_a_deck_file_denied_to_us_is_a_problem(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(DECK.format("s"), encoding="utf-8")
    real_open = Path.open

    def denied(self: Path, *args: object, **kwargs: object) -> object:
        # chmod cannot deny root (tests may run as root): refuse the way the kernel would.
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(DeckError) as caught:
        find_decks([tmp_path])
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1:1: $: cannot read the file: Permission denied"]


@pytest.mark.parametrize("reader", ["libyaml", "python"])
def test_a_raw_control_character_is_placed_by_characters_not_bytes(
        reader: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if reader == "python":  # PyYAML's own reader counts characters, libyaml bytes
        monkeypatch.setattr(yamlread, "Loader", yaml.SafeLoader)
        monkeypatch.setattr(loader, "Loader", yaml.SafeLoader)
    path = tmp_path / "d.yaml"
    path.write_bytes("cardsmith: 1\r\nid: d\r\ntitle: \"\u00fcber \u4e2d\U0001F600 \x7f\"\r\n"
                     .encode())
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3:17: $: control character U+007F in the file: remove it"]
