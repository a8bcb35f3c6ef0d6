"""Fuzzing the loader: any input gives a deck or clean problems, never a crash.

CI runs a modest number of examples; for a longer run:
`HYPOTHESIS_PROFILE=long python -m pytest tests/source/test_fuzz.py`.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

import tests.hypothesis_profiles  # noqa: F401 - registers and loads the profiles
from cardsmith.source.loader import load_deck
from cardsmith.source.problems import DeckError
from tests.conftest import DATA, SEED_DECK
from tests.strategies import decks

INVALID = sorted((DATA / "invalid").glob("*.yaml"))
SEEDS = [SEED_DECK.read_bytes(), *(p.read_bytes() for p in INVALID)]


def _load_or_problems(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        load_deck(path)
    except DeckError as err:
        assert err.problems
        for problem in err.problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message


@given(st.binary(max_size=400))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    _load_or_problems(tmp_path / "fuzz.yaml", data)


@given(st.sampled_from(SEEDS), st.data())
def test_mutated_decks(tmp_path: Path, seed: bytes, data: st.DataObject) -> None:
    # Splice random bytes into a real deck: exercises the YAML and schema paths deep down.
    at = data.draw(st.integers(0, len(seed)))
    cut = data.draw(st.integers(0, 20))
    insert = data.draw(st.binary(max_size=20) | st.sampled_from(
        [b"\t", b"&a", b"*a", b"!!python/name:os.system", b"<<: ", b": ", b"- ", b"{", b"\xff"]))
    _load_or_problems(tmp_path / "fuzz.yaml", seed[:at] + insert + seed[at + cut:])


@given(decks())
def test_generated_decks_are_valid(tmp_path: Path, deck: dict[str, object]) -> None:
    path = tmp_path / "gen.yaml"
    path.write_text(yaml.safe_dump(deck, allow_unicode=True), encoding="utf-8")
    loaded = load_deck(path)
    assert loaded.title == deck["title"]
