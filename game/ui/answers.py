"""The one table from a question kind to the widget that takes its answer in the TUI.

A kind's rules live in `game.kinds`; here each kind gets its answer widget and the line
under the prompt that says how to use it. A kind registered without an entry here cannot be
played in the full-screen app, and says so (`NoAnswerWidget`) instead of crashing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.widget import Widget

from ..kinds import kind_of
from ..play.scoring import Scoring, hint_cost
from .widgets.choice import ChoiceAnswer
from .widgets.match import MatchAnswer
from .widgets.multi import MultiAnswer
from .widgets.order import OrderAnswer
from .widgets.sentences import SentenceAnswer
from .widgets.truefalse import TrueFalseAnswer
from .widgets.typed import NumberAnswer, TextAnswer

if TYPE_CHECKING:
    from ..play.session import PlayedQuestion

AnswerFactory = Callable[["PlayedQuestion"], Widget]
"""Builds the answer widget of a question as the game presents it (its id set to `answer`)."""


@dataclass(frozen=True, slots=True)
class AnswerEntry:
    """How the TUI takes the answer to one kind of question."""

    factory: AnswerFactory
    instruction: str
    """How to answer, shown under the prompt."""


class NoAnswerWidget(LookupError):
    """A kind with no answer widget in the TUI; the message says which and what to do."""


def _unit(played: PlayedQuestion) -> Any:
    return getattr(played.question, "unit", None)


ANSWER_WIDGETS: dict[str, AnswerEntry] = {
    "choice": AnswerEntry(
        lambda p: ChoiceAnswer(p.options, id="answer"),
        "Press the number of your answer, or \u2191\u2193 and Enter.",
    ),
    "multi": AnswerEntry(
        lambda p: MultiAnswer(p.options, id="answer"),
        "Tick every right option: its number or Space. Enter answers.",
    ),
    "truefalse": AnswerEntry(
        lambda p: TrueFalseAnswer(id="answer"),
        "Press t for True or f for False (or 1, 2).",
    ),
    "numeric": AnswerEntry(
        lambda p: NumberAnswer(unit=_unit(p), id="answer"),
        "Type a number and press Enter.",
    ),
    "text": AnswerEntry(lambda p: TextAnswer(id="answer"), "Type your answer and press Enter."),
    "order": AnswerEntry(
        lambda p: OrderAnswer(p.options, id="answer"),
        "Put the items in order: \u2191\u2193 pick one, u/d move it. Enter answers.",
    ),
    "match": AnswerEntry(
        lambda p: MatchAnswer(p.lefts, p.options, id="answer"),
        "For each row press the number of its match (\u2191\u2193 change row). Enter answers.",
    ),
    "evidence": AnswerEntry(
        lambda p: SentenceAnswer(p.options, id="answer"),
        "Press the number of the sentence, or \u2191\u2193 and Enter.",
    ),
    "claim": AnswerEntry(
        lambda p: ChoiceAnswer(p.options, id="answer"),
        "Press the number of your answer, or \u2191\u2193 and Enter.",
    ),
}
"""Every kind the TUI can play, by the kind's name."""


def register_answer_widget(name: str, factory: AnswerFactory, instruction: str) -> None:
    """Give a kind its answer widget (a kind added later, or a test's throwaway kind)."""
    ANSWER_WIDGETS[name] = AnswerEntry(factory, instruction)


def unregister_answer_widget(name: str) -> None:
    """Remove a kind's answer widget (tests)."""
    ANSWER_WIDGETS.pop(name, None)


def answer_entry(played: PlayedQuestion) -> AnswerEntry:
    """The entry of this question's kind; NoAnswerWidget when it has none."""
    name = kind_of(played.question).name
    entry = ANSWER_WIDGETS.get(name)
    if entry is None:
        raise NoAnswerWidget(
            f"'{name}' questions cannot be answered in this window yet (no answer widget);"
            " leave the game with Esc and play it in plain mode (civic-quiz play --plain)"
        )
    return entry


def answer_widget(played: PlayedQuestion) -> Widget:
    """The widget that takes an answer to this question."""
    return answer_entry(played).factory(played)


HINT_INPUT_TEXT = "? and Enter: the hint"
"""How a typed question's hint is asked for (`h` would be typed as a letter)."""


def instruction_text(played: PlayedQuestion, scoring: Scoring) -> str:
    """How to answer, and for a typed question with a hint how to get it and what it costs
    (from the scoring rules)."""
    text = answer_entry(played).instruction
    if kind_of(played.question).typed and played.question.hint is not None:
        text += f" {HINT_INPUT_TEXT} ({hint_cost(scoring)})."
    return text


def hint_label(scoring: Scoring) -> str:
    """The footer's label of the hint key: `Hint (halves points)`, `Hint (free)`."""
    return f"Hint ({hint_cost(scoring, short=True)})"
