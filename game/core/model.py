"""The question model every kind builds on: pydantic base classes and field types of a pack's
questions (format civic-quiz/1), below the kinds so they import nothing from game.packs."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag

from .limits import MAX_ITEMS, MAX_NUMBER, MAX_POINTS, MAX_TIME_LIMIT

Difficulty = Literal["easy", "medium", "hard"]

QUESTION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
SOURCE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Text = Annotated[str, Field(min_length=1)]
"""A non-empty piece of text written by the pack's author."""

# Every number and list has bounds no real pack reaches, so a hostile one is a located error
# at validation rather than an OverflowError in the score store (see docs/authoring.md).
Points = Annotated[int, Field(ge=1, le=MAX_POINTS)]
"""Points a question is worth: 1 to MAX_POINTS."""
Seconds = Annotated[int, Field(ge=1, le=MAX_TIME_LIMIT)]
"""A time limit in seconds: 1 to MAX_TIME_LIMIT."""
Number = Annotated[float, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]
"""A numeric answer or range end, at most MAX_NUMBER in magnitude."""


SourceId = Annotated[str, Field(pattern=SOURCE_ID_PATTERN, max_length=40)]
"""The id of one of a pack's sources, as questions, corrections and updates name it."""


def list_from_string(value: Any) -> Any:
    """Let a field that takes a list of strings take a single string too."""
    return [value] if isinstance(value, str) else value


def frame_from_bool(value: Any) -> Any:
    """Let `frame: true` stand for `frame: "true"`: the game reads YAML's `true` as text, but
    editors and other YAML readers see a boolean."""
    return "true" if value is True else value


Frame = Annotated[
    Literal["claim", "true"] | None,
    BeforeValidator(frame_from_bool, json_schema_input_type=Literal["claim", "true", True] | None),
]
"""How a question presents its answer: what a source claims, or what is true."""


def _quote_form(value: Any) -> str:
    """Which form a `quote` takes: one text, or a list of them."""
    return "quote-list" if isinstance(value, list) else "one-quote"


QUOTE_FORMS = frozenset(("one-quote", "quote-list"))
"""The tags of a `quote`'s two forms, which pydantic puts in an error's location."""

Quotes = Annotated[
    Annotated[Text, Tag("one-quote")]
    | Annotated[list[Text], Field(min_length=1, max_length=MAX_ITEMS), Tag("quote-list")],
    Discriminator(_quote_form),
]
"""One verbatim passage, or several (a match question's pairs from three paragraphs). Kept
as written, not made a list: a pack with one quote keeps the content hash of its games."""


class Strict(BaseModel):
    """Shared configuration: unknown keys are errors, values are never coerced to text."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Correction(Strict):
    """What is wrong or missing in a claim a question quotes, shown after the answer."""

    text: Text = Field(description="What is true instead, in your own words.")
    quote: Text = Field(description="Verbatim passage of the source that shows it.")
    source: SourceId | None = Field(
        default=None, description="Id of the source the quote is in; default the first."
    )


class Update(Strict):
    """A later development of a question's facts, shown after the answer (oldest first)."""

    date: dt.date = Field(description="When the facts changed.")
    text: Text = Field(description="What changed, in your own words.")
    quote: Text = Field(description="Verbatim passage of the source that reports it.")
    source: SourceId | None = Field(
        default=None, description="Id of the source the quote is in; default the first."
    )


class QuestionBase(Strict):
    """Fields every question type has."""

    id: Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=100)]
    prompt: Text
    explanation: Text | None = None
    quote: Quotes | None = Field(
        default=None,
        description="Verbatim passage of the source that supports the answer, or a list of"
        " passages.",
    )
    hint: Text | None = None
    tags: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    difficulty: Difficulty | None = None
    points: Points | None = None
    time_limit: Seconds | None = None
    as_of: dt.date | None = Field(
        default=None, description="Date the question's facts hold; defaults to the pack's."
    )
    source: SourceId | None = Field(
        default=None,
        description="Id of the source its quote (and an evidence or claim question's"
        " passages) come from; default the pack's first source.",
    )
    frame: Frame = Field(
        default=None,
        description="`claim`: shown as what the source says (`According to ...`); `true`:"
        " shown as a fact (`True as of ...`), which needs a quote and a date.",
    )
    correction: Correction | None = Field(
        default=None, description="What is wrong in the claim quoted (only with frame `claim`)."
    )
    updates: list[Update] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Later developments, each with its date, text and quote.",
    )
    draft: bool = Field(
        default=False,
        description="A candidate question (as `civic-quiz draft` writes them) not yet reviewed:"
        " checked by `validate`, never played; remove it or set `false` once it is ready.",
    )

    def quotes(self) -> list[str]:
        """The question's quotes, in order: none, its one `quote`, or each of its list."""
        if self.quote is None:
            return []
        return [self.quote] if isinstance(self.quote, str) else list(self.quote)

    def updates_by_date(self) -> list[Update]:
        """The updates, oldest first (as they are shown)."""
        return sorted(self.updates, key=lambda u: u.date)
