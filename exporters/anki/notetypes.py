"""The five cardsmith note types: fields, card templates and one shared stylesheet.

Anki keys a note type by its id and forks it into a "Name+" copy when a package
brings the same id with other field or template names. So the ids are hashes of
the names, the field lists are designed once and never change, and every
note type ends with the same fields (Context, Explanation, Note, Source), which
any question may fill. What a card shows is decided by the exporter (into the
fields' HTML) and by the templates, both of which Anki updates in place.

Fields and templates also carry stable ids: if a future version ever has to add
a field, "Merge note types" in Anki's import dialog then matches them exactly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from cardsmith.text import highlight

if TYPE_CHECKING:
    import genanki

RECORDED = (1_767_312_000, "60773fc3fb40da01")  # 2026-01-02: code highlighting
"""The note types' revision as last released, and the digest of their content then.

Anki replaces a note type it already has only when the incoming one is newer
(its `mod`). A fixed revision, rather than the deck's timestamp, means a
learner's own edits to the styling survive re-imports; any change to the
templates or the stylesheet changes `content_digest()`, and `revision` then
gives a newer one, so the change reaches every learner on the next import.
The tests fail until the new pair is recorded here.
"""


def stable_id(*parts: str, bits: int = 30) -> int:
    """A positive id in [2**bits, 2**(bits+1)) from a hash of `parts`, the same on every run.

    The default range is the one genanki recommends for note type and deck ids;
    Anki's own ids are millisecond timestamps, far above it, so they never clash.
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return (1 << bits) + int.from_bytes(digest[:8], "big") % (1 << bits)


COMMON = ("Context", "Explanation", "Note", "Source")
"""The fields every note type ends with."""

_DESCRIPTIONS = {
    "Context": "Shared context of an exercise part, shown before the question.",
    "Explanation": "Why the answer is right, shown with the answer.",
    "Note": "The closing note of an exercise part, shown with the answer.",
    "Source": "Where the item comes from in its deck.",
    "Add Reverse": "Non-empty to also quiz this card from back to front.",
    "Choices": "The options, shown with the question.",
    "Feedback": "What each option means, shown with the answer.",
    "Accepted": "Other answers that count as right.",
}

# The header every question side starts with; inside a card's own condition
# where the card is optional, so that an empty card stays empty.
_HEAD = ('{{#Source}}<div class="cs-source">{{Source}}</div>{{/Source}}\n'
         '{{#Context}}<div class="cs-context">{{Context}}</div>{{/Context}}\n')
_TAIL = ('\n{{#Explanation}}<div class="cs-explanation">{{Explanation}}</div>{{/Explanation}}'
         '\n{{#Note}}<div class="cs-note">{{Note}}</div>{{/Note}}')
_ANSWER = '\n<hr id="answer">\n'


def _prompt(field: str) -> str:
    return f'<div class="cs-prompt">{{{{{field}}}}}</div>'


@dataclass(frozen=True)
class NoteType:
    """One note type as cardsmith defines it: a name, its fields and its templates."""

    name: str
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]
    """(name, question format, answer format) of each card template."""
    cloze: bool = False

    @cached_property
    def id(self) -> int:
        """The note type's id: a hash of its name, so every deck shares it."""
        return stable_id("cardsmith note type", self.name)

    def index(self, field: str) -> int:
        """The position of `field`."""
        return self.fields.index(field)

    def model(self) -> genanki.Model:
        """The genanki model of this note type."""
        # Imported only when a package is written: `cardsmith formats` and a rebuild
        # with nothing to do never load genanki (20 ms of their 250 ms start-up).
        import genanki

        fields = [{"name": f, "id": stable_id(self.name, "field", f, bits=52),
                   "description": _DESCRIPTIONS.get(f, "")} for f in self.fields]
        templates = [{"name": n, "qfmt": q, "afmt": a,
                      "id": stable_id(self.name, "template", n, bits=52)}
                     for n, q, a in self.templates]
        return _model_class()(
            self.id, self.name, fields=fields, templates=templates, css=CSS,
            model_type=genanki.Model.CLOZE if self.cloze else genanki.Model.FRONT_BACK)


@cache
def _model_class() -> type[genanki.Model]:
    """genanki's Model, stamped with `revision()` instead of the package's timestamp."""
    import genanki

    class _Model(genanki.Model):  # type: ignore[misc]
        def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
            data: dict[str, Any] = super().to_json(timestamp, deck_id)
            data["mod"] = revision(int(timestamp))
            # The note type's default deck would otherwise be whichever deck wrote it last.
            data["did"] = None
            return data

    return _Model


BASIC = NoteType(
    "cardsmith Basic",
    ("Front", "Back", *COMMON),
    (("Card 1", _HEAD + _prompt("Front"),
      "{{FrontSide}}" + _ANSWER + '<div class="cs-answer">{{Back}}</div>' + _TAIL),),
)

REVERSIBLE = NoteType(
    "cardsmith Basic (optional reversed card)",
    ("Front", "Back", "Add Reverse", *COMMON),
    (("Card 1", _HEAD + _prompt("Front"),
      "{{FrontSide}}" + _ANSWER + '<div class="cs-answer">{{Back}}</div>' + _TAIL),
     ("Card 2", "{{#Add Reverse}}" + _HEAD + _prompt("Back") + "{{/Add Reverse}}",
      "{{FrontSide}}" + _ANSWER + '<div class="cs-answer">{{Front}}</div>' + _TAIL)),
)

CLOZE = NoteType(
    "cardsmith Cloze",
    ("Text", *COMMON),
    (("Cloze", _HEAD + _prompt("cloze:Text"), _HEAD + _prompt("cloze:Text") + _TAIL),),
    cloze=True,
)

CHOICE = NoteType(
    "cardsmith Choice",
    ("Question", "Choices", "Answer", "Feedback", *COMMON),
    (("Card 1", _HEAD + _prompt("Question") + '\n<div class="cs-choices">{{Choices}}</div>',
      "{{FrontSide}}" + _ANSWER + '<div class="cs-answer">{{Answer}}</div>'
      '\n{{#Feedback}}<div class="cs-feedback">{{Feedback}}</div>{{/Feedback}}' + _TAIL),),
)

TYPE_IN = NoteType(
    "cardsmith Type-in",
    ("Question", "Answer", "Accepted", *COMMON),
    (("Card 1", _HEAD + _prompt("Question") + "\n{{type:Answer}}",
      _HEAD + _prompt("Question") + _ANSWER + "{{type:Answer}}"
      '\n{{#Accepted}}<div class="cs-accepted">{{Accepted}}</div>{{/Accepted}}' + _TAIL),),
)

ALL = (BASIC, REVERSIBLE, CLOZE, CHOICE, TYPE_IN)


# One stylesheet for every note type. Colours are variables so that night mode
# (Anki puts .nightMode, AnkiDroid .night_mode, on the card) only swaps them.
CSS = """\
.card {
  --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --accent: #0969da;
  --box: #f3f5f8; --line: #d0d7de; --good: #1a7f37; --note: #9a6700;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  font-size: 20px; line-height: 1.5; text-align: left;
  color: var(--fg); background-color: var(--bg);
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --fg: #e6edf3; --bg: #1e1f22; --muted: #9198a1; --accent: #58a6ff;
  --box: #2b2d31; --line: #444c56; --good: #3fb950; --note: #d29922;
}
.cs-source, .cs-prompt, .cs-context, .cs-choices, .cs-answer, .cs-feedback,
.cs-accepted, .cs-explanation, .cs-note, #typeans, hr#answer {
  max-width: 40em; margin-left: auto; margin-right: auto;
}
.cs-source { font-size: 0.7em; color: var(--muted); margin-bottom: 0.6em; }
.cs-context {
  font-size: 0.9em; background: var(--box); border-left: 4px solid var(--line);
  padding: 0.4em 0.8em; margin-bottom: 0.8em; border-radius: 4px;
}
.cs-prompt { font-weight: 600; }
.cs-prompt table { font-weight: normal; }
.cs-choices ol, .cs-answer ol, .cs-feedback ol { padding-left: 2em; }
.cs-choices li, .cs-feedback li { margin: 0.2em 0; }
.cs-answer .cs-correct, .cs-feedback .cs-correct { color: var(--good); font-weight: 600; }
.cs-feedback .cs-why { display: block; font-size: 0.85em; color: var(--muted); }
.cs-hint { font-size: 0.8em; color: var(--muted); font-style: italic; }
.cs-accepted { font-size: 0.85em; color: var(--muted); margin-top: 0.5em; }
.cs-explanation {
  font-size: 0.9em; margin-top: 1em; padding-top: 0.5em; border-top: 1px dashed var(--line);
}
.cs-note {
  font-size: 0.9em; margin-top: 1em; padding: 0.4em 0.8em;
  border-left: 4px solid var(--note); background: var(--box); border-radius: 4px;
}
hr#answer { border: none; border-top: 1px solid var(--line); margin: 1em auto; }
.cs-match { border-collapse: collapse; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid var(--line); padding: 0.2em 0.6em; vertical-align: top; }
code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
code { background: var(--box); padding: 0.05em 0.3em; border-radius: 3px; }
pre { background: var(--box); padding: 0.6em 0.8em; border-radius: 4px; overflow-x: auto; }
pre code { background: none; padding: 0; }
blockquote { margin: 0.5em 0; padding-left: 0.8em; border-left: 3px solid var(--line); }
a { color: var(--accent); }
img { max-width: 100%; height: auto; }
p { margin: 0.4em 0; }
.cloze { font-weight: 700; color: var(--accent); }
.cloze-inactive { color: var(--muted); }
#typeans { width: 100%; box-sizing: border-box; font-size: 0.9em; }
"""
# Colours of highlighted code (Pygments classes), with a dark palette for night mode.
CSS += highlight.stylesheet(".highlight", ".nightMode") + "\n" + "\n".join(
    line.replace(".nightMode ", ".night_mode ", 1)
    for line in highlight.stylesheet(".highlight", ".nightMode").splitlines()
    if line.startswith(".nightMode ")) + "\n"


def content_digest() -> str:
    """A digest of what Anki shows of the note types: the stylesheet and every card template."""
    return _digest(CSS, ALL)


@lru_cache(maxsize=4)
def _digest(css: str, types: tuple[NoteType, ...]) -> str:
    parts = [css, *(f"{t.name}\x1f{[tuple(template) for template in t.templates]}"
                    for t in sorted(types, key=lambda t: t.name))]
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()[:16]


def revision(timestamp: int) -> int:
    """The note types' modification time in a package stamped `timestamp`.

    The recorded revision while the content is the recorded one; after a change
    not yet recorded (a cardsmith under development), the package's timestamp,
    which is newer, so that Anki still takes the change.
    """
    recorded, digest = RECORDED
    return recorded if content_digest() == digest else max(timestamp, recorded + 1)
