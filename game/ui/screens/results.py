"""The results of a finished game: scores, the pack's leaderboard with this game marked,
and a review of every question."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...play.session import GameSession, standings
from ...store import LeaderboardRow, ScoreStore, StoreError
from ...util.textsafe import one_line
from ..formatting import duration_text, plural
from ..lifecycle import showing
from ..widgets.footer import QuizFooter
from ..widgets.leaderboard_table import LeaderboardTable
from ..widgets.podium import Podium
from ..widgets.review import GameReview
from .base import AppScreen


def practice_text(session: GameSession) -> Text:
    """What a practice round practised: no score to beat, no streak, only the questions
    and how many were right (when each comes back is read from the cards, after)."""
    titles = one_line(", ".join(p.title for p in session.packs))
    text = Text.assemble(("Practice: ", "bold"), titles)
    for player in session.players:
        text.append("\n")
        text.append(one_line(player.name), style="bold")
        text.append(
            f": {plural(len(player.outcomes), 'question')} practised \u00b7 "
            f"{player.correct} right \u00b7 {duration_text(player.seconds)}"
        )
    return text


def summary_text(session: GameSession) -> Text:
    """Each player's score, correct answers, best streak and time."""
    if session.mode == "practice":
        return practice_text(session)
    text = Text()
    titles = one_line(", ".join(p.title for p in session.packs))
    text.append("Game over: ", style="bold")
    text.append(titles)
    text.append(f" ({session.mode})")
    total = len(session.played)
    for player in session.players:
        text.append("\n")
        text.append(one_line(player.name), style="bold")
        text.append(
            f": {player.score} of {session.max_score} points \u00b7 "
            f"{player.correct} of {total} correct \u00b7 best streak {player.best_streak}"
            f" \u00b7 {duration_text(player.seconds)}"
        )
    return text


PROMPT_SHOWN = 50
"""The most characters of a prompt the practice results name a question by."""


class ResultsScreen(AppScreen[None]):
    """Scrolls with the arrows; Enter goes home to play again."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["play.tcss", "boards.tcss"]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "home", "Home"),
        Binding("l", "leaderboard", "Leaderboards"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: GameSession) -> None:
        super().__init__()
        self.session = session
        """The finished game."""

    def compose(self) -> ComposeResult:
        session = self.session
        with VerticalScroll(id="results-body"):
            yield Static(summary_text(session), id="results-summary")
            if len(session.players) > 1:
                yield Podium(standings(session.players), id="podium")
            if session.mode == "practice":  # when each question comes back, once read
                yield Static("", id="practice-due", markup=False)
            else:  # practice never counts on a leaderboard
                yield Static(
                    Text.assemble(("Leaderboard \u2014 ", "bold"), *self._titles()),
                    classes="section-title",
                )
                yield LeaderboardTable(id="results-leaderboard")
            yield Static(Text("Review", style="bold"), classes="section-title")
            yield GameReview(session.players, id="results-review")
        yield QuizFooter()

    def _titles(self) -> list[str]:
        return [", ".join(p.title for p in self.session.packs)]

    def on_mount(self) -> None:
        self.query_one("#results-body").focus()
        if self.session.mode == "practice":
            self._read_due()
            return
        table = self.query_one(LeaderboardTable)
        store = self.session.store
        if store is None:
            table.show([], empty="Scores were not saved, so there is no leaderboard.")
            return
        table.loading = True
        self._read_board(store)

    @work(thread=True, exclusive=True, group="results-board")
    def _read_board(self, store: ScoreStore) -> None:
        """Read the pack's leaderboard away from the event loop (a database that is slow
        or gone must not freeze the results), then show it."""
        try:
            rows, problem = store.leaderboard(self.session.pack_id, limit=10), None
        except StoreError as error:
            rows, problem = [], f"The leaderboard cannot be read: {error}"
        self.app.call_from_thread(self._show_board, rows, problem)

    def _show_board(self, rows: list[LeaderboardRow], problem: str | None) -> None:
        if not showing(self):
            return
        table = self.query_one(LeaderboardTable)
        table.loading = False
        if problem is not None:
            table.show([], empty=problem)
            return
        ours = {p.game_id for p in self.session.players if p.game_id is not None}
        table.show(rows, ours)
        if rows and ours and not any(r.game_id in ours for r in rows):
            summary = summary_text(self.session)
            summary.append(f"\nNot in the top {plural(len(rows), 'game')} this time.")
            self.query_one("#results-summary", Static).update(summary)

    @work(thread=True, exclusive=True, group="practice-due")
    def _read_due(self) -> None:
        """Read when each practised question comes back, away from the event loop."""
        from ...play.practice import comes_back_text  # fsrs: loaded once a round is practised

        session = self.session
        store = session.store
        if store is None:
            self.app.call_from_thread(
                self._show_due, "Scores are not being saved: nothing is scheduled."
            )
            return
        try:
            cards = store.cards(session.player.name, session.packs[0].id)
        except StoreError as error:
            self.app.call_from_thread(self._show_due, f"When they come back is unknown: {error}")
            return
        now = session.now()
        lines = ["When each question comes back:"]
        for outcome in session.player.outcomes:
            played = outcome.played
            card = cards.get(played.key)
            when = comes_back_text(card.due, now) if card is not None else "not scheduled"
            prompt = one_line(played.question.prompt)
            if len(prompt) > PROMPT_SHOWN:
                prompt = prompt[: PROMPT_SHOWN - 1].rstrip() + "\u2026"
            lines.append(f"{played.number}. {prompt}: {when}")
        self.app.call_from_thread(self._show_due, "\n".join(lines))

    def _show_due(self, text: str) -> None:
        if showing(self):
            self.query_one("#practice-due", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leaderboard":  # practice never counts on a leaderboard
            return self.session.mode != "practice"
        return True

    def action_home(self) -> None:
        """Back to the home screen."""
        self.quiz_app.action_home()

    def action_leaderboard(self) -> None:
        """Open the leaderboards, on this game's pack."""
        self.quiz_app.action_leaderboard(self.session.pack_id)
