"""Headless Chromium: printing a page to PDF, read back with poppler-utils, and opening it.

Opening goes through playwright (the `browser` fixture of tests/conftest.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import require_tool

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--no-pdf-header-footer"]


def squash(text: str) -> str:
    """Text with every run of whitespace (page breaks too) made one space.

    Hyphens inside a word are dropped: pdftotext joins a word broken at its
    hyphen across two lines ("cross-" / "entropy") into "crossentropy".
    """
    return re.sub(r"(?<=\w)- ?(?=\w)", "", " ".join(text.split()))


def print_pdf(page: Path, tmp_path: Path, fragment: str = "") -> Path:
    """Print the page with headless Chromium, as a user's `--print-to-pdf` would."""
    require_tool("chromium", "pdfinfo", "pdftotext")
    pdf = tmp_path / f"print{len(list(tmp_path.glob('print*.pdf')))}.pdf"
    profile = tmp_path / "chromium-profile"
    subprocess.run([shutil.which("chromium") or "chromium", *CHROMIUM_FLAGS,
                    f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                    page.as_uri() + fragment], check=True, capture_output=True, timeout=180)
    return pdf


def pdf_info(pdf: Path) -> tuple[int, tuple[float, float]]:
    """Page count and the first page's size in points, as pdfinfo reads them."""
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M)[1])  # type: ignore[index]
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", out, re.M)
    assert size is not None
    return pages, (float(size[1]), float(size[2]))


def pdf_text(pdf: Path, page: int | None = None, box: tuple[int, int, int, int] | None = None
             ) -> str:
    """The text pdftotext reads, of one page and of a box (x, y, w, h in points) if given."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    if box is not None:
        args += ["-x", str(box[0]), "-y", str(box[1]), "-W", str(box[2]), "-H", str(box[3])]
    return squash(subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True,
                                 text=True).stdout)


def open_page(browser: Any, page_file: Path, fragment: str = "") -> tuple[Any, list[str]]:
    """Open the page; return it and the list of every URL it requests, filled as it goes."""
    tab = browser.new_page(reduced_motion="reduce")
    requests: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("dialog", lambda d: errors.append(f"dialog {d.message}"))
    tab.goto(page_file.as_uri() + fragment)
    tab.wait_for_load_state("load")
    assert errors == []
    return tab, requests
