"""Moodle GIFT: a question file for the question bank's import (format GIFT).

The file holds the tree of `moodle.tree`, each item separated from the next by one blank line:

- `$CATEGORY: $course$/top/<deck title>` with the deck's intro as a description;
- `.../Practice questions` with the practice questions;
- per exercise `.../<exercise title>` (a description with its intro, time,
  materials and side effects) and per part `.../<exercise title>/<part title>`:
  the part's context as a description, then its questions;
- `.../Flashcards` when the `flashcards` option asks for them.

Category names and the exercise details' labels are in the deck's language
(`cardsmith.text.labels`). Every item carries `// [id:<deck-id>-<item-id>] [tag:...]`
and a `::name::`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import ClassVar

from cardsmith.exporter import Exporter, Report
from cardsmith.model import ClozeQuestion, Deck, Flashcard, Question, Text

from ..moodle import tree
from ..moodle.bank import idnumber, merge_tags, one_line
from ..moodle.bank import tag_ok as moodle_tag_ok
from . import media as gift_media
from .questions import block, body, cloze_plain, general_feedback
from .syntax import (
    category,
    comment,
    escape,
    tag_marks,
    tag_ok,
    title,
    typed_answer,
)

_CHOICES = {
    "flashcards": ("omit", "essay", "short"),
    "context": ("repeat", "once"),
    "titles": ("prompt", "id"),
    "media": ("embed", "drop"),
}


class GiftExporter(Exporter):
    """Writes `<deck-id>.gift.txt` for Moodle's question bank import."""

    name = "gift"
    suffix = ".gift.txt"
    description = "Moodle GIFT questions (Question bank > Import > GIFT)"
    options: ClassVar[Mapping[str, tuple[str, str]]] = {
        "flashcards": ("omit", "omit, essay (the back as general feedback) or short "
                               "(the back as the typed answer): flashcards in the quiz"),
        "context": ("repeat", "repeat: a part's context opens each of its questions, so a "
                              "shuffled quiz still makes sense; once: only as a description"),
        "titles": ("prompt", "question names from the start of the prompt, or the item id"),
        "media": ("embed", "embed: local pictures as data URIs inside the questions; drop: "
                           "their alt text instead (a smaller file)"),
    }

    def __init__(self, options: Mapping[str, str] | None = None) -> None:
        super().__init__(options)
        self.choose(_CHOICES)

    def render(self, deck: Deck, report: Report) -> dict[str, bytes]:
        """The deck as one GIFT file."""
        media = gift_media.GiftMedia(deck, report, self.settings["media"] == "embed")
        token = gift_media.CURRENT.set(media)
        try:
            items = _Writer(deck, report, self.settings, media).items()
            text = "\n\n".join(items) + "\n"
        finally:
            gift_media.CURRENT.reset(token)
        return {self.filename(deck): text.encode("utf-8")}


class _Writer:
    """Walks one deck's tree (`moodle.tree`) and yields its GIFT items in order."""

    def __init__(self, deck: Deck, report: Report, settings: Mapping[str, str],
                 media: gift_media.GiftMedia) -> None:
        self.deck = deck
        self.media = media
        self.report = report
        self.repeat_context = settings["context"] == "repeat"
        self.prompt_titles = settings["titles"] == "prompt"
        self.flashcards = settings["flashcards"]
        self.tags = merge_tags(self._tags(deck.tags, deck.id), ())
        self.marks = tag_marks(self.tags)

    def items(self) -> Iterator[str]:
        """Every GIFT item of the deck, in order: categories, descriptions, questions."""
        # The header rides on the first category: Moodle drops comment lines.
        header = (f"// Deck '{self.deck.id}', written by cardsmith. Import it in Moodle under "
                  "Question bank > Import, format GIFT, with 'Get category from file' ticked.\n")
        omitted = "flashcards left out (-O gift.flashcards=essay adds them)"
        for entry in tree.walk(self.deck, self.report, self.flashcards != "omit", omitted):
            if isinstance(entry, tree.Category):
                yield header + category(list(entry.path))
                header = ""
            elif isinstance(entry, tree.Description):
                yield self._description(entry.item_id, entry.name, entry.html)
            elif isinstance(entry, tree.Item):
                part = entry.part
                lead = (escape(tree.context_html(part))
                        if part and part.context and self.repeat_context else "")
                yield from self._question(entry.question, lead, (part.note,) if part else ())
            else:
                yield from self._flashcard(entry.card)

    def _question(self, q: Question, lead: str = "", after: tuple[Text | None, ...] = ()
                  ) -> Iterator[str]:
        self.media.item_id = q.id
        text = body(q, lead, after, self.report)
        if text is None:
            return
        if not self.prompt_titles:
            name = q.id
        else:
            name = cloze_plain(q) if isinstance(q, ClozeQuestion) else q.prompt.plain
        yield self._head(q.id, q.tags) + title(name, q.id) + text

    def _flashcard(self, card: Flashcard) -> Iterator[str]:
        sides = [(card.id, card.front, card.back)]
        if card.reverse:
            sides.append((card.id + ".reverse", card.back, card.front))
        self.media.item_id = card.id
        for item_id, front, back in sides:
            name = front.plain if self.prompt_titles else item_id
            stem = "[html]" + escape(front.html)
            typed = one_line(back.plain)
            # An empty answer (a back Markdown shows nothing of, such as `#`) is a syntax
            # error; a picture or a list cannot be typed.
            if (self.flashcards == "short" and typed and typed == back.plain.strip()
                    and "->" not in typed and not back.images):
                answer = block(stem, ["=" + typed_answer(typed)], "")
            else:
                if self.flashcards == "short":
                    self.report.lose("flashcards written as essays (back is not one typeable line)",
                                     card.id)
                answer = block(stem, [], general_feedback([back]))
            yield self._head(item_id, card.tags) + title(name, item_id) + answer

    def _description(self, item_id: str | None, name: str, html: str) -> str:
        """A description item (text, no answer block); `item_id` None is the deck's intro."""
        self.media.item_id = item_id or self.deck.id
        head = self._head(item_id, ())
        return head + title(name, item_id or self.deck.id) + "[html]" + escape(html)

    def _head(self, item_id: str | None, own_tags: Sequence[str]) -> str:
        """The comment line: ID number and tags."""
        # The deck intro takes the deck id alone: no item id can make it clash.
        idnum, shortened = (self.deck.id, False) if item_id is None else idnumber(
            self.deck.id, item_id)
        if shortened and item_id:
            self.report.lose("Moodle ID numbers shortened to 100 characters", item_id)
        marks = self.marks
        if own_tags:
            own = merge_tags(self.tags, self._tags(own_tags, item_id or idnum))[len(self.tags):]
            marks += tag_marks(own)
        return comment(idnum, marks) + "\n"

    def _tags(self, tags: Sequence[str], item_id: str) -> list[str]:
        kept = [t for t in tags if moodle_tag_ok(t) and tag_ok(t)]
        if len(kept) < len(tags):
            self.report.lose("tags with < > `, a final backslash or over 255 characters left "
                             "out (Moodle refuses or misreads them)", item_id)
        return kept
