"""The podium at the end of a hot-seat game: the first three on steps of three heights,
then everyone's place in words."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import Static

from ...play.session import Standing
from ...util.textsafe import one_line
from .scoreboard import ordinal, scoreboard_text

STEP_WIDTH = 14
"""Columns per step; longer names are cut on the drawing (the list below has them whole)."""

STEP_HEIGHTS = {1: 4, 2: 3, 3: 2}
"""Rows of each place's step: the winner stands highest."""


def _centred(name: str, width: int) -> str:
    """`name` centred in `width` terminal cells, cut with an ellipsis if longer (cells, not
    characters: a CJK character takes two)."""
    if cell_len(name) > width:
        name = set_cell_size(name, width - 1) + "\u2026"
    space = width - cell_len(name)
    return " " * (space // 2) + name + " " * (space - space // 2)


def podium_text(standings: Sequence[Standing]) -> Text:
    """The steps drawn in box characters, second, first and third from left to right."""
    # Tied players share a place: the drawing takes the first three, each on their place's step.
    top = list(standings[:3])
    order = top[1:2] + top[:1] + top[2:3]
    height = max(STEP_HEIGHTS.get(s.place, 1) for s in order) + 2
    inner = STEP_WIDTH - 2
    columns: list[list[tuple[str, str]]] = []
    for standing in order:
        step = STEP_HEIGHTS.get(standing.place, 1)
        rows: list[tuple[str, str]] = [("", "")] * (height - step - 2)
        rows.append((_centred(one_line(standing.name), STEP_WIDTH), "bold"))
        rows.append(("\u250c" + "\u2500" * inner + "\u2510", ""))
        rows.append(("\u2502" + ordinal(standing.place).center(inner) + "\u2502", "bold"))
        rows.append(("\u2502" + str(standing.score).center(inner) + "\u2502", ""))
        rows.extend([("\u2502" + " " * inner + "\u2502", "")] * (step - 2))
        columns.append(rows)
    text = Text()
    for row in range(height):
        if row:
            text.append("\n")
        for column in columns:
            cell, style = column[row] if row < len(column) else ("", "")
            text.append(set_cell_size(cell, STEP_WIDTH), style=style)
    return text


class Podium(Static):
    """The winners' podium and the full order, for the results of a hot-seat game."""

    def __init__(self, standings: Sequence[Standing], *, id: str | None = None) -> None:
        drawing = podium_text(standings)
        drawing.append("\n\n")
        drawing.append_text(scoreboard_text(standings, title="Final scores"))
        super().__init__(drawing, id=id)
