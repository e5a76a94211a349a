"""The offer, on the home screen, to resume or discard an unfinished game."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from ...store import GameRecord
from ...util.textsafe import one_line
from ..formatting import date_text, plural


class ResumeOffer(Vertical):
    """`Unfinished game (2024-05-01): <pack>`, then `timed · 3 of 7 answered · 250 points`
    (wrapped, never cut) with Resume
    and Discard buttons; a hot-seat game names its players (`Ada, Ben take turns`)."""

    @dataclass
    class ResumeChosen(Message):
        """The player wants to continue this game."""

        game: GameRecord

    @dataclass
    class DiscardChosen(Message):
        """The player wants to drop this game."""

        game: GameRecord

    def __init__(
        self,
        game: GameRecord,
        pack_title: str,
        *,
        players: Sequence[str] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.game = game
        """The unfinished game on offer."""
        self.pack_title = pack_title
        self.players = tuple(players) or (game.player,)
        """Everyone who plays it, in turn order (several in a hot-seat game)."""

    def compose(self) -> ComposeResult:
        game = self.game
        # The date before the pack's title, so that only the title is ever cut (ellipsis);
        # the details wrap beside the buttons rather than being cut (70 columns).
        title = Text.assemble(
            ("Unfinished game ", "bold"),
            f"({date_text(game.started_at)})",
            (": ", "bold"),
            one_line(self.pack_title),
        )
        yield Static(title, classes="resume-title")
        if len(self.players) > 1:
            names = one_line(", ".join(self.players))
            yield Static(f"Hot-seat: {names} take turns", markup=False, classes="resume-players")
        facts = [game.mode, f"{game.answered} of {len(game.question_ids)} answered"]
        if game.mode != "exam":  # an exam's score stays hidden until its end
            facts.append(plural(game.score, "point"))
        details = " \u00b7 ".join(facts)
        with Horizontal(classes="resume-row"):
            yield Static(details, markup=False, classes="resume-text")
            yield Button("Resume (r)", id="resume", variant="primary", compact=True)
            yield Button("Discard (x)", id="discard", compact=True)

    @on(Button.Pressed, "#resume")
    def _resume(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.ResumeChosen(self.game))

    @on(Button.Pressed, "#discard")
    def _discard(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.DiscardChosen(self.game))
