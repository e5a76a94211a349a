"""A small in-memory class game with the methods of `game.live`'s host, student and
watcher, so that the screens are tested without the engine: it keeps the rules the screens
rely on (answers until the reveal, bars, points, the top five) and nothing more."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from typing import Any

from game.kinds import kind_of
from game.live.model import Bar, LiveError, LivePlayer, LiveState, Standing, StudentView
from game.play.session import PlayedQuestion
from game.ui.live.showing import letter

START = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
"""The database clock's time when the game starts (it moves only when the test says)."""


@dataclasses.dataclass
class FakePlayer:
    name: str
    connected: bool = True
    points: int = 0
    extra_time: bool = False
    answers: dict[int, Any] = dataclasses.field(default_factory=dict)
    won: dict[int, int] = dataclasses.field(default_factory=dict)


class FakeGame:
    """One session, shared by the fake host, students and watchers (thread-safe)."""

    def __init__(
        self,
        questions: list[PlayedQuestion],
        *,
        code: str = "K7Q2",
        title: str = "Every type",
        time_limit: float | None = 20.0,
    ) -> None:
        self.questions = questions
        self.code = code
        self.title = title
        self.time_limit = time_limit
        self.now = START
        self.phase = "lobby"
        self.paused = False
        self.index = -1
        self.opened_at: dt.datetime | None = None
        self.players: dict[str, FakePlayer] = {}
        self.removed: set[str] = set()
        self.host_away = False
        self.version = 0
        self.previous_ranks: dict[str, int] = {}
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.broken: str | None = None
        """When set, every read and call raises this (the database gone)."""
        self.changed = threading.Condition()

    # -- changes -------------------------------------------------------------------------

    def bump(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def check(self) -> None:
        if self.broken is not None:
            raise LiveError(self.broken)

    # -- reading -------------------------------------------------------------------------

    def ranks(self) -> list[FakePlayer]:
        return sorted(self.players.values(), key=lambda p: (-p.points, p.name))

    def place_of(self, name: str) -> int:
        points = self.players[name].points
        return 1 + sum(p.points > points for p in self.players.values())

    def deadline(self, extra: bool = False) -> dt.datetime | None:
        if self.time_limit is None or self.opened_at is None or self.phase != "question":
            return None
        return self.opened_at + dt.timedelta(seconds=self.time_limit * (2 if extra else 1))

    def presented(self) -> PlayedQuestion | None:
        return self.questions[self.index] if 0 <= self.index < len(self.questions) else None

    def bars(self) -> tuple[Bar, ...]:
        played = self.presented()
        if played is None or self.phase not in ("reveal", "podium", "ended"):
            return ()
        kind = kind_of(played.question)
        given = [p.answers[self.index] for p in self.players.values() if self.index in p.answers]
        if played.options and not played.lefts and played.question.type in ("choice", "claim"):
            return tuple(
                Bar(
                    str(i + 1),
                    option,
                    sum(g == option for g in given),
                    kind.grade(played.question, option).credit == 1,
                )
                for i, option in enumerate(played.options)
            )
        texts = sorted({kind.response_text(played, g) for g in given})
        return tuple(
            Bar(
                letter(i),
                text,
                sum(kind.response_text(played, g) == text for g in given),
                False,
            )
            for i, text in enumerate(texts)
        )

    def top(self) -> tuple[Standing, ...]:
        standings = []
        for player in self.ranks()[:5]:
            rank = self.place_of(player.name)
            before = self.previous_ranks.get(player.name, rank)
            standings.append(Standing(rank, player.name, player.points, before - rank))
        return tuple(standings)

    def state(self) -> LiveState:
        self.check()
        played = self.presented()
        revealed = self.phase == "reveal" and played is not None
        return LiveState(
            code=self.code,
            pack_title=self.title,
            phase=self.phase,  # type: ignore[arg-type]
            paused=self.paused,
            index=self.index,
            total=len(self.questions),
            presented=played,
            opened_at=self.opened_at,
            deadline=self.deadline(),
            now=self.now,
            players=tuple(
                LivePlayer(p.name, p.connected, p.points, self.index in p.answers, p.extra_time)
                for p in self.players.values()
            ),
            answered=sum(self.index in p.answers for p in self.players.values()),
            bars=self.bars(),
            answer_text=kind_of(played.question).correct_text(played.question)
            if revealed and played is not None
            else "",
            after_lines=(played.question.explanation or "",) if revealed and played else (),
            top=self.top() if self.phase in ("reveal", "podium", "ended") else (),
            version=self.version,
            host_away=self.host_away,
        )

    # -- the host's rules ----------------------------------------------------------------

    def open_question(self, index: int) -> None:
        self.index = index
        self.phase = "question"
        self.opened_at = self.now
        self.paused = False


class FakeHost:
    """The teacher's controls of a FakeGame."""

    def __init__(self, game: FakeGame) -> None:
        self.game = game
        self.code = game.code

    def state(self) -> LiveState:
        return self.game.state()

    def _did(self, name: str, *args: Any) -> None:
        self.game.check()
        self.game.calls.append((name, args))

    def start(self) -> None:
        self._did("start")
        if self.game.phase != "lobby":
            raise LiveError("the game has started")
        self.game.open_question(0)
        self.game.bump()

    def reveal(self) -> None:
        self._did("reveal")
        game = self.game
        if game.phase != "question":
            raise LiveError("no question to reveal")
        played = game.presented()
        assert played is not None
        game.previous_ranks = {p.name: game.place_of(p.name) for p in game.players.values()}
        for player in game.players.values():
            if game.index in player.answers:
                credit = kind_of(played.question).grade(played.question, player.answers[game.index])
                won = round(played.points * credit.credit)
                player.won[game.index] = won
                player.points += won
        game.phase = "reveal"
        game.bump()

    def next(self) -> None:
        self._did("next")
        game = self.game
        if game.index + 1 < len(game.questions):
            game.open_question(game.index + 1)
        else:
            game.phase = "podium"
        game.bump()

    def pause(self) -> None:
        self._did("pause")
        self.game.paused = True
        self.game.bump()

    def resume_play(self) -> None:
        self._did("resume_play")
        self.game.paused = False
        self.game.bump()

    def skip(self) -> None:
        self._did("skip")
        self.next()

    def end(self) -> None:
        self._did("end")
        self.game.phase = "ended"
        self.game.bump()

    def remove(self, name: str) -> None:
        self._did("remove", name)
        self.game.players.pop(name, None)
        self.game.removed.add(name)
        self.game.bump()

    def give_extra_time(self, name: str) -> None:
        self._did("give_extra_time", name)
        self.game.players[name].extra_time = True
        self.game.bump()


class FakeStudent:
    """One student's controls of a FakeGame."""

    def __init__(self, game: FakeGame, name: str) -> None:
        game.check()
        if name in game.removed:
            raise LiveError(f"the teacher removed {name} from this game")
        known = game.players.get(name)
        if known is not None and known.connected:
            raise LiveError(f"the name {name} is taken")
        if known is None:
            game.players[name] = FakePlayer(name)
        known = game.players[name]
        known.connected = True
        self.game = game
        self.name = name
        game.bump()

    def view(self) -> StudentView:
        game = self.game
        state = game.state()
        player = game.players.get(self.name)
        removed = player is None
        answer = player.answers.get(game.index) if player else None
        played = game.presented()
        revealed = game.phase == "reveal" and player is not None
        return StudentView(
            state=state,
            name=self.name,
            my_answer=answer,
            my_answer_text=kind_of(played.question).response_text(played, answer)
            if answer is not None and played is not None
            else None,
            correct=(player.won.get(game.index, 0) == played.points)
            if revealed and played is not None and answer is not None and player is not None
            else None,
            points_won=player.won.get(game.index) if revealed and player is not None else None,
            points=player.points if player else 0,
            place=game.place_of(self.name) if player else None,
            deadline=game.deadline(player.extra_time if player else False),
            removed=removed,
        )

    def answer(self, response: Any) -> None:
        game = self.game
        game.check()
        if game.phase != "question":
            raise LiveError("the time for this question is up")
        game.players[self.name].answers[game.index] = response
        game.bump()

    def leave(self) -> None:
        if self.name in self.game.players:
            self.game.players[self.name].connected = False
            self.game.bump()


class FakeWatcher:
    """Wakes up when the FakeGame's version changes."""

    def __init__(self, game: FakeGame) -> None:
        self.game = game
        self.seen = game.version
        self.closed = False

    def wait(self, timeout: float) -> bool:
        self.game.check()
        with self.game.changed:
            if self.game.version == self.seen:
                self.game.changed.wait(timeout)
            changed = self.game.version != self.seen
            self.seen = self.game.version
        return changed

    def close(self) -> None:
        self.closed = True


def questions(packs: Any, pack_id: str = "every-type", *, limit: int = 0) -> list[PlayedQuestion]:
    """The questions of a test pack as a game presents them (seed 7)."""
    from game.packs.catalog import load_catalog
    from game.play.launch import build_session
    from tests.ui.helpers import play

    session = build_session(play(pack_id), load_catalog([packs]), None)
    played = list(session.played)
    return played[:limit] if limit else played
