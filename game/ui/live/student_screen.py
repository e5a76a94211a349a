"""A student's screen in a class game: the question and its options on their own screen,
answered with the quiz's answer widgets and changeable until time is up or the teacher
reveals, then right or wrong, the points won and the place.

It holds no game rules: answers go to `game.live`'s student in a thread, and what is shown
is the student's view as last read from the store."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from ...live.model import StudentView
from ...util.textsafe import one_line
from ..answers import NoAnswerWidget, answer_entry, answer_widget
from ..widgets.footer import QuizFooter
from ..widgets.messages import AnswerGiven
from ..widgets.scoreboard import ordinal
from ..widgets.scroll_body import ScrollBody
from ..widgets.top_five import top_text
from .base import PROBLEMS, LiveScreen, clock_text
from .ports import StudentControls
from .showing import after_text, prompt_text

if TYPE_CHECKING:
    from ...kinds import Presented
    from ...play.session import PlayedQuestion

TICK = 0.2

SAVED = "Answer saved \N{EM DASH} you can change it until time is up."
SAVED_NO_TIMER = "Answer saved \N{EM DASH} you can change it until the teacher reveals the answer."
SAVING = "Saving your answer\N{HORIZONTAL ELLIPSIS}"
HOST_AWAY = "Waiting for the teacher\N{HORIZONTAL ELLIPSIS} (the game goes on when they are back)"
STORE_AWAY = "Waiting for the score database\N{HORIZONTAL ELLIPSIS} your answers so far are kept."


def points_text(points: int) -> str:
    return f"{points} point{'s' * (points != 1)}"


class StudentScreen(LiveScreen[StudentView]):
    """Answer with the keys the quiz uses; Esc leaves (rejoin with the same code and name
    to carry on with your points)."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../screens/play.tcss", "live.tcss"]
    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(
        self,
        student: StudentControls,
        open_watcher: Callable[[], Any],
        *,
        on_leave: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(open_watcher, clock=clock)
        self.student = student
        self._when_left = on_leave
        self._question_key: int | None = None
        """The question whose answer widget is on screen, so that a read during the
        question keeps the widget and the answer picked on it."""
        self.answer_input: Widget | None = None
        self.status_text = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="live-title", markup=False)
        with ScrollBody(id="student-body"):
            yield Static("", id="live-message", markup=False)
            yield Static("", id="frame", markup=False)
            yield Static("", id="prompt", markup=False)
            yield Static("", id="instructions", markup=False)
            yield Vertical(id="answer-slot")
            yield Static("", id="outcome", markup=False)
            yield Static("", id="after", markup=False)
            yield Static("", id="leaders", markup=False)
        yield Static("", id="clock", markup=False)
        yield Static("", id="live-status", markup=False)
        yield QuizFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.set_interval(TICK, self._tick)
        self.query_one("#live-message", Static).update("Joining\N{HORIZONTAL ELLIPSIS}")

    # -- reading -----------------------------------------------------------------------------

    def read(self) -> StudentView:
        return self.student.view()

    def problem(self, text: str, *, reading: bool) -> None:
        if reading:
            self._status(Text.assemble((STORE_AWAY, "bold"), f" ({one_line(text)})"))
        else:
            self._status(Text(one_line(text), style="bold"))

    def _status(self, text: Text | str) -> None:
        self.status_text = text.plain if isinstance(text, Text) else text
        self.query_one("#live-status", Static).update(text)

    def show(self, data: StudentView) -> None:
        view = data
        state = view.state
        self.set_deadline(view.deadline, state.now)
        self.call_after_refresh(self._tick)
        # The name last: a long one is cut, never the question's number or the points.
        title = Text.assemble(("Class game ", "bold"), (one_line(state.code), "bold"), " \u00b7 ")
        if state.index >= 0 and state.phase in ("question", "reveal"):
            title.append(f"Question {state.index + 1} of {state.total} \u00b7 ")
        title.append(f"{points_text(view.points)} \u00b7 ")
        title.append(one_line(view.name), style="bold")
        self.query_one("#live-title", Static).update(title)
        message = self.query_one("#live-message", Static)
        message.display = True
        if view.removed:
            self._clear_question()
            message.update(Text("The teacher removed you from this game.", style="bold"))
            self._status("")
            return
        answered = state.phase == "question" and view.my_answer_text is not None
        if state.host_away and state.phase not in ("ended",):
            away = Text(HOST_AWAY, style="bold")
            if answered:
                # In place of "Answer saved", which the student must still be told.
                away.append(f" Your answer ({one_line(view.my_answer_text or '')}) is saved.")
            self._status(away)
        elif self.status_text.startswith((HOST_AWAY, STORE_AWAY)):
            self._status(self._answer_status(view) if answered else "")
        match state.phase:
            case "lobby":
                self._clear_question()
                joined = len(state.players)
                message.update(
                    Text.assemble(
                        (f"You are in, {one_line(view.name)}!", "bold"),
                        f"\n{one_line(state.pack_title)}",
                        f"\n{joined} player{'s' * (joined != 1)} joined. "
                        "Waiting for the teacher to start\N{HORIZONTAL ELLIPSIS}",
                    )
                )
            case "question":
                self._show_question(view)
            case "reveal":
                self._show_outcome(view)
            case "podium" | "ended":
                self._clear_question()
                place = (
                    f"You finished {ordinal(view.place)} with {points_text(view.points)}."
                    if view.place is not None
                    else f"You have {points_text(view.points)}."
                )
                over = "The class game is over." if state.phase == "ended" else "The podium!"
                message.update(Text.assemble((over, "bold"), "\n", place))
                leaders = self.query_one("#leaders", Static)
                leaders.update(top_text(state.top, title="Top five"))
                leaders.display = True

    # -- a question --------------------------------------------------------------------------

    def _clear_question(self) -> None:
        for selector in ("#frame", "#prompt", "#instructions", "#outcome", "#after", "#leaders"):
            self.query_one(selector).display = False
        self.query_one("#answer-slot").remove_children()
        self.query_one("#answer-slot").display = False
        self.answer_input = None
        self._question_key = None

    def _show_question(self, view: StudentView) -> None:
        state = view.state
        presented = state.presented
        self.query_one("#outcome").display = False
        self.query_one("#after").display = False
        self.query_one("#leaders").display = False
        message = self.query_one("#live-message", Static)
        if presented is None:
            return
        if not view.playing:
            self._clear_question()
            message.update(
                "This question's time was up when you joined: you play from the next one."
            )
            return
        message.display = state.paused
        message.update(Text("Paused by the teacher.", style="bold"))
        if self._question_key == state.index and self.answer_input is not None:
            return  # the same question: keep the widget and what was picked
        self._question_key = state.index
        instructions = self.query_one("#instructions", Static)
        for shown in ("#frame", "#prompt", "#instructions"):  # the last question's, meanwhile
            self.query_one(shown).display = False
        # The quiz's answer widgets read only the question, its options and rows: what a
        # presented question has, whatever class carries it.
        played = cast("PlayedQuestion", presented)
        try:
            widget = answer_widget(played)
            instruction = answer_entry(played).instruction
        except NoAnswerWidget as missing:
            widget = Static(Text(str(missing)), id="answer")
            instruction = ""
        self.answer_input = widget
        slot = self.query_one("#answer-slot")
        # The last question's widget (same id) is still there when its reveal was never
        # read (the teacher moved on fast): it is gone only once its removal is awaited.
        removing = slot.remove_children()

        async def put() -> None:
            await removing
            if self.answer_input is not widget:  # replaced by a later read meanwhile
                return
            # The prompt appears with its answer widget, focused, in one drawing: a key
            # pressed as soon as the question shows is its answer, not lost on a screen
            # where the widget is not yet (as it was, under the load of a whole class).
            with self.app.batch_update():
                self._show_prompt(presented)
                instructions.update(instruction)
                instructions.display = True
                slot.display = True
                await slot.mount(widget)
                # Focused now, not later as `focus` does: the first focusable widget in it
                # (a typed answer's input, a match's rows, the options).
                target = next((w for w in (widget, *widget.query("*")) if w.focusable), None)
                if target is not None:
                    self.set_focus(target, scroll_visible=False)

        self.call_later(put)
        if view.my_answer_text is not None:
            self._status(self._answer_status(view))
        elif not self.status_text.startswith((HOST_AWAY, STORE_AWAY)):
            self._status("")

    def _show_prompt(self, presented: Presented) -> None:
        line, prompt = prompt_text(presented)
        frame = self.query_one("#frame", Static)
        frame.update(line or "")
        frame.display = line is not None
        shown = self.query_one("#prompt", Static)
        shown.set_class(line is not None, "-framed")
        shown.update(prompt)
        shown.display = True

    def _answer_status(self, view: StudentView) -> str:
        """`Your answer: …. Answer saved — …`, of the answer `view` has."""
        return f"Your answer: {one_line(view.my_answer_text or '')}. {self._saved_text()}"

    def _saved_text(self) -> str:
        view = self.latest
        if view is not None and view.deadline is None:
            return SAVED_NO_TIMER
        return SAVED

    def _show_outcome(self, view: StudentView) -> None:
        state = view.state
        self.query_one("#live-message").display = False
        self.query_one("#instructions").display = False
        self.query_one("#answer-slot").remove_children()
        self.query_one("#answer-slot").display = False
        self.answer_input = None
        self._question_key = None
        self._status("")
        if state.presented is not None:
            self._show_prompt(state.presented)
        if view.my_answer_text is None:
            outcome = Text("No answer this time.", style="bold")
        elif view.correct:
            outcome = Text("\u2713 Right!", style="bold green")
        elif view.points_won:
            outcome = Text("\u25d0 Partly right.", style="bold yellow")
        else:
            outcome = Text("\u2717 Not right.", style="bold red")
        if view.my_answer_text is not None:
            outcome.append(f"\nYou answered: {one_line(view.my_answer_text)}")
        outcome.append("\nThe answer: ", style="bold")
        outcome.append(one_line(state.answer_text))
        won = view.points_won or 0
        outcome.append(f"\n+{points_text(won)} \u00b7 {points_text(view.points)} in all", "bold")
        if view.place is not None:
            outcome.append(f" \u00b7 you are {ordinal(view.place)} of {len(state.players)}")
        shown = self.query_one("#outcome", Static)
        shown.update(outcome)
        shown.display = True
        after = self.query_one("#after", Static)
        after.update(after_text(state.after_lines))
        after.display = bool(state.after_lines)

    def _tick(self) -> None:
        view = self.latest
        if view is None or view.state.phase != "question" or not view.playing:
            self.show_clock("")
            return
        self.show_clock(clock_text(self.time_left(), paused=view.state.paused))

    # -- answering ---------------------------------------------------------------------------

    @on(AnswerGiven)
    def _answer_given(self, event: AnswerGiven) -> None:
        event.stop()
        if event.widget is None or event.widget is not self.answer_input:
            return
        self._status(SAVING)
        self.call(self._answer, event.response)

    def _answer(self, response: Any) -> None:
        """Store the answer (in the calling thread), then say so."""
        self.student.answer(response)
        self.post_message(self.Saved())

    class Saved(Message):
        """The answer is stored (posted by the thread that stored it)."""

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        event.stop()
        self._status(Text(self._saved_text(), style="bold"))

    @work(thread=True, exclusive=True, group="live-leave")
    def action_leave(self) -> None:
        """Leave the game (come back with the same code and name to carry on); a store
        that cannot be told lets the student go all the same: they show as away."""
        with self._calls, contextlib.suppress(*PROBLEMS):
            self.student.leave()
        self.app.call_from_thread(self._left)

    def _left(self) -> None:
        if self._when_left is not None:
            self._when_left()
        elif self.is_current:
            self.dismiss(None)
