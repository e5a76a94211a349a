"""The pack editor's screen: the question list, the selected question's form and the source.

Every rule is the core's (`game.authoring.editing`, the kinds' forms, the loader's checks):
the screen shows, forwards edits, and runs the slow parts in workers. An edit is applied
about 80 ms after the last key, with the question's problems, in a thread; the text is
autosaved 2 s after the last key.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal
from textual.events import Resize
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList

from ...authoring.editing import (
    EditRefused,
    FieldProblem,
    PackDocument,
    accept_draft,
    discard_autosave,
    find_recovery,
    missing_quotes,
    picked_quotes,
    quoted_sentences,
    sentence_drafts,
    source_ids,
)
from ...authoring.formvalues import from_text, to_text
from ...core.sentences import NumberedSentence
from ...kinds import kind_named, names
from ...kinds.form import FieldWidget
from ...util.textsafe import one_line
from ..lifecycle import showing
from ..widgets.footer import QuizFooter
from ..widgets.question_form import KIND_FIELD, QuestionForm
from ..widgets.question_list import QuestionList, row_text
from ..widgets.source_pane import SourcePane
from ..widgets.title_bar import TitleBar

APPLY_DELAY = 0.08
"""Seconds after the last key before an edit is applied and its problems computed."""
AUTOSAVE_DELAY = 2.0
"""Seconds after the last key before the text is autosaved."""
NARROW = 100
"""Below this many columns the three parts are shown one at a time (Tab switches)."""
PARTS = ("question-list", "question-form", "source-pane")


class EditorCommands(Provider):
    """The editor's actions in the command palette."""

    def _commands(self) -> list[tuple[str, str, str]]:
        return [
            ("Save the pack", "Write the file (the old one kept as .bak)", "save"),
            ("Check the pack", "Every problem, as validate finds them", "check"),
            ("New question", "Add a question below this one", "add_question"),
            ("Copy question", "Add a copy of this question below it", "duplicate"),
            ("Delete question", "Remove this question", "delete_question"),
            ("Move question up", "Swap it with the one above", "move(-1)"),
            ("Move question down", "Swap it with the one below", "move(1)"),
            ("Preview the question", "Play it as a student would; nothing is stored", "preview"),
            ("Add a source", "A saved page or text, as 'civic-quiz source add'", "source_add"),
            ("Close the editor", "Asks first when there are unsaved changes", "close"),
        ]

    def _run(self, action: str) -> Any:
        screen = self.screen

        async def run() -> None:
            await screen.run_action(action)

        return run

    async def discover(self) -> Hits:
        for name, help_text, action in self._commands():
            yield DiscoveryHit(name, self._run(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._run(action), help=help_text)


@dataclass
class Checked(Message):
    """Edits applied to a question in a worker, with its problems (posted from the thread)."""

    index: int
    question: dict[str, Any]
    problems: list[FieldProblem]
    errors: dict[str, str] = field(default_factory=dict)
    """Texts that could not be applied, by field, with why."""
    kind_changed: bool = False
    edits: int = 0
    """How many edits the screen had seen when this check started."""


@dataclass
class SourceLoaded(Message):
    """A source's sentences, read in a worker."""

    source_id: str
    title: str
    text: str
    sentences: tuple[NumberedSentence, ...]
    error: str = ""


@dataclass
class SpeakerFound(Message):
    """Who says a sentence picked as a claim's statement (None: no rule names anyone)."""

    index: int
    speaker: str | None


@dataclass
class DraftsMade(Message):
    """Drafts from one sentence, made in a worker."""

    number: int
    drafts: list[dict[str, Any]]


@dataclass
class PackChecked(Message):
    """The pack-wide check, run in a worker (on opening, saving and ctrl+r)."""

    counts: dict[int, int]
    problems: list[Any]
    show: bool


class EditorScreen(Screen[None]):
    """Edit one pack file: its questions, the form of one, and its source's sentences."""

    CSS_PATH: ClassVar[str | PurePath | list[str | PurePath] | None] = "editor.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {EditorCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "part(1)", "Next part", priority=True, show=False),
        Binding("shift+tab", "part(-1)", "Previous part", priority=True, show=False),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+r", "check", "Check", priority=True),
        # Outside the text fields (where p is a letter); ctrl+p offers it everywhere.
        Binding("p", "preview", "Preview"),
        # Kept off the footer (full at 80 columns): the guide and ctrl+p list it.
        Binding("ctrl+o", "source_add", "Add source", priority=True, show=False),
        Binding("escape", "close", "Close", key_display="esc"),
    ]

    part: var[str] = var("question-list")
    """The part that has the keyboard (the only one shown in a narrow terminal)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        """The pack file edited."""
        self.document: PackDocument | None = None
        """The pack being edited, once opened."""
        self.index = 0
        """The question shown in the form."""
        self._lock = threading.Lock()
        self._form_lock = asyncio.Lock()
        # Edits typed but not yet applied (field -> text), for question `_pending_index`.
        self._pending: dict[str, str] = {}
        self._pending_index = 0
        self._apply_timer: Timer | None = None
        self._autosave_timer: Timer | None = None
        self._counts: dict[int, int] = {}
        self._source_id: str | None = None
        self._source_text = ""
        self._sentences: tuple[NumberedSentence, ...] = ()
        # The form's widget kinds by field, kept here for the worker (which must not query
        # the DOM from its thread).
        self._widgets: dict[str, FieldWidget] = {}
        self.checks = 0
        """How many times a question's problems were computed."""
        self.edits = 0
        """How many edits were typed or picked."""
        self.checked_edits = 0
        """How many of those the problems shown take into account."""
        self.pack_checks = 0
        """How many pack-wide checks have been shown (one on opening)."""
        self._speaker_pending = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="editor-body"):
            yield QuestionList(id="question-list", classes="editor-part -current")
            yield QuestionForm(id="question-form", classes="editor-part")
            yield SourcePane(id="source-pane", classes="editor-part")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.sub_title = one_line(self.path.name)
        self._open()

    # -- opening --------------------------------------------------------------------------

    @work(exclusive=True, group="open")
    async def _open(self) -> None:
        """Offer a newer autosave, open the pack, show its first question."""
        recovery = find_recovery(self.path)
        text: str | None = None
        if recovery is not None:
            from .dialogs import RecoveryDialog

            if await self.app.push_screen_wait(RecoveryDialog(self.path.name, recovery.diff)):
                text = recovery.text
            else:
                discard_autosave(self.path)
        try:
            self.document = PackDocument.open(self.path, text=text)
        except EditRefused as refused:
            self.notify(str(refused), title="Cannot edit", severity="error", markup=False)
            self.dismiss(None)
            return
        self._show_list()
        await self._load_question(0)
        self._title()
        self.query_one(QuestionList).focus()
        self._check_pack(show=False)

    # -- the list -------------------------------------------------------------------------

    def _show_list(self) -> None:
        assert self.document is not None
        self.query_one(QuestionList).show(self.document.questions(), self._counts, self.index)

    @on(OptionList.OptionHighlighted, "#question-list")
    async def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.document is not None and event.option_index != self.index:
            self._flush()
            await self._load_question(event.option_index)

    @on(OptionList.OptionSelected, "#question-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.part = "question-form"
        self.call_after_refresh(self._focus_form)

    def _focus_form(self) -> None:
        first = self.query_one(QuestionForm).first_text_field()
        if first is not None:
            self.set_focus(first)  # at once (see `action_part`)

    async def _load_question(self, index: int) -> None:
        """Show question `index` in the form and its quote in the source pane."""
        async with self._form_lock:  # one form at a time: its rows have fixed ids
            await self._show_question(index)

    async def _show_question(self, index: int) -> None:
        assert self.document is not None
        questions = self.document.questions()
        form = self.query_one(QuestionForm)
        if not questions:
            self.index = 0
            await form.remove_children()
            return
        self.index = max(0, min(index, len(questions) - 1))
        question = questions[self.index]
        kind = kind_named(question.get("type"))
        fields = kind.form() if kind is not None else ()
        await form.show(names(), str(question.get("type", "")), fields, question)
        self._widgets = dict(form.widgets)
        self._recheck()
        self._show_source_for(question)

    # -- editing --------------------------------------------------------------------------

    @on(QuestionForm.FieldEdited)
    def _field_edited(self, event: QuestionForm.FieldEdited) -> None:
        with self._lock:
            if self._pending and self._pending_index != self.index:
                self._pending.clear()  # pragma: no cover - flushed when the question changed
            self._pending_index = self.index
            self._pending[event.name] = event.text
            self.edits += 1
        if self._apply_timer is not None:
            self._apply_timer.stop()
        self._apply_timer = self.set_timer(APPLY_DELAY, self._recheck)
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self._autosave)

    def _take_pending(self) -> tuple[int, dict[str, str]]:
        """The edits not yet applied (call with the lock held)."""
        edits = dict(self._pending)
        self._pending.clear()
        return self._pending_index, edits

    def _apply(self, index: int, edits: dict[str, str]) -> tuple[dict[str, str], bool]:
        """Apply typed texts to the document (call with the lock held): the errors by field,
        and whether the kind changed."""
        assert self.document is not None
        errors: dict[str, str] = {}
        kind_changed = False
        for name, text in edits.items():
            try:
                if name == KIND_FIELD:
                    if text:
                        self.document.change_kind(index, text)
                        kind_changed = True
                    continue
                value = from_text(self._widgets.get(name, "text"), text)
                if value is None:
                    self.document.delete_field(index, name)
                else:
                    self.document.set_field(index, name, value)
            except (ValueError, EditRefused) as error:
                errors[name] = str(error)
        return errors, kind_changed

    def _flush(self) -> None:
        """Apply typed edits now (before the question changes, a save, a move...)."""
        if self.document is None:
            return
        with self._lock:
            index, edits = self._take_pending()
            if edits:
                errors, _ = self._apply(index, edits)
                for name, message in errors.items():
                    self.notify(
                        f"{name}: {message}", title="Not applied", severity="warning", markup=False
                    )

    @work(thread=True, group="check-question")
    def _recheck(self) -> None:
        """Apply the typed edits and compute the question's problems, off the event loop."""
        document = self.document
        if document is None:
            return
        with self._lock:
            seen = self.edits
            index, edits = self._take_pending()
            if not edits:
                index = self.index
            errors, kind_changed = self._apply(index, edits)
            try:
                problems = document.question_problems(index)
                question = dict(document.questions()[index])
            except (EditRefused, IndexError):
                return
        self.post_message(Checked(index, question, problems, errors, kind_changed, seen))

    @on(Checked)
    async def _checked(self, event: Checked) -> None:
        if not showing(self):  # the editor closed while the worker ran
            return
        self.checks += 1
        self.checked_edits = max(self.checked_edits, event.edits)
        self._title()
        if event.index != self.index or self.document is None:
            return
        if event.kind_changed:
            await self._load_question(self.index)
            return
        by_field: dict[str, list[str]] = {}
        for found in event.problems:
            by_field.setdefault(found.field, []).append(found.problem.message)
        for name, message in event.errors.items():
            by_field.setdefault(name, []).insert(0, message)
        self.query_one(QuestionForm).show_problems(by_field)
        self._counts[event.index] = len(event.problems)
        listed = self.query_one(QuestionList)
        row = row_text(event.question, self._counts.get(event.index))
        if (
            event.index < listed.option_count
            and listed.get_option_at_index(event.index).prompt != row
        ):  # a changed row relayouts the list: only when it changes
            listed.replace_option_prompt_at_index(event.index, row)
        self._mark_quotes(event.question)

    @work(thread=True, group="autosave")
    def _autosave(self) -> None:
        """Keep the unsaved text beside the pack (never a lost edit)."""
        if self.document is None:
            return
        with self._lock:
            self.document.autosave()

    @property
    def settled(self) -> bool:
        """Whether every edit is applied and the problems shown are its."""
        return not self._pending and self.checked_edits >= self.edits and not self._speaker_pending

    def _title(self) -> None:
        dirty = self.document is not None and (self.document.dirty or bool(self._pending))
        self.sub_title = one_line(self.path.name) + (" \u2022 unsaved" if dirty else "")

    # -- the source -----------------------------------------------------------------------

    def _show_source_for(self, question: dict[str, Any]) -> None:
        assert self.document is not None
        ids = source_ids(self.document)
        named = question.get("source")
        wanted = named if isinstance(named, str) and named in ids else (ids[0] if ids else None)
        if wanted is None:
            self.query_one(SourcePane).show_status("The pack names no source file.")
            return
        if wanted != self._source_id:
            self._source_id = wanted
            self._load_source(wanted)
        else:
            self._mark_quotes(question)

    @work(thread=True, exclusive=True, group="source")
    def _load_source(self, source_id: str) -> None:
        from ...authoring.source import AuthoringError, read_pack_source
        from ...core.sentences import numbered_sentences

        try:
            source = read_pack_source(self.path, source_id)
        except AuthoringError as error:
            self.post_message(SourceLoaded(source_id, source_id, "", (), str(error)))
            return
        sentences = numbered_sentences(source.text)
        self.post_message(SourceLoaded(source_id, source.file, source.text, sentences))

    @on(SourceLoaded)
    def _source_loaded(self, event: SourceLoaded) -> None:
        if not showing(self):  # the editor closed while the worker ran
            return
        if event.source_id != self._source_id:
            return
        self._source_text = event.text
        self._sentences = event.sentences
        pane = self.query_one(SourcePane)
        pane.show_source(f"{event.source_id}: {event.title}", event.sentences)
        if event.error:
            pane.show_status(event.error)
        elif self.document is not None and self.document.questions():
            self._mark_quotes(self.document.questions()[self.index])

    def _quote_field(self, question: dict[str, Any]) -> str:
        kind = kind_named(question.get("type"))
        return kind.quote_field if kind is not None else "quote"

    def _mark_quotes(self, question: dict[str, Any]) -> None:
        if not self._sentences or self.document is None:
            return
        ids = source_ids(self.document)
        named = question.get("source")
        own = named if isinstance(named, str) and named in ids else (ids[0] if ids else None)
        if own != self._source_id:
            # Another source is shown (one just added): its sentences are not this quote's.
            self.query_one(SourcePane).mark(set(), f"this question quotes {one_line(str(own))}")
            return
        quotes = picked_quotes(question, self._quote_field(question))
        missing = missing_quotes(self._source_text, quotes)
        status = (
            f"\u26a0 not in the source: {one_line(missing[0])[:60]}"
            if missing
            else ("no quote yet: Enter on a sentence sets it" if not quotes else "")
        )
        self.query_one(SourcePane).mark(quoted_sentences(self._sentences, quotes), status)

    @on(SourcePane.SentencePicked)
    def _sentence_picked(self, event: SourcePane.SentencePicked) -> None:
        if self.document is None or not self.document.questions():
            return
        self._flush()
        question = self.document.questions()[self.index]
        name = self._quote_field(question)
        with self._lock:
            self.edits += 1
            try:
                self.document.set_field(self.index, name, event.text)
            except EditRefused as refused:
                self.notify(str(refused), title="Not set", severity="warning", markup=False)
                return
        form = self.query_one(QuestionForm)
        form.set_text(name, to_text(form.widgets.get(name, "text"), event.text))
        self.notify(f"{name}: sentence {event.number}", title="Quote set", timeout=2)
        if name == "statement" and "speaker" in form.widgets:
            # A claim: its speaker, when the sentence names one, by the draft rules.
            self._speaker_pending += 1
            self._find_speaker(self.index, event.text)
        self._autosave_soon()
        self._recheck()

    @work(thread=True, group="speaker")
    def _find_speaker(self, index: int, sentence: str) -> None:
        """Who says the sentence, off the event loop (the rules learn the article's names)."""
        from ...authoring.drafts import sentence_speaker

        speaker: str | None = None
        try:
            speaker = sentence_speaker(self._source_text, sentence)
        finally:  # always answered: the screen counts the lookups under way
            self.post_message(SpeakerFound(index, speaker))

    @on(SpeakerFound)
    def _speaker_found(self, event: SpeakerFound) -> None:
        if not showing(self):  # the editor closed while the worker ran
            return
        self._speaker_pending -= 1
        if event.speaker is None or self.document is None or event.index != self.index:
            return
        self._flush()
        with self._lock:
            self.edits += 1
            try:
                self.document.set_field(event.index, "speaker", event.speaker)
            except EditRefused as refused:
                self.notify(str(refused), title="Not set", severity="warning", markup=False)
                return
        form = self.query_one(QuestionForm)
        form.set_text("speaker", to_text(form.widgets.get("speaker", "text"), event.speaker))
        self.notify(f"speaker: {one_line(event.speaker)}", title="Speaker set", timeout=2)
        self._autosave_soon()
        self._recheck()

    @on(SourcePane.DraftAsked)
    def _draft_asked(self, event: SourcePane.DraftAsked) -> None:
        if self.document is not None and self._source_id is not None:
            self._make_drafts(event.number, event.text)

    @work(thread=True, exclusive=True, group="drafts")
    def _make_drafts(self, number: int, sentence: str) -> None:
        """The draft rules on one sentence, off the event loop (they learn the article's
        names first)."""
        document, source_id = self.document, self._source_id
        if document is None or source_id is None:
            return
        with self._lock:
            drafts = sentence_drafts(document, source_id, self._source_text, sentence)
        self.post_message(DraftsMade(number, drafts))

    @on(DraftsMade)
    async def _drafts_made(self, event: DraftsMade) -> None:
        if not showing(self):  # the editor closed while the worker ran
            return
        if not event.drafts:
            self.notify(
                f"The draft rules find no question in sentence {event.number}.",
                title="No draft",
                markup=False,
            )
            return
        await self._structural("drafts", event.drafts)
        self.notify(
            f"{len(event.drafts)} draft(s) from sentence {event.number}: check each, write its"
            " explanation, then a accepts it (x discards it).",
            title="Drafts added",
            markup=False,
        )

    def _do_drafts(self, drafts: list[dict[str, Any]]) -> int:
        assert self.document is not None
        after = self.index if self.document.questions() else None
        first = None
        for draft in drafts:
            at = self.document.add_question(draft, after=after)
            first = at if first is None else first
            after = at
        return first if first is not None else self.index

    async def action_accept_draft(self) -> None:
        """Make the selected draft a question (its explanation written)."""
        await self._structural("accept")

    def _do_accept(self) -> int:
        assert self.document is not None
        if str(self.document.questions()[self.index].get("draft", "")).lower() != "true":
            raise EditRefused("this question is not a draft")
        accept_draft(self.document, self.index)
        return self.index

    async def action_discard_draft(self) -> None:
        """Delete the selected draft (only a draft: other questions are deleted with Del)."""
        await self._structural("discard")

    def _do_discard(self) -> int:
        assert self.document is not None
        if str(self.document.questions()[self.index].get("draft", "")).lower() != "true":
            raise EditRefused("this question is not a draft; Del deletes a question")
        return self._do_delete()

    def _autosave_soon(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self._autosave)

    # -- questions ------------------------------------------------------------------------

    async def _structural(self, change: str, *args: Any) -> None:
        """Run a change of the question list, then show the list and the question."""
        if self.document is None:
            return
        self._flush()
        with self._lock:
            try:
                index = getattr(self, f"_do_{change}")(*args)
            except EditRefused as refused:
                self.notify(str(refused), title="Not done", severity="warning", markup=False)
                return
        self._counts = {}
        self.index = index
        self._show_list()
        await self._load_question(index)
        self._title()
        self._autosave_soon()

    def _do_add(self) -> int:
        assert self.document is not None
        questions = self.document.questions()
        kind = str(questions[self.index].get("type", "choice")) if questions else "choice"
        new = {"id": self.document.free_id("question"), "type": kind, "prompt": "New question"}
        return self.document.add_question(new, after=self.index if questions else None)

    def _do_duplicate(self) -> int:
        assert self.document is not None
        return self.document.duplicate(self.index)

    def _do_delete(self) -> int:
        assert self.document is not None
        self.document.delete_question(self.index)
        return max(0, min(self.index, len(self.document.questions()) - 1))

    def _do_move(self, delta: int) -> int:
        assert self.document is not None
        return self.document.move(self.index, delta)

    async def action_add_question(self) -> None:
        """Add a question (of the selected one's kind) below the selected one."""
        await self._structural("add")
        self.part = "question-form"
        self.call_after_refresh(self._focus_form)

    async def action_duplicate(self) -> None:
        """Add a copy of the selected question below it."""
        await self._structural("duplicate")

    @work(exclusive=True, group="delete")
    async def action_delete_question(self) -> None:
        """Delete the selected question, after confirming."""
        from ..dialogs.confirm import ConfirmDialog

        if self.document is None or not self.document.questions():
            return
        qid = one_line(str(self.document.questions()[self.index].get("id", "")))
        if await self.app.push_screen_wait(
            ConfirmDialog(f"Delete question {qid}?", yes="Delete", no="Keep it")
        ):
            await self._structural("delete")

    async def action_move(self, delta: int) -> None:
        """Move the selected question up (-1) or down (1)."""
        await self._structural("move", delta)

    # -- saving, checking, closing ----------------------------------------------------------

    def action_save(self) -> None:
        """Save the pack (refused, with the reason, when it would break the file)."""
        if self.document is None:
            return
        self._flush()
        with self._lock:
            try:
                written = self.document.save()
            except EditRefused as refused:
                self.notify(str(refused), title="Not saved", severity="error", markup=False)
                return
        self._title()
        self.notify(
            "Saved." if written else "No changes to save.",
            title=self.path.name,
            markup=False,
            timeout=3,
        )
        self._check_pack(show=False, after_save=True)

    def action_check(self) -> None:
        """List every problem of the pack, each a link to its question."""
        self._flush()
        self._check_pack(show=True)

    @work(thread=True, exclusive=True, group="check-pack")
    def _check_pack(self, show: bool, after_save: bool = False) -> None:
        document = self.document
        if document is None:
            return
        with self._lock:
            problems = document.pack_problems()
        counts: dict[int, int] = {}
        for found in problems:
            if found.index is not None:
                counts[found.index] = counts.get(found.index, 0) + 1
        self.post_message(
            PackChecked(
                counts,
                problems,
                show or (after_save and any(p.problem.severity == "error" for p in problems)),
            )
        )

    @on(PackChecked)
    def _pack_checked(self, event: PackChecked) -> None:
        if not showing(self):  # the editor closed while the worker ran
            return
        self.pack_checks += 1
        self._counts = event.counts
        if self.document is not None:
            self._show_list()
        if event.show:
            self._show_problems(event.problems)

    @work(exclusive=True, group="problems")
    async def _show_problems(self, problems: list[Any]) -> None:
        from .dialogs import ProblemsDialog

        index = await self.app.push_screen_wait(ProblemsDialog(problems))
        if index is not None:
            self._flush()
            self.index = index
            self._show_list()
            await self._load_question(index)
            self.part = "question-form"
            self.call_after_refresh(self._focus_form)

    def action_preview(self) -> None:
        """Play the question being edited in the game's own widgets, storing nothing."""
        from .preview import PreviewScreen

        if self.document is None or not self.document.questions():
            return
        self._flush()
        with self._lock:
            try:
                pack, question = self.document.question_pack(self.index)
            except EditRefused as refused:
                self.notify(str(refused), title="No preview", severity="warning", markup=False)
                return
        self.app.push_screen(PreviewScreen(pack, question))

    @work(exclusive=True, group="source-add")
    async def action_source_add(self) -> None:
        """Ask for a saved page or text file and add it as a source, as `civic-quiz source
        add` does (the pack saved first); show what was found and left out, and the new
        source in the pane."""
        from ...authoring.sourceadd import SourceAddError, add_article, read_article
        from ...commands.source import added_lines, article_lines
        from .dialogs import PathDialog, ReportDialog

        if self.document is None:
            return
        given = await self.app.push_screen_wait(
            PathDialog("Add a source: the path of a saved web page (.html) or a text file")
        )
        if not given:
            return
        self._flush()
        if self.document.dirty:
            with self._lock:
                try:
                    self.document.save()  # the file is changed on disk: first the edits
                except EditRefused as refused:
                    self.notify(str(refused), title="Not added", severity="error", markup=False)
                    return
        path = Path(given).expanduser()

        def add() -> Any:
            article = read_article(path)
            return article, add_article(article, self.path)

        try:
            article, added = await asyncio.to_thread(add)
        except SourceAddError as error:
            self.notify(one_line(str(error)), title="Not added", severity="error", markup=False)
            return
        with self._lock:
            try:
                self.document = PackDocument.open(self.path)
            except EditRefused as refused:  # pragma: no cover - source add wrote a valid pack
                self.notify(str(refused), title="Cannot edit", severity="error", markup=False)
                return
        self._counts = {}
        self._show_list()
        await self._load_question(self.index)
        self._title()
        self._source_id = added.entry.id
        self._load_source(added.entry.id)
        self._check_pack(show=False)
        await self.app.push_screen_wait(
            ReportDialog(
                f"Source '{one_line(added.entry.id)}' added",
                [*article_lines(given, article), *added_lines(added)],
            )
        )

    @work(exclusive=True, group="close")
    async def action_close(self) -> None:
        """Leave the editor, asking first when there are unsaved changes."""
        from ..dialogs.confirm import ConfirmDialog

        self._flush()
        if self.document is not None and self.document.dirty:
            leave = await self.app.push_screen_wait(
                ConfirmDialog(
                    "The pack has unsaved changes. Leave without saving them?",
                    yes="Leave",
                    no="Keep editing",
                )
            )
            if not leave:
                return
            discard_autosave(self.path)
        self.dismiss(None)

    # -- layout -----------------------------------------------------------------------------

    def action_part(self, delta: int) -> None:
        """Give the keyboard to the next (1) or previous (-1) part."""
        self.part = PARTS[(PARTS.index(self.part) + delta) % len(PARTS)]
        # Focused now, not later: a focus event still on its way from the part left
        # must find the focus already moved (see `on_descendant_focus`).
        if self.part == "question-list":
            self.set_focus(self.query_one(QuestionList))
        elif self.part == "question-form":
            self._focus_form()
        else:
            self.set_focus(self.query_one("#sentences", OptionList))

    def watch_part(self, part: str) -> None:
        for name in PARTS:
            self.query_one(f"#{name}").set_class(name == part, "-current")

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    def on_descendant_focus(self, event: Any) -> None:
        # Clicking or tabbing inside a part makes it the current one; a focus event that
        # arrives after the focus moved on (keys pressed faster than events arrive) is stale.
        node = event.widget
        if node is not self.focused:
            return
        while node is not None and node is not self:
            if node.id in PARTS:
                if self.part != node.id:
                    self.part = node.id
                return
            node = node.parent
