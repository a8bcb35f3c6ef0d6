"""Generate large, realistic decks for the benchmarks.

Every question type and flashcards, in a fixed mix, with Markdown text of 100
to 400 characters an item. The same `n` and `seed` always give the same deck.
Run as a script to write one: `python -m benchmarks.generate 10000 out.yaml`
(add `--flashcards` for a deck of flashcards only).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

WORDS = [
    "model", "layer", "token", "attention", "gradient", "loss", "teacher", "student",
    "distribution", "label", "softmax", "encoder", "decoder", "batch", "epoch", "dataset",
    "latency", "parameter", "embedding", "vector", "precision", "recall", "sample",
    "feature", "weight", "bias", "norm", "dropout", "residual", "transformer",
]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    if rng.random() < 0.2:
        i = rng.randrange(len(words))
        words[i] = f"`{words[i]}`"
    return " ".join(words).capitalize() + "."


def _text(rng: random.Random) -> str:
    """Markdown of 50 to 200 characters: an item's two sides make 100 to 400."""
    parts = [_sentence(rng, 5, 12) for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.1:
        parts.append("\n".join(f"{i}. {_sentence(rng, 2, 3)}" for i in range(1, 3)))
    return "\n\n".join(parts)


def _question(rng: random.Random, i: int) -> dict[str, object]:
    kind = ("open", "choice", "multi", "truefalse", "short", "numeric", "match", "cloze")[i % 8]
    q: dict[str, object] = {"id": f"q{i}", "type": kind, "prompt": _text(rng)}
    choices = [f"Option {c} {rng.choice(WORDS)}" for c in "ABCD"]
    if kind == "open":
        q["answer"] = _text(rng)
    elif kind == "choice":
        q.update(choices=choices, answer=choices[i % 4], explanation=_text(rng))
    elif kind == "multi":
        q.update(choices=choices, answer=choices[:2])
    elif kind == "truefalse":
        q["answer"] = bool(i % 2)
    elif kind == "short":
        q["answer"] = [rng.choice(WORDS), rng.choice(WORDS) + "s"]
    elif kind == "numeric":
        q.update(answer=round(rng.uniform(0, 100), 2), tolerance=0.5)
    elif kind == "match":
        q["pairs"] = [{"left": f"{w} {j}", "right": _sentence(rng, 2, 5)}
                      for j, w in enumerate(rng.sample(WORDS, 3))]
    else:
        q["prompt"] = f"{_sentence(rng, 5, 10)} The {{{{{rng.choice(WORDS)}}}}} is key."
    return q


def deck_data(n: int, seed: int = 1) -> dict[str, object]:
    """A deck document with `n` items: 40% flashcards, 40% questions, 20% in exercises."""
    rng = random.Random(seed)
    n_cards, n_questions = n * 2 // 5, n * 2 // 5
    n_parts = max(1, (n - n_cards - n_questions) // 4)
    per_part = (n - n_cards - n_questions) // n_parts
    questions = [_question(rng, i) for i in range(n_questions)]
    parts = [{"id": f"p{p}", "title": f"Part {p}", "context": _text(rng),
              "questions": [_question(rng, n_questions + p * per_part + j)
                            for j in range(max(1, per_part))]}
             for p in range(n_parts)]
    exercises = [{"id": f"e{e}", "title": f"Exercise {e}", "minutes": 10,
                  "parts": parts[e * 10:(e + 1) * 10]} for e in range((n_parts + 9) // 10)]
    cards = [{"id": f"f{i}", "front": _text(rng), "back": _text(rng), "reverse": i % 10 == 0}
             for i in range(n_cards)]
    return {"cardsmith": 1, "id": f"bench-{n}", "title": f"Benchmark deck of {n} items",
            "intro": _text(rng), "tags": ["bench"], "questions": questions,
            "exercises": exercises, "flashcards": cards}


def flashcards_data(n: int, seed: int = 1) -> dict[str, object]:
    """A deck document of `n` flashcards only: the input the peer tools are compared on."""
    rng = random.Random(seed)
    cards = [{"id": f"f{i}", "front": _text(rng), "back": _text(rng)} for i in range(n)]
    return {"cardsmith": 1, "id": f"cards-{n}", "title": f"Benchmark flashcards ({n})",
            "flashcards": cards}


def _write(data: dict[str, object], path: Path) -> Path:
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                     allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")
    return path


def write_deck(n: int, path: Path, seed: int = 1) -> Path:
    """Write a generated deck of `n` items to `path` as YAML."""
    return _write(deck_data(n, seed), path)


def write_flashcards(n: int, path: Path, seed: int = 1) -> Path:
    """Write a deck of `n` generated flashcards to `path` as YAML."""
    return _write(flashcards_data(n, seed), path)


if __name__ == "__main__":
    if sys.argv[3:] == ["--flashcards"]:
        write_flashcards(int(sys.argv[1]), Path(sys.argv[2]))
    else:
        write_deck(int(sys.argv[1]), Path(sys.argv[2]))
