"""The quiz screen: one question at a time, its answer widget, then feedback.

Everything the screen shows comes from the GameSession: which question, in which order, the
grade, the points and whether feedback follows. The screen only turns keys into responses
(through the answer widgets) and shows the session's state.

Answers are saved in a worker thread, so that a database locked by another program keeps
the screen alive. The answer is graded on the event loop and its feedback shown at once,
while it is saved in the background (the player reads it meanwhile): no other key counts
until it is stored (Enter pressed meanwhile moves on once it is), and a database that keeps
it waiting is said on the screen. An answer that cannot be stored takes its feedback back
and stops the game (kept, to resume later) with a message saying why. Answers without
feedback (exam mode, a hot-seat player before the last) are shown only once stored.

An exam ends in a review (the session's `review` state): the answers in a list, Enter on
one asks that question again to change its answer (saved like an answer, before it counts;
Esc keeps the answer), and `s` submits them after a confirmation.

The `!` key flags the question (asked or in feedback) for the teacher: a dialog asks why,
and the flag is saved in a worker thread too; one that cannot be saved is said in a notice
and the game goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import ClassVar, Literal, NamedTuple

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static

from ...play.scoring import hint_effect
from ...play.session import (
    AnswerNotSaved,
    AnswerOutcome,
    GameSession,
    PlayedQuestion,
    Standing,
    standings,
)
from ...reports.flags import FLAG_REASONS, FlagError
from ...store import StoreError
from ...util.textsafe import one_line
from ..answers import (
    NoAnswerWidget,
    answer_entry,
    answer_widget,
    hint_label,
    instruction_text,
)
from ..dialogs.confirm import ConfirmDialog
from ..dialogs.flag import FlagDialog
from ..formatting import frame_text, question_meta
from ..widgets.countdown import Countdown
from ..widgets.exam_review import ExamReview
from ..widgets.feedback import FeedbackPanel
from ..widgets.footer import QuizFooter
from ..widgets.messages import AnswerGiven, FlagRequested, HintRequested
from ..widgets.quiz_header import QuizHeader
from ..widgets.scroll_body import ScrollBody
from .base import AppScreen

KEEP_TIME_EVERY = 5.0
"""Seconds of a timed question between two writes of the time spent on it: a killed
window saves nothing on exit, so at most this much of its time is given again on resuming."""

KEEP_TIME_CHECK = 1.0
"""How often (real seconds) the screen asks whether the time spent is due to be kept; the
session's own clock decides, so a test's fake clock decides too."""

SHORT_SCREEN = 20
"""Below this many lines the question's parts are shown without blank lines between them."""

FEEDBACK_INSTRUCTIONS = "Enter or Space: next question."

SETTLE_TIMEOUT = 0.2
"""Seconds the answer key waits at most for the screen's widgets to settle (`_settle`)."""

FLAG_SUBJECT_LENGTH = 100
"""The most characters of a prompt the flag dialog names the question by (about two lines)."""


class HeaderLine(NamedTuple):
    """What the quiz header shows (the arguments of `QuizHeader.show`)."""

    number: int
    total: int
    answered: int
    player: str
    score: int | None
    streak: int


class QuizScreen(AppScreen[None]):
    """Asks the session's questions until it is over, then shows the results."""

    CSS_PATH = "play.tcss"
    AUTO_FOCUS = ""
    """The screen focuses the answer itself: Textual's own focus would scroll a list taller
    than a short terminal to its bottom, hiding the prompt."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "hint", hint_label("standard")),  # each game's own scoring: __init__
        Binding("exclamation_mark", "flag", "Flag"),
        Binding("s", "submit_exam", "Submit answers"),
        # Esc while an exam answer is being changed keeps it; otherwise it leaves the game.
        Binding("escape", "keep_answer", "Keep answer"),
        Binding("escape", "leave", "Leave game"),
    ]

    def __init__(self, session: GameSession) -> None:
        super().__init__()
        # The hint key's label says what a hint costs under this game's scoring (accuracy
        # scoring: nothing), so the footer cannot contradict the rules.
        self._bindings.key_to_bindings["h"] = [Binding("h", "hint", hint_label(session.scoring))]
        self.session = session
        """The game being played."""
        self._save_error_shown = False
        self.saving = False
        """Whether an answer is being saved (input is ignored meanwhile)."""
        self.flagging = False
        """Whether a flag is being saved (the question stays, its input disabled meanwhile,
        so the flag is kept on the question it was made on)."""
        self.answer_input: Widget | None = None
        """The answer widget of the question on screen (None during feedback)."""
        self.showing: Literal["question", "feedback", "review"] | None = None
        """What the screen has finished showing: a question, ready for an answer, the
        feedback of one, or an exam's review (None while it changes)."""
        self.changing: int | None = None
        """In an exam's review, the position of the answer being changed (its question is
        asked again), else None."""
        self._review_at = 0
        """The row of the review list to highlight when it is shown again."""
        self.early_feedback = False
        """Whether the feedback on screen is of an answer still being saved."""
        self._continue_when_saved = False
        """Whether Enter was pressed on feedback whose answer was still being saved."""
        self._header_shown: HeaderLine | None = None
        """What the header shows."""

    def compose(self) -> ComposeResult:
        yield QuizHeader(id="quiz-header")
        yield Countdown(id="countdown")
        # Scrolls at 70x16, where a question and its options may not fit.
        with ScrollBody(id="quiz-body"):
            yield Static("", id="turn", markup=False)
            yield Static("", id="question-meta", markup=False)
            yield Static("", id="frame", markup=False)
            yield Static("", id="prompt", markup=False)
            yield Static("", id="instructions", markup=False)
            yield Static("", id="hint", markup=False)
            yield Vertical(id="answer-slot")
            yield Vertical(id="feedback-slot")  # shown instead of the answer's slot
        yield QuizFooter()

    async def on_mount(self) -> None:
        self.set_interval(KEEP_TIME_CHECK, self._keep_time)
        await self.show_state()

    def on_unmount(self) -> None:
        # Leaving the game (or its end) lets another window resume it.
        self.session.release()

    # -- showing the session's state -----------------------------------------------------

    async def show_state(self) -> None:
        """Show whatever the session is at: a question, its feedback, or the results."""
        session = self.session
        if session.is_over:
            self.quiz_app.show_results(session)
            return
        self.showing = None
        self._show_header()
        self.query_one("#question-meta", Static).display = True  # hidden in the review
        self.query_one("#instructions", Static).display = True
        if session.in_review and self.changing is None:
            await self._show_review()
            self.showing = "review"
        elif session.in_review:
            await self._show_question(session.played[self.changing or 0])
            self.showing = "question"
        elif session.state == "question":
            await self._show_question()
            self.showing = "question"
        else:
            await self._show_feedback()
            self.showing = "feedback"
        self.refresh_bindings()

    def _show_header(self, pending: AnswerOutcome | None = None) -> None:
        """The header of the session's state; with `pending`, as it will be once that
        answer (shown early, being saved) is stored, so that storing it changes nothing."""
        session = self.session
        player = session.player
        total = len(session.played)
        number = session.current.number
        if session.in_review:
            number = total if self.changing is None else self.changing + 1
        answered = session.position + (session.state == "feedback" or pending is not None)
        score, streak = player.score, player.streak
        if pending is not None:
            score, streak = score + pending.points, pending.streak
        shown = HeaderLine(
            number=number,
            total=total,
            answered=total if session.in_review else answered,
            player=player.name,
            score=score if session.shows_feedback else None,
            streak=streak,
        )
        if shown != self._header_shown:  # the same line again would only cost a layout
            self._header_shown = shown
            self.query_one(QuizHeader).show(**shown._asdict())

    async def _show_question(self, played: PlayedQuestion | None = None) -> None:
        session = self.session
        played = played or session.current
        several = len(session.players) > 1
        turn = self.query_one("#turn", Static)
        turn.display = several
        if several:
            turn.update(Text.assemble((session.player.name, "bold"), "'s turn"))
        self.query_one("#question-meta", Static).update(question_meta(played))
        # A claim is said to be one before it is asked ("According to DW, ..."); the prompt
        # then follows the frame line without a gap, as one statement.
        frame = frame_text(played)
        frame_line = self.query_one("#frame", Static)
        frame_line.update(frame or "")
        frame_line.display = frame is not None
        prompt = self.query_one("#prompt", Static)
        prompt.set_class(frame is not None, "-framed")
        prompt.update(Text(played.question.prompt))
        hint = self.query_one("#hint", Static)
        hint.update("")
        hint.display = False
        try:
            instructions = instruction_text(played, session.scoring)
            widget = answer_widget(played)
        except NoAnswerWidget as missing:
            # A kind registered without a widget: said plainly, the game kept to resume.
            self.query_one("#instructions", Static).update(Text(str(missing), style="bold"))
            await self._replace_answer(Static(Text(str(missing)), id="no-answer-widget"))
            self.answer_input = None
            return
        if self.changing is not None:
            # Asked again in the review: no hint (the answer keeps its own), Esc goes back.
            instructions = answer_entry(played).instruction + " Esc: keep your answer."
            (answered,) = [o for o in session.review_outcomes() if o.played is played]
            hint.update(Text.assemble(("Your answer: ", "bold"), one_line(answered.response_text)))
            hint.display = True
        self.query_one("#instructions", Static).update(instructions)
        await self._replace_answer(widget)
        self.answer_input = widget
        # Not scrolled by the focus (a list taller than the body would show its bottom):
        # once placed, the body scrolls as little as shows the answer's cursor.
        widget.focus(scroll_visible=False)
        self.call_after_refresh(self._bring_into_view, widget)
        countdown = self.query_one(Countdown)
        countdown.display = played.time_limit is not None
        session.restart_clock()
        if played.time_limit is not None:
            countdown.start(played.time_limit, session.time_left)
        else:
            countdown.stop()

    async def _show_review(self) -> None:
        session = self.session
        self.query_one(Countdown).stop()
        self.query_one(Countdown).display = False
        several = len(session.players) > 1
        turn = self.query_one("#turn", Static)
        turn.display = several
        if several:
            turn.update(Text.assemble((session.player.name, "bold"), "'s review"))
        # One line says it all, so that at 70x16 the list keeps most of the screen.
        self.query_one("#question-meta", Static).display = False
        self.query_one("#frame", Static).display = False
        self.query_one("#instructions", Static).display = False
        self.query_one("#hint", Static).display = False
        prompt = self.query_one("#prompt", Static)
        prompt.set_class(False, "-framed")
        prompt.update(Text("Your answers: Enter on one changes it; s submits them all."))
        review = ExamReview(session.review_outcomes(), highlighted=self._review_at, id="review")
        await self._replace_answer(review)
        self.answer_input = None
        review.focus()

    def _feedback_of(
        self, pending: AnswerOutcome | None = None
    ) -> tuple[list[AnswerOutcome], list[Standing]]:
        """The answers to the question and the standings, which its feedback shows: with
        `pending`, of an answer not yet saved (the session does not count it yet, so it is
        added here, with the standings it makes)."""
        session = self.session
        position = session.current.position
        outcomes = [
            p.outcomes[-1]
            for p in session.players
            if p.outcomes and p.outcomes[-1].played.position == position
        ]
        ranks = standings(session.players)
        if pending is not None:
            outcomes.append(pending)
            ranks = session.standings_with(pending)
        return outcomes, ranks

    async def _show_feedback(
        self,
        feedback: tuple[list[AnswerOutcome], list[Standing]] | None = None,
        early: bool = False,
    ) -> None:
        """Show `feedback` (by default, that of the answers stored); `early`: of an answer
        still being saved."""
        session = self.session
        outcomes, ranks = feedback or self._feedback_of()
        countdown = self.query_one(Countdown)
        countdown.stop()
        countdown.display = False
        self.query_one("#turn", Static).display = False
        self.query_one("#hint", Static).display = False
        self.query_one("#instructions", Static).update(FEEDBACK_INSTRUCTIONS)
        # The feedback has a slot of its own, which takes the rest of the body (the panel
        # scrolls itself, with its arrows), shown instead of the answer's. Nothing is
        # mounted or removed on the answer key when it can be helped: Textual lays out the
        # screen again once a mount or a removal is over, after the first layout. So the
        # answer widget is removed with the next question, and the panel, mounted for the
        # game's first feedback, is kept (hidden) for the next ones, which only change its
        # text. It is focused at once (not later, as `focus` would), before the answer's
        # slot is hidden: one change of focus, not two, each of which has the whole screen
        # drawn again.
        slot = self.query_one("#feedback-slot", Vertical)
        slot.display = True
        self.query_one("#answer-slot", Vertical).display = False
        panels = slot.query(FeedbackPanel)
        if panels:
            panel = panels.first()
            await panel.show(outcomes, ranks)
        else:
            panel = FeedbackPanel(outcomes, ranks, id="feedback")
            await slot.mount(panel)
        self.set_focus(panel)
        # The card a practised answer makes is read once the answer is stored: feedback
        # shown early, while it is saved, gets the line from `_saved`.
        if session.mode == "practice" and session.store is not None and not early:
            self._read_comes_back(panel, session.current.key)

    @work(thread=True, exclusive=True, group="comes-back")
    def _read_comes_back(self, panel: FeedbackPanel, question_id: str) -> None:
        """Say in the feedback when a practised question comes back (its card's due date,
        read away from the event loop); nothing is said when it cannot be read."""
        from ...play.practice import comes_back_text

        session = self.session
        store = session.store
        if store is None:
            return
        try:
            card = store.cards(session.player.name, session.packs[0].id).get(question_id)
        except StoreError:
            return
        if card is None:
            return
        words = comes_back_text(card.due, session.now())
        self.app.call_from_thread(panel.show_comes_back, f"Comes {words}.", question_id)

    async def _replace_answer(self, widget: Widget) -> None:
        self.query_one("#feedback-slot", Vertical).display = False  # its panel is kept
        slot = self.query_one("#answer-slot", Vertical)
        slot.display = True
        await slot.remove_children()
        await slot.mount(widget)

    # -- keeping the time of a timed question ----------------------------------------------

    def _keep_time(self) -> None:
        session = self.session
        if self.showing == "question" and not self.saving and session.time_left() is not None:
            self._keep_time_now()

    @work(thread=True, exclusive=True, group="keep-time")
    def _keep_time_now(self) -> None:
        """Store the time spent so far, if due, away from the event loop: a database locked
        by another program must not freeze the countdown. A failure only sets the
        session's `save_error` (reported with the next answer)."""
        self.session.keep_time(every=KEEP_TIME_EVERY)

    # -- events --------------------------------------------------------------------------

    @on(AnswerGiven)
    async def _answer_given(self, event: AnswerGiven) -> None:
        event.stop()
        if event.widget is not None and event.widget is self.answer_input:
            await self.submit(event.response)

    @on(Countdown.Expired)
    async def _time_is_up(self, event: Countdown.Expired) -> None:
        event.stop()
        await self._submit_if_time_is_up()

    async def _submit_if_time_is_up(self) -> None:
        left = self.session.time_left()
        if left is not None and left <= 0:
            await self.submit(None)

    async def submit(self, response: object) -> None:
        """Answer the current question (None: no answer); the feedback or next question is
        shown once the answer is saved."""
        session = self.session
        if self.saving or self.flagging:
            return
        if session.in_review and self.changing is not None:
            self.answer_input = None
            self.showing = None
            self.saving = True
            self.refresh_bindings()
            self._save_change(self.changing, response)
            return
        if session.state != "question":
            return  # (a timed question whose time ran out meanwhile is submitted after)
        self.query_one(Countdown).stop()
        early = session.feedback_follows
        if self.answer_input is not None and not early:
            # (Replaced by the feedback at once otherwise: no need to restyle it first.)
            self.answer_input.disabled = True
        self.answer_input = None
        self.showing = None
        self.saving = True
        outcome = session.grade(response)  # grading is quick: the saving is what may wait
        self._continue_when_saved = False
        if not early:
            self.refresh_bindings()
            self._save_answer(outcome)
            return
        # Shown at once, while the answer is saved: taken back if it cannot be. What it
        # shows is read from the session first, as the saving thread then counts the
        # answer; the thread starts before the feedback is built, so that the answer is
        # often stored by the time the screen is drawn (one drawing, not two). Its message
        # (`_Saved`, `_NotSaved`) is handled after this handler, the feedback on screen.
        self.early_feedback = True
        feedback = self._feedback_of(pending=outcome)
        with self.app.batch_update():
            self._show_header(pending=outcome)
            self._save_answer(outcome)
            await asyncio.sleep(0)  # the worker's task starts its thread (and the saving)
            await self._show_feedback(feedback, early=True)
            self.refresh_bindings()
            await self._settle()

    async def _settle(self) -> None:
        """Wait until the screen's widgets have handled the messages they were sent: the
        layout and the drawing they then ask the screen for are queued on it before the
        batch of changes ends, and done in one go. Otherwise the screen, idle once the
        batch ends, draws what it has been asked for so far, and lays out and draws again
        when the widgets' requests arrive (two drawings of most of the screen, not one)."""
        loop = asyncio.get_running_loop()
        settled: asyncio.Future[None] = loop.create_future()
        pending = 0

        def one_settled() -> None:
            nonlocal pending
            pending -= 1
            if not pending and not settled.done():
                settled.set_result(None)

        for widget in self.walk_children(Widget):
            if widget.is_running:
                pending += 1
                widget.call_next(one_settled)
        if pending:
            # A widget removed meanwhile would never answer: not waited for long.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(settled, SETTLE_TIMEOUT)

    class _Saving(Message):
        """The answer is waiting for the database (posted by the saving thread)."""

    class _Saved(Message):
        """The answer is stored (posted by the saving thread)."""

    class _NotSaved(Message):
        """The answer could not be stored (posted by the saving thread)."""

        def __init__(self, problem: AnswerNotSaved) -> None:
            super().__init__()
            self.problem = problem

    @work(thread=True, exclusive=True, group="save-answer")
    def _save_answer(self, outcome: AnswerOutcome) -> None:
        """Store the graded answer away from the event loop (a locked database may keep it
        waiting for a while), then show what follows. Messages, which may be posted from
        any thread, bring the outcome back to the screen."""
        try:
            self.session.commit(outcome, on_wait=lambda: self.post_message(self._Saving()))
        except AnswerNotSaved as problem:
            self.post_message(self._NotSaved(problem))
            return
        self.post_message(self._Saved())

    @work(thread=True, exclusive=True, group="save-answer")
    def _save_change(self, position: int, response: object) -> None:
        """Grade and store a changed answer of an exam's review, as `_save_answer` does."""
        try:
            self.session.change_answer(
                position, response, on_wait=lambda: self.post_message(self._Saving())
            )
        except AnswerNotSaved as problem:
            self.post_message(self._NotSaved(problem))
            return
        self.post_message(self._Saved())

    @work(thread=True, exclusive=True, group="save-answer")
    def _submit_exam(self) -> None:
        """Submit the exam's answers (marking the game finished is a store write)."""
        self.session.submit()
        self.post_message(self._Saved())

    @on(ExamReview.ChangeRequested)
    async def _change_requested(self, event: ExamReview.ChangeRequested) -> None:
        event.stop()
        if self.showing != "review" or self.saving:
            return
        review = self.query_one(ExamReview)
        self._review_at = review.highlighted or 0
        self.changing = event.position
        await self.show_state()

    @work(exclusive=True, group="submit-exam")
    async def action_submit_exam(self) -> None:
        """Submit the exam's answers, once the player confirms."""
        if self.showing != "review" or self.saving:
            return
        confirm = ConfirmDialog(
            "Submit your answers? They cannot be changed afterwards.",
            yes="Submit",
            no="Keep reviewing",
        )
        if not await self.app.push_screen_wait(confirm) or self.showing != "review":
            return
        self.showing = None
        self.saving = True
        self.refresh_bindings()
        self._review_at = 0
        self._submit_exam()

    @on(_Saving)
    def _show_saving(self) -> None:
        self.query_one("#instructions", Static).update(
            Text("Saving your answer\u2026 (waiting for the score database)", style="bold")
        )

    @on(_Saved)
    async def _saved(self) -> None:
        self.saving = False
        self.changing = None  # a changed answer is stored: back to the review
        early, self.early_feedback = self.early_feedback, False
        session = self.session
        if session.save_error and not self._save_error_shown:
            self._save_error_shown = True
            self.notify(
                f"Not saved: {session.save_error}",
                title="Not saved",
                severity="error",
                timeout=10,
                markup=False,
            )
        if early and session.state == "feedback" and not self._continue_when_saved:
            # Its feedback is on screen already: only what the saving changed is shown.
            # Unchanged text is not updated: each update would lay out the screen again.
            self._show_header()
            instructions = self.query_one("#instructions", Static)
            if str(instructions.content) != FEEDBACK_INSTRUCTIONS:  # said it was waiting
                instructions.update(FEEDBACK_INSTRUCTIONS)
            self.showing = "feedback"
            self.refresh_bindings()
            if session.mode == "practice" and session.store is not None:
                panel = self.query_one("#feedback", FeedbackPanel)
                self._read_comes_back(panel, session.current.key)
            return
        if early and session.state == "feedback":
            session.advance()  # Enter was pressed while it was being saved
        await self.show_state()

    @on(_NotSaved)
    def _not_saved(self, event: _NotSaved) -> None:
        """Stop the game without feedback: the answer exists nowhere. The game stays in the
        store as it was, to resume at this question."""
        self.saving = False
        if self.early_feedback:
            # The feedback shown while it was saved is taken back: it counts for nothing.
            self.early_feedback = False
            self.query("#feedback").remove()
        problem = event.problem
        message = (
            f"Your answer could not be saved: {problem.reason}. The game is kept: resume it"
            " from the home screen or with `civic-quiz play --resume`."
        )
        self.quiz_app.game_stopped(self.session, message)

    @on(FeedbackPanel.Continued)
    async def _continued(self, event: FeedbackPanel.Continued) -> None:
        event.stop()
        if self.saving:
            self._continue_when_saved = self.early_feedback  # moves on once it is stored
            return
        if self.session.state == "feedback" and not self.flagging:
            self.session.advance()
            await self.show_state()

    def _bring_into_view(self, widget: Widget) -> None:
        """Scroll the body as little as shows the answer's cursor (its first row, an input),
        so that the prompt and a match's numbered sides stay above it when they fit."""
        if not widget.is_mounted:
            return
        body = self.query_one("#quiz-body", ScrollBody)
        lists = [widget] if isinstance(widget, OptionList) else list(widget.query(OptionList))
        for options in lists:
            body.show_highlight(options)
        if not lists:
            body.scroll_to_widget(widget, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        # A short terminal (70x16) drops the blank lines between the parts of a question.
        self.set_class(event.size.height < SHORT_SCREEN, "-short")

    @on(OptionList.OptionHighlighted)
    def _keep_highlight_in_view(self, event: OptionList.OptionHighlighted) -> None:
        # A list taller than the screen does not scroll itself: the body does, so the row
        # the arrows reached stays visible (after the layout that places it).
        self.call_after_refresh(self._show_highlight, event.option_list)

    def _show_highlight(self, options: OptionList) -> None:
        # Not once the list is gone or hidden: a number key highlights its option as it
        # answers, and the feedback (or the next question) is shown by the time this runs.
        if options.is_attached and self.query_one("#answer-slot", Vertical).display:
            self.query_one("#quiz-body", ScrollBody).show_highlight(options)

    @on(HintRequested)
    def _hint_requested(self, event: HintRequested) -> None:
        event.stop()
        if self.changing is None:  # an answer changed in the review keeps its own hint
            self.action_hint()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.saving and self.early_feedback and action in ("flag", "leave"):
            # Feedback shown while its answer is saved offers the keys it will have once it
            # is stored (a few milliseconds): the footer is drawn once, not twice, and a key
            # pressed meanwhile waits for the answer to be stored (`_until_stored`).
            return True
        if self.saving or self.flagging:
            return False
        if action == "submit_exam":
            return self.showing == "review"
        if action == "keep_answer":
            return self.changing is not None
        if action == "leave":
            return self.changing is None
        if action == "flag":
            # A typed answer's input takes `!` as a character (flagged there with `!` and
            # Enter): the key is not offered while it has the question.
            if self.showing == "question" and self.changing is None:
                return not self.session.current.typed
            return self.showing == "feedback"
        if action == "hint":
            session = self.session
            return (
                session.state == "question"
                and session.current.question.hint is not None
                and not session.current.typed
                and not session.hint_used  # shown already: the key would do nothing new
            )
        return True

    def action_hint(self) -> None:
        """Show the question's hint (under standard scoring it halves the points)."""
        hint = self.session.use_hint()
        widget = self.query_one("#hint", Static)
        if hint is None:
            widget.update("This question has no hint.")
        else:
            cost = f" ({hint_effect(self.session.scoring)})"
            widget.update(Text.assemble(("Hint: ", "bold"), hint, (cost, "italic")))
        widget.display = True
        self.refresh_bindings()

    # -- flagging the question -----------------------------------------------------------

    @on(FlagRequested)
    def _flag_requested(self, event: FlagRequested) -> None:
        event.stop()
        self.action_flag()

    async def _until_stored(self) -> None:
        """Wait while the answer of the feedback on screen is being saved."""
        while self.saving and self.early_feedback:
            await asyncio.sleep(0.01)

    @work(exclusive=True, group="flag")
    async def action_flag(self) -> None:
        """Ask why the question is flagged, then save the flag (in a thread)."""
        await self._until_stored()
        if self.showing in (None, "review") or self.saving or self.flagging:
            return
        if self.changing is not None:  # flagged in play, where the question is current
            return
        played = self.session.current
        prompt = one_line(played.question.prompt)
        if len(prompt) > FLAG_SUBJECT_LENGTH:  # the dialog must fit 80x24 under a long prompt
            prompt = prompt[: FLAG_SUBJECT_LENGTH - 1].rstrip() + "\u2026"
        subject = f"Question {played.number}: {prompt}"
        chosen = await self.app.push_screen_wait(FlagDialog(subject))
        if chosen is None:
            return
        if self.saving or self.flagging or self.showing is None:
            # Its time ran out while the dialog was open, and the answer is being saved.
            self.notify(
                "Not flagged: your answer was being saved. Press ! again to flag it.",
                title="Not flagged",
                severity="warning",
                markup=False,
            )
            return
        reason, note = chosen
        self.flagging = True
        if self.answer_input is not None:
            self.answer_input.disabled = True  # no answer until the flag is kept (or not)
        self.refresh_bindings()
        self._save_flag(reason, note)

    class _Flagged(Message):
        """The flag is stored, or could not be (posted by the flag's thread)."""

        def __init__(self, reason: str, problem: str | None) -> None:
            super().__init__()
            self.reason = reason
            self.problem = problem

    @work(thread=True, exclusive=True, group="save-flag")
    def _save_flag(self, reason: str, note: str) -> None:
        """Store the flag away from the event loop (the database may be busy)."""
        try:
            self.session.flag(reason, note)
        except (FlagError, StoreError) as problem:
            self.post_message(self._Flagged(reason, str(problem)))
            return
        self.post_message(self._Flagged(reason, None))

    @on(_Flagged)
    async def _flagged(self, event: _Flagged) -> None:
        self.flagging = False
        widget = self.answer_input
        if widget is not None:
            widget.disabled = False
            widget.focus()
        self.refresh_bindings()
        if event.problem is None:
            reason = FLAG_REASONS.get(event.reason, event.reason).lower()
            self.notify(f"Flagged as {reason}: thank you", title="Flagged", markup=False)
        else:
            self.notify(
                f"The flag could not be saved: {event.problem}. The game goes on.",
                title="Not flagged",
                severity="error",
                timeout=10,
                markup=False,
            )
        if self.showing == "question":
            await self._submit_if_time_is_up()  # its time may have run out meanwhile

    async def action_keep_answer(self) -> None:
        """Back to the exam's review, the answer being changed kept as it was."""
        if self.changing is not None and not self.saving:
            self.changing = None
            await self.show_state()

    @work(exclusive=True, group="leave")
    async def action_leave(self) -> None:
        """Leave the game (after confirming); it stays saved and can be resumed."""
        await self._until_stored()
        if not self.is_current:
            return  # the answer could not be saved: the game stopped, and says why
        if self.session.store is not None:
            question = "Leave this game? Your answers so far are saved: resume it later from"
            question += " the home screen."
        else:
            question = "Leave this game? Scores are not being saved, so it cannot be resumed."
        confirm = ConfirmDialog(question, yes="Leave", no="Keep playing")
        if await self.app.push_screen_wait(confirm):
            self.quiz_app.action_home()
