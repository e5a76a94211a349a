"""The answer widget of an `evidence` question: long sentences of the article, numbered, each
wrapped under its own number, without a border so that four of them fit at 80x24."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets.option_list import Option

from ...util.textsafe import printable
from .choice import ChoiceAnswer


def hanging(number: int, text: str) -> Table:
    """`1. text` with the wrapped lines of the text indented under its first word, so each
    sentence stands apart from the next without a blank line between them."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(f"{number}. ", style="bold"), Text(printable(text)))
    return grid


class SentenceAnswer(ChoiceAnswer):
    """The sentences to pick from; a number key, or the arrows and Enter, picks one."""

    DEFAULT_CSS = """
    SentenceAnswer, SentenceAnswer:focus {
        border: none;
        padding: 0;
    }
    """

    def __init__(self, options: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(options, id=id)
        self.set_options(Option(hanging(n, text)) for n, text in enumerate(self.texts, 1))
