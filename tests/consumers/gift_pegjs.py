"""gift-pegjs 1.0.2, the real GIFT parser, run under Node from `gift-pegjs/` beside this file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import require_tool
from tests.consumers.gift_readings import Record

FOLDER = Path(__file__).resolve().parent / "gift-pegjs"


def parse(text: str) -> list[Record]:
    """gift-pegjs's parse of a GIFT text (`npm ci` in gift-pegjs/ on first use)."""
    require_tool("node", "npm")
    if not (FOLDER / "node_modules" / "gift-pegjs").is_dir():
        npm = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=FOLDER,
                             capture_output=True, text=True, check=False)
        assert npm.returncode == 0, f"npm ci in {FOLDER.name} failed:\n{npm.stderr}"
    done = subprocess.run(["node", "parse.js"], cwd=FOLDER, input=text.encode(),
                          capture_output=True, check=False)
    result = json.loads(done.stdout)
    assert done.returncode == 0, result
    return list(result)
