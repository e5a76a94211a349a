"""The pack editor's dialogs: recover an autosave, and the pack's problems as links."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...authoring.editing import PackProblem
from ...util.textsafe import one_line


class RecoveryDialog(ModalScreen[bool]):
    """Unsaved changes were autosaved: recover them (y) or discard them (n), seeing what
    differs from the file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Recover"),
        Binding("n,escape", "answer(False)", "Discard", key_display="n/esc"),
    ]

    def __init__(self, name: str, diff: str) -> None:
        super().__init__()
        self.pack_name = name
        """The pack file's name."""
        self.diff = diff
        """What the autosave changes, as a unified diff."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -wide", id="recovery"):
            yield Static(
                Text(f"{one_line(self.pack_name)} has unsaved changes from an earlier session."),
                classes="dialog-title",
            )
            with VerticalScroll(id="recovery-diff"):
                yield Static(_diff_text(self.diff))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Recover (y)", id="yes", variant="primary")
                yield Button("Discard (n)", id="no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        """Close the dialog with the answer."""
        self.dismiss(value)


def _diff_text(diff: str) -> Text:
    """A diff with added lines green and removed ones red (the text itself literal)."""
    shown = Text()
    for line in diff.splitlines():
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else "dim"
        shown.append(one_line(line) + "\n", style=style)
    return shown


class ProblemsDialog(ModalScreen[int | None]):
    """The pack's problems; Enter on one goes to its question (its index), Escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", key_display="esc"),
    ]

    def __init__(self, problems: list[PackProblem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        errors = sum(p.problem.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        with Vertical(classes="dialog -wide", id="problems"):
            yield Static(
                Text(f"{errors} error(s), {warnings} warning(s). Enter goes to the question."),
                classes="dialog-title",
            )
            options = [
                Option(
                    Text(
                        f"{p.problem.line}: {p.problem.severity}: {one_line(p.problem.message)}"
                        + (f" [{one_line(p.problem.question)}]" if p.problem.question else "")
                    ),
                    id=f"p{n}",
                )
                for n, p in enumerate(self.problems)
            ]
            if not options:
                options = [Option(Text("No problems: the pack is ready."), id="none")]
            yield OptionList(*options, id="problem-list")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "none" or event.option.id is None:
            self.dismiss(None)
            return
        self.dismiss(self.problems[int(event.option.id[1:])].index)

    def action_close(self) -> None:
        """Close without going anywhere."""
        self.dismiss(None)


class PathDialog(ModalScreen[str | None]):
    """Asks for a file's path (Enter gives it, Escape cancels)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Cancel", key_display="esc"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title
        """What the path is for."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -wide", id="path-dialog"):
            yield Static(Text(self.title_text), classes="dialog-title")
            yield Input(placeholder="path of the file", id="path")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_close(self) -> None:
        """Close without a path."""
        self.dismiss(None)


class ReportDialog(ModalScreen[None]):
    """Lines to read (what `source add` found and left out); Enter or Escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close", key_display="esc"),
    ]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        """The lines shown (escaped by whoever made them)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -wide", id="report"):
            yield Static(Text(self.title_text), classes="dialog-title")
            with VerticalScroll(id="report-lines"):
                yield Static(Text("\n".join(one_line(line) for line in self.lines)))

    def action_close(self) -> None:
        """Back to the editor."""
        self.dismiss(None)
