"""The benchmark report: Markdown tables of the figures, the issue's targets and the machine."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from benchmarks.bench_anki import Times
from benchmarks.measure import Sample, Stats

MiB = 2**20
GiB = 2**30
FIXED = 20
"""Items of the deck whose build is the fixed cost: every question type and a flashcard."""
TARGETS = {  # the limits on a 2-core machine
    "build 10000": 1.2, "validate 100000": 5.0, "build 100000": 10.0,
    "memory 100000": 1.0 * GiB, "rebuild 100000": 0.3, "help ratio": 1.5,
    "anki ratio": 1.5, "growth": 1.2,
}
OUTPUTS = {
    "cardsmith export anki": ".apkg", "cardsmith build (all formats)": "every format",
    "yaml2anki": ".apkg", "markdown-anki-decks": ".apkg", "text2qti": "QTI .zip",
    "gift-wrapper": "GIFT", "pyyaml+genanki": ".apkg",
}


@dataclass
class Results:
    """Everything measured in one benchmark run."""

    machine: str
    runs: int
    load_before: str
    command: str
    rows: dict[tuple[str, int], list[Sample]] = field(default_factory=dict)
    """(command, items) -> runs."""
    anki: dict[int, tuple[Times, Times, Times, str]] = field(default_factory=dict)
    startup: tuple[list[Sample], list[Sample]] | None = None
    peers: dict[str, list[Sample]] = field(default_factory=dict)
    pss: tuple[int, Sample] | None = None
    """(items, one build whose tree_rss is the proportional set size of all its processes)."""
    load_after: str = "?"
    seconds: float = 0.0
    date: str = ""


def _wall(samples: list[Sample]) -> Stats:
    return Stats.of([s.wall for s in samples])


def _cpu(samples: list[Sample]) -> Stats:
    return Stats.of([s.cpu for s in samples])


def _ok(value: float, limit: float) -> str:
    return "yes" if value <= limit else "**no**"


def _commands(r: Results, sizes: list[int]) -> list[str]:
    lines = ["| command | items | wall s | CPU s | wall µs/item | largest process MiB "
             "| all processes' RSS added MiB |", "|---|--:|--:|--:|--:|--:|--:|"]
    keys = [("build", FIXED)] + [(c, n) for c in ("validate", "build", "build -j 1", "rebuild")
                             for n in sizes]
    for command, n in keys:
        samples = r.rows.get((command, n))
        if not samples:
            continue
        label = {"build": "build --force", "build -j 1": "build --force -j 1",
                 "rebuild": "build (nothing changed)"}.get(command, command)
        per_item = _wall(samples).median / n * 1e6
        lines.append(f"| `{label}` | {n:,} | {_wall(samples).show()} | {_cpu(samples).show()} "
                     f"| {per_item:,.1f} | {max(s.max_rss for s in samples) / MiB:,.0f} "
                     f"| {max(s.tree_rss for s in samples) / MiB:,.0f} |")
    if r.pss:
        n, sample = r.pss
        lines += ["", f"Memory of one more `build --force` of {n:,} items, all its processes "
                  f"together (proportional set size, shared pages split between the processes "
                  f"sharing them): peak {sample.tree_rss / MiB:,.0f} MiB."]
    return lines


def _growth(r: Results, sizes: list[int]) -> tuple[list[str], float | None]:
    fixed = r.rows.get(("build", FIXED))
    lines = ["| items | build wall µs/item | net of fixed cost | build CPU µs/item "
             "| net of fixed cost | validate wall µs/item |", "|--:|--:|--:|--:|--:|--:|"]
    nets: list[float] = []
    for n in sizes:
        build = r.rows.get(("build", n))
        if not build:
            continue
        wall, cpu = _wall(build).median, _cpu(build).median
        net_wall = (wall - _wall(fixed).median) / (n - FIXED) * 1e6 if fixed else float("nan")
        net_cpu = (cpu - _cpu(fixed).median) / (n - FIXED) * 1e6 if fixed else float("nan")
        nets.append(net_wall)
        validate = r.rows.get(("validate", n))
        v = f"{_wall(validate).median / n * 1e6:,.1f}" if validate else "-"
        lines.append(f"| {n:,} | {wall / n * 1e6:,.1f} | {net_wall:,.1f} | {cpu / n * 1e6:,.1f} "
                     f"| {net_cpu:,.1f} | {v} |")
    spread = max(nets) / min(nets) if len(nets) > 1 and fixed and min(nets) > 0 else None
    return lines, spread


def _ratio(a: list[float], b: list[float]) -> float:
    """The median of the per-round ratios a/b (the runs were made side by side)."""
    return statistics.median(x / y for x, y in zip(a, b, strict=True))


def _targets(r: Results, growth: float | None) -> list[str]:
    lines = ["| target | measured (median [min, max]) | limit | met |", "|---|---|--:|:-:|"]
    for key, label in (("build 10000", "`build --force` of 10,000 items, every format"),
                       ("validate 100000", "`validate` of 100,000 items"),
                       ("build 100000", "`build --force` of 100,000 items, every format"),
                       ("rebuild 100000", "rebuild of 100,000 items, nothing changed")):
        command, n = key.split()
        samples = r.rows.get(("build" if command == "build" else command, int(n)))
        if samples:
            wall, cpu = _wall(samples), _cpu(samples)
            lines.append(f"| {label} | {wall.show()} s wall, {cpu.show()} s CPU "
                         f"| {TARGETS[key]} s | {_ok(wall.median, TARGETS[key])} |")
    samples = r.rows.get(("build", 100_000))
    if samples:
        largest = max(s.max_rss for s in samples)
        tree = max(s.tree_rss for s in samples)
        shared = r.pss[1].tree_rss if r.pss and r.pss[0] == 100_000 else 0
        total = f"; all processes {shared / MiB:,.0f} MiB (PSS)" if shared else ""
        lines.append(f"| peak memory, build of 100,000 items | largest process {largest / MiB:,.0f}"
                     f" MiB{total}; resident sizes added up {tree / MiB:,.0f} MiB "
                     f"| 1024 MiB | {_ok(max(largest, shared), TARGETS['memory 100000'])} |")
    if r.startup:
        helps, clicks = r.startup
        ratio = _ratio([s.wall for s in helps], [s.wall for s in clicks])
        cpu_ratio = _ratio([s.cpu for s in helps], [s.cpu for s in clicks])
        lines.append(f"| `cardsmith --help` / `python -c 'import click'` | {ratio:.2f}x wall, "
                     f"{cpu_ratio:.2f}x CPU | 1.5x | {_ok(ratio, TARGETS['help ratio'])} |")
    for items, (raw, warm, cold, _) in sorted(r.anki.items()):
        warm_ratio = _ratio([t[1] for t in warm], [t[1] for t in raw])
        cold_ratio = _ratio([t[1] for t in cold], [t[1] for t in raw])
        lines.append(f"| Anki exporter / genanki raw write, {items:,} items (CPU) "
                     f"| {warm_ratio:.2f}x (Markdown rendered), "
                     f"{cold_ratio:.2f}x (Markdown included) | 1.5x "
                     f"| {_ok(warm_ratio, TARGETS['anki ratio'])} |")
    if growth is not None:
        lines.append(f"| growth: largest / smallest net µs per item of a build | {growth:.2f} "
                     f"| 1.2 | {_ok(growth, TARGETS['growth'])} |")
    return lines


def _anki(r: Results) -> list[str]:
    lines = ["| items | notes and sizes | genanki raw CPU s | export CPU s, Markdown rendered "
             "| export CPU s, Markdown included |", "|--:|---|--:|--:|--:|"]
    for n, (raw, warm, cold, about) in sorted(r.anki.items()):
        cells = [Stats.of([t[1] for t in times]).show() for times in (raw, warm, cold)]
        lines.append(f"| {n:,} | {about} | {' | '.join(cells)} |")
    return lines


def _startup(r: Results) -> list[str]:
    assert r.startup is not None
    lines = ["| command | wall ms | CPU ms |", "|---|--:|--:|"]
    for label, samples in zip(("`cardsmith --help`", "`python -c 'import click'`"), r.startup,
                              strict=True):
        lines.append(f"| {label} | {_wall(samples).show(1000, 1)} "
                     f"| {_cpu(samples).show(1000, 1)} |")
    return lines


def _peers(r: Results) -> list[str]:
    base = r.peers.get("cardsmith build (all formats)")
    lines = ["| tool (10,000 flashcards) | writes | wall s | CPU s | wall / cardsmith build |",
             "|---|---|--:|--:|--:|"]
    for label, samples in r.peers.items():
        ratio = f"{_ratio([s.wall for s in samples], [s.wall for s in base]):.2f}x" if base else "-"
        lines.append(f"| {label} | {OUTPUTS.get(label, '')} | {_wall(samples).show()} "
                     f"| {_cpu(samples).show()} | {ratio} |")
    return lines


NOTES = """\
Notes:
- Every figure is the median [min, max] of {runs} runs of the whole command, as a user
  runs it (the installed `cardsmith` script, output not on a terminal, so no progress
  bar). Wall time is start to exit; CPU time is user + system of the command and every
  worker it forked (build renders the formats in parallel, so its CPU time can exceed
  its wall time). On a machine shared with other work, CPU time is the steadier figure.
- Ratios are medians of per-round ratios, the two sides run alternately.
- The first runs (untimed) write Python's bytecode cache, as an installed package has it.
- "largest process" is the kernel's peak resident size of the biggest process of the
  tree (never below the benchmark's own size, about 40 MiB: a child starts as a copy of
  it); "RSS added" is the largest sum of the live processes' resident sizes, sampled
  every 20 ms: an upper bound, since forked workers share their parent's pages. The
  proportional set size (PSS) splits each shared page between its sharers: the whole
  build's real footprint.
- "net of fixed cost" subtracts the build of a 20-item deck that has every kind of item
  (start-up, imports, each format's note types and templates, four small files) and
  divides by the items beyond those 20, so that it shows how the per-item cost grows
  with the deck.
- The Anki comparison runs in one process: genanki's own `Package.write_to_file` of the
  same notes (fields, GUIDs, decks, note types read back from the export) against the
  exporter, with the deck's Markdown already rendered (the core renders each text once,
  shared by all formats) and including its rendering."""


def markdown(r: Results, sizes: list[int]) -> str:
    """The whole report."""
    growth_lines, growth = _growth(r, sizes)
    parts = [f"Machine: {r.machine}; load average {r.load_before} before, {r.load_after} after "
             f"({r.date}, {r.seconds / 60:.0f} min).", "", f"Command: `{r.command}`", "",
             "### Targets", "", *_targets(r, growth), "",
             "### Commands", "", *_commands(r, sizes), "",
             "### Time per item", "", *growth_lines]
    if r.startup:
        parts += ["", "### Start-up", "", *_startup(r)]
    if r.anki:
        parts += ["", "### Anki exporter and genanki", "", *_anki(r)]
    if r.peers:
        parts += ["", "### Other tools, same 10,000 flashcards", "", *_peers(r)]
    parts += ["", NOTES.format(runs=r.runs)]
    return "\n".join(parts) + "\n"
