"""`12 of 25 answered` with a bar that fills as the class answers."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

BAR_WIDTH = 20


def count_text(answered: int, players: int) -> Text:
    """`▕██████░░░░▏ 12 of 25 answered`."""
    filled = round(BAR_WIDTH * answered / players) if players else 0
    text = Text("\u2595")
    text.append("\u2588" * filled)
    text.append("\u2591" * (BAR_WIDTH - filled))
    text.append("\u258f ")
    text.append(f"{answered} of {players} answered", style="bold")
    return text


class AnswerCount(Static):
    """How many of the players have answered the question."""

    def show(self, answered: int, players: int) -> None:
        """Show the count."""
        self.update(count_text(answered, players))
