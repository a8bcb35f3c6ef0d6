"""Quizlet: the text to paste into Quizlet's Import box, one card per item.

Quizlet's import has no quoting: it splits the pasted text on one string
between cards and another between term and definition, and a separator inside
a card breaks the set. So this exporter never quotes or escapes anything:
each side is written so that no separator can occur in it (simple mode), or
the file is split back as Quizlet splits it and refused unless every card
comes back whole (rich mode).

- `simple` mode (the default): Tab between term and definition, a new line
  between cards. A line break inside a side is written as `linebreak`
  (" / " by default) and a tab as a space, so nothing ever clashes.
- `rich` mode: line breaks are kept, and the cards are split by custom
  separators (`side_sep`, `card_sep`). Content that holds a separator is
  refused with an error that names the card and suggests free separators.

Opened in a spreadsheet (the file is named .csv), a cell that starts with
`=`, `+`, `-` or `@` would be read as a formula. Wherever a spreadsheet could
start a cell (the start of a side, or after a tab, line break, comma or
semicolon), such a character gets an invisible WORD JOINER (U+2060) in front
of it: the text looks the same in Quizlet, and no spreadsheet sees a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import ClassVar

from cardsmith.exporter import Exporter, ExportError, OptionError, Report
from cardsmith.model import Deck

from .rows import Row, deck_rows

WORD_JOINER = "\u2060"
FORMULA_SIGNS = frozenset("=+-@")
_FORMULA_START = re.compile(r'[\t\n,;][ "]*(?=[-=+@])')
"""A delimiter where a spreadsheet starts a cell, and the blanks and quotes it skips, before a
formula sign. (Starting with a character class lets the regex engine skip ahead fast.)"""

NAMED = {"side_sep": {"tab": "\t", "comma": ","}, "card_sep": {"semicolon": ";"}}
"""Quizlet's own choices, which an option can name instead of giving the character."""

SUGGESTIONS = (("|~|", "|~~|"), ("#%#", "#%%#"), ("^~^", "^~~^"), ("<|>", "<||>"),
               ("{*}", "{**}"), ("%|%", "%||%"))
"""Separator pairs offered, in order, when the chosen ones occur in a deck (none holds a
formula sign, so none can start a formula in a spreadsheet)."""


def guard_formulas(text: str) -> str:
    """`text` with a word joiner before each formula sign that could start a spreadsheet cell."""
    text = _FORMULA_START.sub(_join_word, text)
    head = len(text) - len(text.lstrip(' "'))
    if text[head:head + 1] in FORMULA_SIGNS:
        text = text[:head] + WORD_JOINER + text[head:]
    return text


def _join_word(match: re.Match[str]) -> str:
    return match.group(0) + WORD_JOINER


class SeparatorClash(ExportError):
    """A chosen separator occurs in a card: Quizlet would split the card there."""


class QuizletExporter(Exporter):
    """Quizlet import text: Tab and New line by default, or custom separators in rich mode."""

    name = "quizlet"
    suffix = ".quizlet.csv"
    description = "text for Quizlet's Import box (Tab / New line; rich: Custom separators)"
    options: ClassVar[Mapping[str, tuple[str, str]]] = {
        "mode": ("simple", "simple: Tab between term and definition and a card a line, line "
                           "breaks inside a side written as `linebreak` (choose Tab and New "
                           "line in Quizlet's import box); rich: line breaks kept, cards "
                           "split by side_sep and card_sep (choose Custom and type them)"),
        "linebreak": (" / ", "simple mode: what a line break inside a side becomes (default: "
                              "space, slash, space)"),
        "side_sep": ("|~|", "rich mode: between term and definition (tab, comma or any "
                            "one-line text)"),
        "card_sep": ("|~~|", "rich mode: between cards (semicolon or any one-line text)"),
        "max_cards": ("0", "at most this many cards a file, the rest in more files named "
                           "<deck-id>.part-1-of-N.quizlet.csv; 0: one file"),
        "formula_guard": ("on", "on: an invisible word joiner (U+2060) before = + - @ where a "
                                "spreadsheet would start a cell; off: the text as it is"),
    }

    def __init__(self, options: Mapping[str, str] | None = None) -> None:
        super().__init__(options)
        given = set(options or ())
        self.rich = _choice(self.settings, "mode", ("simple", "rich")) == "rich"
        self.guard = _choice(self.settings, "formula_guard", ("on", "off")) == "on"
        self.max_cards = _count(self.settings["max_cards"])
        self.linebreak = self.settings["linebreak"]
        if self.rich:
            if "linebreak" in given:
                raise OptionError("quizlet: linebreak applies to mode=simple only: rich mode "
                                  "keeps line breaks")
            self.side_sep = _separator("side_sep", self.settings["side_sep"])
            self.card_sep = _separator("card_sep", self.settings["card_sep"])
            if self.side_sep in self.card_sep or self.card_sep in self.side_sep:
                raise OptionError(f"quizlet: side_sep {self.side_sep!r} and card_sep "
                                  f"{self.card_sep!r} must differ, neither inside the other")
        else:
            if given & {"side_sep", "card_sep"}:
                raise OptionError("quizlet: side_sep and card_sep apply to mode=rich only: "
                                  "simple mode uses Tab and New line")
            if _has_break(self.linebreak):
                raise OptionError("quizlet: linebreak must not hold a tab or a line break: "
                                  "they separate the sides and the cards")
            self.side_sep, self.card_sep = "\t", "\n"

    def _import_choices(self) -> str:
        """What to choose in Quizlet's import box for this file."""
        named = {"\t": "Tab", ",": "Comma", "\n": "New line", ";": "Semicolon"}
        between = [named.get(sep, f"Custom, typing {sep}") for sep in (self.side_sep,
                                                                        self.card_sep)]
        return (f"in Quizlet's import box choose Between term and definition: {between[0]}; "
                f"Between cards: {between[1]}")

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        """The import text, split into files of at most `max_cards` cards when set."""
        report.note(self._import_choices())
        side = self._side
        cells = [[(row, side(row.term), side(row.definition)) for row in group]
                 for group in deck_rows(deck, report)]
        every = [cell for group in cells for cell in group]
        empty: set[str] = set()
        for row, term, definition in every:
            if not (term and definition) and row.item_id not in empty:
                empty.add(row.item_id)
                report.lose("cards with an empty side", row.item_id)
        files = list(_chunks(cells, self.max_cards)) if self.max_cards else [every]
        out: dict[str, bytes] = {}
        for name, chunk in zip(self._names(deck, len(files)), files, strict=True):
            text = self.card_sep.join([t + self.side_sep + d for _, t, d in chunk])
            if self.rich:
                self._check_split(deck, text, chunk)
            elif self.guard:
                # Tab and new line are where a spreadsheet starts a cell anyway, so one
                # pass over the whole text guards the sides exactly as one pass each would.
                text = guard_formulas(text)
            out[name] = text.encode("utf-8")
        return out

    def _side(self, text: str) -> str:
        lines = text.splitlines()
        if len(lines) <= 1:
            side = lines[0].strip() if lines else ""
        elif self.rich:
            # Keep each line's indent: nested list items and long options line up by it.
            side = "\n".join([line.rstrip() for line in lines]).strip()
        else:
            side = self.linebreak.join([s for s in map(str.strip, lines) if s])
        if self.rich:
            return guard_formulas(side) if self.guard else side
        return side.replace("\t", " ") if "\t" in side else side

    def _names(self, deck: Deck, count: int) -> list[str]:
        if count <= 1:
            return [self.filename(deck)]
        width = len(str(count))
        return [f"{deck.id}.part-{i:0{width}d}-of-{count}{self.suffix}"
                for i in range(1, count + 1)]

    def _check_split(self, deck: Deck, text: str, chunk: list[tuple[Row, str, str]]) -> None:
        # Split the text as Quizlet does: the first card that does not come back whole
        # holds a separator, or ends like the start of one and makes one with it.
        got = [r.split(self.side_sep) for r in text.split(self.card_sep)] if chunk else []
        meant = [[term, definition] for _, term, definition in chunk]
        if got == meant:
            return
        i = next((i for i, sides in enumerate(meant) if i >= len(got) or got[i] != sides),
                 len(meant) - 1)
        row, term, definition = chunk[i]
        for side, content in (("term", term), ("definition", definition)):
            for what, sep in (("side_sep", self.side_sep), ("card_sep", self.card_sep)):
                if sep in content:
                    raise self._clash(deck, f"{row.label}: its {side} contains the {what} "
                                            f"{sep!r}")
        raise self._clash(deck, f"{row.label}: its text runs into a separator "
                                f"({self.side_sep!r} or {self.card_sep!r})")

    def _clash(self, deck: Deck, problem: str) -> SeparatorClash:
        content = "\n".join(row.term + "\n" + row.definition
                            for group in deck_rows(deck, Report()) for row in group)
        free = next(((s, c) for s, c in SUGGESTIONS if s not in content and c not in content),
                    None)
        hint = (f"use -O quizlet.side_sep='{free[0]}' -O quizlet.card_sep='{free[1]}' (neither "
                "occurs in this deck) and type them in Quizlet's Custom boxes" if free else
                "choose separators that occur in no card")
        return SeparatorClash(f"{problem}: Quizlet would split the card there; {hint}")


def _chunks(cells: list[list[tuple[Row, str, str]]],
            limit: int) -> Iterator[list[tuple[Row, str, str]]]:
    """Files of at most `limit` cards; an item's cards stay in one file when they fit one."""
    chunk: list[tuple[Row, str, str]] = []
    first = True
    for group in cells:
        if chunk and len(chunk) + len(group) > limit:
            yield chunk
            chunk, first = [], False
        for cell in group:
            if len(chunk) == limit:
                yield chunk
                chunk, first = [], False
            chunk.append(cell)
    if chunk or first:
        yield chunk


def _choice(settings: dict[str, str], key: str, allowed: tuple[str, ...]) -> str:
    value = settings[key]
    if value not in allowed:
        raise OptionError(f"quizlet: {key} must be {' or '.join(allowed)}, not {value!r}")
    return value


def _count(value: str) -> int:
    if not (value.isascii() and value.isdigit()):
        raise OptionError(f"quizlet: max_cards must be a whole number (0: no limit), "
                          f"not {value!r}")
    return int(value)


def _has_break(text: str) -> bool:
    return "\t" in text or len((text + "x").splitlines()) > 1


def _separator(key: str, value: str) -> str:
    sep = NAMED[key].get(value.lower(), value)
    if not sep:
        raise OptionError(f"quizlet: {key} must not be empty")
    if sep != "\t" and (_has_break(sep) or sep != sep.strip()):
        raise OptionError(f"quizlet: {key} {value!r} must be one line of text without tabs "
                          "or spaces at its ends: Quizlet's Custom box takes one line")
    return sep

