"""The `cardsmith import` command: its options and what it prints."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("cards"), show_default=True, help="Folder for the deck files.")
@click.option("--from", "from_format", metavar="FORMAT",
              help="The sources' format (see `cardsmith formats`); found from the content "
                   "when not given.")
@click.option("--id", "deck_id", metavar="SLUG", help="The deck's id (one source only); "
              "default: from the file name.")
@click.option("--force", is_flag=True, help="Replace a deck file (and its media) that exists.")
@click.option("--side-sep", metavar="TEXT", help="Quizlet: between a card's two sides "
              "(default: a tab).")
@click.option("--card-sep", metavar="TEXT", help="Quizlet: between cards (default: a new line).")
@click.option("--columns", metavar="NAMES", help="CSV: what each column holds, such as "
              "front,back,tags (default: from the header row).")
@click.option("-O", "--option", "options", multiple=True, metavar="FORMAT.KEY=VALUE",
              help="An importer option (repeatable).")
def import_command(sources: tuple[Path, ...], out_dir: Path, from_format: str | None,
                   deck_id: str | None, force: bool, side_sep: str | None,
                   card_sep: str | None, columns: str | None, options: tuple[str, ...]) -> None:
    """Turn Anki packages, Moodle files, Quizlet sets and CSV files into deck files.

    Each SOURCE becomes one checked deck file, `<deck-id>.yaml`, its media in
    `media/<deck-id>/` beside it. An existing deck is never replaced without
    --force; when any source cannot be read, nothing is written.
    """
    from cardsmith import registry
    from cardsmith.importer import OptionError
    from cardsmith.importing.run import ImportFailed, import_sources
    from cardsmith.plugin import split_option

    per_format: dict[str, dict[str, str]] = {}
    for option in options:
        fmt, key, value = split_option(option) or (None, "", "")
        if fmt is None:
            raise click.BadParameter(f"{option!r}: write FORMAT.KEY=VALUE", param_hint="-O")
        per_format.setdefault(fmt, {})[key] = value
    for fmt, key, given in (("quizlet", "side_sep", side_sep), ("quizlet", "card_sep", card_sep),
                            ("csv", "columns", columns)):
        if given is not None:
            per_format.setdefault(fmt, {})[key] = given
    try:
        done = import_sources(list(sources), out_dir, from_format=from_format,
                              deck_id=deck_id, force=force, options=per_format)
    except (ImportFailed, OptionError, registry.UnknownFormat) as err:
        raise click.ClickException(str(err)) from None
    except OSError as err:
        raise click.ClickException(f"cannot write {err.filename or out_dir}: {err.strerror}"
                                   ) from None
    for w in done:
        media = f", {w.media} media file{'s' if w.media != 1 else ''}" if w.media else ""
        click.echo(f"{w.format}: wrote {w.deck} ({w.items} item{'s' if w.items != 1 else ''}"
                   f"{media}) from {w.source}")
        for line in w.report.lines():
            click.echo(f"{w.format}: {w.deck.stem}: {line}")
        for note in w.report.notes:
            click.echo(f"{w.format}: {note}")
