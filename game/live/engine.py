"""What the host and the students share: a session read from the store, its questions, the
state everyone sees, the deadlines, the class's answers as bars and the standings."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.grading import CREDIT_EPSILON
from ..kinds import kind_of
from ..packs.truth import truth_lines, truth_of
from ..play.players import GameError
from ..play.session import GameSession, PlayedQuestion
from ..store import StoreError
from ..store import live as db
from .model import Bar, LiveError, LiveOptions, LivePlayer, LiveState, Phase, Standing

if TYPE_CHECKING:
    from ..packs.model import Pack
    from ..store import ScoreStore

HOST_AWAY = 12.0
"""Seconds without a sign of the host after which students are told it is away."""
OFFER_WITHOUT_HOST = 600.0
"""Seconds without a sign of the host after which a class game is no longer offered on the
home screen (a teacher who closed it without ending it, yesterday); its code still joins it,
and its host resuming it offers it again."""
HEARTBEAT = 3.0
"""How often a host says it is alive."""
TOP = 5
"""How many standings the leaderboard shows."""

PackSource = "Sequence[Pack] | Catalog | Callable[[str], Pack] | None"


@dataclass(frozen=True)
class Session:
    """One row of `live_sessions`, read at `now` (the database's clock, epoch seconds)."""

    code: str
    pack_id: str
    pack_hash: str
    pack_title: str
    options: LiveOptions
    seed: int
    keys: tuple[str, ...]
    phase: Phase
    paused: bool
    index: int
    opened_at: float | None
    paused_at: float | None
    host_seen: float | None
    version: int
    stage: int
    skipped: frozenset[int]
    now: float

    def deadline(self, extra: bool = False) -> float | None:
        """When the current question's time is up (for a player with extra time: twice the
        limit), counting a pause as time not spent; None without a timer or a question."""
        limit = self.options.time_limit
        if limit is None or self.opened_at is None or self.phase != "question":
            return None
        paused_for = (self.now - self.paused_at) if self.paused and self.paused_at else 0.0
        return self.opened_at + limit * (2 if extra else 1) + paused_for

    def time_left(self, extra: bool = False) -> bool:
        deadline = self.deadline(extra)
        return deadline is None or self.now < deadline


def options_json(options: LiveOptions) -> str:
    return json.dumps(
        {
            "questions": options.questions,
            "seed": options.seed,
            "mode": options.mode,
            "time_limit": options.time_limit,
            "scoring": options.scoring,
        }
    )


def _options(text: str) -> LiveOptions:
    raw = json.loads(text)
    return LiveOptions(
        questions=raw.get("questions"),
        seed=raw.get("seed"),
        mode=raw.get("mode", "classic"),
        time_limit=raw.get("time_limit"),
        scoring=raw.get("scoring", "standard"),
    )


def session_of(row: Sequence[Any]) -> Session:
    (code, pack_id, pack_hash, title, opts, seed, keys, phase, paused, index, opened, paused_at,
     seen, _created, version, stage, skipped, now) = row  # fmt: skip
    return Session(
        code=str(code),
        pack_id=str(pack_id),
        pack_hash=str(pack_hash),
        pack_title=str(title),
        options=_options(str(opts)),
        seed=int(seed),
        keys=tuple(json.loads(keys)),
        phase=phase,
        paused=bool(paused),
        index=int(index),
        opened_at=None if opened is None else float(opened),
        paused_at=None if paused_at is None else float(paused_at),
        host_seen=None if seen is None else float(seen),
        version=int(version),
        stage=int(stage),
        skipped=frozenset(json.loads(skipped)),
        now=float(now),
    )


@dataclass(frozen=True)
class Player:
    """One row of `live_players`."""

    name: str
    game_id: int | None
    first_index: int
    connected: bool
    removed: bool
    extra_time: bool
    points: int
    streak: int
    last_rank: int | None
    recorded: int
    joined_at: float


def player_of(row: Sequence[Any]) -> Player:
    name, game, first, connected, removed, extra, points, streak, last, recorded, joined = row
    return Player(
        str(name),
        None if game is None else int(game),
        int(first),
        bool(connected),
        bool(removed),
        bool(extra),
        int(points),
        int(streak),
        None if last is None else int(last),
        int(recorded),
        float(joined),
    )


@dataclass(frozen=True)
class Answer:
    """One row of `live_answers`."""

    index: int
    name: str
    answer_json: str
    answer_text: str
    answered_at: float
    credit: float | None
    points: int | None
    seconds: float | None

    @property
    def response(self) -> Any:
        return json.loads(self.answer_json)

    @property
    def correct(self) -> bool:
        return self.credit is not None and self.credit >= 1.0 - CREDIT_EPSILON


def answer_of(row: Sequence[Any]) -> Answer:
    index, name, answer_json, text, at, credit, points, seconds = row
    return Answer(
        int(index),
        str(name),
        str(answer_json),
        str(text),
        float(at),
        None if credit is None else float(credit),
        None if points is None else int(points),
        None if seconds is None else float(seconds),
    )


def read_session(store: ScoreStore, code: str) -> Session:
    """The session with this code; LiveError when there is none."""
    code = normal_code(code)
    try:
        if not db.has_tables(store):
            raise LiveError(f"no class game has the code {code}")
        row = db.read(store, lambda c: db.session(c, code))
    except StoreError as error:
        raise LiveError(f"the score database cannot be read: {error}") from error
    if row is None:
        raise LiveError(f"no class game has the code {code}")
    return session_of(row)


def normal_code(code: str) -> str:
    """A code as typed (any case, spaces), as stored."""
    return "".join(str(code).split()).upper()


def epoch_time(seconds: float | None) -> dt.datetime | None:
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, dt.UTC)


# -- questions -------------------------------------------------------------------------------

_PLAYED: dict[tuple[str, int, tuple[str, ...], str], list[PlayedQuestion]] = {}
_PLAYED_LOCK = threading.Lock()


def played_questions(pack: Pack, session: Session) -> list[PlayedQuestion]:
    """The session's questions as everyone sees them: the same options in the same order on
    every screen (the order follows from the session's seed, as in any game)."""
    key = (session.pack_hash, session.seed, session.keys, session.options.mode)
    with _PLAYED_LOCK:
        found = _PLAYED.get(key)
        if found is None:
            try:
                game = GameSession(
                    [pack], mode="classic", seed=session.seed, question_keys=list(session.keys)
                )
            except GameError as error:
                raise LiveError(str(error)) from error
            found = _PLAYED[key] = game.played
        return found


def find_pack(session: Session, packs: Any) -> Pack:
    """The session's pack among `packs` (loaded packs, a catalog, a function of the pack id,
    or None: the packs on this machine); LiveError when it is missing or changed."""
    pack: Pack | None = None
    if packs is None:
        from ..packs.catalog import load_catalog

        packs = load_catalog()
    if callable(packs):
        pack = packs(session.pack_id)
    elif hasattr(packs, "by_id"):
        entry = packs.by_id(session.pack_id)
        if entry is not None and entry.ok:
            from ..packs.problems import PackError

            try:
                pack = packs.load_pack(entry)
            except PackError:
                pack = None
    else:
        pack = next((p for p in packs if p.id == session.pack_id), None)
    if pack is None:
        raise LiveError(
            f"the pack '{session.pack_id}' of this class game is not on this machine;"
            " `civic-quiz packs` shows where packs are found"
        )
    if pack.content_hash() != session.pack_hash:
        raise LiveError(
            f"the pack '{session.pack_id}' here differs from the teacher's; use the same pack file"
        )
    return pack


# -- what everyone sees ----------------------------------------------------------------------


def ranks(players: Sequence[Player]) -> dict[str, int]:
    """Each player's place by points (equal points share a place: 1, 2, 2, 4)."""
    ranked = sorted((p for p in players if not p.removed), key=lambda p: -p.points)
    places: dict[str, int] = {}
    last: tuple[int, int] | None = None
    for position, player in enumerate(ranked, start=1):
        place = last[1] if last is not None and last[0] == player.points else position
        places[player.name] = place
        last = (player.points, place)
    return places


def standings(players: Sequence[Player], limit: int = TOP) -> tuple[Standing, ...]:
    places = ranks(players)
    by_name = {p.name: p for p in players}
    ordered = sorted(places, key=lambda n: (places[n], by_name[n].joined_at))[:limit]
    return tuple(
        Standing(
            rank=places[name],
            name=name,
            points=by_name[name].points,
            move=_move(by_name[name], places[name]),
        )
        for name in ordered
    )


def _move(player: Player, rank: int) -> int:
    """Places gained since the last question (0 for a first standing)."""
    return 0 if player.last_rank is None else player.last_rank - rank


def playing(player: Player, session: Session) -> bool:
    """Whether the current question is this player's to answer."""
    return not player.removed and player.first_index <= session.index


def bars(played: PlayedQuestion, answers: Sequence[Answer]) -> tuple[Bar, ...]:
    """The class's answers to one question, a bar per option (or per bin, or per item's
    place), labelled with letters and numbers so that nothing depends on colour."""
    question = played.question
    kind = kind_of(question)
    responses = [a.response for a in answers if a.response is not None]
    lefts = played.lefts
    if lefts:  # match: how many matched each left side rightly
        right = {left: _correct_right(played, left) for left in lefts}
        return tuple(
            Bar(
                label=f"{left} \u2192 {right[left]}",
                text=str(right[left]),
                count=sum(
                    1 for r in responses if isinstance(r, dict) and r.get(left) == right[left]
                ),
                correct=True,
            )
            for left in lefts
        )
    if played.options and kind.name == "order":
        items = list(getattr(question, "items", []))
        return tuple(
            Bar(
                label=f"{item} \u2192 {place}",
                text=item,
                count=sum(
                    1
                    for r in responses
                    if isinstance(r, list) and place <= len(r) and r[place - 1] == item
                ),
                correct=True,
            )
            for place, item in enumerate(items, start=1)
        )
    if played.options:
        correct = _correct_options(played)
        return tuple(
            Bar(
                label=str(i + 1),  # the number the students press
                text=option,
                count=sum(
                    1 for r in responses if r == option or (isinstance(r, list) and option in r)
                ),
                correct=option in correct,
            )
            for i, option in enumerate(played.options)
        )
    numbers = [_number(r) for r in responses]
    values = [n for n in numbers if n is not None]
    if values and len(values) == len(responses):
        return _histogram(played, values)
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for answer in answers:
        if answer.response is None:
            continue
        key = answer.answer_text.casefold().strip()
        counts[key] = counts.get(key, 0) + 1
        shown.setdefault(key, answer.answer_text)
        if answer.correct:
            shown[key] = answer.answer_text
    correct_keys = {a.answer_text.casefold().strip() for a in answers if a.correct}
    ordered = sorted(counts, key=lambda k: (-counts[k], k))[:8]
    return tuple(
        Bar(label=str(i), text=shown[k], count=counts[k], correct=k in correct_keys)
        for i, k in enumerate(ordered, start=1)
    )


def _correct_options(played: PlayedQuestion) -> set[str]:
    """The options that are (part of) the right answer."""
    question = played.question
    texts = getattr(question, "correct_texts", None)
    if callable(texts):
        return set(texts()) & set(played.options)
    kind = kind_of(question)
    out = set()
    for option in played.options:
        try:
            if kind.grade_in(question, option, played.pack.language).correct:
                out.add(option)
        except (TypeError, ValueError):
            continue
    return out


def _correct_right(played: PlayedQuestion, left: str) -> str:
    for pair in getattr(played.question, "pairs", []):
        if pair.left == left:
            return str(pair.right)
    return ""


def _number(response: Any) -> float | None:
    if isinstance(response, bool):
        return None
    if isinstance(response, int | float):
        return float(response)
    if isinstance(response, str):
        try:
            return float(response.replace(",", "."))
        except ValueError:
            return None
    return None


def _histogram(played: PlayedQuestion, values: list[float]) -> tuple[Bar, ...]:
    """Five bins from the lowest to the highest answer; a bin holding the right answer is
    marked correct."""
    low, high = min(values), max(values)
    count = 5 if high > low else 1
    width = (high - low) / count if count > 1 else 1.0
    kind = kind_of(played.question)
    out = []
    for i in range(count):
        start = low + i * width
        end = high if i == count - 1 else start + width
        inside = [v for v in values if start <= v < end or (i == count - 1 and v == end)]
        right = False
        for v in inside:
            with contextlib.suppress(TypeError, ValueError):
                right = right or kind.grade(played.question, _shown_number(v)).correct
        label = (
            _shown_number(start) if count == 1 else f"{_shown_number(start)}-{_shown_number(end)}"
        )
        out.append(Bar(label=label, text=label, count=len(inside), correct=right))
    return tuple(out)


def _shown_number(value: float) -> str:
    if math.isfinite(value) and value == int(value):
        return str(int(value))
    return f"{value:.3g}"


def after_lines(played: PlayedQuestion) -> tuple[str, ...]:
    """What follows the right answer: why, the source's words, the correction and updates."""
    question = played.question
    lines: list[str] = []
    if question.explanation:
        lines.append(f"Why: {question.explanation}")
    quotes = question.quotes()
    for number, quote in enumerate(quotes, 1):
        cite = f" ({played.source_line})" if number == len(quotes) and played.source_line else ""
        lines.append(f'Source: "{quote}"{cite}')
    lines += truth_lines(truth_of(played.pack, question))
    return tuple(lines)


def build_state(
    session: Session,
    players: Sequence[Player],
    answers: Sequence[Answer],
    questions: Sequence[PlayedQuestion],
) -> LiveState:
    """The state everyone sees, from what was read of the store in one go."""
    played = questions[session.index] if 0 <= session.index < len(questions) else None
    current = [a for a in answers if a.index == session.index]
    answered_names = {a.name for a in current}
    shown_players = tuple(
        LivePlayer(
            name=p.name,
            connected=p.connected,
            points=p.points,
            answered=p.name in answered_names,
            extra_time=p.extra_time,
        )
        for p in players
        if not p.removed
    )
    reveal = session.phase == "reveal" and played is not None
    host_away = (
        session.phase in ("lobby", "question", "reveal")
        and session.host_seen is not None
        and session.now - session.host_seen > HOST_AWAY
    )
    return LiveState(
        code=session.code,
        pack_title=session.pack_title,
        phase=session.phase,
        paused=session.paused,
        index=session.index,
        total=len(session.keys),
        presented=played if session.phase in ("question", "reveal") else None,
        opened_at=epoch_time(session.opened_at),
        deadline=epoch_time(session.deadline()),
        now=epoch_time(session.now) or dt.datetime.now(dt.UTC),
        players=shown_players,
        answered=len(answered_names & {p.name for p in players if not p.removed}),
        bars=bars(played, current) if reveal and played is not None else (),
        answer_text=kind_of(played.question).correct_text(played.question)
        if reveal and played
        else "",
        after_lines=after_lines(played) if reveal and played else (),
        top=standings(players) if session.phase in ("reveal", "podium", "ended") else (),
        version=session.version,
        host_away=host_away,
    )


def read_all(
    store: ScoreStore, code: str, *, every_answer: bool = False
) -> tuple[Session, list[Player], list[Answer]]:
    """A session, its players and the current question's answers (or all), read together."""

    def action(c: db._Conn) -> tuple[Session, list[Player], list[Answer]]:
        row = db.session(c, code)
        if row is None:
            raise LiveError(f"no class game has the code {code}")
        session = session_of(row)
        players = [player_of(r) for r in db.players(c, code)]
        rows = db.answers(c, code, None if every_answer else session.index)
        return session, players, [answer_of(r) for r in rows]

    try:
        return db.read(store, action)
    except StoreError as error:
        raise LiveError(f"the score database cannot be read: {error}") from error
