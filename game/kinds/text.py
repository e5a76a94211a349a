"""The `text` kind: a short typed answer, matched leniently unless `exact`."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal, cast

from pydantic import BeforeValidator, Field

from ..core.grading import Grade, close_enough, normalise_text, require_str, without_article
from ..core.importrules import RowError, no_choices, split_cell
from ..core.limits import MAX_ITEMS
from ..core.model import QuestionBase, Text, list_from_string
from .base import CannotExport, GiftAnswers, GiftWriter, Kind, Loc, Presented
from .form import FieldWidget
from .registry import register

_WRONG = Grade(0.0)


class TextQuestion(QuestionBase):
    """A short typed answer, matched leniently unless `exact` is set."""

    type: Literal["text"]
    answer: Annotated[
        list[Text],
        BeforeValidator(list_from_string, json_schema_input_type=str | list[str]),
        Field(min_length=1, max_length=MAX_ITEMS),
    ]
    exact: bool = False


def grade_text(q: TextQuestion, given: str, *, language: str = "en") -> Grade:
    """Full credit when `given` matches an accepted answer once both are normalised.

    Spaces don't matter to the match, so `E.U.` (normalised `e u`) is `EU`, nor does a
    leading article of the pack's `language` on either side (`a referendum` is
    `referendum`; an answer that is only an article stays one). Unless the question is
    `exact`, a few typos are forgiven, by the length of the accepted answer
    (`TYPO_TOLERANCE`); digits and the first character must still match exactly, and the
    grade names the right spelling. Empty or blank input gets no credit.
    """
    require_str(given, "a text answer")
    full = normalise_text(given)
    if not full:
        return _WRONG
    # Compared as written, then without leading articles: an article counts toward the
    # length that sets the typos allowed, as before, when both sides have it.
    forms = [(full, [(a, normalise_text(a)) for a in q.answer])]
    bare = without_article(full, language)
    forms.append((bare, [(a, without_article(norm, language)) for a, norm in forms[0][1]]))
    for typed, accepted in forms:
        compact = typed.replace(" ", "")
        if any(compact == norm.replace(" ", "") for _, norm in accepted):
            return Grade(1.0)
    if not q.exact:
        for typed, accepted in forms:
            for original, norm in accepted:
                if close_enough(typed, norm):
                    return Grade(1.0, f"accepted as a typo of {original!r}", spelling=original)
    return _WRONG


class TextKind(Kind[TextQuestion]):
    """Type a short answer."""

    name = "text"
    model = TextQuestion
    typed = True
    csv_columns = ("answer",)
    csv_example = (
        "In which city was the EU summit to discuss the Trump victory?,Brussels|Bruxelles,,"
        "The EU summit was set for Brussels.,an EU summit in Brussels to discuss the Trump victory,"
        "eu"
    )
    gift_precedence = 60
    answer_widget = "game.ui.answers:TEXT"
    form_widgets: ClassVar[dict[str, FieldWidget]] = {"answer": "items"}

    def grade(self, question: TextQuestion, response: Any) -> Grade:
        return grade_text(question, response)

    def grade_in(self, question: TextQuestion, response: Any, language: str) -> Grade:
        return grade_text(question, response, language=language)

    def correct_text(self, question: TextQuestion) -> str:
        first, *others = question.answer
        return f"{first} (also accepted: {', '.join(others)})" if others else first

    def answer_texts(self, question: TextQuestion) -> list[str]:
        return list(question.answer)

    def answer_places(self, question: TextQuestion) -> list[tuple[Loc, str]]:
        return [(("answer", i), text) for i, text in enumerate(question.answer)]

    def gift_texts(self, question: TextQuestion) -> tuple[list[str], list[str]]:
        return [], list(question.answer)

    def gift(self, question: TextQuestion, writer: GiftWriter) -> list[str]:
        if any("->" in answer for answer in question.answer):
            raise CannotExport("an accepted answer contains '->', which GIFT reads as matching")
        # In a Moodle short answer `*` is a wildcard; `\*` is the character itself.
        answers = [writer.text(a.replace("*", "\\*")) for a in question.answer]
        return [("=%100%" if a.startswith("%") else "=") + a for a in answers]

    def from_csv(self, answer: str, choices: str) -> dict[str, Any]:
        no_choices("text", choices, "for options to pick from, use type 'choice'")
        accepted = list(dict.fromkeys(split_cell(answer)))
        if not accepted:
            raise RowError("the row has no answer: write the accepted answers separated by '|'")
        return {"answer": accepted}

    def from_gift(self, answers: GiftAnswers) -> dict[str, Any] | None:
        return answers.short_answers()  # asked last: whatever no other kind claims

    def sample(self) -> dict[str, Any] | None:
        return {
            "id": "text",
            "type": "text",
            "prompt": "Which alliance did Jens Stoltenberg lead?",
            "answer": ["NATO", "OTAN"],
            "hint": "Its headquarters are in Brussels.",
            "explanation": "He was NATO's Secretary-General.",
        }

    def sample_answer(self, presented: Presented, right: bool) -> Any:
        return cast(TextQuestion, presented.question).answer[0] if right else "Nowhere at all"


TEXT = register(TextKind())
