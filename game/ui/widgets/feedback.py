"""The feedback after a question: verdict in words, the answer, why, the source, and what
is true instead or has changed since (correction, updates)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Static

from ...play.session import AnswerOutcome, Standing
from ...util.textsafe import one_line
from ..formatting import (
    answer_lines,
    explanation_text,
    points_text,
    truth_text,
    verdict_kind,
    verdict_text,
)
from ..lifecycle import showing
from .scoreboard import Scoreboard, scoreboard_text


def unlaid_virtual_size() -> Reactive[Size]:
    """A widget's `virtual_size` whose change does not have the screen laid out again.

    Textual sets a widget's virtual size in the layout that sizes it; Widget's own reactive
    then asks for another layout of the whole screen, which the answer key would pay for
    each time its feedback is not as tall as the last one. The panel's texts do not scroll
    (their virtual size is only their size), and the panel's scrollbars, which do depend on
    its virtual size, ask for a layout of their own when they come or go."""
    return Reactive(Size(0, 0), layout=False, repaint=False)


class FeedbackText(Static):
    """A part of the feedback's text."""

    virtual_size = unlaid_virtual_size()


@dataclass
class FeedbackParts:
    """The widgets of a feedback panel that its texts go in."""

    verdicts: list[FeedbackText]
    answers: list[FeedbackText]
    scoreboard: Scoreboard | None
    truth: FeedbackText
    explanation: FeedbackText


class FeedbackPanel(VerticalScroll, can_focus=True):
    """The outcome of each player's answer, then a correction or update, then the explanation
    and the quote; the arrows scroll it, Enter or Space goes on."""

    virtual_size = unlaid_virtual_size()

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "go_on", "Next"),
        Binding("space", "go_on", "Next", show=False),
    ]

    @dataclass
    class Continued(Message):
        """The player has read the feedback and wants the next question."""

    def __init__(
        self,
        outcomes: Sequence[AnswerOutcome],
        standings: Sequence[Standing] = (),
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.outcomes: tuple[AnswerOutcome, ...] = tuple(outcomes)
        """The answers to the question, one per player."""
        self.standings: tuple[Standing, ...] = tuple(standings)
        """The scores so far, shown when several players take turns."""

    def compose(self) -> ComposeResult:
        parts = FeedbackParts(
            verdicts=[FeedbackText(classes="verdict") for _ in self.outcomes],
            answers=[FeedbackText(classes="feedback-answer") for _ in self.outcomes],
            scoreboard=Scoreboard(self.standings, id="scoreboard")
            if len(self.standings) > 1
            else None,
            truth=FeedbackText(classes="feedback-truth"),
            explanation=FeedbackText(classes="feedback-explanation"),
        )
        self._fill(parts)
        for verdict, answer in zip(parts.verdicts, parts.answers, strict=True):
            yield verdict
            yield answer
        if parts.scoreboard is not None:
            yield parts.scoreboard
        # What is true now (a correction, an update) comes before the explanation and the
        # quote: at 80x24 the panel shows about ten lines, and a student who reads only
        # those must not leave with the article's error or its out-of-date figure. Both
        # are there, hidden when empty, so that the next answer's feedback can reuse them.
        yield parts.truth
        yield parts.explanation

    async def show(
        self, outcomes: Sequence[AnswerOutcome], standings: Sequence[Standing] = ()
    ) -> None:
        """Show the feedback of other answers (the next question's) in this panel, scrolled
        to its top. Its parts are updated in place when they fit (as many players): no
        widget is mounted or removed, so that the screen is laid out once (issue 22)."""
        fits = len(outcomes) == len(self.outcomes) and (len(standings) > 1) == (
            len(self.standings) > 1
        )
        self.outcomes, self.standings = tuple(outcomes), tuple(standings)
        comes_back = self.query(".feedback-comes-back")
        if comes_back:
            await comes_back.remove()
        if not fits:
            await self.recompose()
            return
        self._fill(
            FeedbackParts(
                verdicts=list(self.query(".verdict").results(FeedbackText)),
                answers=list(self.query(".feedback-answer").results(FeedbackText)),
                scoreboard=self.query_one(Scoreboard) if len(self.standings) > 1 else None,
                truth=self.query_one(".feedback-truth", FeedbackText),
                explanation=self.query_one(".feedback-explanation", FeedbackText),
            )
        )
        if self.scroll_y:
            self.scroll_to(y=0, animate=False)

    def _fill(self, parts: FeedbackParts) -> None:
        """Put the outcomes' feedback in the panel's parts."""
        several = len(self.outcomes) > 1
        for outcome, verdict, answer in zip(
            self.outcomes, parts.verdicts, parts.answers, strict=True
        ):
            text = Text()
            if several:
                text.append(f"{one_line(outcome.player)}: ", style="bold")
            text.append(verdict_text(outcome), style="bold")
            text.append(f"   {points_text(outcome)}")
            verdict.update(text)
            verdict.set_classes(f"verdict -{verdict_kind(outcome)}")
            who = outcome.player if several else "You"
            answer.update(answer_lines(outcome, who=who))
        if parts.scoreboard is not None:
            parts.scoreboard.update(scoreboard_text(self.standings))
        played = self.outcomes[0].played
        for part, text in (
            (parts.truth, truth_text(played)),
            (parts.explanation, explanation_text(played)),
        ):
            part.update(text)
            part.display = bool(text)

    def show_comes_back(self, text: str, question_id: str) -> None:
        """Say when the practised question `question_id` comes back, under the verdicts."""
        if not showing(self) or self.outcomes[0].played.key != question_id:
            return  # the player went on meanwhile (the panel may show the next feedback)
        line = FeedbackText(text, markup=False, classes="feedback-comes-back")
        answers = list(self.query(".feedback-answer"))
        self.mount(line, after=answers[-1]) if answers else self.mount(line)

    def action_go_on(self) -> None:
        """Go on to the next question."""
        self.post_message(self.Continued())
