"""The item analysis of a pack as a table: one row per question, with its facility,
discrimination, most common wrong answer, time and flags."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import DataTable

from ...reports.stats import ItemStats
from ...util.textsafe import one_line

FLAG_MARK = "\u26a0"
"""Put before each flag (⚠); the flag's words carry the meaning, not a colour."""

NO_VALUE = "\u2013"
"""Shown for a value that cannot be computed (an en dash), e.g. discrimination with one attempt."""

WRONG_WIDTH = 12
"""The most common wrong answer is never cut shorter than this (the detail line below the
table shows it whole): on a narrow screen the table scrolls horizontally instead."""

ID_WIDTH = 16
"""Question ids are never cut shorter than this, for the same reason."""

TEXT_COLUMNS = ("question", "wrong")
"""The columns that share the width left once the others have theirs."""

CELL_PADDING = 1
"""The table's padding on each side of a cell (DataTable's default)."""

COLUMNS: tuple[tuple[str, str], ...] = (
    ("question", "Question"),
    ("attempts", "Attempts"),
    ("facility", "Facility"),
    ("discrimination", "Discrim."),
    ("flags", "Flags"),
    ("wrong", "Wrong answer"),
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
    """`answer (count)`, the answer literal (never markup); cut with an ellipsis so that
    the whole cell, count included, takes at most `width` characters, if given."""
    if item.common_wrong_answer is None:
        return Text(NO_VALUE)
    answer = Text(one_line(item.common_wrong_answer), no_wrap=True)
    count = f" ({item.common_wrong_count})"
    if width is not None:
        answer.truncate(max(1, width - len(count)), overflow="ellipsis")
    answer.append(count)
    return answer


def cut(text: str, width: int) -> Text:
    """`text` as literal text (escaped, on one line), cut with an ellipsis to `width`
    characters."""
    cell = Text(one_line(text), no_wrap=True)
    cell.truncate(width, overflow="ellipsis")
    return cell


def item_cells(item: ItemStats, widths: Mapping[str, int] | None = None) -> tuple[Text, ...]:
    """The cells of one question's row, in `COLUMNS` order; the id and the wrong answer
    cut to their column's width in `widths` (whole without it)."""
    widths = widths or {}
    question = Text(one_line(item.question_id), no_wrap=True)
    if "question" in widths:
        question = cut(item.question_id, widths["question"])
    return (
        question,
        Text(str(item.attempts), justify="right"),
        Text(number(item.facility, "%"), justify="right"),
        Text(number(item.discrimination), justify="right"),
        flags_text(item.flags),
        wrong_answer_text(item, widths.get("wrong")),
        Text(number(item.average_seconds, digits=1), justify="right"),
    )


def natural_widths(items: Sequence[ItemStats]) -> dict[str, int]:
    """Each column's width with nothing cut: its widest cell or its heading."""
    widths = {key: cell_len(label) for key, label in COLUMNS}
    for item in items:
        for (key, _label), cell in zip(COLUMNS, item_cells(item), strict=True):
            widths[key] = max(widths[key], cell.cell_len)
    return widths


def column_widths(natural: Mapping[str, int], available: int) -> dict[str, int]:
    """The width of each column in a table `available` characters wide: the numbers and
    flags as wide as they need, the id and the wrong answer sharing what is left (the id
    whole first, the wrong answer taking the rest); never narrower than `ID_WIDTH` and
    `WRONG_WIDTH`, the table then scrolling horizontally."""
    widths = dict(natural)
    padding = 2 * CELL_PADDING * len(COLUMNS)
    left = available - padding - sum(w for k, w in natural.items() if k not in TEXT_COLUMNS)
    id_need, wrong_need = natural["question"], natural["wrong"]
    # The wrong answer keeps its minimum (or less, if it needs less) before the id grows.
    wrong_floor = min(wrong_need, WRONG_WIDTH)
    widths["question"] = max(min(ID_WIDTH, id_need), min(id_need, left - wrong_floor))
    widths["wrong"] = max(wrong_floor, left - widths["question"])
    return widths


class ItemTable(DataTable[Text]):
    """The questions of a pack with their statistics; each row's key is its question id."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.items: list[ItemStats] = []
        """The rows shown, in order."""
        self.widths: dict[str, int] = {}
        """The width of each column, for the table's width when the rows were last shown."""

    def _available(self) -> int:
        """The width the columns can take: the table's, less a vertical scrollbar's (kept
        for, so that the columns do not change when the scrollbar comes and goes)."""
        return self.size.width - self.styles.scrollbar_size_vertical

    def show(self, items: Sequence[ItemStats], *, keep_cursor: bool = False) -> None:
        """Show `items` in the order given; with `keep_cursor` (a new order of the same
        questions) the cursor stays on the question it was on, else it goes to the top."""
        current = self.current_item if keep_cursor else None
        # The columns go too: they are as wide as the table's width allows.
        self.clear(columns=True)
        self.items = list(items)
        self.widths = column_widths(natural_widths(self.items), self._available())
        for key, label in COLUMNS:
            self.add_column(label, key=key, width=self.widths[key])
        for item in self.items:
            self.add_row(*item_cells(item, self.widths), key=item.question_id)
        if current is not None and current.question_id in self.rows:
            self.move_cursor(row=self.get_row_index(current.question_id), animate=False)

    def on_resize(self, event: events.Resize) -> None:
        """Share the new width out again (on mount, too, once the table has its size)."""
        if self.items and column_widths(natural_widths(self.items), self._available()) != (
            self.widths
        ):
            self.show(self.items, keep_cursor=True)

    @property
    def current_item(self) -> ItemStats | None:
        """The question under the cursor, if any."""
        if not self.items or not 0 <= self.cursor_row < len(self.items):
            return None
        return self.items[self.cursor_row]
