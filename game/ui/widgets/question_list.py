"""The pack editor's list of questions: id, kind, draft mark and problem count of each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...util.textsafe import one_line

ID_WIDTH = 15
"""Characters of a question's id shown in its row (the list is 30 columns wide)."""


def unsourced(question: dict[str, Any]) -> bool:
    """Whether a question (as the pack reader gives it) has no text from a source: no
    `quote`, and none of its kind's quoted fields (a claim's statement, an evidence
    question's sentence)."""
    from ...kinds import kind_named

    kind = kind_named(question.get("type"))
    names = dict.fromkeys(("quote", kind.quote_field if kind is not None else "quote"))
    return not any(question.get(name) for name in names)


def row_text(question: dict[str, Any], problems: int | None) -> Text:
    """One question's row, on one line: `id  kind  ✎ ∅ ⚠2` (✎: a draft; ∅: unsourced, no
    quote; the text of a pack is shown literally)."""
    qid = one_line(str(question.get("id", "?")))
    shown = qid if len(qid) <= ID_WIDTH else qid[: ID_WIDTH - 1] + "\u2026"
    row = Text(f"{shown:<{ID_WIDTH}} ")
    row.append(one_line(str(question.get("type", "?")))[:9], style="dim")
    if str(question.get("draft", "")).lower() == "true":
        row.append(" \u270e", style="italic")
    if unsourced(question):
        row.append(" \u2205", style="italic")
    if problems:
        row.append(f" \u26a0{problems}", style="bold")
    return row


class QuestionList(OptionList):
    """The questions of the pack being edited, in file order. Its keys add, copy, delete
    and move questions (the screen does the work)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "screen.add_question", "New"),
        Binding("c", "screen.duplicate", "Copy"),
        Binding("delete", "screen.delete_question", "Delete", key_display="del"),
        Binding("a", "screen.accept_draft", "Accept draft", show=False),
        Binding("x", "screen.discard_draft", "Discard draft", show=False),
        Binding("shift+up", "screen.move(-1)", "Move up", show=False),
        Binding("shift+down", "screen.move(1)", "Move down", show=False),
    ]

    def show(
        self, questions: Sequence[dict[str, Any]], problems: dict[int, int], current: int
    ) -> None:
        """List the questions with `current` highlighted (no `OptionHighlighted`: the
        question shown does not change)."""
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(
                Option(row_text(q, problems.get(n)), id=f"q{n}") for n, q in enumerate(questions)
            )
            if questions:
                self.highlighted = max(0, min(current, len(questions) - 1))
