"""Faults half-way through a build: nothing is lost, nothing is left half-written.

Every test starts from a folder of outputs built from two decks with the four
real exporters, edits the decks, and runs a build that fails somewhere: an
exporter raising, a full disk (simulated, and a real file-size limit), Ctrl-C
(an exception, and a real signal), an output folder that cannot be written,
two builds at once. Afterwards every output must be whole: byte for byte the
previous output or the new one, never a mix, never a leftover temporary file,
and the next build must bring every output up to date.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cardsmith import registry
from cardsmith.build.cache import CACHE
from cardsmith.cli import main
from cardsmith.exporter import Exporter, Report
from cardsmith.model import Deck
from tests.conftest import ROOT, SEED_DECK

FORMATS = ("anki", "gift", "html", "moodle", "qti", "quizlet")
OUTPUTS = 2 * len(FORMATS)  # the project's two decks in every format


class HalfwayExporter(Exporter):
    """Renders a deck half-way (the GIFT file), then fails, as a buggy plugin would."""

    name = "halfway"
    suffix = ".gift.txt"
    description = "Test stand-in."

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        """Start the GIFT file, then raise."""
        registry.load("gift")().render(deck, report)
        raise RuntimeError("half-way")


HALFWAY = EntryPoint("halfway", "tests.test_faults:HalfwayExporter", registry.GROUP)


@pytest.fixture(autouse=True)
def formats(monkeypatch: pytest.MonkeyPatch) -> dict[str, EntryPoint]:
    """The four real formats (another test may have registered stand-ins); add to it."""
    found = {name: ep for name, ep in registry.available().items() if name in FORMATS}
    assert sorted(found) == list(FORMATS)
    monkeypatch.setattr(registry, "available", lambda: dict(sorted(found.items())))
    return found


def cli(*args: str) -> tuple[int, str]:
    """Run the command line in-process: exit code and error output."""
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


def outputs(folder: Path) -> dict[str, bytes]:
    """Every file of an output folder by name (the cache and any leftover included)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


class Project:
    """Two decks, the outputs of a first build, and what an edited build must give."""

    def __init__(self, root: Path) -> None:
        self.cards = root / "cards"
        self.out = root / "out"
        self.cards.mkdir()
        text = SEED_DECK.read_text(encoding="utf-8")
        (self.cards / "a.yaml").write_text(text, encoding="utf-8")
        (self.cards / "b.yaml").write_text(text.replace("id: distilbert-roberta", "id: other"),
                                           encoding="utf-8")
        self.build("--jobs", "1")
        self.old = outputs(self.out)
        self.edit()
        fresh = root / "fresh"
        assert cli("build", str(self.cards), "-o", str(fresh), "--jobs", "1")[0] == 0
        self.new = outputs(fresh)
        self.names = set(self.old)
        assert set(self.new) == self.names and len(self.names) == OUTPUTS + 1  # and the cache
        assert all(self.old[name] != self.new[name] for name in self.names)

    def build(self, *args: str) -> tuple[int, str]:
        """`cardsmith build` of the decks into the output folder."""
        code, err = cli("build", str(self.cards), "-o", str(self.out), *args)
        assert code == 0, err
        return code, err

    def edit(self) -> None:
        """Change both decks' titles and first prompts, so that every output changes."""
        for name in ("a.yaml", "b.yaml"):
            path = self.cards / name
            text = path.read_text(encoding="utf-8")
            text = text.replace('title: "', 'title: "Edited: ', 1)
            path.write_text(text.replace("prompt: ", "prompt: Edited, ", 1), encoding="utf-8")

    def check_whole(self) -> dict[str, str]:
        """Every output is the old or the new one, nothing else is there; which is which.

        The cache records each output's modification time, so a new one is only
        checked to be whole (it loads) and to list both decks.
        """
        now = outputs(self.out)
        assert set(now) == self.names, set(now) ^ self.names  # no temporary file left
        state = {}
        for name, data in now.items():
            if name == CACHE:
                assert len(json.loads(data)) == 2
            else:
                assert data in (self.old[name], self.new[name]), f"{name} is neither old nor new"
            state[name] = "old" if data == self.old[name] else "new"
        return state

    def check_recovers(self) -> None:
        """The next build brings everything up to date; the one after has nothing to do."""
        self.build("--jobs", "1")
        now = outputs(self.out)
        cache = json.loads(now.pop(CACHE))
        assert now == {k: v for k, v in self.new.items() if k != CACHE}
        assert len(cache) == 2
        code, _ = cli("build", str(self.cards), "-o", str(self.out), "--jobs", "1")
        result = CliRunner().invoke(main, ["build", str(self.cards), "-o", str(self.out)])
        assert code == 0 and result.stdout.count("up to date") == OUTPUTS, result.stdout


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """Outputs of two decks built once, the decks then edited."""
    return Project(tmp_path)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_exporter_failing_half_way_writes_nothing(
        project: Project, formats: dict[str, EntryPoint], jobs: str) -> None:
    formats["halfway"] = HALFWAY
    for command in (["export", "halfway"], ["build"]):
        code, err = cli(*command, str(project.cards), "-o", str(project.out), "-j", jobs)
        assert code == 1 and "Traceback" not in err
        assert err.startswith("Error: halfway: cannot export ") and err.endswith(
            "RuntimeError: half-way; nothing was written\n"), err
        assert outputs(project.out) == project.old
    del formats["halfway"]
    project.check_recovers()


def _failing(nth: int, error: BaseException, original: Callable[..., Any]) -> Callable[..., Any]:
    """`original`, except that its `nth` call raises `error` instead."""
    calls = 0

    def call(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == nth:
            raise error
        return original(*args, **kwargs)

    return call


class _HalfWriter:
    """A file whose write puts half the bytes on disk, then finds the disk full."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def write(self, data: bytes) -> int:
        self.file.write(data[: len(data) // 2])
        self.file.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.file, name)

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()


FULL = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
@pytest.mark.parametrize("nth", [1, 4, OUTPUTS + 1], ids=["first", "fourth", "cache"])
def test_a_full_disk_leaves_every_output_whole(
        project: Project, monkeypatch: pytest.MonkeyPatch, where: str, nth: int) -> None:
    with monkeypatch.context() as patch:
        if where == "write":
            opened = _failing(nth, FULL, os.fdopen)
            real = os.fdopen

            def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
                try:
                    return opened(fd, *args, **kwargs)
                except OSError:
                    return _HalfWriter(real(fd, *args, **kwargs))

            patch.setattr(os, "fdopen", fdopen)
        else:
            patch.setattr(os, where, _failing(nth, FULL, getattr(os, where)))
        code, err = cli("build", str(project.cards), "-o", str(project.out), "-j", "1")
    assert code == 1 and "Traceback" not in err
    assert re.fullmatch(f"Error: cannot write {re.escape(str(project.out))}/[^/]+: "
                        "No space left on device\n", err), err
    state = project.check_whole()
    # Every output is written to a temporary file first; only then are they renamed
    # one by one, the cache last. A fault writing an output leaves them all old; a
    # fault renaming leaves new the ones renamed before it.
    renamed = nth - 1 if where == "replace" or nth > OUTPUTS else 0
    assert list(state.values()).count("new") == renamed
    project.check_recovers()


def test_ctrl_c_while_writing_leaves_every_output_whole(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", _failing(3, KeyboardInterrupt(), os.fsync))
        code, err = cli("build", str(project.cards), "-o", str(project.out), "-j", "1")
    assert code == 1 and err == "\nAborted!\n"
    assert set(project.check_whole().values()) == {"old"}  # stopped before any rename
    project.check_recovers()


_DRIVER = """
import os, signal, sys
from cardsmith.cli import main
calls = 0
real_fsync = os.fsync
def fsync(fd):
    global calls
    calls += 1
    real_fsync(fd)
    if calls == int(sys.argv[1]):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, delivered by the kernel mid-write
os.fsync = fsync
main(sys.argv[2:])
"""


def _run(project: Project, *args: str, nth: int = 0, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", _DRIVER, str(nth), "build",
                             str(project.cards), "-o", str(project.out), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


@pytest.mark.parametrize("nth", [2, 5])
def test_a_real_sigint_while_writing_leaves_every_output_whole(project: Project,
                                                               nth: int) -> None:
    proc = _run(project, "-j", "1", nth=nth)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and err.endswith("Aborted!\n") and "Traceback" not in err, err
    assert set(project.check_whole().values()) == {"old"}  # stopped before any rename
    project.check_recovers()


@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0])
def test_ctrl_c_during_a_parallel_build_stops_it_and_keeps_outputs_whole(
        project: Project, delay: float) -> None:
    proc = _run(project, "-j", "2", "--force", start_new_session=True)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends the whole process group
    try:
        proc.communicate(timeout=120)
    finally:
        _kill_group(proc)
    assert proc.returncode != 0 or project.check_whole() == dict.fromkeys(project.names, "new")
    project.check_whole()
    project.check_recovers()


def _kill_group(proc: subprocess.Popen[str]) -> None:
    """Stop whatever is left of a process group this test started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def test_a_real_file_size_limit_leaves_every_output_whole(project: Project) -> None:
    import resource

    def limit() -> None:
        # Writing past the limit fails with EFBIG, as a full quota would; the signal the
        # kernel also sends is ignored, as a shell's `ulimit -f` does not ask for it.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (30_000, 30_000))

    assert max(len(v) for v in project.new.values()) > 30_000  # the page is larger
    done = subprocess.run([sys.executable, "-m", "cardsmith.cli", "build", str(project.cards),
                           "-o", str(project.out), "-j", "1"], cwd=ROOT, preexec_fn=limit,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    # Python 3.10 cannot hold a SQLite database in memory: the Anki package's collection
    # goes through a temporary file, and that is the first write to fail.
    temporary = (r"|Error: anki: cannot export \S+: cannot write the package's temporary "
                 r"collection in \S+ \(disk I/O error\): is the disk full, or a file size "
                 r"limit set\?; nothing was written\n") if sys.version_info < (3, 11) else ""
    assert re.fullmatch(f"Error: cannot write {re.escape(str(project.out))}/[^/]+: "
                        f"File too large\n{temporary}", done.stderr), done.stderr
    assert set(project.check_whole().values()) == {"old"}
    project.check_recovers()


# ---- output folders that cannot be written -----------------------------------------------


def test_an_output_folder_under_a_file_is_a_clear_error(project: Project) -> None:
    blocker = project.out.parent / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, err = cli("build", str(project.cards), "-o", str(blocker / "out"))
    assert code == 1
    assert err == f"Error: cannot write {blocker / 'out'}: Not a directory\n"
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_read_only_output_folder_is_a_clear_error(project: Project,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, whom file modes do not stop: the folder refuses like a
    # read-only one does, at the first file created in it.
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    with monkeypatch.context() as patch:
        patch.setattr("tempfile.mkstemp", refuse)
        code, err = cli("build", str(project.cards), "-o", str(project.out))
    assert code == 1 and re.fullmatch(f"Error: cannot write {re.escape(str(project.out))}/"
                                      "[^/]+: Permission denied\n", err), err
    assert outputs(project.out) == project.old


def test_an_output_name_taken_by_a_folder_is_a_clear_error(project: Project) -> None:
    page = project.out / "other.html"
    page.unlink()
    page.mkdir()
    code, err = cli("build", str(project.cards), "-o", str(project.out), "-j", "1")
    assert code == 1 and "Traceback" not in err
    assert err == f"Error: cannot write {page}: Is a directory\n"
    page.rmdir()
    project.names.discard("other.html")
    project.check_whole()


# ---- two builds at once ------------------------------------------------------------------

VARIANTS = {
    "a": ["-O", "html.paper=a4", "-O", "gift.flashcards=omit", "-O", "anki.subdecks=yes",
          "-O", "moodle.flashcards=omit", "-O", "qti.flashcards=omit"],
    "b": ["-O", "html.paper=letter", "-O", "gift.flashcards=essay", "-O", "anki.subdecks=no",
          "-O", "quizlet.mode=rich", "-O", "moodle.flashcards=essay", "-O", "qti.flashcards=essay"],
}


def test_two_builds_at_once_never_leave_a_corrupt_file(project: Project, tmp_path: Path) -> None:
    complete: dict[str, set[bytes]] = {}
    for variant, options in VARIANTS.items():
        folder = tmp_path / f"variant-{variant}"
        assert cli("build", str(project.cards), "-o", str(folder), "-j", "1", *options)[0] == 0
        for name, data in outputs(folder).items():
            complete.setdefault(name, set()).add(data)
    assert all(len(v) == 2 for k, v in complete.items() if k != CACHE)
    for _ in range(3):
        procs = [_run(project, "--force", "-j", "1", *options) for options in VARIANTS.values()]
        for proc in procs:
            _, err = proc.communicate(timeout=180)
            assert proc.returncode == 0, err
        now = outputs(project.out)
        assert set(now) == set(complete)  # no temporary file left
        for name, data in now.items():
            if name == CACHE:
                assert len(json.loads(data)) == 2
            else:
                assert data in complete[name], f"{name} is no complete output of either build"
    project.check_recovers()


def test_the_project_helper_sees_a_corrupt_file(project: Project) -> None:
    """`check_whole` fails on a half-written output and on a leftover temporary file."""
    page = project.out / "other.html"
    page.write_bytes(project.new["other.html"][:100])
    with pytest.raises(AssertionError, match="neither old nor new"):
        project.check_whole()
    page.write_bytes(project.old["other.html"])
    (project.out / ".other.html.x1y2.tmp").write_bytes(b"")
    with pytest.raises(AssertionError):
        project.check_whole()
