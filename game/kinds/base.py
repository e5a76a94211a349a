"""The contract every question kind fulfils; nothing outside a kind branches on its type."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from ..core.importrules import RowError
from ..core.model import QuestionBase
from .form import FieldWidget, FormField, form_fields

if TYPE_CHECKING:
    from ..core.grading import Grade
    from ..core.grounding import SourceText

Q = TypeVar("Q", bound=QuestionBase)

PathPart = str | int
Loc = tuple[PathPart, ...]
"""Where in a question a problem is: keys and list indexes below the question."""

Found = tuple[str, Loc, str]
"""A problem a kind finds in a valid question: (code, location below the question, message)."""


class InputProblem(ValueError):
    """A typed line that is not an answer of the expected form; the message says what is
    expected (plain mode prints it and asks again)."""


class CannotExport(Exception):
    """A question a format (GIFT) cannot hold; the message says why."""


class Presented(Protocol):
    """A question as one game shows it (the session's PlayedQuestion fulfils this)."""

    @property
    def question(self) -> QuestionBase: ...

    @property
    def options(self) -> tuple[str, ...]:
        """What the player picks from, in display order (empty for typed kinds)."""
        ...

    @property
    def lefts(self) -> tuple[str, ...]:
        """Rows the player answers one by one (the left sides of a match), else empty."""
        ...


class GiftWriter(Protocol):
    """What a kind's GIFT export writes text through (escaping, format markers)."""

    def text(self, text: str) -> str:
        """A text other than the prompt, escaped for GIFT."""
        ...


class GiftAnswers(Protocol):
    """A GIFT question's answer block (between `{` and `}`) as GIFT import reads it: escapes
    resolved, texts read in the question's format. Each reading that finds the block broken
    makes the importer skip the question with the reason."""

    def starts_with(self, marker: str) -> bool:
        """Whether the block starts with `marker`, not escaped (`#` for a number)."""
        ...

    def has(self, syntax: str) -> bool:
        """Whether `syntax` (`~`, `->`) occurs in the block with no character escaped."""
        ...

    def first_answer(self) -> str:
        """The block up to its first unescaped `#` (where feedback starts), trimmed."""
        ...

    def options(self, *, single: bool) -> dict[str, Any]:
        """`choices` and `answer` of `{=a ~b}` (`single`: one fully right option) or
        `{~%50%a ~%50%b ~c}` (several right ones); options with feedback become mappings."""
        ...

    def true_false(self) -> dict[str, Any]:
        """The `answer` of `{T}`, `{FALSE}`...; its feedback becomes the `explanation` (the
        general feedback `####`, when the question has one, replaces it)."""
        ...

    def short_answers(self) -> dict[str, Any]:
        """The accepted `answer` list of `{=a =b}`."""
        ...

    def pairs(self) -> dict[str, Any]:
        """The `pairs` of `{=left -> right ...}`."""
        ...

    def number(self) -> dict[str, Any]:
        """`answer` (and `tolerance`) or `range` of `{#2:0.5}`, `{#1..3}`."""
        ...


class Kind(Generic[Q]):
    """One question kind: its pack model and every rule that depends on the type.

    Subclass it in a module of `game.kinds`, set `name` and `model`, override what differs,
    and `register()` an instance. Methods get the validated question (of `model`), or the
    question as presented in a game.
    """

    name: ClassVar[str]
    """The pack's `type` value."""
    model: ClassVar[type[QuestionBase]]
    """The pydantic model of this kind's questions (its JSON Schema part too)."""
    typed: ClassVar[bool] = False
    """Answered by typing into a text input: single keys such as `h` are letters there."""
    form_widgets: ClassVar[dict[str, FieldWidget]] = {}
    """How the editor edits fields whose type alone does not say (`{"pairs": "pairs"}`)."""
    quote_field: ClassVar[str] = "quote"
    """The field a sentence picked in the editor's source pane goes to."""

    # --- the editor -------------------------------------------------------------------------

    def form(self) -> tuple[FormField, ...]:
        """The fields of this kind's editor form, in order, each with its widget: by default
        inferred from `model` (see game/kinds/form.py), refined by `form_widgets`."""
        return form_fields(self.model, QuestionBase, self.form_widgets)

    # --- the pack ---------------------------------------------------------------------------

    def problems(self, question: Q) -> Iterator[Found]:
        """Problems the model alone cannot see (an answer that is not an option, ...)."""
        return iter(())

    def passages(self, question: Q) -> Iterator[tuple[Loc, str]]:
        """Texts besides `quote` that must occur verbatim in the source, with their place."""
        return iter(())

    def source_problems(self, question: Q, source: SourceText | None) -> Iterator[Found]:
        """Problems seen only with the pack's source text (None: the pack has no readable
        source file), such as too few sentences to draw distractors from. Called once the
        passages are checked; a question with problems is not prepared."""
        return iter(())

    def prepare(self, question: Q, source: SourceText | None, seed: str) -> Q:
        """The question completed from its source once validated (distractors drawn from
        the article, context sentences); `seed` makes it reproducible. Default: unchanged."""
        return question

    # --- the leak check (game/packs/leaks.py) -------------------------------------------------

    def answer_texts(self, question: Q) -> list[str]:
        """The texts that are the answer, which no other question may show (before or after
        its own answer); by default the correct text (none for a kind without one)."""
        try:
            return [self.correct_text(question)]
        except NotImplementedError:
            return []

    def answer_places(self, question: Q) -> list[tuple[Loc, str]]:
        """Each answer text with where the pack writes it (the leak warning names its line)."""
        return [(("answer",), text) for text in self.answer_texts(question)]

    def shown_texts(self, question: Q) -> list[tuple[Loc, str]]:
        """The texts a player reads before answering, with their place: the prompt, the
        options or items (`shown_options`), then the hint."""
        shown: list[tuple[Loc, str]] = [(("prompt",), question.prompt)]
        shown += self.shown_options(question)
        if question.hint is not None:
            shown.append((("hint",), question.hint))
        return shown

    def shown_options(self, question: Q) -> list[tuple[Loc, str]]:
        """The options, items or sides the pack lists for the player, with their place."""
        return []

    def feedback_texts(self, question: Q) -> list[tuple[Loc, str]]:
        """The kind's own texts shown after the answer (`feedback_lines`: an option's
        feedback, the sentences around an evidence answer), with their place; the leak
        check adds the explanation, quote, correction and updates every kind shows."""
        return []

    # --- playing ----------------------------------------------------------------------------

    def options(self, question: Q, rng: random.Random) -> tuple[str, ...]:
        """The texts the player picks from, in this game's order (empty for typed kinds)."""
        return ()

    def lefts(self, question: Q) -> tuple[str, ...]:
        """Rows answered one by one, in the pack's order (match), else empty."""
        return ()

    def grade(self, question: Q, response: Any) -> Grade:
        """The credit a response earns; TypeError for a response of the wrong shape."""
        raise NotImplementedError

    def grade_in(self, question: Q, response: Any, language: str) -> Grade:
        """The credit a response earns in a pack of this `language` (a typed answer's
        leading article is ignored by the pack's language); by default as `grade`."""
        return self.grade(question, response)

    def correct_text(self, question: Q) -> str:
        """The right answer as a person reads it."""
        raise NotImplementedError

    def response_text(self, presented: Presented, response: Any) -> str:
        """A response as a person reads it (`None` is handled by the caller)."""
        if isinstance(response, str):
            return response
        items = list(response)
        return "; ".join(items) if items else "(nothing picked)"

    def feedback_lines(self, question: Q, response: Any) -> list[str]:
        """Extra lines shown after an answer (an option's own feedback, a sentence in its
        context), as plain text."""
        return []

    # --- plain mode -------------------------------------------------------------------------

    def plain_lines(self, presented: Presented) -> list[str]:
        """The lines that list what to pick from, under the prompt."""
        return [f"  {i}. {option}" for i, option in enumerate(presented.options, start=1)]

    def instruction(self, presented: Presented) -> str:
        """How to answer in plain mode, in one line."""
        return "Type your answer."

    def parse(self, presented: Presented, text: str) -> Any:
        """The response a typed line stands for (stripped, free of control characters);
        InputProblem when it is not of the right form."""
        if not text:
            raise InputProblem("Please type an answer.")
        return text

    # --- import (game/importers/) -------------------------------------------------------------

    csv_columns: ClassVar[tuple[str, ...]] = ()
    """The CSV columns a row of this kind takes its answer from (`answer`, `choices`); none:
    a CSV row cannot be a question of this kind."""
    csv_example: ClassVar[str] = ""
    """One row of this kind for the CSV template, after its `type` cell:
    `prompt,answer,choices,explanation,quote,tags`."""

    def from_csv(self, answer: str, choices: str) -> dict[str, Any]:
        """The question data a CSV row's `answer` and `choices` cells (trimmed) stand for;
        RowError saying what to write when they are not right for this kind."""
        raise RowError(f"a CSV row cannot be a {self.name} question")

    gift_precedence: ClassVar[int | None] = None
    """When GIFT import asks this kind whether an answer block is one of its: kinds are asked
    lowest first, and the first to claim the block makes the question. None: never asked."""

    def from_gift(self, answers: GiftAnswers) -> dict[str, Any] | None:
        """The question data of a GIFT answer block (prompt and explanation aside) when the
        block is one of this kind's, else None."""
        return None

    # --- the full-screen app (game/ui/) --------------------------------------------------------

    answer_widget: ClassVar[str] = ""
    """Where the TUI finds how to take an answer to this kind: `module:NAME` of an
    AnswerEntry (game/ui/answers.py), named rather than imported, so the domain never loads
    Textual; empty: the TUI cannot play this kind and says so."""

    # --- samples (tests build a game of every kind with them) -----------------------------------

    def sample(self) -> dict[str, Any] | None:
        """A valid question of this kind as pack data, its `id` the kind's name (tests build
        packs of every kind from them); None for a kind that needs a source text."""
        return None

    def sample_answer(self, presented: Presented, right: bool) -> Any:
        """A response to a presented question that earns full credit (`right`) or none."""
        raise NotImplementedError

    # --- export -----------------------------------------------------------------------------

    def gift_texts(self, question: Q) -> tuple[list[str], list[str]]:
        """Texts GIFT writes with the question's format marker, and others (answers)."""
        return [], []

    def gift(self, question: Q, writer: GiftWriter) -> list[str]:
        """The answer lines of a GIFT question; CannotExport when GIFT cannot hold it."""
        raise CannotExport(f"GIFT has no '{self.name}' questions")

    def gift_feedback(self, question: Q) -> list[str]:
        """Lines of the general feedback after the explanation and quote: what the game shows
        after any answer to this kind (`Said by: ...`), in plain text."""
        return []

    def gift_left_out(self, question: Q) -> list[str]:
        """What the game shows or does with this question that its GIFT form cannot hold
        (`its unit 'percent'`), for the export's notice; empty when nothing is lost."""
        return []


def pick_numbers(text: str, highest: int, *, exactly: int | None = None) -> list[int]:
    """The option numbers (1 to `highest`) a typed line lists, separated by spaces, commas or
    semicolons; InputProblem when it lists anything else, or not `exactly` that many."""
    parts = [p for p in _NUMBERS.split(text) if p]
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        numbers = []
    wanted = f"{exactly} number{'s' * (exactly != 1)}" if exactly else "numbers"
    if not numbers or any(not 1 <= n <= highest for n in numbers):
        raise InputProblem(f"Please type {wanted} from 1 to {highest}.")
    if exactly is not None and len(numbers) != exactly:
        raise InputProblem(f"Please type {wanted} from 1 to {highest}.")
    return numbers


_NUMBERS = re.compile(r"[\s,;]+")


def shuffle_away_from(items: list[str], rng: random.Random) -> tuple[str, ...]:
    """A shuffle that is not the original order (when there are at least two items), so the
    answer is never given away."""
    original = list(items)
    items = list(items)
    for _ in range(10):
        rng.shuffle(items)
        if items != original or len(items) < 2:
            break
    if items == original and len(items) >= 2:
        items = items[1:] + items[:1]
    return tuple(items)


def numbers_example(n: int) -> str:
    """`2 3 1` for three: an order that is not the answer, for instructions."""
    return " ".join(str(i) for i in [*range(2, n + 1), 1][:n])
