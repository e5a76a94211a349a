"""The title line at the top of the home, leaderboard, history and teacher screens.

It looks like Textual's Header (the command palette's icon on the left, the title and the
screen's sub-title in the middle) but is one widget that draws its line itself: the Header
is four widgets, and mounting them took about a tenth of the time the home screen needs to
appear. A click on the icon opens the command palette, as in the Header.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "\u2b58"  # ⭘, the Header's icon
ICON_WIDTH = 8
"""Cells kept for the icon on the left (as the Header keeps them)."""
RIGHT_WIDTH = 10
"""Cells kept empty on the right (the Header's clock space), so that the title is centred."""


class TitleBar(Widget, can_focus=False):
    """`⭘   civic-quiz — <the screen's sub-title>`, centred, on one line."""

    ALLOW_SELECT = False

    def on_mount(self) -> None:
        # Titles are plain text set by the game, but they may change (the screens set
        # their sub-titles), so the line is drawn again when they do.
        for node in (self.app, self.screen):
            self.watch(node, "title", self._title_changed, init=False)
            self.watch(node, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def title_content(self) -> Content:
        """The title and sub-title shown, as the app formats them."""
        screen = self.screen
        title = screen.title if screen.title is not None else self.app.title
        sub_title = screen.sub_title if screen.sub_title is not None else self.app.sub_title
        return self.app.format_title(title, sub_title)

    def render(self) -> Content:
        width = self.size.width
        icon = Content(f" {ICON}").pad_right(ICON_WIDTH - 2)
        room = max(0, width - ICON_WIDTH - RIGHT_WIDTH)
        title = self.title_content().truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        return icon + title.pad(left, room - left - title.cell_length)

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
