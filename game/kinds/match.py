"""The `match` kind: left sides to pair with right sides."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, ClassVar, Literal, cast

from pydantic import Field

from ..core.giftformat import read_text
from ..core.grading import Grade, require_str
from ..core.importrules import RowError, first_repeated, no_answer, quoted, split_cell
from ..core.limits import MAX_ITEMS
from ..core.model import QuestionBase, Strict, Text
from .base import (
    CannotExport,
    Found,
    GiftAnswers,
    GiftWriter,
    Kind,
    Loc,
    Presented,
    numbers_example,
    pick_numbers,
    shuffle_away_from,
)
from .form import FieldWidget
from .gifttext import distinct, escape
from .options import repeated
from .registry import register


class Pair(Strict):
    """One pair of a `match` question: the left side is shown, the right side is picked."""

    left: Text
    right: Text


class MatchQuestion(QuestionBase):
    """Left sides to pair with right sides."""

    type: Literal["match"]
    pairs: Annotated[list[Pair], Field(max_length=MAX_ITEMS)]


def row_label(index: int) -> str:
    """A, B, ... Z, then AA, AB, ...: the label of the `index`-th row (from 0), as
    spreadsheets name their columns, so no row is ever labelled with a symbol."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def grade_match(q: MatchQuestion, pairs: Mapping[str, str]) -> Grade:
    """Partial credit: the share of left sides the player paired with their right side."""
    if not isinstance(pairs, Mapping):
        raise TypeError(f"a match answer must be a Mapping, not {type(pairs).__name__}")
    for left, right in pairs.items():
        require_str(left, "each left side of a match answer")
        require_str(right, "each right side of a match answer")
    total = len(q.pairs)
    if total == 0:
        return Grade(1.0)
    matched = sum(1 for p in q.pairs if pairs.get(p.left) == p.right)
    return Grade(matched / total, f"{matched} of {total} pairs right")


class MatchKind(Kind[MatchQuestion]):
    """Pair each left side with its right side."""

    name = "match"
    model = MatchQuestion
    csv_columns = ("choices",)
    csv_example = (
        "Match each institution to the city where it sits.,,"
        "European Central Bank=Frankfurt|European Parliament=Strasbourg|NATO=Brussels,"
        "The ECB sits in Frankfurt; the Parliament meets in Strasbourg; NATO is in Brussels.,,eu"
    )
    gift_precedence = 40
    answer_widget = "game.ui.answers:MATCH"
    form_widgets: ClassVar[dict[str, FieldWidget]] = {"pairs": "pairs"}

    def problems(self, question: MatchQuestion) -> Iterator[Found]:
        if len(question.pairs) < 2:
            yield ("too-few-items", ("pairs",), "a 'match' question needs at least 2 pairs")
        for side in ("left", "right"):
            values = [getattr(p, side) for p in question.pairs]
            for index, text in repeated(values):
                yield (
                    "repeated-side",
                    ("pairs", index, side),
                    f"the {side} side '{text}' appears more than once; each side must be"
                    " unique so there is one right pairing",
                )

    def answer_texts(self, question: MatchQuestion) -> list[str]:
        # The answer is the pairing; both sides are shown to every player anyway.
        return []

    def shown_options(self, question: MatchQuestion) -> list[tuple[Loc, str]]:
        return [
            (("pairs", i, side), getattr(pair, side))
            for i, pair in enumerate(question.pairs)
            for side in ("left", "right")
        ]

    def options(self, question: MatchQuestion, rng: random.Random) -> tuple[str, ...]:
        return shuffle_away_from([p.right for p in question.pairs], rng)

    def lefts(self, question: MatchQuestion) -> tuple[str, ...]:
        return tuple(p.left for p in question.pairs)

    def grade(self, question: MatchQuestion, response: Any) -> Grade:
        return grade_match(question, response)

    def correct_text(self, question: MatchQuestion) -> str:
        return "; ".join(f"{p.left} \u2192 {p.right}" for p in question.pairs)

    def response_text(self, presented: Presented, response: Any) -> str:
        if isinstance(response, Mapping):
            return "; ".join(f"{left} \u2192 {response.get(left, '?')}" for left in presented.lefts)
        return super().response_text(presented, response)

    def plain_lines(self, presented: Presented) -> list[str]:
        lines = [f"  {row_label(i)}. {left}" for i, left in enumerate(presented.lefts)]
        return [*lines, "Matches:", *super().plain_lines(presented)]

    def instruction(self, presented: Presented) -> str:
        rows = len(presented.lefts)
        labels = " ".join(row_label(i) for i in range(rows))
        example = numbers_example(len(presented.options))
        return f"For {labels} in turn, type the number of its match, like {example}."

    def parse(self, presented: Presented, text: str) -> Any:
        options = presented.options
        picks = pick_numbers(text, len(options), exactly=len(presented.lefts))
        return {left: options[i - 1] for left, i in zip(presented.lefts, picks, strict=True)}

    def gift_texts(self, question: MatchQuestion) -> tuple[list[str], list[str]]:
        return [pair.left for pair in question.pairs], []

    def gift(self, question: MatchQuestion, writer: GiftWriter) -> list[str]:
        if any("->" in pair.left for pair in question.pairs):
            raise CannotExport("a left side contains '->', which GIFT reads as the arrow")
        lefts = [writer.text(p.left) for p in question.pairs]
        rights = [escape(p.right.strip()) for p in question.pairs]

        if not all(read_text(p.right.strip(), "plain") for p in question.pairs):
            raise CannotExport("it has an empty right side, which GIFT cannot write")
        distinct([p.left.strip() for p in question.pairs], "left sides")
        distinct([p.right.strip() for p in question.pairs], "right sides")
        return [f"={left} -> {right}" for left, right in zip(lefts, rights, strict=True)]

    def from_csv(self, answer: str, choices: str) -> dict[str, Any]:
        no_answer("match", answer, "the pairs in 'choices' are the answer")
        pairs: list[dict[str, str]] = []
        for item in split_cell(choices):
            left, equals, right = item.partition("=")
            if not equals or not left.strip() or not right.strip():
                raise RowError(
                    f"{quoted(item)} is not a pair: write each pair as left=right, separated by '|'"
                )
            pairs.append({"left": left.strip(), "right": right.strip()})
        if len(pairs) < 2:
            raise RowError("'choices' needs at least 2 pairs written left=right, separated by '|'")
        for side in ("left", "right"):
            values = [pair[side] for pair in pairs]
            repeated = first_repeated(values)
            if repeated is not None:
                raise RowError(
                    f"the {side} side {quoted(repeated)} appears more than once; each side must be"
                    " unique"
                )
        return {"pairs": pairs}

    def from_gift(self, answers: GiftAnswers) -> dict[str, Any] | None:
        return answers.pairs() if answers.has("=") and answers.has("->") else None

    def sample(self) -> dict[str, Any] | None:
        return {
            "id": "match",
            "type": "match",
            "prompt": "Match each person with their country or organisation.",
            "pairs": [
                {"left": "Stoltenberg", "right": "NATO"},
                {"left": "Trump", "right": "USA"},
                {"left": "Juncker", "right": "EU"},
            ],
            "explanation": "As in the article.",
        }

    def sample_answer(self, presented: Presented, right: bool) -> Any:
        pairs = cast(MatchQuestion, presented.question).pairs
        rights = [p.right for p in pairs]
        if not right:
            rights = rights[1:] + rights[:1]
        return {p.left: r for p, r in zip(pairs, rights, strict=True)}


MATCH = register(MatchKind())
