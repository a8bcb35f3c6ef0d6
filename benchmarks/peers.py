"""The tools people use today, run on the same flashcards as cardsmith (optional).

`python -m benchmarks.peers setup DIR` installs each tool from the package
index into its own virtual environment under DIR (yaml2anki needs Python 3.13
or later: give `--python` or have `python3.13` on PATH); `benchmarks.run
--peers DIR` then times whichever of them DIR holds. Each tool gets the same
generated flashcards in its own input format:

- yaml2anki: `{deck_name, cards: [{front, back}]}` to one .apkg (text as is);
- markdown-anki-decks: one Markdown file, a `##` heading a card (the front,
  its paragraphs joined on one line, since a heading is one line) and the back
  below it, to one .apkg;
- text2qti: one quiz, a card an essay question whose general feedback (`...`)
  is the back, to one QTI zip;
- gift-wrapper: one category, a card a multiple-choice question whose right
  answer is its back and whose wrong one is the next card's back, to one GIFT file;
- PyYAML's C loader and genanki: a short script writing the same notes, the
  lower bound of a Python tool that reads YAML and writes Anki.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from benchmarks.generate import flashcards_data

Card = dict[str, Any]
# tool -> (package, console script or None for the interpreter, needs Python 3.13+)
TOOLS: dict[str, tuple[str, str | None, bool]] = {
    "yaml2anki": ("yaml2anki", "yaml2anki", True),
    # Its last release breaks on click 8.2's help machinery (typer's make_metavar).
    "markdown-anki-decks": ("markdown-anki-decks click<8.2", "mdankideck", False),
    "text2qti": ("text2qti", "text2qti", False),
    "gift-wrapper": ("gift-wrapper", "wrap.py", False),
    "pyyaml+genanki": ("genanki pyyaml", None, False),
}

_GENANKI_SCRIPT = """
import sys, genanki, yaml
data = yaml.load(open(sys.argv[1], encoding="utf-8"), Loader=yaml.CSafeLoader)
model = genanki.Model(1607392319, "Basic", fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
deck = genanki.Deck(2059400110, data["title"])
for c in data["flashcards"]:
    deck.add_note(genanki.Note(model=model, fields=[c["front"], c["back"]]))
genanki.Package(deck).write_to_file(sys.argv[2])
"""


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def _indent(text: str, prefix: str) -> str:
    return text.replace("\n", "\n" + prefix)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _yaml2anki(cards: list[Card], folder: Path) -> list[str]:
    data = {"deck_name": "Bench", "cards": [{"front": c["front"], "back": c["back"]}
                                            for c in cards]}
    source = folder / "cards.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return [str(source), "-o", str(folder / "out.apkg")]


def _markdown_anki_decks(cards: list[Card], folder: Path) -> list[str]:
    (folder / "in").mkdir(exist_ok=True)
    (folder / "out").mkdir(exist_ok=True)
    text = "# Bench\n\n" + "".join(f"## {_one_line(c['front'])}\n\n{c['back']}\n\n"
                                   for c in cards)
    (folder / "in" / "bench.md").write_text(text, "utf-8")
    return [str(folder / "in"), str(folder / "out")]


def _text2qti(cards: list[Card], folder: Path) -> list[str]:
    parts = ["Quiz title: Bench\n\n"]
    for i, c in enumerate(cards, 1):
        number = f"{i}.  "
        parts.append(f"{number}{_indent(c['front'], ' ' * len(number))}\n"
                     f"... {_indent(c['back'], '    ')}\n___\n\n")
    source = folder / "quiz.txt"
    source.write_text("".join(parts), "utf-8")
    return [str(source)]


def _gift_wrapper(cards: list[Card], folder: Path) -> list[str]:
    questions = [{"class": "MultipleChoice", "name": c["id"], "statement": c["front"],
                  "answers": {"perfect": c["back"],
                              "wrong": [cards[(i + 1) % len(cards)]["back"]]}}
                 for i, c in enumerate(cards)]
    data = {"pictures base directory": "pictures",
            "categories": [{"name": "Bench", "questions": questions}]}
    source = folder / "bank.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return ["-i", str(source)]


def _pyyaml_genanki(cards: list[Card], folder: Path) -> list[str]:
    source = folder / "cards.yaml"
    source.write_text(yaml.safe_dump({"title": "Bench", "flashcards": cards},
                                     allow_unicode=True, sort_keys=False), "utf-8")
    (folder / "write.py").write_text(_GENANKI_SCRIPT, "utf-8")
    return [str(folder / "write.py"), str(source), str(folder / "out.apkg")]


OUTPUTS = {  # what each tool writes, relative to its folder: checked after each run
    "yaml2anki": "out.apkg", "markdown-anki-decks": "out/bench.apkg", "text2qti": "quiz.zip",
    "gift-wrapper": "bank.gift.txt", "pyyaml+genanki": "out.apkg",
}

_INPUTS: dict[str, Callable[[list[Card], Path], list[str]]] = {
    "yaml2anki": _yaml2anki,
    "markdown-anki-decks": _markdown_anki_decks,
    "text2qti": _text2qti,
    "gift-wrapper": _gift_wrapper,
    "pyyaml+genanki": _pyyaml_genanki,
}


def commands(peers: Path, n: int, work: Path) -> dict[str, tuple[list[str], Path]]:
    """For each tool installed under `peers`: (command, folder to run it in) on `n`
    generated flashcards, its input written under `work`."""
    cards: list[Card] = flashcards_data(n)["flashcards"]  # type: ignore[assignment]
    found: dict[str, tuple[list[str], Path]] = {}
    for tool, (_, script, _) in TOOLS.items():
        venv = peers / tool
        program = _bin(venv, script or "python")
        if not program.exists():
            continue
        folder = work / tool
        folder.mkdir(parents=True, exist_ok=True)
        args = _INPUTS[tool](cards, folder)
        # Console scripts start with the venv's interpreter through their #! line.
        found[tool] = ([str(program), *args], folder)
    return found


def _interpreter(newer: bool, given: str | None) -> str | None:
    if not newer:
        return sys.executable
    for candidate in ([given] if given else []) + ["python3.14", "python3.13"]:
        path = shutil.which(candidate) if candidate and os.sep not in candidate else candidate
        if not path:
            continue
        probe = subprocess.run([path, "-c", "import sys; print(sys.version_info >= (3, 13))"],
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return path
    return None


def setup(peers: Path, python: str | None) -> None:
    """Create a virtual environment for each tool under `peers` and install it there."""
    for tool, (package, _, newer) in TOOLS.items():
        interpreter = _interpreter(newer, python)
        if interpreter is None:
            print(f"{tool}: skipped, it needs Python 3.13 or later (give --python)")
            continue
        venv = peers / tool
        subprocess.run([interpreter, "-m", "venv", "--clear", str(venv)], check=True)
        result = subprocess.run([str(_bin(venv, "python")), "-m", "pip", "install", "-q",
                                 *package.split()], capture_output=True, text=True)
        print(f"{tool}: {'installed' if result.returncode == 0 else 'FAILED'}")
        if result.returncode:
            print(result.stderr[-1500:])


def main() -> None:
    """`setup DIR [--python PATH]`: install the peer tools for `benchmarks.run --peers DIR`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["setup"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--python", help="a Python 3.13+ interpreter for yaml2anki")
    args = parser.parse_args()
    setup(args.folder, args.python)


if __name__ == "__main__":
    main()
