"""The label tables: the same keys and fields in every language, and how a tag picks one."""

from __future__ import annotations

import string

import pytest

from cardsmith.labels import TABLES, Labels, labels

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
