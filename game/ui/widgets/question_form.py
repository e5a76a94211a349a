"""The pack editor's form: the fields of one question, as its kind declares them, each with
its problems under it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from ...authoring.formvalues import multiline, to_text
from ...kinds.form import FieldWidget, FormField
from ...util.textsafe import printable

KIND_FIELD = "type"
"""The form's first row: the question's kind."""


class QuestionForm(VerticalScroll):
    """One question's fields. Edits are posted as `FieldEdited` with the text typed; the
    screen turns them into values and problems (the form holds no rules)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+down", "step(1)", "Next field", show=False),
        Binding("ctrl+up", "step(-1)", "Previous field", show=False),
        Binding("down", "step(1)", "Next field", show=False),
        Binding("up", "step(-1)", "Previous field", show=False),
    ]

    @dataclass
    class FieldEdited(Message):
        """The teacher changed a field's text."""

        name: str
        """The question's key (`type` for its kind)."""
        text: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, can_focus=False)
        self._loaded: dict[str, str] = {}
        self._problems: dict[str, str] = {}
        self.widgets: dict[str, FieldWidget] = {}
        """Each shown field's widget kind, by name."""

    async def show(
        self,
        kinds: tuple[str, ...],
        kind: str,
        fields: tuple[FormField, ...],
        question: dict[str, Any],
    ) -> None:
        """Show a question's fields (its kind's form) with their values."""
        await self.remove_children()
        self._loaded = {KIND_FIELD: kind}
        self._problems = {}
        self.widgets = {}
        rows: list[Widget] = []
        picker: Select[str] = PickField(
            [(name, name) for name in kinds],
            value=kind if kind in kinds else Select.NULL,
            allow_blank=kind not in kinds,
            id=f"field-{KIND_FIELD}",
            compact=True,
        )
        rows.append(self._row(KIND_FIELD, "kind", picker, required=True))
        for form_field in fields:
            value = question.get(form_field.name)
            text = shown(to_text(form_field.widget, value))
            self._loaded[form_field.name] = text
            self.widgets[form_field.name] = form_field.widget
            rows.append(
                self._row(
                    form_field.name,
                    form_field.label,
                    _editor(form_field, value, text),
                    required=form_field.required,
                    help_text=form_field.help,
                )
            )
        await self.mount_all(rows)

    def _row(
        self, name: str, label: str, editor: Widget, *, required: bool, help_text: str = ""
    ) -> Vertical:
        caption = Text(label + (" *" if required else ""), style="bold" if required else "")
        row = Vertical(
            Label(caption, classes="field-label"),
            editor,
            Static("", classes="field-problems", id=f"problems-{name}", markup=False),
            classes="form-row",
            id=f"row-{name}",
        )
        row.tooltip = help_text or None
        return row

    def first_text_field(self) -> Widget | None:
        """The first field typed into (the cursor goes there when a question is opened)."""
        found = self.query(".field-editor").results()
        return next((w for w in found if isinstance(w, Input | TextArea)), None)

    def editor_of(self, name: str) -> Widget | None:
        """The widget editing a field, if the form shows it."""
        found = self.query(f"#field-{name}")
        return found.first() if found else None

    def set_text(self, name: str, text: str) -> None:
        """Show `text` in a field (set by the editor, not typed: no `FieldEdited`)."""
        text = shown(text)
        self._loaded[name] = text
        editor = self.editor_of(name)
        if isinstance(editor, Input):
            with editor.prevent(Input.Changed):
                editor.value = text
        elif isinstance(editor, TextArea):
            with editor.prevent(TextArea.Changed):
                editor.load_text(text)

    def show_problems(self, by_field: dict[str, list[str]]) -> None:
        """Show each field's problems under it (and none under the others)."""
        for row in self.query(".form-row").results(Vertical):
            name = (row.id or "").removeprefix("row-")
            messages = by_field.get(name, [])
            row.set_class(bool(messages), "-problem")
            shown = self.query(f"#problems-{name}")
            text = "\n".join(f"\u26a0 {m}" for m in messages)
            # Updating a text relayouts the screen: only the rows whose problems changed.
            if shown and self._problems.get(name, "") != text:
                self._problems[name] = text
                shown.first(Static).update(Text(text))

    def action_step(self, delta: int) -> None:
        """Move to the next (1) or previous (-1) field."""
        editors = list(self.query(".field-editor").results())
        focused = self.screen.focused
        if not editors:
            return
        index = editors.index(focused) if focused in editors else -delta
        target = editors[max(0, min(len(editors) - 1, index + delta))]
        target.focus()
        target.scroll_visible()

    def _edited(self, name: str, text: str) -> None:
        if self._loaded.get(name) == text:
            return
        self._loaded[name] = text
        self.post_message(self.FieldEdited(name, text))

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._edited((event.input.id or "").removeprefix("field-"), event.value)

    @on(TextArea.Changed)
    def _area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._edited((event.text_area.id or "").removeprefix("field-"), event.text_area.text)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value
        text = "" if value is Select.NULL else str(value)
        self._edited((event.select.id or "").removeprefix("field-"), text)


def shown(text: str) -> str:
    """A value's text as the form shows it: terminal controls and bidi overrides (a sentence
    picked from a hostile source) written as `\\x1b`, `\\u202e`, as the app shows pack
    text, never sent raw. The document keeps the value as it is, so the field shows
    validate's error; typing in the field makes the escapes its text."""
    return printable(text)


class FieldInput(Input):
    """A one-line field whose typing repaints the field only. Textual's Input sets its
    virtual size to its content width on every key, and its layout sets it back to the
    size the layout measured: the two differ, so every key laid out the whole screen (with
    a 500-question list and a source beside it, most of a key's cost)."""

    # A one-line field of fixed height: its virtual size never moves anything else, so a
    # change of it repaints the field only (Widget's own reactive asks for a layout).
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True, layout=False)


class PickField(Select[str], inherit_bindings=False):
    """One of a few values: Enter or Space opens the menu; ↑ and ↓ go to the next field,
    as everywhere in the form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "show_overlay", "Show menu", show=False),
    ]


class LinesArea(TextArea):
    """A field of several lines; ↓ on its last line (↑ on its first) goes to the next
    (previous) field, as it does from a one-line field."""

    def action_cursor_down(self, select: bool = False) -> None:
        if not select and self.cursor_location[0] >= self.document.line_count - 1:
            form = next((a for a in self.ancestors if isinstance(a, QuestionForm)), None)
            if form is not None:
                form.action_step(1)
                return
        super().action_cursor_down(select)

    def action_cursor_up(self, select: bool = False) -> None:
        if not select and self.cursor_location[0] == 0:
            form = next((a for a in self.ancestors if isinstance(a, QuestionForm)), None)
            if form is not None:
                form.action_step(-1)
                return
        super().action_cursor_up(select)


def _editor(form_field: FormField, value: Any, text: str) -> Widget:
    """The widget that edits a field of this kind."""
    ident = f"field-{form_field.name}"
    if form_field.widget in ("pick", "flag"):
        options = form_field.options if form_field.widget == "pick" else ("true", "false")
        current = text.lower() if form_field.widget == "flag" else text
        choices = list(options) + ([current] if current and current not in options else [])
        return PickField(
            [(Text(shown(o)), o) for o in choices],  # a value from the pack: never markup
            value=current if current else Select.NULL,
            allow_blank=True,
            prompt="(not set)",
            id=ident,
            classes="field-editor",
            compact=True,
        )
    if multiline(form_field.widget, value):
        area = LinesArea(
            text,
            id=ident,
            classes="field-editor -lines",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            compact=True,
        )
        area.styles.height = max(3, min(text.count("\n") + 2, 8))
        return area
    return FieldInput(text, id=ident, classes="field-editor", compact=True, select_on_focus=False)
