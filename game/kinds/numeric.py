"""The `numeric` kind: a number, exact within a tolerance, or anywhere in a range."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal, cast

from pydantic import Field

from ..core.grading import Grade, format_number, near
from ..core.importrules import RowError, no_choices, quoted
from ..core.limits import MAX_NUMBER
from ..core.model import Number, QuestionBase, Text
from ..util.numbers import AmbiguousNumber, NotANumber, NumberTooLarge, read_number
from .base import CannotExport, Found, GiftAnswers, GiftWriter, InputProblem, Kind, Presented
from .gifttext import gift_number
from .registry import register


class NumericQuestion(QuestionBase):
    """A number, exact within `tolerance`, or anywhere in `range`."""

    type: Literal["numeric"]
    answer: Number | None = None
    tolerance: Annotated[float, Field(ge=0, le=MAX_NUMBER)] = 0.0
    range: tuple[Number, Number] | None = None
    unit: Text | None = None


def grade_numeric(q: NumericQuestion, given: str | float) -> Grade:
    """Full credit for a number within `tolerance` of `answer` or inside `range` (inclusive).

    Strings go through `game.util.numbers.read_number` with the question's unit; text that isn't
    a number or is ambiguous (`1,200`), and NaN or infinite values, get no credit. With both
    `answer` and `range` set, either one accepts. ValueError for a question with neither.
    """
    if isinstance(given, bool) or not isinstance(given, str | int | float):
        raise TypeError(f"a numeric answer must be a str or number, not {type(given).__name__}")
    if q.answer is None and q.range is None:
        raise ValueError(f"numeric question {q.id!r} has neither `answer` nor `range`")
    try:
        value = read_number(given, q.unit) if isinstance(given, str) else float(given)
    except AmbiguousNumber:
        return Grade(0.0, "an ambiguous number")
    except NotANumber:
        return Grade(0.0, "not a number")
    if not math.isfinite(value):
        return Grade(0.0)
    if q.answer is not None and near(value, q.answer, q.tolerance):
        return Grade(1.0)
    if q.range is not None:
        low, high = min(q.range), max(q.range)
        if (low <= value <= high) or near(value, low) or near(value, high):
            return Grade(1.0)
    return Grade(0.0)


def number_problem(text: str, unit: str | None) -> str | None:
    """Why a typed answer cannot be taken as a number (and is asked again, not graded):
    not a number, or ambiguous (`1,200`: 1200 or 1.2?); None when it can."""
    try:
        read_number(text, unit)
    except AmbiguousNumber as ambiguous:
        return str(ambiguous)
    except NotANumber:
        return "Please type a number, like 2, 2.5 or 1000."
    return None


def _with_unit(text: str, unit: str | None) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def numeric_text(q: NumericQuestion) -> str:
    """`70 years (± 0.5)`, `between 1 and 3 percent`: the accepted answer in words."""
    between = None
    if q.range is not None:
        low, high = min(q.range), max(q.range)
        between = f"between {format_number(low)} and {_with_unit(format_number(high), q.unit)}"
    if q.answer is None:
        return between or ""
    exact = _with_unit(format_number(q.answer), q.unit)
    if q.tolerance:
        exact = f"{exact} (± {format_number(q.tolerance)})"
    return f"{exact} (anything {between} accepted)" if between else exact


class NumericKind(Kind[NumericQuestion]):
    """Type a number."""

    name = "numeric"
    model = NumericQuestion
    typed = True
    csv_columns = ("answer",)
    csv_example = (
        '"What is NATO\'s military spending target, as a percentage of GDP?",2 percent,,'
        "The target is 2 percent of GDP.,the military spending target of 2 percent of GDP,"
        "nato|spending"
    )
    gift_precedence = 10
    answer_widget = "game.ui.answers:NUMBER"

    def problems(self, question: NumericQuestion) -> Iterator[Found]:
        if question.answer is None and question.range is None:
            yield ("missing-key", (), "a 'numeric' question needs 'answer' or 'range'")
        if question.answer is not None and question.range is not None:
            yield ("answer-and-range", ("range",), "give either 'answer' or 'range', not both")
        if question.range is not None and question.range[0] > question.range[1]:
            low, high = question.range
            yield (
                "range-reversed",
                ("range",),
                f"range [{low:g}, {high:g}] has its minimum above its maximum;"
                f" write [{high:g}, {low:g}]",
            )
        if question.range is not None and question.tolerance:
            yield (
                "tolerance-with-range",
                ("tolerance",),
                "'tolerance' applies to 'answer'; a 'range' already sets the accepted span",
            )

    def grade(self, question: NumericQuestion, response: Any) -> Grade:
        return grade_numeric(question, response)

    def correct_text(self, question: NumericQuestion) -> str:
        return numeric_text(question)

    def answer_texts(self, question: NumericQuestion) -> list[str]:
        # The number alone: "2" is given away by "2%" as much as by "2 percent". A range is
        # not one text another question could show.
        return [format_number(question.answer)] if question.answer is not None else []

    def response_text(self, presented: Presented, response: Any) -> str:
        if isinstance(response, float | int) and not isinstance(response, bool):
            return format_number(float(response))
        return super().response_text(presented, response)

    def instruction(self, presented: Presented) -> str:
        unit = getattr(presented.question, "unit", None)
        return f"Type a number{f' (in {unit})' if unit else ''}."

    def parse(self, presented: Presented, text: str) -> Any:
        problem = number_problem(text, getattr(presented.question, "unit", None))
        if problem is not None:
            raise InputProblem(problem)
        return text

    def gift_left_out(self, question: NumericQuestion) -> list[str]:
        # The game asks for the number "in percent"; Moodle's units are not in GIFT.
        return [f"its unit '{question.unit}'"] if question.unit else []

    def gift(self, question: NumericQuestion, writer: GiftWriter) -> list[str]:
        if question.range is not None:
            low, high = question.range
            return [f"#{gift_number(low)}..{gift_number(high)}"]
        if question.answer is None:
            raise CannotExport("it has neither an answer nor a range")
        tolerance = f":{gift_number(question.tolerance)}" if question.tolerance else ""
        return [f"#{gift_number(question.answer)}{tolerance}"]

    def from_csv(self, answer: str, choices: str) -> dict[str, Any]:
        no_choices("numeric", choices, "write the number in 'answer'")
        if not answer:
            raise RowError("the row has no answer: write a number, a range like 2..3, or 2+-0.5")
        fields: dict[str, Any] = {}
        if match := _RANGE.fullmatch(answer):
            low, high = _csv_number(match["low"]), _csv_number(match["high"])
            if low > high:
                raise RowError(
                    f"the range {answer} has its minimum above its maximum; write"
                    f" {match['high']}..{match['low']}"
                )
            fields["range"] = [low, high]
        elif match := _TOLERANCE.fullmatch(answer):
            fields["answer"] = _csv_number(match["value"])
            tolerance = _csv_number(match["tolerance"])
            if tolerance < 0:
                raise RowError(f"the tolerance in {quoted(answer)} should not be negative")
            fields["tolerance"] = tolerance
        elif match := _EXACT.fullmatch(answer):
            fields["answer"] = _csv_number(match["value"])
        else:
            raise RowError(
                f"answer {quoted(answer)} is not a number: write 2, 2.5, a range like 2..3 or a"
                " tolerance like 2+-0.5 (a unit may follow: 2 percent)"
            )
        if match["unit"]:
            fields["unit"] = match["unit"].strip()
        return fields

    def from_gift(self, answers: GiftAnswers) -> dict[str, Any] | None:
        return answers.number() if answers.starts_with("#") else None

    def sample(self) -> dict[str, Any] | None:
        return {
            "id": "numeric",
            "type": "numeric",
            "prompt": "What share of GDP should allies spend on defence?",
            "answer": 2,
            "unit": "percent",
            "hint": "A small number.",
            "explanation": "Two percent of GDP.",
        }

    def sample_answer(self, presented: Presented, right: bool) -> Any:
        question = cast(NumericQuestion, presented.question)
        if not right:
            return "999"
        if question.answer is not None:
            return format_number(question.answer)
        assert question.range is not None  # a valid question has one or the other
        return format_number(question.range[0])


# A CSV `answer` cell: `2`, `2 percent`, `2+-0.5`, `1..3`, numbers as players type them.
_NUMBER = r"[+-]?(?:\d[\d ,.\u00a0\u2009\u202f]*\d|\d|[.,]\d+)(?:[eE][+-]?\d+)?"
_UNIT = r"(?:\s*(?P<unit>%|[^\W\d_][^\d]*?))?"
_EXACT = re.compile(rf"(?P<value>{_NUMBER}){_UNIT}")
_TOLERANCE = re.compile(rf"(?P<value>{_NUMBER})\s*(?:±|\+/-|\+-)\s*(?P<tolerance>{_NUMBER}){_UNIT}")
_RANGE = re.compile(rf"(?P<low>{_NUMBER})\s*\.\.\s*(?P<high>{_NUMBER}){_UNIT}")


def _csv_number(text: str) -> float | int:
    """A number as players type them (`game.util.numbers`: `31 000`, `2,5`), or an exponent;
    an ambiguous one (`1,000`: 1000 or 1?) is refused, never guessed."""
    if text.startswith(","):
        text = "0" + text  # `,5` as players write `.5`
    try:
        value = read_number(text, exponent=True)
    except AmbiguousNumber as ambiguous:
        raise RowError(f"the number {quoted(text)} is ambiguous. {ambiguous}") from None
    except NumberTooLarge:
        raise RowError(f"the number {quoted(text)} is too large") from None
    except NotANumber:
        raise RowError(f"{quoted(text)} is not a number") from None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


NUMERIC = register(NumericKind())
