"""A yes/no question in a modal dialog."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..widgets.scroll_body import ScrollBody


class ConfirmDialog(ModalScreen[bool]):
    """Asks a question; dismisses with True for yes (y), False for no (n or Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No", key_display="n/esc"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        """The question asked (shown literally)."""
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        # Scrolls on a short terminal (70x16); focus keeps its widget in view.
        with ScrollBody(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Text(f"{self.yes} (y)"), id="yes", variant="primary")
                yield Button(Text(f"{self.no} (n)"), id="no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        """Close the dialog with the answer."""
        self.dismiss(value)
