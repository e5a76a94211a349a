"""The host's screen, for the projector: the join code and the players in the lobby, then
each question with its countdown and the count of answers, the class's answers and the
right one, the top five, the podium and the results.

It holds no game rules: every key calls `game.live`'s host in a thread, and what is shown
is the session as last read from the store."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...live.model import LiveError, LivePlayer, LiveState
from ...play.session import Standing as PodiumStanding
from ...util.textsafe import one_line
from ..widgets.answer_count import AnswerCount
from ..widgets.class_answers import ClassAnswers
from ..widgets.footer import QuizFooter
from ..widgets.join_code import JoinCode
from ..widgets.podium import podium_text
from ..widgets.qr_code import QrCode
from ..widgets.scroll_body import ScrollBody
from ..widgets.top_five import top_text
from .base import LiveScreen, clock_text
from .ports import HostControls
from .showing import after_text, options_text, prompt_text

SHORT_SCREEN = 20
"""Below this many lines the lobby is drawn without blank lines, to keep room for names."""

TICK = 0.2
"""Seconds between two redraws of the countdown."""

View = Literal["lobby", "question", "reveal", "leaders", "podium", "results"]
"""What the screen shows: the phase of the session, but a reveal is shown in two steps
(the class's answers, then the top five)."""

ADVANCE_LABELS: dict[View, str] = {
    "lobby": "Start",
    "question": "Reveal",
    "reveal": "Top five",
    "leaders": "Next question",
    "podium": "Results",
    "results": "Close",
}


def player_line(player: LivePlayer) -> Text:
    """`Ana` and what the teacher should know: away, answered, extra time (in words)."""
    text = Text(one_line(player.name))
    notes = []
    if not player.connected:
        notes.append("away")
    if player.extra_time:
        notes.append("extra time")
    if notes:
        text.append(f" ({', '.join(notes)})", style="italic")
    return text


def podium_standings(state: LiveState) -> list[PodiumStanding]:
    """The session's top as the podium widget draws standings."""
    return [PodiumStanding(s.rank, s.name, s.points, 0) for s in state.top]


def results_text(state: LiveState) -> Text:
    """Every player's points, best first, when the game is over."""
    text = Text("The class game is over. Final results", style="bold")
    ranked = sorted(state.players, key=lambda p: (-p.points, p.name))
    place = 0
    for number, player in enumerate(ranked, 1):
        if number == 1 or player.points != ranked[number - 2].points:
            place = number
        text.append(f"\n{place:>3}. ")
        text.append(one_line(player.name))
        text.append(f"  {player.points} point{'s' * (player.points != 1)}")
    if not ranked:
        text.append("\nNobody joined.")
    text.append("\n\nThe answers are kept: civic-quiz scores --session ")
    text.append(one_line(state.code))
    return text


class HostScreen(LiveScreen[LiveState]):
    """Enter moves on (start, reveal, top five, next question, results); p pauses, s skips
    the question, e ends the game; k removes a player and x gives one extra time (in the
    lobby the highlighted one, later one picked from a list)."""

    CSS_PATH = "live.tcss"
    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "advance", "Start", key_display="\u23ce"),
        Binding("p", "pause", "Pause"),
        Binding("s", "skip", "Skip"),
        Binding("k", "remove", "Remove"),
        Binding("x", "extra_time", "Extra time"),
        Binding("e", "end", "End"),
    ]

    def __init__(
        self,
        host: HostControls,
        open_watcher: Callable[[], Any],
        *,
        url: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(open_watcher, clock=clock)
        self.host = host
        self.url = url
        """The address of a running `civic-quiz serve`, shown with its QR code."""
        self.view: View = "lobby"
        self._revealing = False
        """A reveal was asked for (time up, everyone answered): not asked twice."""
        self._ending = False

    def compose(self) -> ComposeResult:
        yield Static("", id="live-title", markup=False)
        with Horizontal(id="lobby"):
            with Vertical(id="lobby-join"):
                yield Static("Join with the code", id="join-heading", markup=False)
                yield JoinCode(self.host.code, id="join-code")
                yield Static("", id="join-how", markup=False)
                yield Static("", id="player-count", markup=False)
                yield OptionList(id="players")
            yield QrCode(id="qr")
        with ScrollBody(id="host-body"):
            yield Static("", id="frame", markup=False)
            yield Static("", id="prompt", markup=False)
            yield Static("", id="options", markup=False)
            yield ClassAnswers(id="bars")
            yield Static("", id="answer", markup=False)
            yield Static("", id="after", markup=False)
            yield Static("", id="leaders", markup=False)
            yield Static("", id="podium", markup=False)
        with Horizontal(id="host-status"):
            yield Static("", id="clock", markup=False)
            yield AnswerCount(id="answer-count")
        yield QuizFooter()

    def on_mount(self) -> None:
        super().on_mount()
        code = one_line(self.host.code)
        how = (
            f"Code {code}: press j on the home screen, or run civic-quiz join {code} --player NAME"
        )
        if self.url is not None:
            how += f"; in a browser, open {one_line(self.url)}"
        self.query_one("#join-how", Static).update(how)
        self.query_one(QrCode).show(self.url)
        self.set_interval(TICK, self._tick)
        self._show_view()

    def on_resize(self) -> None:
        # The QR code takes 18 lines: on a small screen the address is given in words only.
        width, height = self.size
        self.set_class(height < SHORT_SCREEN, "-short")
        self.query_one(QrCode).display = self.url is not None and height >= 24 and width >= 76

    # -- reading -----------------------------------------------------------------------------

    def read(self) -> LiveState:
        return self.host.state()

    def show(self, data: LiveState) -> None:
        state = data
        view = self._view_of(state)
        if view != "reveal" or self.view not in ("reveal", "leaders"):
            self.view = view
        if state.phase != "question":
            self._revealing = False
        self.set_deadline(state.deadline, state.now)
        self._show_title(state)
        self._show_players(state)
        self._show_question(state)
        self._show_reveal(state)
        self._show_view()
        self._tick()
        self.refresh_bindings()

    def problem(self, text: str, *, reading: bool) -> None:
        if reading:
            self.query_one("#live-title", Static).update(
                Text.assemble(("Waiting for the score database: ", "bold"), one_line(text))
            )
        else:
            self.notify(one_line(text), title="Class game", severity="error", markup=False)

    def _view_of(self, state: LiveState) -> View:
        if state.phase == "ended":
            return "results"
        if state.phase in ("lobby", "question", "podium"):
            return state.phase
        return "reveal"

    # -- showing -----------------------------------------------------------------------------

    def _show_title(self, state: LiveState) -> None:
        # The pack's title last: a long one is cut, never the question's number.
        title = Text.assemble(("Class game ", "bold"), (one_line(state.code), "bold"), " \u00b7 ")
        if state.index >= 0 and state.phase in ("question", "reveal"):
            title.append(f"Question {state.index + 1} of {state.total} \u00b7 ", style="bold")
        if state.paused:
            title.append("paused \u00b7 ", style="bold")
        title.append(one_line(state.pack_title))
        self.query_one("#live-title", Static).update(title)

    def _show_players(self, state: LiveState) -> None:
        players = state.players
        connected = sum(p.connected for p in players)
        count = f"{len(players)} player{'s' * (len(players) != 1)} joined"
        if connected != len(players):
            count += f" ({connected} connected)"
        self.query_one("#player-count", Static).update(Text(count, style="bold"))
        names = self.query_one("#players", OptionList)
        highlighted = names.highlighted
        # Rebuilt on every read: a player's notes (away, extra time) change too.
        names.clear_options()
        names.add_options([Option(player_line(p), id=p.name) for p in players])
        if players:
            names.highlighted = min(highlighted or 0, len(players) - 1)

    def _show_question(self, state: LiveState) -> None:
        presented = state.presented
        frame = self.query_one("#frame", Static)
        prompt = self.query_one("#prompt", Static)
        options = self.query_one("#options", Static)
        if presented is None:
            for widget in (frame, prompt, options):
                widget.update("")
            return
        line, text = prompt_text(presented)
        frame.update(line or "")
        frame.display = line is not None
        self.query_one("#prompt").set_class(line is not None, "-framed")
        prompt.update(text)
        options.update(options_text(presented))
        self.query_one(AnswerCount).show(state.answered, sum(p.connected for p in state.players))

    def _show_reveal(self, state: LiveState) -> None:
        self.query_one(ClassAnswers).show(state.bars)
        answer = Text.assemble(("\u2713 The answer: ", "bold"), one_line(state.answer_text))
        self.query_one("#answer", Static).update(answer)
        self.query_one("#after", Static).update(after_text(state.after_lines))
        title = f"Top five after question {state.index + 1} of {state.total}"
        self.query_one("#leaders", Static).update(top_text(state.top, title=title))
        if state.phase == "podium" and state.top:
            drawing = podium_text(podium_standings(state))
            drawing.append("\n\n")
            drawing.append_text(top_text(state.top, title="Final top five"))
            self.query_one("#podium", Static).update(drawing)
        elif state.phase == "ended":
            self.query_one("#podium", Static).update(results_text(state))

    def _show_view(self) -> None:
        view = self.view
        shown = {
            "#lobby": view == "lobby",
            "#frame": view in ("question", "reveal") and bool(self.query_one("#frame").render()),
            "#prompt": view in ("question", "reveal"),
            "#options": view == "question",
            "#bars": view == "reveal",
            "#answer": view == "reveal",
            "#after": view == "reveal",
            "#leaders": view == "leaders",
            "#podium": view in ("podium", "results"),
            "#host-body": view != "lobby",
            "#answer-count": view == "question",
        }
        for selector, display in shown.items():
            self.query_one(selector).display = display
        label = ADVANCE_LABELS[view]
        state = self.latest
        if view == "leaders" and state is not None and state.index + 1 >= state.total:
            label = "Podium"
        self._bindings.key_to_bindings["enter"] = [
            Binding("enter", "advance", label, key_display="\u23ce")
        ]
        if view == "lobby":
            self.query_one("#players", OptionList).focus()
        else:
            self.set_focus(None)

    def _tick(self) -> None:
        state = self.latest
        if state is None or state.phase != "question":
            self.show_clock("")
            return
        left = self.time_left()
        self.show_clock(clock_text(left, paused=state.paused))
        if self._revealing or state.paused:
            return
        everyone = [p for p in state.players if p.connected]
        all_in = bool(everyone) and state.answered >= len(everyone)
        waiting = any(p.extra_time and not p.answered for p in everyone)
        if left is not None and waiting and state.opened_at and state.deadline:
            # A student with extra time has twice the limit: the reveal waits for them.
            left += (state.deadline - state.opened_at).total_seconds()
        if all_in or (left is not None and left <= 0):
            self._revealing = True
            self.call(self._reveal_if_due)

    def _reveal_if_due(self) -> None:
        """Reveal the question once the class is done (called in a thread): the game may
        have revealed it already when it was read, and a reveal refused then is no news."""
        if self.host.state().phase == "question":
            with contextlib.suppress(LiveError):
                self.host.reveal()

    # -- keys --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if action in ("remove", "extra_time"):
            return view in ("lobby", "question", "reveal", "leaders")
        if action in ("pause", "skip"):
            return view == "question"
        if action == "end":
            return view not in ("results",)
        return True

    def action_advance(self) -> None:
        """Move on: start, reveal, the top five, the next question, the podium, results."""
        state = self.latest
        if state is None:
            return
        match self.view:
            case "lobby":
                self.call(self.host.start)
            case "question":
                self._revealing = True
                self.call(self.host.reveal)
            case "reveal":
                self.view = "leaders"
                self._show_view()
                self.refresh_bindings()
            case "leaders":
                self.call(self.host.next)
            case "podium":
                self.call(self.host.end)
            case "results":
                self.app.exit(0)

    def action_pause(self) -> None:
        """Pause the question (its time stops), or go on."""
        state = self.latest
        if state is not None:
            self.call(self.host.resume_play if state.paused else self.host.pause)

    def action_skip(self) -> None:
        """Skip the question: it counts for nobody."""
        self.call(self.host.skip)

    def _highlighted_player(self) -> str | None:
        names = self.query_one("#players", OptionList)
        if names.highlighted is None or not names.option_count:
            return None
        return str(names.get_option_at_index(names.highlighted).id)

    async def _pick_player(self, title: str) -> str | None:
        """In the lobby the highlighted player; during the game (the list is not shown),
        the one picked in a dialog of the players and who has answered."""
        if self.view == "lobby":
            return self._highlighted_player()
        from .player_picker import PlayerPicker

        state = self.latest
        if state is None or not state.players:
            return None
        return await self.app.push_screen_wait(PlayerPicker(title, state.players))

    @work(exclusive=True, group="confirm")
    async def action_remove(self) -> None:
        """Remove a player: they cannot rejoin under that name."""
        from ..dialogs.confirm import ConfirmDialog

        name = await self._pick_player("Remove which player?")
        if name is None:
            return
        question = f"Remove {one_line(name)} from the game? They cannot join again under that name."
        if await self.app.push_screen_wait(ConfirmDialog(question, yes="Remove", no="Keep")):
            self.call(self.host.remove, name)

    @work(exclusive=True, group="confirm")
    async def action_extra_time(self) -> None:
        """Give a player twice the time limit."""
        name = await self._pick_player("Give which player twice the time?")
        if name is not None:
            self.call(self.host.give_extra_time, name)
            self.notify(f"{one_line(name)} has twice the time.", markup=False)

    @work(exclusive=True, group="confirm")
    async def action_end(self) -> None:
        """End the game for everyone (once confirmed)."""
        from ..dialogs.confirm import ConfirmDialog

        confirm = ConfirmDialog(
            "End the class game for everyone? Answers given so far are kept.",
            yes="End it",
            no="Go on",
        )
        if await self.app.push_screen_wait(confirm):
            self.call(self.host.end)

    @on(OptionList.OptionSelected, "#players")
    def _player_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_advance()  # Enter in the list of players starts, as everywhere
