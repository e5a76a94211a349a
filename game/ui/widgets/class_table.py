"""A class's results as a table: one row per student, with score, share, correct answers,
time, status, games played and last activity (the rows of `game.reports.results`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from ...reports.results import StudentResult, duration_text
from ...util.textsafe import one_line

NAME_WIDTH = 18
"""Names are cut to this many characters, so that the table fits 80 columns."""

COLUMNS: tuple[tuple[str, str], ...] = (
    ("student", "Student"),
    ("score", "Score"),
    ("percent", "%"),
    ("correct", "Right"),
    ("time", "Time"),
    ("status", "Status"),
    ("games", "Games"),
    ("last", "Last"),
)
"""Column keys and headings, in order."""


def last_text(moment: dt.datetime, today: dt.date) -> str:
    """The last activity in local time: `14:05` today, `28 Nov` another day."""
    local = moment.astimezone()
    return f"{local:%H:%M}" if local.date() == today else f"{local:%d %b}"


def result_cells(row: StudentResult, today: dt.date) -> tuple[Text, ...]:
    """The cells of one student's row, in `COLUMNS` order; the name literal (never markup),
    escaped and on one line, cut with an ellipsis."""
    name = Text(one_line(row.player), no_wrap=True)
    name.truncate(NAME_WIDTH, overflow="ellipsis")
    return (
        name,
        Text(f"{row.score}/{row.max_score}", justify="right"),
        Text(f"{row.percent:.0f}%", justify="right"),
        Text(f"{row.correct}/{row.questions}", justify="right"),
        Text(duration_text(row.seconds), justify="right"),
        Text(row.status, style="bold" if row.status != "finished" else ""),
        Text(str(row.games), justify="right"),
        Text(last_text(row.last_activity, today)),
    )


class ClassTable(DataTable[Text]):
    """The class results, one row per student, in the order given (best share first)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_shown: list[StudentResult] = []
        """The students in the table, in order."""

    def on_mount(self) -> None:
        for key, heading in COLUMNS:
            self.add_column(heading, key=key)

    def show(self, rows: Sequence[StudentResult], today: dt.date) -> None:
        """Replace the rows with these students'."""
        self.rows_shown = list(rows)
        self.clear()
        for index, row in enumerate(self.rows_shown):
            self.add_row(*result_cells(row, today), key=str(index))
