"""What `choice` and `multi` share: the option model, its checks, shuffling and GIFT lines."""

from __future__ import annotations

import difflib
import random
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BeforeValidator, Field

from ..core.limits import MAX_ITEMS
from ..core.model import QuestionBase, Strict, Text
from .base import Found, GiftWriter, Kind, Loc
from .form import FieldWidget
from .gifttext import distinct


def _option_from_string(value: Any) -> Any:
    """Let `choices` hold plain strings as shorthand for `{text: ...}`."""
    return {"text": value} if isinstance(value, str) else value


class ChoiceOption(Strict):
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


class OptionsQuestion(QuestionBase):
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


OQ = TypeVar("OQ", bound=OptionsQuestion)


def suggest(word: str, choices: list[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or nothing."""
    if len(word) > 100:  # no option is that long; comparing would only cost time
        return ""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def repeated(values: list[str]) -> Iterator[tuple[int, str]]:
    """Each value that appeared before, with its index."""
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield index, value
        seen.add(value)


def repeats(values: list[str], loc: Loc, noun: str) -> Iterator[Found]:
    """A `repeated-<noun>` problem for each repeated value."""
    for index, value in repeated(values):
        yield ("repeated-" + noun, (*loc, index), f"the {noun} '{value}' appears more than once")


class OptionsKind(Kind[OQ]):
    """A kind whose player picks among the pack's options (shuffled unless `shuffle: false`)."""

    form_widgets: ClassVar[dict[str, FieldWidget]] = {"choices": "choices"}

    def answer_loc(self, question: OQ, index: int) -> Loc:
        """Where the `index`-th name of `answer` is."""
        return ("answer",)

    def answer_texts(self, question: OQ) -> list[str]:
        return question.correct_texts()

    def answer_places(self, question: OQ) -> list[tuple[Loc, str]]:
        named = question.answer_names()
        if named:
            return [(self.answer_loc(question, i), name) for i, name in enumerate(named)]
        return [(("choices", i), c.text) for i, c in enumerate(question.choices) if c.correct]

    def shown_options(self, question: OQ) -> list[tuple[Loc, str]]:
        return [(("choices", i), c.text) for i, c in enumerate(question.choices)]

    def problems(self, question: OQ) -> Iterator[Found]:
        texts = [c.text for c in question.choices]
        yield from repeats(texts, ("choices",), "option")
        answers = question.answer_names()
        for index, name in enumerate(answers):
            if name not in texts:
                yield (
                    "answer-not-a-choice",
                    self.answer_loc(question, index),
                    f"answer '{name}' is not one of the choices{suggest(name, texts)}",
                )
        if not question.correct_texts() and all(name in texts for name in answers):
            yield (
                "no-correct-option",
                ("choices",),
                "no option is marked correct: add 'correct: true' to one, or name it in 'answer'",
            )

    def options(self, question: OQ, rng: random.Random) -> tuple[str, ...]:
        texts = [c.text for c in question.choices]
        if question.shuffle:
            rng.shuffle(texts)
        return tuple(texts)

    def gift_texts(self, question: OQ) -> tuple[list[str], list[str]]:
        formatted: list[str] = []
        for option in question.choices:
            formatted += [option.text, *([option.feedback] if option.feedback else [])]
        return formatted, []

    def gift_left_out(self, question: OQ) -> list[str]:
        # "None of the above" needs its place; Moodle's import shuffles the options.
        return [] if question.shuffle else ["the options' fixed order (shuffle: false)"]

    def gift_marks(self, question: OQ) -> dict[bool, str]:
        """The GIFT marks of a correct (True) and a wrong option."""
        raise NotImplementedError

    def gift(self, question: OQ, writer: GiftWriter) -> list[str]:
        distinct([writer.text(c.text) for c in question.choices], "options")
        correct = set(question.correct_texts())
        marks = self.gift_marks(question)
        lines = []
        for option in question.choices:
            text = writer.text(option.text)
            mark = marks[option.text in correct]
            if mark == "~" and text.startswith("%"):
                mark = "~%0%"  # a text starting with % would read as a grade
            feedback = f"#{writer.text(option.feedback)}" if option.feedback else ""
            lines.append(mark + text + feedback)
        return lines
