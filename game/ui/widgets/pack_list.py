"""The packs on the home screen: title, questions, source, the player's best; broken packs
listed with their first error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...packs.catalog import PackEntry
from ..formatting import MARKS, plural


def entry_prompt(entry: PackEntry, best: int | None) -> RenderableType:
    """A pack's title, then its details indented below it (all pack text literal)."""
    if not entry.ok:
        title = Text.assemble((f"{MARKS['wrong']} ", "bold"), (entry.path.name, "bold"))
        title.append(" \u2014 broken, cannot be played")
        details = Text(entry.error or "it has no id")
    else:
        title = Text(entry.title, style="bold")
        facts = [plural(entry.questions, "question")]
        facts.append(f"your best: {best}" if best is not None else "not played yet")
        details = Text(" \u00b7 ".join(facts))
        if entry.source:
            details.append("\nSource: ")
            details.append(entry.source)
    return Group(title, Padding(details, (0, 0, 0, 2)))


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

    def show(self, entries: Sequence[PackEntry], best: Mapping[str, int]) -> None:
        """List `entries` with the player's `best` scores, keeping the highlighted pack."""
        keep = self.highlighted
        self.entries = list(entries)
        options: list[Option | None] = []
        for entry in self.entries:
            if options:
                options.append(None)
            options.append(Option(entry_prompt(entry, best.get(entry.pack_id or ""))))
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
