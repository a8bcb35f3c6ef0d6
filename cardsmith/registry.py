"""Finding exporters: every format, built-in or third-party, is an entry point."""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points

from cardsmith.exporter import Exporter

GROUP = "cardsmith.exporters"


class UnknownFormat(LookupError):
    """A format name no installed exporter provides."""


def available() -> dict[str, EntryPoint]:
    """Installed formats by name, without importing them."""
    return {ep.name: ep for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name)}


def load(name: str) -> type[Exporter]:
    """The exporter class for format `name`."""
    found = available()
    if name not in found:
        known = ", ".join(found) or "none installed"
        raise UnknownFormat(f"unknown format {name!r} (known formats: {known})")
    try:
        cls = found[name].load()
    except Exception as err:  # a broken plugin must not take the command line down with it
        raise UnknownFormat(f"format {name!r} failed to load: {type(err).__name__}: {err}") from err
    if not (isinstance(cls, type) and issubclass(cls, Exporter)):
        raise UnknownFormat(f"entry point {name!r} does not name an Exporter subclass")
    return cls
