"""The `claim` kind: is a statement of the article a fact, an opinion or the publication's own
characterisation, or who said it (media literacy)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, Literal, cast

from pydantic import BeforeValidator, Field, model_validator

from ..core.grading import Grade, require_str
from ..core.limits import MAX_ITEMS
from ..core.model import QuestionBase, Strict, Text
from .base import Found, GiftWriter, Kind, Loc, Presented, pick_numbers
from .form import FieldWidget
from .gifttext import distinct
from .options import repeated, repeats, suggest
from .registry import register

KIND_PROMPT = (
    "Is this a reported fact, someone's opinion, or the publication's own characterisation?"
)
"""The prompt of a question with the default categories and no prompt of its own."""

CUSTOM_PROMPT = "What kind of statement is this?"
"""The prompt of a question with its own categories and no prompt of its own."""

WHO_PROMPT = "Who said it?"
"""The prompt of an `ask: who` question without a prompt of its own."""


class Category(Strict):
    """One class a statement may belong to: an id the `answer` names, and what players read."""

    id: Annotated[str, Field(min_length=1, max_length=100)]
    label: Text


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category(id="fact", label="A reported fact"),
    Category(id="opinion", label="The opinion of a named person"),
    Category(id="characterisation", label="The publication's own characterisation"),
)
"""The categories of a question that sets none."""


def _category_from_string(value: Any) -> Any:
    """Let `categories` hold plain strings, each both the id and the label."""
    return {"id": value, "label": value} if isinstance(value, str) else value


def _prompt_with_statement(data: Any) -> Any:
    """Fill in the default prompt and put the statement after it, so every front end shows
    both: `Who said it? “Going it alone ...”`. A prompt already holding the statement (a
    dumped question) is left alone."""
    if not isinstance(data, dict) or not isinstance(data.get("statement"), str):
        return data
    statement = data["statement"].strip()
    prompt = data.get("prompt")
    if prompt is None:
        if data.get("ask") == "who":
            prompt = WHO_PROMPT
        else:
            prompt = CUSTOM_PROMPT if data.get("categories") is not None else KIND_PROMPT
    if not isinstance(prompt, str) or not statement or statement in prompt:
        return data
    return {**data, "prompt": f"{prompt.rstrip()} \u201c{statement}\u201d"}


class ClaimQuestion(QuestionBase):
    """Classify a statement of the source (fact, opinion, characterisation), or say who
    said it."""

    type: Literal["claim"]
    prompt: Text = Field(
        default=KIND_PROMPT,
        description="What to ask; by default a standard wording for `ask`, followed by the"
        " statement.",
    )
    statement: Text = Field(description="The statement, verbatim from the source.")
    ask: Literal["kind", "who"] = Field(
        default="kind",
        description="`kind`: which category the statement is; `who`: who said it, among `choices`.",
    )
    answer: Text = Field(
        description="`ask: kind`: the id of the right category; `ask: who`: the right choice."
    )
    categories: (
        Annotated[
            list[
                Annotated[
                    Category,
                    BeforeValidator(_category_from_string, json_schema_input_type=str | Category),
                ]
            ],
            Field(min_length=2, max_length=MAX_ITEMS),
        ]
        | None
    ) = Field(
        default=None,
        description="`ask: kind`: the categories to pick from; by default fact, opinion and"
        " characterisation.",
    )
    choices: Annotated[list[Text], Field(min_length=2, max_length=MAX_ITEMS)] | None = Field(
        default=None,
        description="`ask: who`: people and outlets named in the source, verbatim.",
    )
    speaker: Text | None = Field(
        default=None,
        description="Whose opinion the statement is, as the source names them (shown after"
        " the answer).",
    )
    shuffle: bool | None = Field(
        default=None,
        description="Shuffle the options; by default the choices of `ask: who` are shuffled"
        " and categories keep their order.",
    )

    _statement_in_prompt = model_validator(mode="before")(_prompt_with_statement)

    @property
    def category_list(self) -> tuple[Category, ...]:
        """The categories to pick from (the default three unless the question sets its own)."""
        return tuple(self.categories) if self.categories is not None else DEFAULT_CATEGORIES

    @property
    def option_texts(self) -> tuple[str, ...]:
        """What the player picks from, in the pack's order."""
        if self.ask == "who":
            return tuple(self.choices or ())
        return tuple(c.label for c in self.category_list)

    @property
    def right_option(self) -> str:
        """The option text that is right (a category's label, or the named choice)."""
        if self.ask == "who":
            return self.answer
        named = next((c for c in self.category_list if c.id == self.answer), None)
        return named.label if named is not None else self.answer


class ClaimKind(Kind[ClaimQuestion]):
    """Say what kind of statement a sentence of the article is, or who said it."""

    name = "claim"
    model = ClaimQuestion
    answer_widget = "game.ui.answers:CHOICE"
    form_widgets: ClassVar[dict[str, FieldWidget]] = {
        "statement": "sentence",
        "categories": "records",
    }
    quote_field = "statement"

    # --- the pack ---------------------------------------------------------------------------

    def problems(self, question: ClaimQuestion) -> Iterator[Found]:
        if question.ask == "who":
            yield from self._who_problems(question)
        else:
            yield from self._kind_problems(question)

    def _kind_problems(self, question: ClaimQuestion) -> Iterator[Found]:
        if question.choices is not None:
            yield (
                "choices-without-who",
                ("choices",),
                "'choices' are the people of an 'ask: who' question; to set what a statement"
                " may be, use 'categories' (or add 'ask: who')",
            )
        categories = question.category_list
        for field in ("id", "label"):
            for index, value in repeated([getattr(c, field) for c in categories]):
                yield (
                    "repeated-category",
                    ("categories", index, field) if question.categories else ("categories",),
                    f"the category {field} '{value}' appears more than once",
                )
        ids = list(dict.fromkeys(c.id for c in categories))
        if question.answer not in ids:
            yield (
                "answer-not-a-category",
                ("answer",),
                f"answer '{question.answer}' is not one of the categories"
                f"{suggest(question.answer, ids)}; they are " + ", ".join(ids),
            )

    def _who_problems(self, question: ClaimQuestion) -> Iterator[Found]:
        if question.categories is not None:
            yield (
                "categories-with-who",
                ("categories",),
                "an 'ask: who' question offers its 'choices', not 'categories'",
            )
        if question.choices is None:
            yield (
                "missing-key",
                (),
                "an 'ask: who' question needs 'choices': the people and outlets named in the"
                " source to pick from",
            )
            return
        yield from repeats(question.choices, ("choices",), "option")
        if question.answer not in question.choices:
            yield (
                "answer-not-a-choice",
                ("answer",),
                f"answer '{question.answer}' is not one of the choices"
                f"{suggest(question.answer, question.choices)}",
            )

    def passages(self, question: ClaimQuestion) -> Iterator[tuple[Loc, str]]:
        yield ("statement",), question.statement
        if question.ask == "who":
            for index, choice in enumerate(question.choices or []):
                yield ("choices", index), choice
        if question.speaker is not None:
            yield ("speaker",), question.speaker

    def answer_texts(self, question: ClaimQuestion) -> list[str]:
        # `ask: who` names a person or outlet; `ask: kind` a category, which every claim
        # question shows among its options.
        return [question.answer] if question.ask == "who" else []

    def shown_texts(self, question: ClaimQuestion) -> list[tuple[Loc, str]]:
        # The statement first: the prompt holds it too, but a default prompt has no line.
        return [(("statement",), question.statement), *super().shown_texts(question)]

    def shown_options(self, question: ClaimQuestion) -> list[tuple[Loc, str]]:
        if question.ask == "who":
            return [(("choices", i), choice) for i, choice in enumerate(question.choices or [])]
        return [(("categories", i), c.label) for i, c in enumerate(question.categories or [])]

    # --- playing ----------------------------------------------------------------------------

    def options(self, question: ClaimQuestion, rng: random.Random) -> tuple[str, ...]:
        texts = list(question.option_texts)
        shuffle = question.shuffle if question.shuffle is not None else question.ask == "who"
        if shuffle:
            rng.shuffle(texts)
        return tuple(texts)

    def grade(self, question: ClaimQuestion, response: Any) -> Grade:
        require_str(response, "a claim answer")
        return Grade(1.0) if response == question.right_option else Grade(0.0)

    def correct_text(self, question: ClaimQuestion) -> str:
        return question.right_option

    def feedback_texts(self, question: ClaimQuestion) -> list[tuple[Loc, str]]:
        if question.speaker is None or question.ask == "who":
            return []
        return [(("speaker",), question.speaker)]

    def feedback_lines(self, question: ClaimQuestion, response: Any) -> list[str]:
        if question.speaker is None or question.ask == "who":
            return []
        return [f"Said by: {question.speaker}"]

    def instruction(self, presented: Presented) -> str:
        return f"Answer with a number from 1 to {len(presented.options)}."

    def parse(self, presented: Presented, text: str) -> Any:
        return presented.options[pick_numbers(text, len(presented.options), exactly=1)[0] - 1]

    # --- export -----------------------------------------------------------------------------

    def gift_texts(self, question: ClaimQuestion) -> tuple[list[str], list[str]]:
        return list(question.option_texts), []

    def gift_feedback(self, question: ClaimQuestion) -> list[str]:
        return self.feedback_lines(question, None)  # `Said by: ...`, whatever the answer

    def gift_left_out(self, question: ClaimQuestion) -> list[str]:
        return ["the options' fixed order (shuffle: false)"] if question.shuffle is False else []

    def gift(self, question: ClaimQuestion, writer: GiftWriter) -> list[str]:
        texts = question.option_texts
        distinct([writer.text(t) for t in texts], "options")
        lines = []
        for text in texts:
            written = writer.text(text)
            right = text == question.right_option
            mark = "=" if right else "~%0%" if written.startswith("%") else "~"
            lines.append(mark + written)
        return lines

    def sample_answer(self, presented: Presented, right: bool) -> Any:
        answer = cast(ClaimQuestion, presented.question).right_option
        return answer if right else next(o for o in presented.options if o != answer)


CLAIM = register(ClaimKind())
"""The registered `claim` kind."""
