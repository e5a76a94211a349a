"""The `order` kind: items to put in order; `items` lists them in the correct order."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from typing import Annotated, Any, ClassVar, Literal, cast

from pydantic import Field

from ..core.grading import Grade, require_strs
from ..core.importrules import RowError, first_repeated, no_answer, quoted, split_cell
from ..core.limits import MAX_ITEMS
from ..core.model import QuestionBase, Text
from .base import (
    Found,
    InputProblem,
    Kind,
    Loc,
    Presented,
    numbers_example,
    pick_numbers,
    shuffle_away_from,
)
from .form import FieldWidget
from .options import repeats
from .registry import register


class OrderQuestion(QuestionBase):
    """Items to put in order; `items` lists them in the correct order."""

    type: Literal["order"]
    items: Annotated[list[Text], Field(max_length=MAX_ITEMS)]


def grade_order(q: OrderQuestion, sequence: Sequence[str]) -> Grade:
    """Partial credit: the share of items the player put in their correct position."""
    require_strs(sequence, "an order answer", Sequence)
    total = len(q.items)
    if total == 0:
        return Grade(1.0) if not sequence else Grade(0.0)
    placed = sum(1 for want, got in zip(q.items, sequence, strict=False) if want == got)
    return Grade(placed / total, f"{placed} of {total} in the right place")


class OrderKind(Kind[OrderQuestion]):
    """Put items in order."""

    name = "order"
    model = OrderQuestion
    csv_columns = ("choices",)
    csv_example = (
        '"Put these treaties in order, earliest first.",,'
        "North Atlantic Treaty|Treaty of Rome|Maastricht Treaty|Treaty of Lisbon,"
        "NATO was founded in 1949; the Treaty of Rome followed in 1957; Maastricht in 1992;"
        " Lisbon in 2007.,,eu|nato|history"
    )
    answer_widget = "game.ui.answers:ORDER"
    form_widgets: ClassVar[dict[str, FieldWidget]] = {"items": "items"}

    def problems(self, question: OrderQuestion) -> Iterator[Found]:
        if len(question.items) < 2:
            what = "no items" if not question.items else "only one item"
            yield (
                "too-few-items",
                ("items",),
                f"an 'order' question needs at least 2 items to put in order; it has {what}",
            )
        yield from repeats(question.items, ("items",), "item")

    def answer_texts(self, question: OrderQuestion) -> list[str]:
        # The answer is the order; the items are shown to every player anyway.
        return []

    def shown_options(self, question: OrderQuestion) -> list[tuple[Loc, str]]:
        return [(("items", i), item) for i, item in enumerate(question.items)]

    def options(self, question: OrderQuestion, rng: random.Random) -> tuple[str, ...]:
        return shuffle_away_from(list(question.items), rng)

    def grade(self, question: OrderQuestion, response: Any) -> Grade:
        return grade_order(question, response)

    def correct_text(self, question: OrderQuestion) -> str:
        return " \u2192 ".join(f"{i}. {item}" for i, item in enumerate(question.items, 1))

    def response_text(self, presented: Presented, response: Any) -> str:
        if isinstance(response, str):
            return response
        items = list(response)
        return " \u2192 ".join(items) if items else "(nothing picked)"

    def instruction(self, presented: Presented) -> str:
        n = len(presented.options)
        return f"Type the numbers 1 to {n} in the right order, like {numbers_example(n)}."

    def parse(self, presented: Presented, text: str) -> Any:
        n = len(presented.options)
        order = pick_numbers(text, n, exactly=n)
        if sorted(order) != list(range(1, n + 1)):
            raise InputProblem("Please use each number once.")
        return [presented.options[i - 1] for i in order]

    def from_csv(self, answer: str, choices: str) -> dict[str, Any]:
        no_answer("order", answer, "the items in 'choices' are in the correct order")
        items = split_cell(choices)
        if len(items) < 2:
            raise RowError(
                "'choices' needs at least 2 items, in the correct order, separated by '|'"
            )
        repeated = first_repeated(items)
        if repeated is not None:
            raise RowError(f"the item {quoted(repeated)} appears more than once")
        return {"items": items}

    def sample(self) -> dict[str, Any] | None:
        return {
            "id": "order",
            "type": "order",
            "prompt": "Put the words of the sentence in order.",
            "items": ["Going it alone", "is not an option", "for Europe"],
            "explanation": "As written.",
        }

    def sample_answer(self, presented: Presented, right: bool) -> Any:
        items = list(cast(OrderQuestion, presented.question).items)
        return items if right else items[1:] + items[:1]


ORDER = register(OrderKind())
