"""The `multi` kind: several correct options, partial credit."""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated, Any, ClassVar, Literal, cast

from pydantic import BeforeValidator, Field

from ..core.grading import Grade, require_strs
from ..core.importrules import Options, RowError, options_cell, pick, split_cell
from ..core.limits import MAX_ITEMS
from ..core.model import Text, list_from_string
from .base import CannotExport, GiftAnswers, Loc, Presented, pick_numbers
from .form import FieldWidget
from .gifttext import MOODLE_SHARES
from .options import OptionsKind, OptionsQuestion
from .registry import register


class MultiQuestion(OptionsQuestion):
    """Several correct options; partial credit."""

    type: Literal["multi"]
    answer: Annotated[
        Annotated[list[Text], Field(max_length=MAX_ITEMS)] | None,
        BeforeValidator(list_from_string, json_schema_input_type=str | list[str] | None),
    ] = None

    def answer_names(self) -> list[str]:
        return list(self.answer or [])


def grade_multi(q: MultiQuestion, picked: Collection[str]) -> Grade:
    """Partial credit: +1/k per correct pick, -1/k per wrong pick, never below 0.

    `k` is the number of correct options; a pick made twice counts once. A question with no
    correct option gives full credit only for picking nothing.
    """
    require_strs(picked, "multi answers", Collection)
    correct = set(q.correct_texts())
    picks = set(picked)
    hits = len(picks & correct)
    misses = len(picks - correct)
    detail = f"{hits} of {len(correct)} correct" + (f", {misses} wrong" if misses else "")
    if not correct:
        return Grade(0.0 if picks else 1.0, detail)
    return Grade(max(0, hits - misses) / len(correct), detail)


class MultiKind(OptionsKind[MultiQuestion]):
    """Tick every right option."""

    name = "multi"
    model = MultiQuestion
    csv_columns = ("answer", "choices")
    csv_example = (
        '"""Going it alone is not an option,"" Stoltenberg wrote. For whom? Pick all that'
        ' apply.",Europe|The United States,Europe|The United States|Norway|The United Kingdom,'
        'He wrote "either for Europe or for the United States".,'
        '"Going it alone is not an option, either for Europe or for the United States",nato'
    )
    gift_precedence = 30
    answer_widget = "game.ui.answers:MULTI"
    form_widgets: ClassVar[dict[str, FieldWidget]] = {"choices": "choices", "answer": "items"}

    def answer_loc(self, question: MultiQuestion, index: int) -> Loc:
        listed = isinstance(question.answer, list) and len(question.answer) > 1
        return ("answer", index) if listed else ("answer",)

    def grade(self, question: MultiQuestion, response: Any) -> Grade:
        return grade_multi(question, response)

    def correct_text(self, question: MultiQuestion) -> str:
        return "; ".join(question.correct_texts())

    def instruction(self, presented: Presented) -> str:
        return "Pick all that apply: numbers separated by spaces, like 1 3 (or - for none)."

    def parse(self, presented: Presented, text: str) -> Any:
        if text in ("-", "0", "none"):
            return []
        picks = pick_numbers(text, len(presented.options))
        return [presented.options[i - 1] for i in dict.fromkeys(picks)]

    def gift_marks(self, question: MultiQuestion) -> dict[bool, str]:
        correct = question.correct_texts()
        share = MOODLE_SHARES.get(len(correct))
        if share is None:
            raise CannotExport(
                f"it has {len(correct)} correct options; Moodle's grades allow at most 10"
            )
        return {True: f"~%{share}%", False: f"~%-{share}%"}

    def from_csv(self, answer: str, choices: str) -> dict[str, Any]:
        options = options_cell(choices)
        names = split_cell(answer)
        if not names:
            raise RowError("the row has no answer: list the right choices separated by '|'")
        known = Options(options)
        picked = list(dict.fromkeys(pick(name, known) for name in names))
        return {"choices": options, "answer": picked}

    def from_gift(self, answers: GiftAnswers) -> dict[str, Any] | None:
        return answers.options(single=False) if answers.has("~") else None

    def sample(self) -> dict[str, Any] | None:
        return {
            "id": "multi",
            "type": "multi",
            "prompt": "Which news agencies are named?",
            "choices": ["AP", "Reuters", "AFP", "TASS"],
            "answer": ["AP", "Reuters"],
            "explanation": "AP and Reuters.",
        }

    def sample_answer(self, presented: Presented, right: bool) -> Any:
        correct = cast(MultiQuestion, presented.question).correct_texts()
        return list(correct) if right else [o for o in presented.options if o not in correct]


MULTI = register(MultiKind())
