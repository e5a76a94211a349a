"""A pack's leaderboard as a table: rank, player, mode, score and date, own games marked.
Games are ranked by their score as a percentage of their maximum, and the column says so."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich import box
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...store import LeaderboardRow
from ...util.textsafe import one_line
from ..formatting import HIGHLIGHT_MARK, date_text

OWN_STYLE = "bold reverse"
"""How the new game's row stands out, besides its ▶ mark (reverse survives NO_COLOR)."""


class LeaderboardTable(Static):
    """The top games of a pack; the games in `highlight` get a ▶ mark and a reverse style."""

    def show(
        self,
        rows: Sequence[LeaderboardRow],
        highlight: Collection[int] = (),
        *,
        empty: str = "No finished games yet: be the first!",
    ) -> None:
        """Show `rows`, or the `empty` message when there are none."""
        if not rows:
            self.update(Text(empty))
            return
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
        table.add_column("", width=1)
        table.add_column("Rank", justify="right")
        table.add_column("Player", overflow="ellipsis", no_wrap=True, max_width=24)
        table.add_column("Mode")
        table.add_column("Score (% of max)", justify="right")
        table.add_column("Date")
        for row in rows:
            own = row.game_id in highlight
            table.add_row(
                Text(HIGHLIGHT_MARK if own else ""),
                Text(str(row.rank)),
                Text(one_line(row.player)),
                Text(one_line(row.mode)),
                Text(f"{row.percent:.0f}% ({row.score} / {row.max_score})"),
                Text(date_text(row.finished_at)),
                style=OWN_STYLE if own else None,
            )
        self.update(table)
