"""The benchmark suite: whole `cardsmith` commands on generated decks, as a user runs them.

Run: `python -m benchmarks.run [--sizes 1000 10000 100000] [--runs 5] [--out FILE.md]
[--peers DIR] [--skip PART ...]`

For each size it generates a deck (`benchmarks.generate`: every question type
and flashcards, Markdown of 100 to 400 characters an item) and times, each
`--runs` times: `cardsmith validate`; `cardsmith build --force` to all four
formats with the default workers and with `-j 1`, round after round so their
ratio is fair; a rebuild with nothing changed; and, in this process, the Anki
exporter against genanki writing the same notes. Once: `cardsmith --help`
against `python -c "import click"`, side by side. With `--peers DIR` (see
`benchmarks.peers`), the tools people use today on the same 10,000 flashcards.

It prints a Markdown report (figures: median [min, max] of the runs; CPU time
is the whole process tree's, steadier than wall time on a shared machine) to
stdout or `--out`. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import measure, peers, report
from benchmarks.measure import Sample

PARTS = ("validate", "build", "rebuild", "anki", "startup", "peers")
PEER_CARDS = 10_000


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _series(label: str, runs: int, cmd: list[str], check: Callable[[Sample], bool] | None = None,
            **kwargs: object) -> list[Sample]:
    samples = []
    for i in range(runs):
        sample = measure.run(cmd, **kwargs)  # type: ignore[arg-type]
        for _ in range(3):
            if check is None or check(sample):
                break
            _log(f"  {label} run {i + 1}/{runs} did not measure what it should: again")
            sample = measure.run(cmd, **kwargs)  # type: ignore[arg-type]
        else:
            raise RuntimeError(f"{label}: three runs in a row did not measure what they "
                               f"should:\n{sample.stdout[-1000:]}")
        samples.append(sample)
        _log(f"  {label} run {i + 1}/{runs}: {sample.wall:.3f} s wall, {sample.cpu:.3f} s CPU")
    return samples


def _side_by_side(labels: list[str], cmds: list[list[str]], runs: int,
                  **kwargs: object) -> dict[str, list[Sample]]:
    """Run the commands round after round (A, B, A, B...), so that a change in the
    machine's load touches each alike."""
    out: dict[str, list[Sample]] = {label: [] for label in labels}
    for i in range(runs):
        for label, cmd in zip(labels, cmds, strict=True):
            sample = measure.run(cmd, **kwargs)  # type: ignore[arg-type]
            out[label].append(sample)
            _log(f"  {label} run {i + 1}/{runs}: {sample.wall:.3f} s wall, "
                 f"{sample.cpu:.3f} s CPU")
    return out


def _generate(n: int, path: Path, *flags: str) -> Path:
    """Write a generated deck, in a process of its own: this one stays small, since
    a child's peak memory as the kernel reports it starts from its parent's size."""
    subprocess.run([sys.executable, "-m", "benchmarks.generate", str(n), str(path), *flags],
                   check=True)
    return path


def _all_skipped(sample: Sample) -> bool:
    """Whether a rebuild kept every output: a changed exporter file (someone editing the
    checkout) makes it rebuild, and that run is repeated, the outputs now up to date."""
    return not any(": wrote " in line for line in sample.stdout.splitlines())


def bench_size(n: int, deck: Path, runs: int, work: Path, skip: set[str],
               results: report.Results) -> None:
    """Every measure of one deck size."""
    cs = measure.cardsmith_command()
    out = work / f"out-{n}"
    if "validate" not in skip:
        _log(f"validate, {n} items")
        results.rows[("validate", n)] = _series("validate", runs, [*cs, "validate", str(deck)])
    if "build" not in skip:
        _log(f"build --force, {n} items: default workers and -j 1, side by side")
        base = [*cs, "build", str(deck), "-o", str(out), "--force"]
        both = _side_by_side(["build", "build -j 1"], [base, [*base, "-j", "1"]], runs)
        results.rows[("build", n)] = both["build"]
        results.rows[("build -j 1", n)] = both["build -j 1"]
    if "rebuild" not in skip:
        _log(f"rebuild with nothing changed, {n} items")
        cmd = [*cs, "build", str(deck), "-o", str(out)]
        measure.run(cmd)  # brings the outputs up to date, if a step above did not
        results.rows[("rebuild", n)] = _series("rebuild", runs, cmd, check=_all_skipped)
    if "anki" not in skip:
        _log(f"anki exporter and genanki raw, {n} items, side by side in one process")
        times = work / f"anki-{n}.json"
        subprocess.run([sys.executable, "-m", "benchmarks.bench_anki", "--deck", str(deck),
                        "--runs", str(runs), "--json", str(times)], check=True,
                       env=measure.environment())
        found = json.loads(times.read_text(encoding="utf-8"))
        results.anki[n] = (found["raw"], found["warm"], found["cold"], found["about"])


def bench_startup(runs: int, results: report.Results) -> None:
    """`cardsmith --help` against `import click`, side by side."""
    _log("start-up: cardsmith --help against python -c 'import click'")
    # One untimed run each: the first start reads .py files into the page cache.
    measure.run([*measure.cardsmith_command(), "--help"])
    measure.run([sys.executable, "-c", "import click"])
    both = _side_by_side(["cardsmith --help", "import click"],
                         [[*measure.cardsmith_command(), "--help"],
                          [sys.executable, "-c", "import click"]], max(runs, 10))
    results.startup = (both["cardsmith --help"], both["import click"])


def bench_peers(folder: Path, runs: int, work: Path, results: report.Results) -> None:
    """The peer tools and cardsmith on the same flashcards, round after round."""
    found = peers.commands(folder, PEER_CARDS, work / "peers")
    if not found:
        _log(f"no peer tool installed under {folder}: run `python -m benchmarks.peers setup`")
        return
    deck = _generate(PEER_CARDS, work / f"cards-{PEER_CARDS}.yaml", "--flashcards")
    cs = measure.cardsmith_command()
    out = work / "peers-out"
    labels = ["cardsmith export anki", "cardsmith build (all formats)", *found]
    cmds = [[*cs, "export", "anki", str(deck), "-o", str(out), "--force"],
            [*cs, "build", str(deck), "-o", str(out), "--force"],
            *(cmd for cmd, _ in found.values())]
    folders = [work, work, *(f for _, f in found.values())]
    outputs = [out / f"{deck.stem}.apkg", out / f"{deck.stem}.html",
               *(f / peers.OUTPUTS[tool] for tool, (_, f) in found.items())]
    results.peers = {label: [] for label in labels}
    for i in range(runs):
        for label, cmd, cwd, output in zip(labels, cmds, folders, outputs, strict=True):
            output.unlink(missing_ok=True)
            sample = measure.run(cmd, cwd=cwd)
            if not output.is_file() or not output.stat().st_size:
                raise RuntimeError(f"{label} wrote no {output.name}: {sample.stdout[-500:]}")
            results.peers[label].append(sample)
            _log(f"  {label} run {i + 1}/{runs}: {sample.wall:.3f} s wall")


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run every part asked for, and print or write the report."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.splitlines()[0],
        epilog="Figures are median [min, max]; progress goes to stderr.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000],
                        help="deck sizes in items (default: 1000 10000 100000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each measure (default 5)")
    parser.add_argument("--out", type=Path, help="write the Markdown report here, not stdout")
    parser.add_argument("--peers", type=Path, metavar="DIR",
                        help="time the peer tools installed there by `benchmarks.peers setup`")
    parser.add_argument("--skip", nargs="+", default=[], choices=PARTS, metavar="PART",
                        help=f"parts to leave out: {', '.join(PARTS)}")
    args = parser.parse_args(argv)
    if args.runs < 1 or any(n < 1 for n in args.sizes):
        parser.error("--runs and --sizes must be positive")
    skip = set(args.skip) | (set() if args.peers else {"peers"})
    started = time.time()
    command = " ".join(["python -m benchmarks.run", *(sys.argv[1:] if argv is None else argv)])
    results = report.Results(machine=measure.machine(), runs=args.runs,
                             load_before=measure.load_average(), command=command)
    with tempfile.TemporaryDirectory(prefix="cardsmith-bench-") as tmp:
        work = Path(tmp)
        one = _generate(report.FIXED, work / f"bench-{report.FIXED}.yaml")
        cs = measure.cardsmith_command()
        # Untimed: the first runs write the bytecode cache of every module they import.
        measure.run([*cs, "validate", str(one)])
        measure.run([*cs, "build", str(one), "-o", str(work / "out-1"), "--force"])
        if "startup" not in skip:
            bench_startup(args.runs, results)
        if "build" not in skip:
            # The fixed cost of a build (start-up, imports, note types and templates,
            # writing four files): a deck with every kind of item once, so that
            # per-item figures can be given net of it.
            _log(f"build --force of a {report.FIXED}-item deck (fixed cost)")
            results.rows[("build", report.FIXED)] = _series(
                "build", args.runs, [*cs, "build", str(one), "-o", str(work / "out-1"),
                                     "--force"])
        for n in sorted(args.sizes):
            _log(f"generating a deck of {n} items")
            deck = _generate(n, work / f"bench-{n}.yaml")
            bench_size(n, deck, args.runs, work, skip, results)
            if n == max(args.sizes) and "build" not in skip:
                _log(f"build --force, {n} items: one more run, reading the memory it shares")
                results.pss = (n, measure.run([*cs, "build", str(deck), "-o",
                                               str(work / f"out-{n}"), "--force"], pss=True))
        if "peers" not in skip:
            bench_peers(args.peers, args.runs, work, results)
    results.load_after = measure.load_average()
    results.seconds = time.time() - started
    results.date = datetime.date.today().isoformat()
    text = report.markdown(results, sorted(args.sizes))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        _log(f"wrote {args.out}")
    else:
        print(text)


if __name__ == "__main__":
    main()
