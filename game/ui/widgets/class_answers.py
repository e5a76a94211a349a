"""The class's answers to a question as bars: one per option (or numeric range, or item's
place), each labelled with its letter and count, the right one marked in words."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import Static

from ...live.model import Bar
from ...util.textsafe import one_line

RIGHT = "\u2713 right"
"""After the right answer's bar: a mark and a word, so that it never rests on colour."""

BAR_SHARE = 0.4
"""The share of the width the longest bar takes."""

MIN_BAR = 10
"""Columns kept for the longest bar, however long the options' words."""

MIN_TEXT = 6
"""Columns kept for an option's text, however long its label."""


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells, cut with an ellipsis."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(width - 1, 0)) + "\u2026"


def bars_text(bars: Sequence[Bar], width: int) -> Text:
    """The bars in `width` columns: `A Brussels ████████ 12 ✓ right`; the option's text
    is cut with an ellipsis to keep each bar on one line."""
    text = Text()
    if not bars:
        return Text("No answers to show.")
    if all(b.text and b.text in b.label for b in bars):
        # A match's or order's label already says the item and its place ("Article 3 →
        # keep up defences"): one column of words, not the same words twice.
        bars = [Bar("", b.label, b.count, b.correct) for b in bars]
    # An option's letter, or a numeric range: at most a third of the width.
    label_width = min(max(cell_len(one_line(b.label)) for b in bars), width // 3)
    most = max(b.count for b in bars) or 1
    count_width = len(str(most))
    fixed = label_width + (label_width > 0) + count_width + len(RIGHT) + 3
    # The options' words first, the bars in what is left (at most BAR_SHARE of the width,
    # at least MIN_BAR columns); long words are cut, not the bars.
    longest = max(cell_len(one_line(b.text)) for b in bars)
    bar_room = min(int(width * BAR_SHARE), max(width - fixed - longest, MIN_BAR))
    text_width = width - fixed - bar_room
    if text_width < MIN_TEXT:  # the bars give way to the options' words
        bar_room = max(bar_room - (MIN_TEXT - text_width), 1)
        text_width = MIN_TEXT
    for number, bar in enumerate(bars):
        if number:
            text.append("\n")
        style = "bold" if bar.correct else ""
        if label_width:
            label = set_cell_size(cut(one_line(bar.label), label_width), label_width)
            text.append(label + " ", "bold")
        text.append(set_cell_size(cut(one_line(bar.text), text_width), text_width) + " ", style)
        length = round(bar_room * bar.count / most)
        text.append("\u2588" * length, style="green" if bar.correct else "")
        text.append(" " * (bar_room - length + 1))
        text.append(str(bar.count).rjust(count_width), style=style)
        if bar.correct:
            text.append(" " + RIGHT, style="bold green")
    return text


class ClassAnswers(Static):
    """The bars of the class's answers, drawn to the widget's width."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._bars: tuple[Bar, ...] = ()

    def show(self, bars: Sequence[Bar]) -> None:
        """Draw these bars."""
        self._bars = tuple(bars)
        self.update(bars_text(self._bars, max(self.size.width, 40)))

    def on_resize(self) -> None:
        self.update(bars_text(self._bars, max(self.size.width, 40)))
