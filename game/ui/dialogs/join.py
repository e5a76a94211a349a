"""The dialog that joins a class game: the code the teacher shows and the player's name;
a wrong code or a taken name is said under its field, and the dialog stays open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ...live.model import LiveError
from ...play.players import MAX_NAME_LENGTH
from ...store import StoreError
from ...util.textsafe import one_line
from ..lifecycle import showing
from ..widgets.scroll_body import ScrollBody

CODE_LENGTH = 8
"""The most characters a join code field takes (codes are 4)."""


NAME_REFUSALS = ("the name ", "a player name ", "the teacher removed ")
"""How the game's refusals of a name begin (taken, removed, not a name)."""


def field_of(message: str) -> str:
    """Which field a refusal is about: the name (taken, removed, not a name) or else the
    code (wrong, ended, its pack missing here)."""
    return "name" if message.startswith(NAME_REFUSALS) else "code"


class JoinDialog(ModalScreen[Any]):
    """Enter joins; Esc closes. Dismisses with what `join(code, name)` returned, which is
    called in a thread (it reads and writes the store)."""

    DEFAULT_CSS = """
    JoinDialog {
        align: center middle;
    }
    JoinDialog .join-row {
        height: 1;
        margin-top: 1;
    }
    JoinDialog .join-label {
        width: 7;
        text-style: bold;
    }
    JoinDialog Input {
        width: 1fr;
    }
    JoinDialog .join-problem {
        color: $text-error;
        display: none;
    }
    JoinDialog .dialog-buttons {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    def __init__(self, join: Callable[[str, str], Any], *, code: str = "", name: str = "") -> None:
        super().__init__()
        self._join = join
        self._code = code
        self._player_name = name
        self.joining = False

    def compose(self) -> ComposeResult:
        with ScrollBody(classes="dialog", id="join-dialog"):
            yield Static(Text("Join a class game", style="bold"), classes="dialog-title")
            yield Static("Type the code your teacher shows.", markup=False)
            with Horizontal(classes="join-row"):
                yield Static("Code", classes="join-label", markup=False)
                yield Input(self._code, max_length=CODE_LENGTH, compact=True, id="join-code")
            yield Static("", id="code-problem", classes="join-problem", markup=False)
            with Horizontal(classes="join-row"):
                yield Static("Name", classes="join-label", markup=False)
                yield Input(
                    self._player_name, max_length=MAX_NAME_LENGTH, compact=True, id="join-name"
                )
            yield Static("", id="name-problem", classes="join-problem", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Join (\u23ce)", id="join", variant="primary")
                yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        field = "#join-name" if self._code and not self._player_name else "#join-code"
        self.query_one(field, Input).focus()

    def problem(self, field: str, text: str) -> None:
        """Say a refusal under its field (`code` or `name`), the other one cleared."""
        for name in ("code", "name"):
            line = self.query_one(f"#{name}-problem", Static)
            line.update(one_line(text) if name == field else "")
            line.display = name == field
        self.query_one(f"#join-{field}", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#join")
    def _submitted(self) -> None:
        if self.joining:
            return
        code = self.query_one("#join-code", Input).value.strip().upper()
        name = self.query_one("#join-name", Input).value.strip()
        if not code:
            self.problem("code", "Type the code first.")
            return
        if not name:
            self.problem("name", "Type your name first.")
            return
        self.joining = True
        self.query_one("#join", Button).label = "Joining\u2026"
        self._try(self.app, code, name)

    @work(thread=True, exclusive=True, group="join")
    def _try(self, app: App[Any], code: str, name: str) -> None:
        # `app` is given, not read here: a dialog closed meanwhile has no app to find.
        try:
            joined = self._join(code, name)
        except (LiveError, StoreError) as error:
            app.call_from_thread(self._refused, str(error))
            return
        if not app.call_from_thread(self._joined, joined):
            # Closed while the join was on its way: a student with no screen must not stay
            # connected, where the host would wait for their answers.
            joined.leave()

    def _joined(self, joined: Any) -> bool:
        """Hand the joined student over; False if the dialog was closed meanwhile."""
        if not showing(self):
            return False
        self.dismiss(joined)
        return True

    def _refused(self, message: str) -> None:
        if not showing(self):
            return
        self.joining = False
        self.query_one("#join", Button).label = "Join (\u23ce)"
        self.problem(field_of(message), message[:1].upper() + message[1:] + ".")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        """Close without joining."""
        self.dismiss(None)
