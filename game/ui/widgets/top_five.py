"""The top five of a class game after a question: place, name, points and the places each
moved (`▲2`, `▼1`), in signs and words a screen reader says."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import Static

from ...live.model import Standing
from ...util.textsafe import one_line

NAME_WIDTH = 24
"""Columns of a name; longer names are cut with an ellipsis."""


def move_text(move: int) -> str:
    """`▲2` up two places, `▼1` down one, an en dash the same."""
    if move > 0:
        return f"\u25b2{move}"
    if move < 0:
        return f"\u25bc{-move}"
    return "\u2013"


def top_text(top: Sequence[Standing], *, title: str = "Top five") -> Text:
    """One line a player: `1. Ana        340 points ▲2`."""
    text = Text(title, style="bold")
    if not top:
        text.append("\nNobody has points yet.")
        return text
    for standing in top:
        name = one_line(standing.name)
        if cell_len(name) > NAME_WIDTH:
            name = set_cell_size(name, NAME_WIDTH - 1) + "\u2026"
        text.append(f"\n{standing.rank}. ", style="bold")
        text.append(set_cell_size(name, NAME_WIDTH))
        word = "point" if standing.points == 1 else "points"
        text.append(f" {standing.points:>5} {word:<6} ")
        text.append(move_text(standing.move), style="bold")
    return text


class TopFive(Static):
    """The top five with their moves."""

    def show(self, top: Sequence[Standing], *, title: str = "Top five") -> None:
        """Show these standings."""
        self.update(top_text(top, title=title))
