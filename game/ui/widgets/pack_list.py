"""The packs on the home screen: title, questions, source, the player's best; broken packs
listed with their first error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, cast

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Spacing
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...packs.catalog import PackEntry
from ...util.textsafe import one_line
from ..formatting import MARKS, plural


class PackPrompt(Visual):
    """A pack's title line (a bold part, then a plain part), and its details indented below
    it; all of it literal text.

    The option list measures every option to know how long the list is, but draws only the
    few in view. So a prompt keeps its text as strings: text whose every line fits the
    width is measured by counting its lines, and the styled `Content` is built only when
    the option is drawn, or when a line must wrap to be measured. With a hundred packs,
    building and wrapping every option's text was a good part of the home screen's start.
    """

    def __init__(self, bold: str, plain: str, details: str, indent: int = 2) -> None:
        self._lines = ((f"{bold}{plain}", 0), (details, indent))
        self._text = (bold, plain, details, indent)
        self._parts: tuple[Visual, Visual] | None = None

    @property
    def parts(self) -> tuple[Visual, Visual]:
        """The title and the indented details, as Textual visuals."""
        if self._parts is None:
            bold, plain, details, indent = self._text
            title = Content.styled(bold, "bold") + Content(plain)
            self._parts = (title, Padding(Content(details), Spacing(0, 0, 0, indent)))
        return self._parts

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(v.get_optimal_width(rules, container_width) for v in self.parts)

    def get_height(self, rules: RulesMap, width: int) -> int:
        if not rules.get("line_pad", 0):
            heights = [_unwrapped_height(text, width - indent) for text, indent in self._lines]
            if None not in heights:
                return sum(cast(list[int], heights))
        return sum(v.get_height(rules, width) for v in self.parts)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips: list[Strip] = []
        for visual in self.parts:
            strips.extend(visual.render_strips(width, None, style, options))
        return strips if height is None else strips[:height]


def _unwrapped_height(text: str, width: int) -> int | None:
    """The number of lines of `text` when each fits in `width` cells (None when one must
    wrap)."""
    lines = text.split("\n")
    return len(lines) if all(cell_len(line) <= width for line in lines) else None


def entry_prompt(entry: PackEntry, best: int | None, due: int = 0) -> PackPrompt:
    """A pack's title, then its details indented below it (all pack text literal, and
    escaped: a file name or a problem's message can hold anything)."""
    if not entry.ok:
        return PackPrompt(
            f"{MARKS['wrong']} {one_line(entry.path.name)}",
            " \u2014 broken, cannot be played",
            one_line(entry.error or "it has no id"),
        )
    facts = [plural(entry.questions, "question")]
    if entry.drafts:
        # Drafts are never played; a pack of nothing but drafts says why it cannot start.
        facts.append(
            plural(entry.drafts, "draft") + (" only: cannot be played" * (not entry.questions))
        )
    if entry.unsourced:
        # Imported from GIFT, Aiken, CSV or Open Trivia DB: nothing traces them to an article.
        facts.append(f"{entry.unsourced} unsourced")
    facts.append(f"your best: {best}" if best is not None else "not played yet")
    if due:
        facts.append(f"{due} due for practice")
    details = " \u00b7 ".join(facts)
    if entry.source:
        details += f"\nSource: {one_line(entry.source)}"
    return PackPrompt(one_line(entry.title), "", details)


class PackList(OptionList):
    """Every pack found; Enter (or a click) on one posts `PackChosen`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Play")]

    @dataclass
    class PackChosen(Message):
        """The player chose a pack to play (maybe a broken one: the screen refuses those)."""

        entry: PackEntry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.entries: list[PackEntry] = []
        """The packs listed, in order."""
        self._shown: tuple[list[PackEntry], dict[str, int], dict[str, int]] | None = None

    def show(
        self,
        entries: Sequence[PackEntry],
        best: Mapping[str, int],
        due: Mapping[str, int] | None = None,
    ) -> None:
        """List `entries` with the player's `best` scores and the questions `due` for
        practice, keeping the highlighted pack."""
        due = due or {}
        # Every option is measured when the list changes, which is slow with many packs.
        shown = (list(entries), dict(best), dict(due))
        if shown == self._shown:
            return
        self._shown = shown
        keep = self.highlighted
        self.entries = list(entries)
        options: list[Option | None] = []
        for entry in self.entries:
            if options:
                options.append(None)
            pack_id = entry.pack_id or ""
            options.append(Option(entry_prompt(entry, best.get(pack_id), due.get(pack_id, 0))))
        self.set_options(options)
        if self.entries:
            self.highlighted = min(keep or 0, len(self.entries) - 1)

    @property
    def highlighted_entry(self) -> PackEntry | None:
        """The pack under the cursor."""
        index = self.highlighted
        return self.entries[index] if index is not None and index < len(self.entries) else None

    def action_select(self) -> None:
        entry = self.highlighted_entry
        if entry is not None:
            self.post_message(self.PackChosen(entry))
