"""Turning a request to play (packs, players, mode...) into a running game, or resuming one."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .packs.catalog import Catalog
from .packs.loader import check_pack_file
from .packs.model import Pack
from .scoring import Mode, Scoring
from .session import GameError, GameSession

if TYPE_CHECKING:
    from .store import GameRecord, ScoreStore


@dataclass(frozen=True, slots=True)
class GameRequest:
    """What the player asked for, from the command line or the home screen."""

    packs: tuple[str, ...] = ()
    """Pack ids or paths to pack files; empty means the only pack there is."""
    players: tuple[str, ...] = ()
    mode: Mode = "classic"
    questions: int | None = None
    seed: int | None = None
    scoring: Scoring | None = None
    resume: bool = False


def resolve_packs(refs: Sequence[str], catalog: Catalog) -> list[Pack]:
    """The packs named by id or by path; GameError naming the first that cannot be played."""
    if not refs:
        playable = [e for e in catalog.entries if e.ok]
        ids = {e.pack_id for e in playable}
        if len(ids) == 1:
            return [catalog.load_pack(playable[0])]
        if not playable:
            raise GameError("no playable packs were found; `civic-quiz packs` shows where it looks")
        raise GameError("name the pack to play; `civic-quiz packs` lists them")
    return [_resolve(ref, catalog) for ref in refs]


def _resolve(ref: str, catalog: Catalog) -> Pack:
    from .packs.problems import PackError

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
    raise GameError(f"no pack with id or path '{ref}'; `civic-quiz packs` lists them")


def build_session(
    request: GameRequest,
    catalog: Catalog,
    store: ScoreStore | None,
    *,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], dt.datetime] | None = None,
) -> GameSession:
    """A started game for the request (or the resumed newest unfinished game)."""
    if request.resume:
        if store is None:
            raise GameError("there is no score database to resume a game from")
        unfinished = store.unfinished_games(request.players[0] if request.players else None)
        if not unfinished:
            raise GameError("there is no unfinished game to resume")
        return resume_session(store, catalog, unfinished[0].id, clock=clock, now=now)
    session = GameSession(
        resolve_packs(request.packs, catalog),
        players=request.players or ("Player",),
        mode=request.mode,
        seed=request.seed,
        questions=request.questions,
        scoring=request.scoring,
        store=store,
        clock=clock,
        now=now,
    )
    session.start()
    return session


def session_games(store: ScoreStore, game: GameRecord) -> list[GameRecord]:
    """The unfinished games played together with this one (hot-seat players share a start)."""
    together = [
        g
        for g in store.unfinished_games()
        if (g.pack_id, g.seed, g.started_at) == (game.pack_id, game.seed, game.started_at)
    ]
    return sorted(together or [game], key=lambda g: g.id)


def resume_session(
    store: ScoreStore,
    catalog: Catalog,
    game_id: int,
    *,
    clock: Callable[[], float] = time.monotonic,
    now: Callable[[], dt.datetime] | None = None,
) -> GameSession:
    """Continue an unfinished game at its first unanswered question, with its score intact."""
    game = store.game(game_id)
    if game.status != "active":
        raise GameError("that game is over and cannot be resumed")
    packs = resolve_packs(game.pack_id.split("+"), catalog)
    return GameSession.resume(store, session_games(store, game), packs, clock=clock, now=now)
