"""The header of the quiz screen: question n of N, the player, score and streak, progress."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from ...util.textsafe import one_line
from ..formatting import plural


class QuizHeader(Vertical):
    """One line of text and a progress bar over the questions."""

    def compose(self) -> ComposeResult:
        yield Static("", markup=False, id="quiz-status")
        yield ProgressBar(total=1, show_eta=False, show_percentage=False, id="quiz-progress")

    def show(
        self,
        *,
        number: int,
        total: int,
        answered: int,
        player: str,
        score: int | None,
        streak: int,
    ) -> None:
        """Show the place in the game; `score` None hides score and streak (exam mode)."""
        text = Text.assemble((f"Question {number} of {total}", "bold"), "  \u00b7  ")
        text.append(one_line(player), style="bold")
        if score is None:
            text.append("  \u00b7  scores at the end")
        else:
            text.append(f"  \u00b7  {plural(score, 'point')}")
            if streak >= 2:
                text.append(f"  \u00b7  {streak} in a row")
        self.query_one("#quiz-status", Static).update(text)
        self.query_one("#quiz-progress", ProgressBar).update(total=total, progress=answered)
