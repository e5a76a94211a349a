"""How the TUI takes the answer to each kind of question: the entries the kinds name.

A kind's rules live in `game.kinds`; its `answer_widget` names one of the entries here (or
in the module that holds its own widget), which builds its answer widget, says how to use
it, and knows the keys that give a response. A kind that names none cannot be played in the
full-screen app, and says so (`NoAnswerWidget`) instead of crashing.
"""

from __future__ import annotations

import functools
import importlib
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
    keys: Callable[[PlayedQuestion, Any], list[str]]
    """The keys that give a response (in the shape the session takes) to a question on
    screen: what tests press to answer any kind."""


class NoAnswerWidget(LookupError):
    """A kind with no answer widget in the TUI; the message says which and what to do."""


def _unit(played: PlayedQuestion) -> Any:
    return getattr(played.question, "unit", None)


def _number_key(played: PlayedQuestion, response: Any) -> list[str]:
    return [str(played.options.index(response) + 1)]


def _number_keys(played: PlayedQuestion, response: Any) -> list[str]:
    return [str(played.options.index(text) + 1) for text in response] + ["enter"]


def _typed_keys(played: PlayedQuestion, response: Any) -> list[str]:
    return [*str(response), "enter"]


def _order_keys(played: PlayedQuestion, response: Any) -> list[str]:
    """Arrows to pick an item and `u` to move it up, until the items are in that order."""
    items = list(played.options)
    keys: list[str] = []
    cursor = 0
    for place, item in enumerate(response):
        index = items.index(item)
        keys += ["down" if index > cursor else "up"] * abs(index - cursor)
        keys += ["u"] * (index - place)
        items.insert(place, items.pop(index))
        cursor = place
    return [*keys, "enter"]


def _row_keys(played: PlayedQuestion, response: Any) -> list[str]:
    return [str(played.options.index(response[left]) + 1) for left in played.lefts] + ["enter"]


CHOICE = AnswerEntry(
    lambda p: ChoiceAnswer(p.options, id="answer"),
    "Press the number of your answer, or \u2191\u2193 and Enter.",
    _number_key,
)
MULTI = AnswerEntry(
    lambda p: MultiAnswer(p.options, id="answer"),
    "Tick every right option: its number or Space. Enter answers.",
    _number_keys,
)
TRUEFALSE = AnswerEntry(
    lambda p: TrueFalseAnswer(id="answer"),
    "Press t for True or f for False (or 1, 2).",
    lambda p, response: ["t" if response else "f"],
)
NUMBER = AnswerEntry(
    lambda p: NumberAnswer(unit=_unit(p), id="answer"),
    "Type a number and press Enter.",
    _typed_keys,
)
TEXT = AnswerEntry(
    lambda p: TextAnswer(id="answer"), "Type your answer and press Enter.", _typed_keys
)
ORDER = AnswerEntry(
    lambda p: OrderAnswer(p.options, id="answer"),
    "Put the items in order: \u2191\u2193 pick one, u/d move it. Enter answers.",
    _order_keys,
)
MATCH = AnswerEntry(
    lambda p: MatchAnswer(p.lefts, p.options, id="answer"),
    "For each row press the number of its match (\u2191\u2193 change row). Enter answers.",
    _row_keys,
)
SENTENCE = AnswerEntry(
    lambda p: SentenceAnswer(p.options, id="answer"),
    "Press the number of the sentence, or \u2191\u2193 and Enter.",
    _number_key,
)


@functools.cache
def entry_named(place: str) -> AnswerEntry | None:
    """The entry a kind's `answer_widget` names (`module:NAME`), or None when there is none
    there (a kind's mistake, reported as a kind without a widget)."""
    module_name, _, name = place.partition(":")
    try:
        entry = getattr(importlib.import_module(module_name), name, None)
    except ImportError:
        return None
    return entry if isinstance(entry, AnswerEntry) else None


def answer_entry(played: PlayedQuestion) -> AnswerEntry:
    """The entry of this question's kind; NoAnswerWidget when it has none."""
    kind = kind_of(played.question)
    entry = entry_named(kind.answer_widget) if kind.answer_widget else None
    if entry is None:
        raise NoAnswerWidget(
            f"'{kind.name}' questions cannot be answered in this window yet (no answer widget);"
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
