"""The `cardsmith` command line.

Heavy modules (YAML, jsonschema, exporters) are imported inside the commands
so that `--help` and `--version` stay fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cardsmith import __version__
from cardsmith.importing.command import import_command

if TYPE_CHECKING:
    from cardsmith.exporter import Exporter
    from cardsmith.model import Deck
    from cardsmith.source.problems import DeckError

PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
OUT = click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
                   default=Path("dist"), show_default=True, help="Folder for the output files.")
OPTS = click.option("-O", "--option", "options", multiple=True, metavar="[FORMAT.]KEY=VALUE",
                    help="An exporter option, such as -O html.paper=letter (repeatable).")
STRICT = click.option("--strict", is_flag=True,
                      help="Exit with code 1 when a format had to drop or degrade content.")
FORCE = click.option("--force", is_flag=True,
                     help="Rebuild every output, even those already up to date.")
JOBS = click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
                    help="Worker processes for rendering; 0: one a CPU core.")


class ContentError(click.ClickException):
    """Invalid deck content: exit code 1, every problem already printed."""

    def show(self, file: object = None) -> None:
        """The problems were printed as they were found; add only the count."""
        click.echo(self.message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cardsmith")
def main() -> None:
    """Write study content once as YAML; export it to Anki, Quizlet, HTML and Moodle GIFT.

    PATHS are deck files or folders searched for *.yaml; the default is cards/.
    Exit codes: 0 ok, 1 invalid content (or lost content with --strict), 2 usage error.
    """


def entry() -> None:
    """The `cardsmith` command: `main`, then an immediate exit.

    A large build leaves millions of objects, which the interpreter would free
    one by one at exit (0.4 s for 100,000 items). Every output is written and
    closed by then, so once the streams are flushed the process ends at once,
    as mypy's does.
    """
    try:
        main()
        code = 0
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or 0
        else:
            print(done.code, file=sys.stderr)
            code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `cardsmith ... | head`: the reader has gone, nothing is lost
        pass
    os._exit(code)


def _paths(paths: Sequence[Path]) -> list[Path]:
    from cardsmith.source.loader import find_decks

    paths = list(paths) or [Path("cards")]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise click.BadParameter(f"no such file or folder: {missing[0]}", param_hint="PATHS")
    if not find_decks(paths):
        raise click.BadParameter("no deck files (*.yaml, *.yml) found", param_hint="PATHS")
    return paths


def _print_problems(err: DeckError, fmt: str) -> None:
    from cardsmith.source.problems import to_json

    if fmt == "json":
        click.echo(to_json(err.problems))
    else:
        for problem in err.problems:
            click.echo(str(problem), err=True)


def _load(paths: Sequence[Path], fmt: str) -> list[Deck]:
    from cardsmith.source.loader import load_decks
    from cardsmith.source.problems import DeckError

    try:
        decks = load_decks(_paths(paths))
    except DeckError as err:
        _print_problems(err, fmt)
        n = len(err.problems)
        raise ContentError(f"{n} problem{'s' if n != 1 else ''} found") from None
    if fmt == "json":
        click.echo("[]")
    return decks


@main.command()
@PATHS
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json prints the problems as a list for editors and CI.")
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check decks and report every problem as FILE:LINE:COLUMN: PATH: MESSAGE."""
    decks = _load(paths, fmt)
    if fmt == "text":
        for deck in decks:
            n = sum(1 for _ in deck.all_questions())
            click.echo(f"{deck.source}: ok ({n} questions, {len(deck.flashcards)} flashcards)")


@main.command()
def formats() -> None:
    """List the installed export formats, then the import formats."""
    from cardsmith import registry

    for name in registry.available():
        try:
            cls = registry.load(name)
        except registry.UnknownFormat as err:
            click.echo(f"{name:<10} (broken: {err})", err=True)
            continue
        click.echo(f"{name:<10} {cls.suffix:<14} {cls.description}")
        for key, (default, help_text) in cls.options.items():
            click.echo(f"{'':<10}   -O {name}.{key}={default}: {help_text}")
    for name in registry.importers():  # the same registry's second group
        try:
            source = registry.load_importer(name)
        except registry.UnknownFormat as err:
            click.echo(f"{name:<10} (broken: {err})", err=True)
            continue
        click.echo(f"{name:<10} {' '.join(source.suffixes):<14} import: {source.description}")


@main.command()
@click.argument("format_name", metavar="FORMAT")
@PATHS
@OUT
@OPTS
@STRICT
@FORCE
@JOBS
def export(format_name: str, paths: tuple[Path, ...], out_dir: Path, options: tuple[str, ...],
           strict: bool, force: bool, jobs: int) -> None:
    """Export decks to one FORMAT (see `cardsmith formats`)."""
    _run([format_name], paths, out_dir, options, strict, force, jobs)


@main.command()
@PATHS
@OUT
@OPTS
@STRICT
@FORCE
@JOBS
def build(paths: tuple[Path, ...], out_dir: Path, options: tuple[str, ...], strict: bool,
          force: bool, jobs: int) -> None:
    """Export decks to every installed format; outputs already up to date are kept."""
    from cardsmith import registry

    _run(list(registry.available()), paths, out_dir, options, strict, force, jobs)


def _exporters(names: list[str], options: tuple[str, ...]) -> list[Exporter]:
    from cardsmith import registry
    from cardsmith.exporter import OptionError
    from cardsmith.plugin import split_option

    per_format: dict[str, dict[str, str]] = {name: {} for name in names}
    for option in options:
        parts = split_option(option)
        if parts is None or (parts[0] is None and len(names) != 1):
            raise click.BadParameter(f"{option!r}: write FORMAT.KEY=VALUE", param_hint="-O")
        given, key, value = parts
        fmt = names[0] if given is None else given
        if fmt not in per_format:
            raise click.BadParameter(f"{option!r}: {fmt!r} is not being exported",
                                     param_hint="-O")
        per_format[fmt][key] = value
    try:
        return [registry.load(name)(per_format[name]) for name in names]
    except (registry.UnknownFormat, OptionError) as err:
        raise click.UsageError(str(err)) from None


def _run(names: list[str], paths: Sequence[Path], out_dir: Path, options: tuple[str, ...],
         strict: bool, force: bool, jobs: int) -> None:
    from cardsmith.build import pipeline
    from cardsmith.source.problems import DeckError

    exporters = _exporters(names, options)
    bar = None
    if sys.stderr.isatty():  # progress only for a person watching, never in logs
        bar = click.progressbar(length=1, label="exporting", file=sys.stderr)

    def progress(done: int) -> None:
        if bar is not None:
            bar.length = max(bar.length or 1, done)
            bar.update(done - bar.pos)

    try:
        outcomes = pipeline.run(exporters, _paths(paths), out_dir, force=force, jobs=jobs,
                             progress=progress)
    except DeckError as err:
        _print_problems(err, "text")
        n = len(err.problems)
        raise ContentError(f"{n} problem{'s' if n != 1 else ''} found; nothing was written"
                           ) from None
    except pipeline.ExportFailed as err:
        raise click.ClickException(str(err)) from None
    except OSError as err:
        where = out_dir if err.filename is None else err.filename
        raise click.ClickException(f"cannot write {where}: {err.strerror}") from None
    finally:
        if bar is not None:
            bar.render_finish()
    lost = False
    notes: dict[str, None] = {}  # advice, once a format however many decks it wrote
    for outcome in outcomes:
        written = ", ".join(str(out_dir / n) for n in outcome.files)
        click.echo(f"{outcome.format}: {'up to date' if outcome.skipped else 'wrote'} {written}")
        # A kept output still lacks what it lacked when written: say so again, shortly.
        for line in outcome.report.lines(most=3 if outcome.skipped else 10):
            lost = True
            click.echo(f"{outcome.format}: {outcome.deck}: {line}"
                       + (" (output kept from the last build)" if outcome.skipped else ""))
        notes.update((f"{outcome.format}: {note}", None) for note in outcome.report.notes)
    for note in notes:
        click.echo(note)
    if strict and lost:
        raise click.ClickException("--strict: some content could not be exported (see above)")


main.add_command(import_command)

if __name__ == "__main__":
    entry()
