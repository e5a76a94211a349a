"""The review of a finished game: every question with each player's answer, the right
answer, the explanation and the quote, then its correction and updates set apart."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...play.session import AnswerOutcome, PlayerState
from ...util.textsafe import one_line, printable
from ..formatting import (
    answer_lines,
    explanation_text,
    frame_text,
    points_text,
    truth_text,
    verdict_text,
)


def review_text(outcomes: Sequence[AnswerOutcome], *, several: bool) -> Text:
    """One question of the review: its frame and prompt, each player's outcome, then why."""
    played = outcomes[0].played
    prompt = printable(played.question.prompt)
    text = Text.assemble((f"{played.number}. ", "bold"))
    frame = frame_text(played)
    if frame is not None:
        # "According to DW, ...: <prompt>": the claim reads as the source's, as it was asked.
        text.append_text(frame)
        text.append(" ")
    text.append(prompt, style="bold")
    # A dated frame ("True as of 25 June 2025:") already says when the facts held.
    dated_frame = frame is not None and played.as_of_text.removeprefix("as of ") in frame.plain
    if played.as_of_text and not dated_frame:
        text.append(f"\n   ({played.as_of_text})", style="italic")
    for outcome in outcomes:
        text.append("\n")
        if several:
            text.append(f"{one_line(outcome.player)}: ", style="bold")
        text.append(verdict_text(outcome), style="bold")
        text.append(f"   {points_text(outcome, with_streak=False)}\n")
        text.append_text(answer_lines(outcome, who=outcome.player if several else "You"))
    why = explanation_text(played)
    if why:
        text.append("\n")
        text.append_text(why)
    return text


class GameReview(Vertical):
    """Every question of the game, in the order played."""

    def __init__(self, players: Sequence[PlayerState], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.players: tuple[PlayerState, ...] = tuple(players)
        """The players whose answers are reviewed."""

    def compose(self) -> ComposeResult:
        several = len(self.players) > 1
        by_position: dict[int, list[AnswerOutcome]] = {}
        for player in self.players:
            for outcome in player.outcomes:
                by_position.setdefault(outcome.played.position, []).append(outcome)
        for position in sorted(by_position):
            outcomes = by_position[position]
            review = Static(review_text(outcomes, several=several), classes="review")
            truth = truth_text(outcomes[0].played)
            review.set_class(bool(truth), "-with-truth")
            yield review
            if truth:
                yield Static(truth, classes="review-truth")
