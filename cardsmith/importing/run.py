"""Importing sources: find each one's format, read it, check the deck, then write it all.

Every source is read and its deck checked by the same loader as any deck
file (in a hidden staging folder inside the output folder) before anything
is put in place; a failure anywhere leaves the output folder as it was. A
deck's media go to `media/<deck-id>/` beside it, so decks never share or
overwrite each other's files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cardsmith import registry
from cardsmith.importer import Importer, Media, Report, SourceError, slug
from cardsmith.importing.yamlout import dump
from cardsmith.source.loader import load_deck
from cardsmith.source.problems import DeckError

HEAD = 4096
"""How much of a file `Importer.sniff` sees."""


class ImportFailed(Exception):
    """A source could not be imported; nothing was written. The message says why and what to do."""


@dataclass
class Written:
    """One imported deck: where from, where to, how many media files, what did not map."""

    source: Path
    format: str
    deck: Path
    items: int
    media: int
    report: Report = field(default_factory=Report)


def choose(path: Path, head: bytes, importers: Mapping[str, Importer]) -> Importer:
    """The importer for a file: by its content, the suffix breaking ties."""
    fits = [imp for imp in importers.values() if imp.sniff(head, path)]
    named = [imp for imp in fits if path.name.lower().endswith(imp.suffixes)]
    if len(named) == 1:
        return named[0]
    if len(fits) == 1:
        return fits[0]
    names = ", ".join(importers)
    if not fits:
        raise ImportFailed(f"{path}: cannot tell which format this file is in; name it with "
                           f"--from (one of: {names})")
    raise ImportFailed(f"{path}: this file could be {' or '.join(i.name for i in fits)}; "
                       "say which with --from")


def import_sources(sources: Sequence[Path], out_dir: Path, *, from_format: str | None = None,
                   deck_id: str | None = None, force: bool = False,
                   options: Mapping[str, Mapping[str, str]] | None = None) -> list[Written]:
    """Import every source into `out_dir`; raise `ImportFailed` (nothing written) on a problem.

    `options` are importer options by format name; an importer gets those of its
    own format only.
    """
    if deck_id is not None and len(sources) > 1:
        raise ImportFailed("--id names one deck: give one source with it")
    options = options or {}
    names = [from_format] if from_format else list(registry.importers())
    importers = {n: registry.load_importer(n)(options.get(n, {})) for n in names}
    read: list[tuple[Written, dict[str, Any], Media]] = []
    ids: dict[str, Path] = {}
    for source in sources:
        head = _head(source)
        importer = importers[from_format] if from_format else choose(source, head, importers)
        ident = deck_id or slug(source.stem.removesuffix(".quizlet"), "imported")
        if ident in ids:
            raise ImportFailed(f"{source} and {ids[ident]} would both become deck '{ident}': "
                               "import them one at a time with --id")
        ids[ident] = source
        target = out_dir / f"{ident}.yaml"
        if target.exists() and not force:
            raise ImportFailed(f"{target} exists: use --force to replace it, or --id to "
                               "import under another name")
        media, report = Media(f"media/{ident}"), Report()
        try:
            document = importer.read(source, media, report)
        except SourceError as err:
            raise ImportFailed(f"{source}: {err}") from None
        deck = {"cardsmith": 1, "id": ident, **{k: v for k, v in document.items()
                                                  if k not in ("cardsmith", "id")}}
        items = sum(1 for _ in _items(deck))
        read.append((Written(source, importer.name, target, items, len(media.files), report),
                     deck, media))
    _place(read, out_dir)
    return [w for w, _, _ in read]


def _head(source: Path) -> bytes:
    try:
        with source.open("rb") as f:
            return f.read(HEAD)
    except IsADirectoryError:
        return b""  # a folder (CrowdAnki): its importer looks inside
    except OSError as err:
        raise ImportFailed(f"{source}: cannot read the file: {err.strerror}") from None


def _place(read: list[tuple[Written, dict[str, Any], Media]], out_dir: Path) -> None:
    """Stage every deck and its media, check each deck, then move all into place."""
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".cardsmith-import-", dir=out_dir))
    try:
        for written, deck, media in read:
            staged = stage / written.deck.name
            header = f"Imported by cardsmith from {written.source.name} ({written.format})."
            if any("anki" in item for item in _items(deck)):
                header += ("\nKeep each item's `anki` entry as it is: it ties the item to the "
                           "note learners study.")
            staged.write_text(dump(deck, header), encoding="utf-8")
            for rel, data in media.files.items():
                (stage / rel).parent.mkdir(parents=True, exist_ok=True)
                (stage / rel).write_bytes(data)
            try:
                load_deck(staged)
            except DeckError as err:  # the importer wrote what the checks refuse: a bug
                lines = "\n".join(f"  {p}" for p in err.problems[:20])
                raise ImportFailed(f"{written.source}: the {written.format} importer made a "
                                   f"deck that does not pass the checks (please report it):\n"
                                   f"{lines}") from None
        for written, _, media in read:
            if media.files:
                target = out_dir / media.folder
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.exists():  # --force: the old files go with the old deck
                    shutil.rmtree(target)
                os.replace(stage / media.folder, target)
            os.replace(stage / written.deck.name, written.deck)
    except BaseException:
        if created:
            shutil.rmtree(out_dir, ignore_errors=True)
        raise
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(stage)


def _items(deck: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every question and flashcard of a deck document."""
    yield from deck.get("questions", ())
    for exercise in deck.get("exercises", ()):
        for part in exercise.get("parts", ()):
            yield from part.get("questions", ())
    yield from deck.get("flashcards", ())
