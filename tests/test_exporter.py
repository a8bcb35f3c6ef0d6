"""The exporter base class: options and the report."""

from __future__ import annotations

import sys
import types
from typing import ClassVar

import pytest

from cardsmith.exporter import Exporter, OptionError, Report
from cardsmith.model import Deck
from tests.test_cli import EchoExporter


def test_report_lines_name_at_most_ten_ids() -> None:
    report = Report()
    for i in range(12):
        report.lose("cards left out", f"c{i}")
    report.lose("pictures dropped", "p")
    report.note("choose Tab")
    report.note("choose Tab")
    assert report.lines() == [
        "12 cards left out (ids: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 2 more)",
        "1 pictures dropped (ids: p)"]
    assert report.notes == ["choose Tab"]


def test_options_are_checked_and_defaulted() -> None:
    assert EchoExporter().settings == {"case": "keep"}
    with pytest.raises(OptionError, match="unknown option 'colour' \\(options: case\\)"):
        EchoExporter({"colour": "red"})


def test_fingerprint_follows_the_settings() -> None:
    assert EchoExporter().fingerprint() == EchoExporter({"case": "keep"}).fingerprint()
    assert EchoExporter().fingerprint() != EchoExporter({"case": "upper"}).fingerprint()


def test_fingerprint_of_an_exporter_without_a_source_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # `python -c` and the REPL run in a __main__ module that has no __file__.
    main = types.ModuleType("scratch_main")
    monkeypatch.setitem(sys.modules, "scratch_main", main)

    class Scratch(Exporter):
        name = "scratch"
        suffix = ".txt"
        description = "Defined at the prompt."
        options: ClassVar[dict[str, tuple[str, str]]] = {"case": ("keep", "keep or upper")}

        def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
            return {}

    Scratch.__module__ = "scratch_main"
    first = Scratch().fingerprint()
    assert len(first) == 64 and first == Scratch().fingerprint()
    assert Scratch({"case": "upper"}).fingerprint() != first
    monkeypatch.delitem(sys.modules, "scratch_main")  # gone altogether: still no error
    assert Scratch().fingerprint() == first
