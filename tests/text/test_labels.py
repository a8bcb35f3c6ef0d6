"""The label tables: the same keys and fields in every language, and how a tag picks one."""

from __future__ import annotations

import json
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cardsmith.text import labels as module
from cardsmith.text.labels import TABLES, Labels, labels

FOLDER = Path(module.__file__).with_name("labels")
FILES = sorted(FOLDER.glob("*.json"))

ENGLISH = TABLES["en"]
TRANSLATIONS = sorted(set(TABLES) - {"en"})
BANNERS = ("print_banner_single", "print_banner_duplex")


def fields(text: str) -> set[str]:
    """The `{name}` fields of a label."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_expected_languages_are_there() -> None:
    assert set(TABLES) == {"en", "de", "fr", "es", "it", "pt", "nl"}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_language_has_exactly_the_english_keys(language: str) -> None:
    assert set(labels(language)) == set(ENGLISH)
    assert list(TABLES[language]) == list(ENGLISH)  # in the same order, for side-by-side reading


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_label_has_the_english_fields(language: str) -> None:
    for key, text in labels(language).items():
        found, wanted = fields(text), fields(ENGLISH[key])
        if key in BANNERS:
            # A banner may count the cards with `{cards}` ("1 Karte") or give `{n}` alone.
            found, wanted = ({"n" if name == "cards" else name for name in f}
                             for f in (found, wanted))
        assert found == wanted, (language, key, text)
        assert text and text.strip(" \n") == text, (language, key)  # French: "\u00a0:"


@pytest.mark.parametrize("language", sorted(TABLES))
def test_anki_default_subdeck_names_differ(language: str) -> None:
    words = labels(language)
    assert words["practice_questions"] != words["flashcards"]


@pytest.mark.parametrize(("tag", "language"), [
    ("de", "de"), ("de-CH", "de"), ("DE-at", "de"), ("PT-br", "pt"), ("pt", "pt"),
    ("fr-CA", "fr"), ("es-419", "es"), ("it", "it"), ("nl-BE", "nl"), ("en-GB", "en"),
    ("xx", "en"), ("deu", "en"), ("", "en"), (None, "en"),
])
def test_a_tag_picks_its_primary_language(tag: str | None, language: str) -> None:
    assert labels(tag).language == language
    assert labels(tag) is labels(language)


def test_counts_take_the_languages_plural() -> None:
    assert labels("en").count("minutes", 1) == "1 minute"
    assert labels("en").count("minutes", 12) == "12 minutes"
    assert labels("en").count("minutes", 0) == "0 minutes"
    assert labels("de").count("cards", 2) == "2 Karten"
    assert labels("fr").count("cards", 0) == "0 fiche"  # French counts zero as one
    assert labels("pt").count("cards", 1) == "1 cartão"


def test_labels_are_read_only() -> None:
    words = labels("de")
    assert isinstance(words, Labels)
    with pytest.raises(AttributeError):
        words.language = "en"
    with pytest.raises(TypeError):
        words["show_answer"] = "x"  # type: ignore[index]
    assert words["show_answer"] == "Antwort anzeigen"
    assert repr(words) == "Labels('de')"


def test_the_english_banner_counts_one_card_as_one() -> None:
    words = labels("en")
    banner = words["print_banner_single"].format(cards=words.count("cards", 1), pages=2,
                                                 paper="A4")
    assert banner == "Printing now prints 1 card on 2 A4 pages, each front followed by its back."


def read(path: Path) -> Any:
    """A language file as JSON."""
    return json.loads(path.read_text("utf-8"))


def test_the_languages_are_the_files_present() -> None:
    codes = [path.stem for path in FILES]
    assert "en" in codes
    assert list(TABLES) == codes and len(TABLES) == len(codes)
    for code in codes:
        assert code in TABLES and labels(code).language == code
        assert TABLES[code] == read(FOLDER / f"{code}.json")["labels"]
    assert "xx" not in TABLES and "../en" not in TABLES
    with pytest.raises(KeyError):
        TABLES["xx"]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_file_has_exactly_the_english_keys(path: Path) -> None:
    english, data = read(FOLDER / "en.json"), read(path)
    assert list(data) == list(english) == ["singular_counts", "labels"]
    assert list(data["labels"]) == list(english["labels"])  # no key left to the English fallback
    assert all(isinstance(text, str) for text in data["labels"].values())
    assert data["singular_counts"] and all(type(n) is int for n in data["singular_counts"])


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_file_is_written_the_same_way(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the language files that the labels read instead, fresh caches around it."""
    for path in FILES:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    caches = (module._folder, module._languages, module._file, module._labels)
    for cached in caches:
        cached.cache_clear()
    monkeypatch.setattr(module, "_folder", lambda: tmp_path)
    yield tmp_path
    monkeypatch.undo()
    for cached in caches:
        cached.cache_clear()


def test_a_new_file_is_a_new_language_with_english_for_a_missing_key(folder: Path) -> None:
    data = read(folder / "de.json")
    del data["labels"]["shuffle"]
    data["singular_counts"] = [0, 1]
    (folder / "eo.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert "eo" in TABLES and labels("eo-XX").language == "eo"
    assert labels("eo")["shuffle"] == "Shuffle" and labels("eo")["print"] == "Drucken"
    assert list(labels("eo")) == list(TABLES["en"])
    assert labels("eo").count("cards", 0) == "0 Karte"


def test_a_file_is_read_when_its_language_is_first_asked_for() -> None:
    script = """if True:
        import cardsmith.text.labels as module
        assert module._file.cache_info().currsize == 0
        assert len(module.TABLES) >= 7 and "de" in module.TABLES
        assert module._file.cache_info().currsize == 0
        module.labels("xx")
        assert module._file.cache_info().currsize == 1
        module.labels("de-CH"), module.labels("de")
        assert module._file.cache_info().currsize == 2
        """
    subprocess.run([sys.executable, "-c", script], check=True)
