"""The editor's preview (`p`): the question being edited, played in the game's own answer
widget and feedback panel, with nothing stored (no game, no database)."""

from __future__ import annotations

import random
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.model import QuestionBase
from ...kinds import kind_of
from ...packs.model import Pack
from ...play.scoring import score_answer
from ...play.session import AnswerOutcome, PlayedQuestion, response_text
from ..answers import NoAnswerWidget, answer_entry, answer_widget
from ..formatting import frame_text, question_meta
from ..widgets.feedback import FeedbackPanel
from ..widgets.messages import AnswerGiven


def preview_played(pack: Pack, question: QuestionBase) -> PlayedQuestion:
    """The question as a one-question game would present it (options in a fixed order)."""
    return PlayedQuestion(
        position=0,
        total=1,
        pack=pack,
        question=question,
        key=question.id,
        options=kind_of(question).options(question, random.Random(f"preview:{question.id}")),
        points=pack.points_for(question),
        time_limit=None,
    )


def preview_outcome(played: PlayedQuestion, response: Any) -> AnswerOutcome:
    """Grade a response as the game does, without a session or a store."""
    grade = kind_of(played.question).grade_in(played.question, response, played.pack.language)
    return AnswerOutcome(
        player="You",
        played=played,
        response=response,
        response_text=response_text(played, response),
        grade=grade,
        points=score_answer(points=played.points, credit=grade.credit),
        streak=1 if grade.correct else 0,
        hint_used=False,
        seconds=0.0,
        timed_out=False,
    )


class PreviewScreen(ModalScreen[None]):
    """Play one question as a student would, see its feedback; Esc closes."""

    CSS_PATH = "../screens/play.tcss"
    DEFAULT_CSS = """
    PreviewScreen #preview {
        height: 90%;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close preview", key_display="esc"),
    ]

    def __init__(self, pack: Pack, question: QuestionBase) -> None:
        super().__init__()
        self.played = preview_played(pack, question)
        """The question as the game presents it."""
        self.outcome: AnswerOutcome | None = None
        """The answer given in the preview, once given."""

    def compose(self) -> ComposeResult:
        played = self.played
        with Vertical(classes="dialog -wide", id="preview"):
            yield Static(Text("Preview: nothing is stored"), classes="dialog-title")
            yield Static(question_meta(played), id="question-meta")
            frame = frame_text(played)
            if frame is not None:
                yield Static(frame, id="frame")
            yield Static(Text(played.question.prompt), id="prompt")
            try:
                instruction = answer_entry(played).instruction
                widget = answer_widget(played)
            except NoAnswerWidget as missing:
                yield Static(Text(str(missing)), id="instructions")
                return
            yield Static(Text(instruction + " Esc closes."), id="instructions")
            with Vertical(id="answer-slot"):
                yield widget

    def on_mount(self) -> None:
        found = self.query("#answer")
        if found:
            found.first().focus()

    @on(AnswerGiven)
    async def _answered(self, event: AnswerGiven) -> None:
        event.stop()
        if self.outcome is not None or event.response is None:
            return
        self.outcome = preview_outcome(self.played, event.response)
        slot = self.query_one("#answer-slot", Vertical)
        await slot.remove_children()
        panel = FeedbackPanel([self.outcome], id="feedback")
        await slot.mount(panel)
        self.query_one("#instructions", Static).update("Enter or Esc: back to the editor.")
        panel.focus()

    @on(FeedbackPanel.Continued)
    def _continued(self, event: FeedbackPanel.Continued) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        """Back to the editor."""
        self.dismiss(None)
