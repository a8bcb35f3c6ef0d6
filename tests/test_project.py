"""The project's own rules: lint and types clean, README and CI in step, packaging complete."""

from __future__ import annotations

import ast
import fnmatch
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from cardsmith import registry
from tests.conftest import ROOT


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```(?:sh|bash)\n(.*?)\n```", text, re.DOTALL)[:2]


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_mypy_strict_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout


def test_every_test_module_is_collected(pytestconfig: pytest.Config) -> None:
    # pytest skips folders matching `norecursedirs`; its default has `build`, which
    # once hid tests/build/ from every run.
    skipped = [p for p in (ROOT / "tests").rglob("test_*.py")
               if any(fnmatch.fnmatch(part, pattern) for part in p.relative_to(ROOT).parts[:-1]
                      for pattern in pytestconfig.getini("norecursedirs"))]
    assert skipped == []


def test_ci_runs_the_readme_test_command() -> None:
    install_and_build, test = _readme_commands()
    assert "cardsmith build" in install_and_build
    assert "pytest" in test
    assert "-c constraints.txt" in install_and_build and "-c constraints.txt" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci
    # ... in a virtual environment of its own, made before the command runs.
    assert ci.index("python3 -m venv .venv") < ci.index(". .venv/bin/activate") < ci.index(test)


def test_constraints_pin_every_requirement_within_its_range() -> None:
    from packaging.markers import Marker
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        pin, _, marker = line.partition(";")
        if pin.strip() and not line.startswith((" ", "#")) and (
                not marker.strip() or Marker(marker.strip()).evaluate()):
            name, _, version = pin.strip().partition("==")
            pins[canonicalize_name(name)] = version
    # The installed metadata holds pyproject's ranges, the test extra's with a marker.
    for text in metadata.requires("cardsmith") or []:
        wanted = Requirement(text)
        if wanted.marker is not None and not wanted.marker.evaluate({"extra": "test"}):
            continue
        pinned = pins.get(canonicalize_name(wanted.name))
        assert pinned is not None, f"{wanted.name} is not in constraints.txt: refresh it"
        assert wanted.specifier.contains(pinned, prereleases=True), (wanted, pinned)


def test_builtin_formats_are_entry_points() -> None:
    assert {"anki", "gift", "html", "moodle", "qti", "quizlet"} <= set(registry.available())


def test_core_never_imports_an_exporter() -> None:
    importing = re.compile(r"^\s*(from|import)\s+cardsmith\.(exporters|importers)", re.MULTILINE)
    for path in (ROOT / "cardsmith").rglob("*.py"):
        assert not importing.search(path.read_text(encoding="utf-8")), path


def _core_imports() -> dict[str, set[str]]:
    """Each core module -> the core modules it imports (at run time, lazily or not)."""
    modules = {".".join(("cardsmith", *p.relative_to(ROOT / "cardsmith").with_suffix("").parts))
               .removesuffix(".__init__"): p for p in (ROOT / "cardsmith").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                       and ast.unparse(node.test) == "TYPE_CHECKING" for n in ast.walk(node)}
        found: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.update(f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules
                             else node.module for a in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_the_core_has_no_import_cycle() -> None:
    graph = _core_imports()
    assert graph["cardsmith.source.loader"] >= {"cardsmith.source.reader"}  # the walk works
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " -> ".join((*path[path.index(module):], module))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


def test_schema_exists_once() -> None:
    tracked = subprocess.run(["git", "ls-files", "*.schema.json", "**/*.schema.json"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    assert tracked == ["schema/deck.schema.json"]


def test_wheel_carries_exporters_and_schema(tmp_path: Path) -> None:
    # Build from a copy of the tracked files: setuptools writes build/ beside the sources.
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split("\n")
    source = tmp_path / "src"
    for name in filter(None, tracked):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(result.stderr[-2000:])
    (wheel,) = tmp_path.glob("cardsmith-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "cardsmith/schema/deck.schema.json" in names
    formats = ("anki", "gift", "html", "moodle", "qti", "quizlet")
    assert {f"cardsmith/exporters/{m}/__init__.py" for m in formats} <= names
    assert {"cardsmith/exporters/html/templates/page.html.j2", "cardsmith/importers/__init__.py",
            "cardsmith/text/highlight-dark.css", "cardsmith/source/reader.py",
            "cardsmith/build/pipeline.py"} <= names
    assert "cardsmith/cli.py" in names
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[cardsmith.exporters]" in entry_points
