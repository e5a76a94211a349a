"""The question pack model (format civic-quiz/1): pydantic classes that validate a pack's data."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, SerializeAsAny, model_validator
from pydantic_core import PydanticCustomError

from ..core.limits import MAX_ITEMS, MAX_QUESTIONS
from ..core.model import Frame, Points, QuestionBase, Seconds, SourceId, Strict, Text
from ..kinds import kind_named, kind_of, names

FORMAT_V1 = "civic-quiz/1"
"""The value of a pack's `format` key for this version of the format."""

PACK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
DEFAULT_SOURCE_ID = "source"
"""The id of a pack's one `source` (a pack with `sources` names each of its own)."""


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


def _questions_by_kind(value: Any) -> Any:
    """Each question mapping validated by the model of its kind (its `type`), so a pack holds
    any registered kind, including one registered after this module was imported."""
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


def is_unsourced(question: QuestionBase) -> bool:
    """Whether nothing traces a question to a source: no quote, and no text of its kind's
    checked in the source (a claim's statement, an evidence question's sentence)."""
    return question.quote is None and not any(True for _ in kind_of(question).passages(question))


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
