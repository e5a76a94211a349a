"""The scores of a hot-seat game between questions: each player's place, name and points."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from ...play.session import Standing
from ...util.textsafe import one_line


def ordinal(place: int) -> str:
    """1st, 2nd, 3rd, 4th... 11th, 12th, 13th, 21st."""
    teens = 10 <= place % 100 <= 20
    return f"{place}{'th' if teens else {1: 'st', 2: 'nd', 3: 'rd'}.get(place % 10, 'th')}"


def scoreboard_text(standings: Sequence[Standing], *, title: str = "Scores") -> Text:
    """The title, then one line per player, best first (names literal)."""
    text = Text(title, style="bold")
    names = [one_line(s.name) for s in standings]
    width = max((cell_len(name) for name in names), default=0)
    for standing, shown in zip(standings, names, strict=True):
        text.append(f"\n{ordinal(standing.place):>4}  ")
        name = shown + " " * (width - cell_len(shown))
        text.append(name, style="bold" if standing.place == 1 else "")
        text.append(f"  {standing.score:>6} points \u00b7 {standing.correct} correct")
    return text


class Scoreboard(Static):
    """The standings, shown under the feedback of a game with several players."""

    def __init__(self, standings: Sequence[Standing], *, id: str | None = None) -> None:
        super().__init__(scoreboard_text(standings), id=id)
