"""A screen's or dialog's body that scrolls when the terminal is short (70x16), and keeps a
list's highlighted row in view when the list is taller than the body."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import OptionList


class ScrollBody(VerticalScroll, can_focus=False, inherit_bindings=False):
    """Scrolls without taking the focus or the arrows: those belong to the widgets inside,
    and focusing one scrolls it into view."""

    def show_highlight(self, options: OptionList) -> None:
        """Scroll so that the highlighted row of `options` (a list inside) is visible."""
        index = options.highlighted
        # OptionList knows which lines an option takes only through these (Textual 8).
        lines: dict[int, int] = getattr(options, "_index_to_line", {})
        heights: dict[int, int] = getattr(options, "_heights", {})
        if index is None or index not in lines or not self.is_mounted:
            return
        top = options.content_region.y + lines[index] - round(options.scroll_y)
        inside = top - self.content_region.y + round(self.scroll_y)
        row = Region(0, inside, self.content_region.width, heights.get(index, 1))
        self.scroll_to_region(row, animate=False, immediate=True, force=True)
