"""The pack editor's source pane: the article's sentences, numbered as `civic-quiz sentences`
numbers them, with a filter; Enter makes a sentence the quote of the question edited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from ...core.sentences import NumberedSentence
from ...util.textsafe import one_line


class SourcePane(Vertical):
    """A source's sentences; the ones the question quotes are marked `▶`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("d", "draft", "Draft from it"),
    ]

    @dataclass
    class SentencePicked(Message):
        """Enter on a sentence: it becomes the quote of the question edited."""

        number: int
        text: str

    @dataclass
    class DraftAsked(Message):
        """`d` on a sentence: the draft rules, on this sentence, add drafts to the pack."""

        number: int
        text: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.sentences: tuple[NumberedSentence, ...] = ()
        self.quoted: set[int] = set()
        """The numbers of the sentences the question's quote is in."""
        self._filter = ""
        self._status = ""
        self._marked = False

    def compose(self) -> ComposeResult:
        yield Static("Source", id="source-title", markup=False)
        yield Input(placeholder="filter sentences (/)", id="source-filter", compact=True)
        yield OptionList(id="sentences")
        yield Static("", id="source-status", markup=False)

    def show_source(self, title: str, sentences: Sequence[NumberedSentence]) -> None:
        """Show a source's sentences."""
        self.query_one("#source-title", Static).update(Text(one_line(title)))
        self.sentences = tuple(sentences)
        self._marked = False
        self._refill()

    def show_status(self, text: str) -> None:
        """One line under the sentences (a quote not found in the source, an unreadable
        source)."""
        if text != self._status:  # an update relayouts the screen: only when it changes
            self._status = text
            self.query_one("#source-status", Static).update(Text(one_line(text)))

    def mark(self, quoted: set[int], status: str = "") -> None:
        """Mark the sentences the question quotes, and scroll to the first."""
        self.show_status(status)
        if quoted == self.quoted and self._marked:
            return  # the same sentences: the list is not rebuilt on every check
        self.quoted = quoted
        self._marked = True
        self._refill()
        sentences = self.query_one("#sentences", OptionList)
        if quoted:
            first = f"s{min(quoted)}"
            try:
                sentences.highlighted = sentences.get_option_index(first)
            except OptionDoesNotExist:  # filtered out: nothing to scroll to
                return

    def _refill(self) -> None:
        needle = self._filter.casefold()
        sentences = self.query_one("#sentences", OptionList)
        highlighted = sentences.highlighted
        sentences.clear_options()
        options = []
        for sentence in self.sentences:
            if needle and needle not in sentence.text.casefold():
                continue
            mark = "\u25b6" if sentence.number in self.quoted else " "
            row = Text(f"{mark}{sentence.number:>4}  ", style="bold" if mark != " " else "dim")
            row.append(one_line(sentence.text), style="reverse" if mark != " " else "")
            options.append(Option(row, id=f"s{sentence.number}"))
        sentences.add_options(options)
        if options and highlighted is not None:
            sentences.highlighted = min(highlighted, len(options) - 1)

    def action_draft(self) -> None:
        """Ask for drafts from the highlighted sentence."""
        sentences = self.query_one("#sentences", OptionList)
        if sentences.highlighted is None:
            return
        option = sentences.get_option_at_index(sentences.highlighted)
        number = int((option.id or "s0")[1:])
        sentence = next((s for s in self.sentences if s.number == number), None)
        if sentence is not None:
            self.post_message(self.DraftAsked(number, sentence.text))

    def action_filter(self) -> None:
        """Type a word to show only the sentences that hold it."""
        self.query_one("#source-filter", Input).focus()

    @on(Input.Changed, "#source-filter")
    def _filtered(self, event: Input.Changed) -> None:
        event.stop()
        self._filter = event.value
        self._refill()

    @on(Input.Submitted, "#source-filter")
    def _to_sentences(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#sentences", OptionList).focus()

    @on(OptionList.OptionSelected, "#sentences")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        number = int((event.option.id or "s0")[1:])
        sentence = next((s for s in self.sentences if s.number == number), None)
        if sentence is not None:
            self.post_message(self.SentencePicked(number, sentence.text))
