"""The build cache's fingerprint of the environment: the core's every file and the libraries."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from cardsmith.build import cache


def test_the_core_digest_covers_every_stage_of_the_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert {"source", "text", "build"} <= {p.name for p in cache.CORE.iterdir()}
    copy = tmp_path / "cardsmith"
    shutil.copytree(cache.CORE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "CORE", copy)
    digest = cache.environment.__wrapped__
    before = digest()
    assert digest() == before
    for edited in ("text/render.py", "source/loader.py", "text/labels/de.json", "model.py"):
        original = (copy / edited).read_bytes()
        (copy / edited).write_bytes(original + b"\n")
        assert digest() != before, edited
        (copy / edited).write_bytes(original)
    assert digest() == before
    (copy / "text" / "__pycache__").mkdir()
    (copy / "text" / "__pycache__" / "render.cpython-311.pyc").write_bytes(b"compiled")
    assert digest() == before  # compiled copies are no source


def test_a_library_installed_or_upgraded_changes_the_digest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digest = cache.environment.__wrapped__
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    before = digest()
    (tmp_path / "markdown_it_py-9.9.dist-info").mkdir()
    upgraded = digest()
    assert upgraded != before
    (tmp_path / "markdown_it_py-9.9.dist-info").rename(tmp_path / "markdown_it_py-10.0.dist-info")
    assert digest() not in (before, upgraded)
