"""Finding plugins: every format, built-in or third-party, is an entry point.

One registry, two groups: exporters under `cardsmith.exporters`, importers
under `cardsmith.importers`, found and loaded by the same code.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points

from cardsmith.exporter import Exporter
from cardsmith.importer import Importer

GROUP = "cardsmith.exporters"
IMPORTERS = "cardsmith.importers"


class UnknownFormat(LookupError):
    """A format name no installed plugin provides."""


def _group(group: str) -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in sorted(entry_points(group=group), key=lambda e: e.name)}


def available() -> dict[str, EntryPoint]:
    """Installed export formats by name, without importing them."""
    return _group(GROUP)


def importers() -> dict[str, EntryPoint]:
    """Installed import formats by name, without importing them."""
    return _group(IMPORTERS)


def load(name: str) -> type[Exporter]:
    """The exporter class for format `name`."""
    cls = _load(available(), name, "format")
    if isinstance(cls, type) and issubclass(cls, Exporter):
        return cls
    raise UnknownFormat(f"entry point {name!r} does not name an Exporter subclass")


def load_importer(name: str) -> type[Importer]:
    """The importer class for source format `name`."""
    cls = _load(importers(), name, "import format")
    if isinstance(cls, type) and issubclass(cls, Importer):
        return cls
    raise UnknownFormat(f"entry point {name!r} does not name an Importer subclass")


def _load(found: dict[str, EntryPoint], name: str, what: str) -> object:
    if name not in found:
        known = ", ".join(found) or "none installed"
        raise UnknownFormat(f"unknown {what} {name!r} (known {what}s: {known})")
    try:
        loaded: object = found[name].load()
    except Exception as err:  # a broken plugin must not take the command line down with it
        raise UnknownFormat(f"{what} {name!r} failed to load: {type(err).__name__}: {err}"
                            ) from err
    return loaded
