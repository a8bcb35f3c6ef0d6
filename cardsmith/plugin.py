"""What every plugin shares, exporter or importer: a name, a description, options, a report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar


class OptionError(ValueError):
    """A plugin option that is unknown or has a bad value."""


@dataclass
class Report:
    """What a format could not carry, by kind of loss: `{'flashcards left out': [ids]}`."""

    losses: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """Advice for the user that is not a loss, such as what to choose on import."""

    def lose(self, what: str, item_id: str) -> None:
        """Record that `item_id` lost `what` (a short phrase such as 'images dropped')."""
        self.losses.setdefault(what, []).append(item_id)

    def note(self, text: str) -> None:
        """Record advice to print afterwards (not a loss: --strict ignores it)."""
        if text not in self.notes:
            self.notes.append(text)

    def lines(self, most: int = 10) -> list[str]:
        """One line a kind of loss: `3 images dropped (ids: a, b, c)`, at most `most` ids each."""
        out = []
        for what, ids in self.losses.items():
            shown = ", ".join(ids[:most]) + (f" and {len(ids) - most} more" if len(ids) > most
                                              else "")
            out.append(f"{len(ids)} {what} (ids: {shown})")
        return out


def split_option(option: str) -> tuple[str | None, str, str] | None:
    """`FORMAT.KEY=VALUE` as (FORMAT, KEY, VALUE); FORMAT is None when there is no dot
    (`KEY=VALUE`). None when the option has no `=` or no key."""
    key, sep, value = option.partition("=")
    fmt, dot, key = key.rpartition(".")
    return (fmt if dot else None, key, value) if sep and key else None


class Plugin:
    """Base of `Exporter` and `Importer`: class variables, options and their checked settings.

    A subclass declares its options with their default and help text in
    `options`; `settings` holds the given values, defaults filled in.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    options: ClassVar[Mapping[str, tuple[str, str]]] = {}
    """Option name -> (default, help text)."""

    def __init__(self, options: Mapping[str, str] | None = None) -> None:
        given = dict(options or {})
        unknown = sorted(set(given) - set(self.options))
        if unknown:
            known = ", ".join(sorted(self.options)) or "none"
            raise OptionError(f"{self.name}: unknown option {unknown[0]!r} (options: {known})")
        self.settings = {k: given.get(k, default) for k, (default, _) in self.options.items()}

    def choose(self, choices: Mapping[str, tuple[str, ...]], keep_case: tuple[str, ...] = ()
               ) -> None:
        """Check each option of `choices` against its allowed values (trimmed; lower-cased
        unless in `keep_case`), raising OptionError with the allowed list."""
        for key, allowed in choices.items():
            value = self.settings[key].strip()
            value = self.settings[key] = value if key in keep_case else value.lower()
            if value not in allowed:
                raise OptionError(f"{self.name}: option {key}={value!r} must be one of: "
                                  f"{', '.join(allowed)}")
