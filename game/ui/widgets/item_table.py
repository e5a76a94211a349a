"""The item analysis of a pack as a table: one row per question, with its facility,
discrimination, most common wrong answer, time and flags."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from ...stats import ItemStats
from ...textsafe import one_line

FLAG_MARK = "\u26a0"
"""Put before each flag (⚠); the flag's words carry the meaning, not a colour."""

NO_VALUE = "\u2013"
"""Shown for a value that cannot be computed (an en dash), e.g. discrimination with one attempt."""

WRONG_WIDTH = 12
"""The most common wrong answer is cut to this many characters (the detail line below
the table shows it whole), to keep the table narrow."""

ID_WIDTH = 16
"""Question ids are cut to this many characters, for the same reason."""

COLUMNS: tuple[tuple[str, str], ...] = (
    ("question", "Question"),
    ("attempts", "Attempts"),
    ("facility", "Facility"),
    ("discrimination", "Discrim."),
    ("flags", "Flags"),
    ("wrong", "Top wrong answer"),
    ("seconds", "Avg s"),
)
"""Column keys and headings, in order: the flags before the wrong answer and the time, so
that they are in view at 80 columns."""


def number(value: float | None, suffix: str = "", digits: int = 0) -> str:
    """`value` rounded to `digits`, with `suffix`; `NO_VALUE` when there is none."""
    return NO_VALUE if value is None else f"{value:.{digits}f}{suffix}"


def flags_text(flags: Sequence[str]) -> Text:
    """`⚠ too hard`, each flag in words with its mark (empty without flags)."""
    return Text("  ".join(f"{FLAG_MARK} {flag}" for flag in flags), style="bold")


def wrong_answer_text(item: ItemStats, width: int | None = None) -> Text:
    """`answer (count)`, the answer literal (never markup) and cut to `width` if given."""
    if item.common_wrong_answer is None:
        return Text(NO_VALUE)
    answer = Text(one_line(item.common_wrong_answer), no_wrap=True)
    if width is not None:
        answer.truncate(width, overflow="ellipsis")
    answer.append(f" ({item.common_wrong_count})")
    return answer


def cut(text: str, width: int) -> Text:
    """`text` as literal text (escaped, on one line), cut with an ellipsis to `width`
    characters."""
    cell = Text(one_line(text), no_wrap=True)
    cell.truncate(width, overflow="ellipsis")
    return cell


def item_cells(item: ItemStats) -> tuple[Text, ...]:
    """The cells of one question's row, in `COLUMNS` order."""
    return (
        cut(item.question_id, ID_WIDTH),
        Text(str(item.attempts), justify="right"),
        Text(number(item.facility, "%"), justify="right"),
        Text(number(item.discrimination), justify="right"),
        flags_text(item.flags),
        wrong_answer_text(item, WRONG_WIDTH),
        Text(number(item.average_seconds, digits=1), justify="right"),
    )


class ItemTable(DataTable[Text]):
    """The questions of a pack with their statistics; each row's key is its question id."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.items: list[ItemStats] = []
        """The rows shown, in order."""

    def show(self, items: Sequence[ItemStats], *, keep_cursor: bool = False) -> None:
        """Show `items` in the order given; with `keep_cursor` (a new order of the same
        questions) the cursor stays on the question it was on, else it goes to the top."""
        current = self.current_item if keep_cursor else None
        # The columns go too: they keep the width of their widest cell ever added.
        self.clear(columns=True)
        for key, label in COLUMNS:
            self.add_column(label, key=key)
        self.items = list(items)
        for item in self.items:
            self.add_row(*item_cells(item), key=item.question_id)
        if current is not None and current.question_id in self.rows:
            self.move_cursor(row=self.get_row_index(current.question_id), animate=False)

    @property
    def current_item(self) -> ItemStats | None:
        """The question under the cursor, if any."""
        if not self.items or not 0 <= self.cursor_row < len(self.items):
            return None
        return self.items[self.cursor_row]
