"""The readings the property tests compare with can fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardsmith.model import (
    Flashcard,
)
from tests.consumers.markup import assert_inert, visible_text
from tests.properties import flat, kept, load


def test_the_checks_above_can_fail(tmp_path: Path) -> None:
    """The helpers read a hand-made deck as expected, and flag live markup."""
    deck = load(tmp_path, {"cardsmith": 1, "id": "hand", "title": "T <b>", "flashcards": [
        {"id": "c", "front": "a <script>x</script>", "back": "b\n\nc", "reverse": True}]})
    card: Flashcard = deck.flashcards[0]
    assert flat(card.back.plain) == "b / c" and kept(card.back.plain) == "b\n\nc"
    assert visible_text(card.front.html) == "a <script>x</script>"
    with pytest.raises(AssertionError):
        assert_inert("<p onclick=x>")
