"""The answer widget of a `match` question: a numbered list of right sides, and a row per
left side where the player presses the number of its match."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Self

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...util.textsafe import printable
from ..formatting import letter, numbered
from .choice import NUMBER_KEYS
from .messages import AnswerGiven


class MatchRows(OptionList):
    """One row per left side, showing the right side picked for it (or `?`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Answer"),
        *(
            Binding(key, f"assign({index})", f"Match {key}", show=False)
            for index, key in enumerate(NUMBER_KEYS)
        ),
        Binding("backspace,delete", "clear", "Clear row", show=False),
    ]

    @dataclass
    class Submitted(Message):
        """The player pressed Enter on the rows."""

    def __init__(self, lefts: Sequence[str], rights: Sequence[str]) -> None:
        self.lefts: tuple[str, ...] = tuple(lefts)
        self.rights: tuple[str, ...] = tuple(rights)
        self.picks: dict[int, int] = {}
        """Row index -> index of the right side picked for it."""
        super().__init__(*(Option(self._prompt(i)) for i in range(len(lefts))), markup=False)

    def _prompt(self, row: int) -> Text:
        text = Text.assemble((f"{letter(row)}. ", "bold"), printable(self.lefts[row]), " \u2192 ")
        pick = self.picks.get(row)
        if pick is None:
            text.append("?", style="bold")
        else:
            text.append_text(numbered(pick + 1, self.rights[pick]))
        return text

    def action_assign(self, right: int) -> None:
        """Match the highlighted row with the right side `right` (0-based), then go down."""
        row = self.highlighted
        if row is None or right >= len(self.rights):
            return
        self.picks[row] = right
        self.replace_option_prompt_at_index(row, self._prompt(row))
        unmatched = [r for r in range(len(self.lefts)) if r not in self.picks]
        later = [r for r in unmatched if r > row]
        if later or unmatched:
            self.highlighted = (later or unmatched)[0]

    def action_clear(self) -> None:
        """Take back the match of the highlighted row."""
        row = self.highlighted
        if row is not None and self.picks.pop(row, None) is not None:
            self.replace_option_prompt_at_index(row, self._prompt(row))

    def action_select(self) -> None:
        self.post_message(self.Submitted())


class MatchAnswer(Vertical):
    """The right sides, numbered, above one row per left side; Enter answers once every
    row has a match."""

    def __init__(
        self, lefts: Sequence[str], rights: Sequence[str], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.rows = MatchRows(lefts, rights)
        """The rows the player fills in."""
        self._rights = tuple(rights)

    def compose(self) -> ComposeResult:
        choices = Text("\n").join(numbered(n, right) for n, right in enumerate(self._rights, 1))
        yield Static(choices, classes="match-rights")
        yield self.rows
        yield Static("", markup=False, classes="answer-problem")

    def focus(self, scroll_visible: bool = True) -> Self:
        """Focus the rows (the container itself takes no focus)."""
        self.rows.focus(scroll_visible)
        return self

    def on_match_rows_submitted(self, event: MatchRows.Submitted) -> None:
        event.stop()
        rows = self.rows
        missing = [letter(r) for r in range(len(rows.lefts)) if r not in rows.picks]
        problem = self.query_one(".answer-problem", Static)
        if missing:
            problem.update(f"Give every row a match first (missing: {', '.join(missing)}).")
            # On a short screen the message is below the fold: brought into view once drawn.
            problem.call_after_refresh(problem.scroll_visible, animate=False)
            return
        problem.update("")
        self.post_message(
            AnswerGiven(
                {rows.lefts[r]: rows.rights[p] for r, p in sorted(rows.picks.items())}, self
            )
        )
