"""The flag dialog: a player tells the teacher a question is wrong, out of date or unclear."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...reports.flags import FLAG_REASONS, MAX_NOTE, clean_note
from ..widgets.scroll_body import ScrollBody

INSTRUCTIONS = (
    "Pick a reason (1-3 or the arrows), add a note if you like (tab), then Enter. Esc cancels."
)

REASONS = tuple(FLAG_REASONS)
"""The reasons in the order the dialog lists (and numbers) them."""


class FlagDialog(ModalScreen[tuple[str, str] | None]):
    """Dismisses with (reason, note), the note cleaned (maybe empty), or None if cancelled."""

    DEFAULT_CSS = """
    FlagDialog {
        align: center middle;
    }
    FlagDialog #flag-reasons {
        height: auto;
        margin-bottom: 1;
    }
    FlagDialog #flag-note-line {
        height: 1;
        margin-bottom: 1;
    }
    FlagDialog #flag-note-label {
        width: 6;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("1", "pick(0)", "Wrong", show=False),
        Binding("2", "pick(1)", "Out of date", show=False),
        Binding("3", "pick(2)", "Unclear", show=False),
    ]

    def __init__(self, subject: str = "", *, reason: str | None = None) -> None:
        super().__init__()
        self.subject = subject
        """What is flagged, as the player knows it (e.g. "Question 3: Who..."), shown as
        text, never markup."""
        self.first = REASONS.index(reason) if reason in REASONS else 0

    def compose(self) -> ComposeResult:
        # Scrolls on a short terminal (70x16); focus keeps its widget in view.
        with ScrollBody(classes="dialog", id="flag-dialog"):
            yield Static(Text("Flag this question", style="bold"), classes="dialog-title")
            if self.subject:
                yield Static(Text(self.subject), id="flag-subject", classes="dialog-text")
            yield Static(Text(INSTRUCTIONS), classes="dialog-text")
            yield OptionList(
                *(
                    Option(Text(f"{number}  {FLAG_REASONS[reason]}"), id=reason)
                    for number, reason in enumerate(REASONS, start=1)
                ),
                id="flag-reasons",
                compact=True,
            )
            with Horizontal(id="flag-note-line"):
                yield Static(Text("Note:"), id="flag-note-label")
                yield Input(
                    placeholder="for the teacher (optional)",
                    max_length=MAX_NOTE,
                    compact=True,
                    id="flag-note",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text("Flag (enter)"), id="flag", variant="primary")
                yield Button(Text("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        reasons = self.query_one("#flag-reasons", OptionList)
        reasons.highlighted = self.first
        reasons.focus()

    @property
    def reason(self) -> str:
        """The reason highlighted."""
        highlighted = self.query_one("#flag-reasons", OptionList).highlighted
        return REASONS[highlighted if highlighted is not None else 0]

    @property
    def note(self) -> str:
        """The note typed, cleaned as it is stored."""
        return clean_note(self.query_one("#flag-note", Input).value)

    def action_pick(self, index: int) -> None:
        """Highlight a reason by its number (the note, if any, is kept)."""
        self.query_one("#flag-reasons", OptionList).highlighted = index

    @on(OptionList.OptionSelected, "#flag-reasons")
    @on(Input.Submitted, "#flag-note")
    def _submitted(self, event: OptionList.OptionSelected | Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "flag":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        """Close with the reason highlighted and the note."""
        self.dismiss((self.reason, self.note))

    def action_cancel(self) -> None:
        """Close without flagging."""
        self.dismiss(None)
