"""The exporter base class: options and the report."""

from __future__ import annotations

import pytest

from cardsmith.exporter import OptionError, Report
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
