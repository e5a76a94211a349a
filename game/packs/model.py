"""The question pack model (format civic-quiz/1): pydantic classes that validate a pack's data."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .limits import MAX_ITEMS, MAX_NUMBER, MAX_POINTS, MAX_QUESTIONS, MAX_TIME_LIMIT

FORMAT_V1 = "civic-quiz/1"
"""The value of a pack's `format` key for this version of the format."""

QuestionType = Literal["choice", "multi", "truefalse", "numeric", "text", "order", "match"]
QUESTION_TYPES: tuple[str, ...] = QuestionType.__args__  # type: ignore[attr-defined]
Difficulty = Literal["easy", "medium", "hard"]

PACK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
QUESTION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"

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


def _option_from_string(value: Any) -> Any:
    """Let `choices` hold plain strings as shorthand for `{text: ...}`."""
    return {"text": value} if isinstance(value, str) else value


def _list_from_string(value: Any) -> Any:
    """Let a field that takes a list of strings take a single string too."""
    return [value] if isinstance(value, str) else value


class _Strict(BaseModel):
    """Shared configuration: unknown keys are errors, values are never coerced to text."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Source(_Strict):
    """The article a pack is drawn from."""

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


class Defaults(_Strict):
    """Values every question takes unless it sets its own."""

    points: Points = 100
    time_limit: Seconds = Field(default=30, description="Seconds allowed in timed mode.")
    scoring: Literal["standard", "accuracy"] = Field(
        default="standard",
        description="`accuracy` counts only credit: no hint penalty, speed or streak bonus.",
    )


class ChoiceOption(_Strict):
    """One option of a `choice` or `multi` question."""

    text: Text
    correct: bool = False
    feedback: Text | None = None


Options = Annotated[
    list[
        Annotated[
            ChoiceOption,
            BeforeValidator(_option_from_string, json_schema_input_type=str | ChoiceOption),
        ]
    ],
    Field(min_length=2, max_length=MAX_ITEMS),
]


class Pair(_Strict):
    """One pair of a `match` question: the left side is shown, the right side is picked."""

    left: Text
    right: Text


class QuestionBase(_Strict):
    """Fields every question type has."""

    id: Annotated[str, Field(pattern=QUESTION_ID_PATTERN, max_length=100)]
    prompt: Text
    explanation: Text | None = None
    quote: Text | None = Field(
        default=None, description="Verbatim passage of the source that supports the answer."
    )
    hint: Text | None = None
    tags: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    difficulty: Difficulty | None = None
    points: Points | None = None
    time_limit: Seconds | None = None
    as_of: dt.date | None = Field(
        default=None, description="Date the question's facts hold; defaults to the pack's."
    )


class _OptionsQuestion(QuestionBase):
    """Shared by `choice` and `multi`: a list of options, some correct."""

    choices: Options
    shuffle: bool = True

    def correct_texts(self) -> list[str]:
        """The texts of the correct options, from `correct: true` flags or from `answer`."""
        named = self.answer_names()
        return [c.text for c in self.choices if c.correct or c.text in named]

    def answer_names(self) -> list[str]:
        """The option texts that `answer` names (empty when `answer` is absent)."""
        raise NotImplementedError


class ChoiceQuestion(_OptionsQuestion):
    """One correct option among several."""

    type: Literal["choice"]
    answer: Text | None = None

    def answer_names(self) -> list[str]:
        return [self.answer] if self.answer is not None else []


class MultiQuestion(_OptionsQuestion):
    """Several correct options; partial credit."""

    type: Literal["multi"]
    answer: Annotated[
        Annotated[list[Text], Field(max_length=MAX_ITEMS)] | None,
        BeforeValidator(_list_from_string, json_schema_input_type=str | list[str] | None),
    ] = None

    def answer_names(self) -> list[str]:
        return list(self.answer or [])


class TrueFalseQuestion(QuestionBase):
    """A statement that is true or false."""

    type: Literal["truefalse"]
    answer: bool


class NumericQuestion(QuestionBase):
    """A number, exact within `tolerance`, or anywhere in `range`."""

    type: Literal["numeric"]
    answer: Number | None = None
    tolerance: Annotated[float, Field(ge=0, le=MAX_NUMBER)] = 0.0
    range: tuple[Number, Number] | None = None
    unit: Text | None = None


class TextQuestion(QuestionBase):
    """A short typed answer, matched leniently unless `exact` is set."""

    type: Literal["text"]
    answer: Annotated[
        list[Text],
        BeforeValidator(_list_from_string, json_schema_input_type=str | list[str]),
        Field(min_length=1, max_length=MAX_ITEMS),
    ]
    exact: bool = False


class OrderQuestion(QuestionBase):
    """Items to put in order; `items` lists them in the correct order."""

    type: Literal["order"]
    items: Annotated[list[Text], Field(max_length=MAX_ITEMS)]


class MatchQuestion(QuestionBase):
    """Left sides to pair with right sides."""

    type: Literal["match"]
    pairs: Annotated[list[Pair], Field(max_length=MAX_ITEMS)]


Question = Annotated[
    ChoiceQuestion
    | MultiQuestion
    | TrueFalseQuestion
    | NumericQuestion
    | TextQuestion
    | OrderQuestion
    | MatchQuestion,
    Field(discriminator="type"),
]
"""Any question; the `type` key says which."""

QUESTION_MODELS: dict[str, type[QuestionBase]] = {
    "choice": ChoiceQuestion,
    "multi": MultiQuestion,
    "truefalse": TrueFalseQuestion,
    "numeric": NumericQuestion,
    "text": TextQuestion,
    "order": OrderQuestion,
    "match": MatchQuestion,
}


class PackInfo(_Strict):
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
    source: Source | None = None
    defaults: Defaults = Field(default_factory=Defaults)

    def as_of_for(self, question: QuestionBase) -> dt.date | None:
        """The date a question's facts hold: its own, else the pack's, else the source's."""
        if question.as_of is not None:
            return question.as_of
        if self.as_of is not None:
            return self.as_of
        return self.source.published if self.source else None

    def points_for(self, question: QuestionBase) -> int:
        """The points a question is worth, falling back to the pack's defaults."""
        return question.points if question.points is not None else self.defaults.points

    def time_limit_for(self, question: QuestionBase) -> int:
        """A question's time limit in seconds, falling back to the pack's defaults."""
        return question.time_limit if question.time_limit is not None else self.defaults.time_limit


class Pack(PackInfo):
    """A question pack: metadata, its source article and its questions."""

    questions: Annotated[list[Question], Field(min_length=1, max_length=MAX_QUESTIONS)]

    def content_hash(self) -> str:
        """A hash of what the pack says (not of its formatting or comments), to tell whether a
        stored game was played on the same questions."""
        return hashlib.sha256(self.model_dump_json().encode("utf-8")).hexdigest()[:16]

    def question(self, question_id: str) -> QuestionBase:
        """The question with this id; KeyError when there is none."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


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
