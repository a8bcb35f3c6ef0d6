"""YAML hazards: bounded memory, no crash, no side effect, no change to any output.

Memory is measured with `resource.getrusage` in a subprocess, so that a
regression cannot take the test run down with it.

The size of the large-file test is `CARDSMITH_HAZARD_MB` megabytes (20 by
default; the report of issue 8 gives the figures for 100).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cardsmith.source.loader import load_deck
from tests.conftest import ROOT
from tests.hazards import ALL_TYPES, export_all

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
    texts = [data for name, data in lf.items() if not name.endswith((".apkg", ".zip"))]
    with zipfile.ZipFile(io.BytesIO(lf["all-types.qti.zip"])) as package:
        texts += [package.read(n) for n in package.namelist() if n.endswith(".xml")]
    assert not any(b"\r" in data for data in texts)


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
