"""The question pack model (format civic-quiz/1): pydantic classes that validate a pack's data."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    SerializeAsAny,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..core.limits import MAX_ITEMS, MAX_NUMBER, MAX_POINTS, MAX_QUESTIONS, MAX_TIME_LIMIT

FORMAT_V1 = "civic-quiz/1"
"""The value of a pack's `format` key for this version of the format."""

Difficulty = Literal["easy", "medium", "hard"]

PACK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
QUESTION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
SOURCE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

DEFAULT_SOURCE_ID = "source"
"""The id of a pack's one `source` (a pack with `sources` names each of its own)."""

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


class Source(Strict):
    """The article a pack is drawn from."""

    id: SourceId | None = Field(
        default=None,
        description="The name questions give in their `source` (each of `sources` needs one).",
    )
    title: Text | None = None
    publisher: Text | None = None
    published: dt.date | None = None
    url: Text | None = None
    file: Text | None = Field(
        default=None,
        description="Plain-text copy of the article, relative to the pack; quotes are checked"
        " in it.",
    )

    def citation(self) -> str:
        """Publisher, title and date, as shown under a quote: `DW, Title, 13 November 2016`."""
        parts = [p for p in (self.publisher, self.title) if p]
        if self.published:
            parts.append(format_as_of(self.published).removeprefix("as of "))
        return ", ".join(parts)


class Defaults(Strict):
    """Values every question takes unless it sets its own."""

    points: Points = 100
    time_limit: Seconds = Field(default=30, description="Seconds allowed in timed mode.")
    scoring: Literal["standard", "accuracy"] = Field(
        default="standard",
        description="`accuracy` counts only credit: no hint penalty, speed or streak bonus.",
    )
    frame: Frame = Field(
        default=None, description="The `frame` of every question that does not give its own."
    )


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


def _questions_by_kind(value: Any) -> Any:
    """Each question mapping validated by the model of its kind (its `type`), so a pack holds
    any registered kind, including one registered after this module was imported."""
    from ..kinds import kind_named, names  # the kinds import this module: imported late

    if not isinstance(value, list):
        return value
    questions: list[Any] = []
    for item in value:
        if not isinstance(item, dict):
            questions.append(item)  # a validated question passes; anything else fails below
            continue
        kind = kind_named(item.get("type"))
        if kind is None:
            raise ValueError(f"not a question of a known type; the types are {', '.join(names())}")
        questions.append(kind.model.model_validate(item))
    return questions


AnyQuestion = SerializeAsAny[QuestionBase]
"""A validated question of any registered kind, written out with all of its kind's fields."""


class PackInfo(Strict):
    """Everything about a pack but its questions (validated apart, so one bad question
    does not hide the problems of the others)."""

    format: Literal["civic-quiz/1"] = Field(description="Always `civic-quiz/1` for this format.")
    id: Annotated[str, Field(pattern=PACK_ID_PATTERN, max_length=80)]
    title: Text
    description: Text | None = None
    language: Annotated[str, Field(pattern=LANGUAGE_PATTERN)] = "en"
    authors: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    license: Text | None = None
    level: Text | None = None
    as_of: dt.date | None = None
    source: Source | None = Field(
        default=None, description="The article the pack is drawn from (or give `sources`)."
    )
    sources: list[Source] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        description="Several articles, each with an `id`; the first is the default source.",
    )
    defaults: Defaults = Field(default_factory=Defaults)

    @model_validator(mode="after")
    def _one_way_to_give_sources(self) -> PackInfo:
        """`source` or `sources`, and every one of `sources` named, once."""
        if self.source is not None and self.sources:
            raise PydanticCustomError(
                "source_and_sources", "give either 'source' or 'sources', not both"
            )
        seen: dict[str, int] = {}
        for index, source in enumerate(self.sources):
            if source.id is None:
                raise PydanticCustomError(
                    "source_without_id",
                    "sources[{index}] needs an 'id'",
                    {"index": index},
                )
            if source.id in seen:
                raise PydanticCustomError(
                    "duplicate_source_id",
                    "duplicate source id '{id}'",
                    {"index": index, "id": source.id, "first": seen[source.id]},
                )
            seen[source.id] = index
        return self

    def all_sources(self) -> list[Source]:
        """Every source of the pack: its `sources`, or its one `source`, or none."""
        if self.sources:
            return list(self.sources)
        return [self.source] if self.source is not None else []

    def source_ids(self) -> list[str]:
        """The ids questions may name (`source` for a pack's one `source`)."""
        return [source_id(s) for s in self.all_sources()]

    def source_for(self, source_id_: str | None) -> Source | None:
        """The source with this id, or the default (the first) for None; None when unknown."""
        sources = self.all_sources()
        if source_id_ is None:
            return sources[0] if sources else None
        return next((s for s in sources if source_id(s) == source_id_), None)

    @property
    def default_source(self) -> Source | None:
        """The source a question without its own `source` comes from (the first)."""
        return self.source_for(None)

    def checked_as_of(self, question: QuestionBase) -> dt.date | None:
        """The date an author checked a question's facts: its own `as_of`, else the pack's
        (what a `frame: "true"` question needs: a source's date is when it was written)."""
        return question.as_of if question.as_of is not None else self.as_of

    def as_of_for(self, question: QuestionBase) -> dt.date | None:
        """The date a question's facts hold: its own, else the pack's, else its source's."""
        checked = self.checked_as_of(question)
        if checked is not None:
            return checked
        source = self.source_for(question.source)
        return source.published if source else None

    def frame_for(self, question: QuestionBase) -> Literal["claim", "true"] | None:
        """How a question frames its answer: its own `frame`, else the pack's default."""
        return question.frame if question.frame is not None else self.defaults.frame

    def points_for(self, question: QuestionBase) -> int:
        """The points a question is worth, falling back to the pack's defaults."""
        return question.points if question.points is not None else self.defaults.points

    def time_limit_for(self, question: QuestionBase) -> int:
        """A question's time limit in seconds, falling back to the pack's defaults."""
        return question.time_limit if question.time_limit is not None else self.defaults.time_limit


class Pack(PackInfo):
    """A question pack: metadata, its source article and its questions."""

    questions: Annotated[
        list[AnyQuestion],
        BeforeValidator(_questions_by_kind),
        Field(min_length=1, max_length=MAX_QUESTIONS),
    ]

    def playable_questions(self) -> list[QuestionBase]:
        """The questions a game may ask: all but the drafts (`draft: true`)."""
        return [q for q in self.questions if not q.draft]

    @property
    def unsourced_count(self) -> int:
        """How many questions nothing traces to a source (no quote: packs from GIFT, Aiken,
        CSV or Open Trivia DB)."""
        from .loader import is_unsourced

        return sum(is_unsourced(q) for q in self.questions)

    @property
    def draft_count(self) -> int:
        """How many of the questions are drafts, kept out of play."""
        return sum(q.draft for q in self.questions)

    def content_hash(self) -> str:
        """A hash of what the pack says (not of its formatting or comments), to tell whether a
        stored game was played on the same questions."""
        dumped = self.model_dump_json(exclude=self._unset_since_v1())
        return hashlib.sha256(dumped.encode("utf-8")).hexdigest()[:16]

    def _unset_since_v1(self) -> dict[str, Any]:
        """The keys added to the format after packs were first hashed, where a pack leaves
        them unset: left out of the hash, so a pack that does not use them keeps the hash
        its stored games were saved with."""
        exclude: dict[str, Any] = {}
        if not self.sources:
            exclude["sources"] = True
        if self.source is not None and self.source.id is None:
            exclude["source"] = {"id"}
        if self.defaults.frame is None:
            exclude["defaults"] = {"frame"}
        unset: dict[int | str, Any] = {}
        for index, question in enumerate(self.questions):
            names = {name for name, empty in _NEW_QUESTION_KEYS if getattr(question, name) == empty}
            if names:
                unset[index] = names
        if unset:
            exclude["questions"] = unset
        return exclude

    def question(self, question_id: str) -> QuestionBase:
        """The question with this id; KeyError when there is none."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


_NEW_QUESTION_KEYS: tuple[tuple[str, Any], ...] = (
    ("source", None),
    ("frame", None),
    ("correction", None),
    ("updates", []),
    ("draft", False),
)
"""Question keys added since packs were first hashed (issue 13's, then issue 19's `draft`),
with their unset values (see Pack._unset_since_v1)."""


def source_id(source: Source) -> str:
    """A source's id: its own, or `source` for a pack's one `source`."""
    return source.id if source.id is not None else DEFAULT_SOURCE_ID


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def format_as_of(day: dt.date) -> str:
    """`as of 13 November 2016`, the way the game shows a question's date (any locale)."""
    return f"as of {day.day} {_MONTHS[day.month - 1]} {day.year}"
