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
from textual.message import Message
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
from .scoreboard import Scoreboard


class FeedbackPanel(VerticalScroll, can_focus=True):
    """The outcome of each player's answer, then a correction or update, then the explanation
    and the quote; the arrows scroll it, Enter or Space goes on."""

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
        several = len(self.outcomes) > 1
        for outcome in self.outcomes:
            verdict = Text()
            if several:
                verdict.append(f"{one_line(outcome.player)}: ", style="bold")
            verdict.append(verdict_text(outcome), style="bold")
            verdict.append(f"   {points_text(outcome)}")
            yield Static(verdict, classes=f"verdict -{verdict_kind(outcome)}")
            who = outcome.player if several else "You"
            yield Static(answer_lines(outcome, who=who), classes="feedback-answer")
        if len(self.standings) > 1:
            yield Scoreboard(self.standings, id="scoreboard")
        # What is true now (a correction, an update) comes before the explanation and the
        # quote: at 80x24 the panel shows about ten lines, and a student who reads only
        # those must not leave with the article's error or its out-of-date figure.
        truth = truth_text(self.outcomes[0].played)
        if truth:
            yield Static(truth, classes="feedback-truth")
        explanation = explanation_text(self.outcomes[0].played)
        if explanation:
            yield Static(explanation, classes="feedback-explanation")

    def show_comes_back(self, text: str) -> None:
        """Say when a practised question comes back, under the verdicts."""
        if not self.is_attached:
            return  # the player went on meanwhile
        line = Static(text, markup=False, classes="feedback-comes-back")
        answers = list(self.query(".feedback-answer"))
        self.mount(line, after=answers[-1]) if answers else self.mount(line)

    def action_go_on(self) -> None:
        """Go on to the next question."""
        self.post_message(self.Continued())
