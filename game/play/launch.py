"""Turning a request to play (packs, players, mode...) into a running game, or resuming one."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .players import GameError
from .scoring import Mode, Scoring

if TYPE_CHECKING:
    from ..packs.catalog import Catalog
    from ..packs.model import Pack
    from ..store import GameRecord, ScoreStore
    from .session import GameSession

# The pack model, the loader and the session load pydantic and rapidfuzz, which take longer
# to import than the home screen takes to appear: they are imported when a game starts.


class GameRequest(NamedTuple):
    """What the player asked for, from the command line or the home screen."""

    packs: tuple[str, ...] = ()
    """Pack ids or paths to pack files; empty means the only pack there is."""
    players: tuple[str, ...] = ()
    mode: Mode = "classic"
    questions: int | None = None
    seed: int | None = None
    scoring: Scoring | None = None
    resume: bool = False
    lesson: str | None = None
    """The id of the teacher's lesson the game is played in (`game.play.lesson`), stored with it."""


def resolve_packs(refs: Sequence[str], catalog: Catalog) -> list[Pack]:
    """The packs named by id or by path; GameError naming the first that cannot be played."""
    if not refs:
        playable = [e for e in catalog.entries if e.ok]
        ids = {e.pack_id for e in playable}
        if len(ids) == 1:
            return [_with_questions(catalog.load_pack(playable[0]))]
        if not playable:
            raise GameError("no playable packs were found; `civic-quiz packs` shows where it looks")
        raise GameError("name the pack to play; `civic-quiz packs` lists them")
    return [_with_questions(_resolve(ref, catalog)) for ref in refs]


def _with_questions(pack: Pack) -> Pack:
    """The pack, when it has a question to play; GameError when all of them are drafts."""
    if not pack.playable_questions():
        raise GameError(
            f"the pack '{pack.id}' cannot be played: all of its {len(pack.questions)}"
            " questions are drafts; remove 'draft: true' from those you have reviewed"
        )
    return pack


def _resolve(ref: str, catalog: Catalog) -> Pack:
    from ..packs.loader import check_pack_file
    from ..packs.problems import PackError

    entry = catalog.by_id(ref)
    if entry is not None:
        try:
            return catalog.load_pack(entry)
        except PackError as error:
            raise GameError(str(error)) from None
    path = Path(ref)
    if path.is_file():
        checked = check_pack_file(path)
        if checked.pack is None:
            raise GameError(f"the pack cannot be played: {checked.errors[0].format()}")
        return checked.pack
    broken = next((e for e in catalog.entries if e.pack_id == ref and not e.ok), None)
    if broken is not None:
        raise GameError(f"the pack '{ref}' cannot be played: {broken.path}:{broken.error}")
    raise GameError(
        f"no pack with id or path '{ref}'{pack_hint(ref, catalog)}; `civic-quiz packs` lists them"
    )


def pack_hint(ref: str, catalog: Catalog) -> str:
    """` (did you mean 'nato-us-europe-2016'?)` for a mistyped pack id, else nothing."""
    import difflib

    if len(ref) > 100:  # no id is that long; comparing would only cost time
        return ""
    ids = [e.pack_id for e in catalog.entries if e.ok and e.pack_id]
    close = difflib.get_close_matches(ref, ids, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def build_session(
    request: GameRequest,
    catalog: Catalog,
    store: ScoreStore | None,
    *,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], dt.datetime] | None = None,
    start: bool = True,
) -> GameSession:
    """A started game for the request (or the resumed newest unfinished game).

    Starting a new game creates it in the store (StoreError if it cannot be: the game must
    not be played as if it were saved); `start=False` leaves that to the caller, to do it
    in a worker thread. A resumed game is claimed (GameClaimedError if another window
    plays it)."""
    from .session import GameSession

    if request.resume:
        return _resume_requested(request, catalog, store, clock=clock, now=now)
    packs = resolve_packs(request.packs, catalog)
    if request.mode == "practice":
        return _practice_session(request, packs, store, clock=clock, now=now, start=start)
    session = GameSession(
        packs,
        players=request.players or ("Player",),
        mode=request.mode,
        seed=request.seed,
        questions=request.questions,
        scoring=request.scoring,
        store=store,
        clock=clock,
        now=now,
        lesson=request.lesson,
    )
    if start:
        session.start()
    return session


def _resume_requested(
    request: GameRequest,
    catalog: Catalog,
    store: ScoreStore | None,
    *,
    clock: Callable[[], float],
    now: Callable[[], dt.datetime] | None,
) -> GameSession:
    """The newest unfinished game of the player named (of anyone when none is), of the packs
    named when some are: a pack given as a file is read from that file, so a game of a pack
    that is in no packs folder can be resumed by naming the same file again."""
    if store is None:
        raise GameError("there is no score database to resume a game from")
    packs = resolve_packs(request.packs, catalog) if request.packs else None
    pack_id = "+".join(p.id for p in packs) if packs else None
    player = request.players[0] if request.players else None
    from ..store import GameFilter

    unfinished = store.games(GameFilter(pack_id=pack_id, player=player, status="active"))
    if not unfinished:
        whose = f" of {player}" if player else ""
        which = f" in '{pack_id}'" if pack_id else ""
        raise GameError(f"there is no unfinished game{whose}{which} to resume")
    return resume_session(store, catalog, unfinished[0].id, clock=clock, now=now, packs=packs)


def resume_command(players: Sequence[str], pack_refs: Sequence[str], db: str | None = None) -> str:
    """The command that resumes this game: `civic-quiz play --resume --player NAME [PACK]`,
    with the pack as it was given (a file path is needed again: it is in no packs folder)
    and the database when it was named; quoted for a POSIX shell."""
    import shlex

    parts = ["civic-quiz", "play", "--resume"]
    if players:
        parts += ["--player", players[0]]  # the others of a hot-seat game come with them
    if db:
        parts += ["--db", db]
    parts += list(pack_refs)
    return " ".join(shlex.quote(part) for part in parts)


def _practice_session(
    request: GameRequest,
    packs: Sequence[Pack],
    store: ScoreStore | None,
    *,
    clock: Callable[[], float],
    now: Callable[[], dt.datetime] | None,
    start: bool,
) -> GameSession:
    """A practice round: the player's due cards of one pack, most overdue first, then new
    questions; each answer updates its card."""
    from .practice import DEFAULT_ROUND, PracticeRecorder, plan_round
    from .session import GameSession

    if store is None:
        raise GameError("practice needs the score database, to remember what you have seen")
    if len(packs) != 1 or len(request.players) > 1:
        raise GameError("practice is one player and one pack at a time")
    pack = packs[0]
    player = request.players[0] if request.players else "Player"
    moment = now or (lambda: dt.datetime.now(dt.UTC))
    keys = plan_round(
        pack, store.cards(player, pack.id), moment(), request.questions or DEFAULT_ROUND
    )
    if not keys:
        raise GameError(f"nothing is due in '{pack.title}' for {player}; come back later")
    session = GameSession(
        [pack],
        players=[player],
        mode="practice",
        seed=request.seed,
        scoring=request.scoring,
        store=store,
        clock=clock,
        now=now,
        question_keys=keys,
        after_answer=PracticeRecorder(store, player, pack, moment).record,
        lesson=request.lesson,
    )
    if start:
        session.start()
    return session


def due_counts(
    store: ScoreStore, catalog: Catalog, player: str, when: dt.datetime | None = None
) -> dict[str, int]:
    """Per playable pack id, how many of its questions are due now for the player."""
    counts = {e.pack_id: 0 for e in catalog.entries if e.ok and e.pack_id is not None}
    practised = store.practised_packs(player).intersection(counts)  # one query for all packs
    if not practised:
        return counts  # and fsrs need not be imported
    from .practice import due_count

    moment = when or dt.datetime.now(dt.UTC)
    for pack_id in practised:
        entry = catalog.by_id(pack_id)
        cards = store.cards(player, pack_id)
        if entry is not None and cards:
            counts[pack_id] = due_count(catalog.load_pack(entry), cards, moment)
    return counts


def session_games(store: ScoreStore, game: GameRecord) -> list[GameRecord]:
    """The unfinished games played together with this one (every player of a hot-seat game),
    in turn order."""
    return store.unfinished_group(game)


def resume_session(
    store: ScoreStore,
    catalog: Catalog,
    game_id: int,
    *,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], dt.datetime] | None = None,
    packs: Sequence[Pack] | None = None,
) -> GameSession:
    """Continue an unfinished game at its first unanswered question, with its score intact.
    `packs`: the game's packs when already loaded (from a file); else found by id."""
    from .session import GameSession

    game = store.game(game_id)
    if game.status != "active":
        raise GameError("that game is over and cannot be resumed")
    if game.mode == "live":
        raise GameError(
            "that game is a student's part of a class game: join the class game again"
            " (civic-quiz join CODE) to go on"
        )
    if packs is None or "+".join(p.id for p in packs) != game.pack_id:
        packs = resolve_packs(game.pack_id.split("+"), catalog)
    after_answer = None
    if game.mode == "practice":
        from .practice import PracticeRecorder

        moment = now or (lambda: dt.datetime.now(dt.UTC))
        after_answer = PracticeRecorder(store, game.player, packs[0], moment).record
    return GameSession.resume(
        store, session_games(store, game), packs, clock=clock, now=now, after_answer=after_answer
    )
