"""The score distribution of a class as a horizontal bar chart, one row per 10-point band."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

BAR = "\u2588"
"""The block character the bars are made of (█)."""

BAR_WIDTH = 20
"""The length of the longest bar, in characters."""


def band_label(index: int, bins: int) -> str:
    """`0-9%`, `10-19%`, ... and `90-100%` for the last band (it includes 100)."""
    low = index * 100 // bins
    high = 100 if index == bins - 1 else (index + 1) * 100 // bins - 1
    return f"{low}-{high}%"


def bar_length(count: int, widest: int, width: int = BAR_WIDTH) -> int:
    """The bar of `count` when the longest bar (`widest`) is `width` long; a band with any
    games gets at least one block, so that it never looks empty."""
    if count <= 0 or widest <= 0:
        return 0
    return max(1, round(width * count / widest))


def chart_text(
    distribution: Sequence[int], *, bar_style: Style | str = "", width: int = BAR_WIDTH
) -> Text:
    """The chart as text: band, count, bar. The count is written out, so the chart does not
    rely on the length (or colour) of the bars alone."""
    bins = len(distribution)
    labels = [band_label(i, bins) for i in range(bins)]
    label_width = max((len(label) for label in labels), default=0)
    widest = max(distribution, default=0)
    count_width = len(str(widest))
    text = Text(no_wrap=True, overflow="crop")
    for index, (label, count) in enumerate(zip(labels, distribution, strict=True)):
        if index:
            text.append("\n")
        text.append(f"{label:>{label_width}} {count:>{count_width}} ")
        text.append(BAR * bar_length(count, widest, width), style=bar_style)
    return text


class ScoreChart(Widget):
    """How many games scored in each band of percent of the maximum score."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"score-chart--bar"}
    """`score-chart--bar`: the style of the bars (set in the app's stylesheets)."""

    distribution: reactive[tuple[int, ...]] = reactive((), layout=True)
    """Games per band, lowest band first (as `PackStats.distribution`)."""

    def render(self) -> Text:
        return chart_text(
            self.distribution, bar_style=self.get_component_rich_style("score-chart--bar")
        )
