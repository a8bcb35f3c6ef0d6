"""The typed, frozen deck model: the only thing exporters ever see."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from cardsmith.media import MediaFile
from cardsmith.text import render


@dataclass(frozen=True)
class Text:
    """A Markdown text field, rendered lazily (and once) by the core renderer."""

    source: str
    allow_html: bool = False

    def __str__(self) -> str:
        return self.source

    def __bool__(self) -> bool:
        return bool(self.source.strip())

    @cached_property
    def _rendered(self) -> render.Rendered:
        # One parse gives all three renderings: exporters share them, and a
        # format asking for a second one pays nothing more.
        return render.render_all(self.source, allow_html=self.allow_html)

    def prime(self, rendered: render.Rendered) -> None:
        """Keep a rendering of this text made elsewhere (in a worker process)."""
        self.__dict__["_rendered"] = rendered  # where the cached property keeps its value

    @property
    def html(self) -> str:
        """HTML for embedding; a lone paragraph is unwrapped so short texts stay inline."""
        return self._rendered.html

    @property
    def block_html(self) -> str:
        """HTML with every block kept, the lone paragraph included."""
        return self._rendered.block_html

    @property
    def plain(self) -> str:
        """Readable plain text: lists keep their markers, emphasis marks are dropped."""
        return self._rendered.plain

    @property
    def html_mathml(self) -> str:
        """`html` with formulas as MathML (for offline pages) instead of MathJax's `\\(...\\)`."""
        return self._rendered.html_mathml

    @property
    def images(self) -> tuple[str, ...]:
        """The URL of every Markdown image in the text (paths as written), in order."""
        return self._rendered.images


@dataclass(frozen=True)
class Choice:
    """One option of a `choice` or `multi` question."""

    text: Text
    correct: bool
    feedback: Text | None = None


@dataclass(frozen=True)
class Pair:
    """One left/right pair of a `match` question."""

    left: Text
    right: Text


@dataclass(frozen=True, kw_only=True)
class BaseQuestion:
    """Fields every question type shares."""

    id: str
    prompt: Text
    explanation: Text | None = None
    tags: tuple[str, ...] = ()
    anki_guid: str | None = None
    """The GUID of the Anki note it was imported from, kept on export."""


@dataclass(frozen=True, kw_only=True)
class OpenQuestion(BaseQuestion):
    """A question answered in the learner's own words, with a model answer."""

    type: Literal["open"] = "open"
    answer: Text


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(BaseQuestion):
    """Single-answer multiple choice: exactly one choice is correct."""

    type: Literal["choice"] = "choice"
    choices: tuple[Choice, ...]

    @property
    def correct(self) -> Choice:
        """The one correct choice."""
        return next(c for c in self.choices if c.correct)


@dataclass(frozen=True, kw_only=True)
class MultiQuestion(BaseQuestion):
    """Multiple-answer multiple choice: one or more choices are correct."""

    type: Literal["multi"] = "multi"
    choices: tuple[Choice, ...]


@dataclass(frozen=True, kw_only=True)
class TrueFalseQuestion(BaseQuestion):
    """A statement to judge true or false."""

    type: Literal["truefalse"] = "truefalse"
    answer: bool


@dataclass(frozen=True, kw_only=True)
class ShortQuestion(BaseQuestion):
    """A short typed answer; any of `answers` is accepted, the first is the canonical one."""

    type: Literal["short"] = "short"
    answers: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class NumericQuestion(BaseQuestion):
    """A number, accepted within `tolerance` either side."""

    type: Literal["numeric"] = "numeric"
    answer: float
    tolerance: float = 0.0


@dataclass(frozen=True, kw_only=True)
class MatchQuestion(BaseQuestion):
    """Match every left item to its right item."""

    type: Literal["match"] = "match"
    pairs: tuple[Pair, ...]


@dataclass(frozen=True)
class Blank:
    """One blank of a cloze prompt: `{{answer}}` or `{{cN::answer::hint}}`."""

    number: int
    answer: str
    hint: str | None = None


@dataclass(frozen=True, kw_only=True)
class ClozeQuestion(BaseQuestion):
    """A prompt with blanks to fill in; the blanks are parsed by the loader."""

    type: Literal["cloze"] = "cloze"
    blanks: tuple[Blank, ...]


Question = (
    OpenQuestion
    | ChoiceQuestion
    | MultiQuestion
    | TrueFalseQuestion
    | ShortQuestion
    | NumericQuestion
    | MatchQuestion
    | ClozeQuestion
)


def question_texts(q: Question) -> Iterator[Text]:
    """Every Markdown text of a question: prompt, answer, choices, pairs, explanation."""
    yield q.prompt
    if isinstance(q, OpenQuestion):
        yield q.answer
    elif isinstance(q, ChoiceQuestion | MultiQuestion):
        for choice in q.choices:
            yield choice.text
            if choice.feedback is not None:
                yield choice.feedback
    elif isinstance(q, MatchQuestion):
        for pair in q.pairs:
            yield pair.left
            yield pair.right
    if q.explanation is not None:
        yield q.explanation


@dataclass(frozen=True)
class Part:
    """One part of an exercise: an optional shared context, its questions, a closing note."""

    id: str
    title: str
    questions: tuple[Question, ...]
    context: Text | None = None
    note: Text | None = None


@dataclass(frozen=True)
class Exercise:
    """A multi-part exercise."""

    id: str
    title: str
    parts: tuple[Part, ...]
    intro: Text | None = None
    minutes: int | None = None
    materials: Text | None = None
    side_effects: Text | None = None


@dataclass(frozen=True)
class Flashcard:
    """A two-sided card; `reverse` also quizzes back to front."""

    id: str
    front: Text
    back: Text
    reverse: bool = False
    tags: tuple[str, ...] = ()
    anki_guid: str | None = None
    """The GUID of the Anki note it was imported from, kept on export."""


@dataclass(frozen=True)
class Located:
    """A question together with where it sits in the deck."""

    question: Question
    exercise: Exercise | None = None
    part: Part | None = None


@dataclass(frozen=True)
class Deck:
    """One deck: the parsed, validated content of one YAML file."""

    id: str
    title: str
    source: Path
    timestamp: int
    """Seconds since the epoch: SOURCE_DATE_EPOCH when set, else the file's mtime."""
    intro: Text | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    questions: tuple[Question, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    flashcards: tuple[Flashcard, ...] = field(default=())
    media: Mapping[str, MediaFile] = field(default_factory=dict)
    """Local media files the Markdown shows, by the path as written (checked by the loader)."""

    def texts(self) -> Iterator[Text]:
        """Every Markdown text in the deck, in deck order."""
        if self.intro is not None:
            yield self.intro
        for located in self.all_questions():
            yield from question_texts(located.question)
        for ex in self.exercises:
            yield from (t for t in (ex.intro, ex.materials, ex.side_effects) if t is not None)
            for part in ex.parts:
                yield from (t for t in (part.context, part.note) if t is not None)
        for card in self.flashcards:
            yield card.front
            yield card.back

    def all_questions(self) -> Iterator[Located]:
        """Every question in deck order: practice questions first, then each exercise part's."""
        for q in self.questions:
            yield Located(q)
        for ex in self.exercises:
            for part in ex.parts:
                for q in part.questions:
                    yield Located(q, ex, part)
