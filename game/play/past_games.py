"""A past game rebuilt from the store for its review: each answer with the question it
answered, as the results screen showed it at the end of the game."""

from __future__ import annotations

import json

from ..core.grading import Grade
from ..packs.catalog import Catalog
from ..store import ScoreStore
from .launch import resolve_packs
from .players import GameError
from .session import GameSession, PlayerState, stored_outcome


def past_game(store: ScoreStore, catalog: Catalog, game_id: int) -> PlayerState:
    """The player of a stored game with every answer given, in the order played; GameError
    when its pack is gone or has changed since (the review would show other questions)."""
    game = store.game(game_id)
    packs = resolve_packs(game.pack_id.split("+"), catalog)
    # No store: rebuilding a past game must claim nothing and write nothing.
    session = GameSession(
        packs,
        players=[game.player],
        mode=game.mode,  # type: ignore[arg-type]  # text the store checked on writing
        seed=game.seed,
        scoring=game.scoring,  # type: ignore[arg-type]  # as the mode
        question_keys=list(game.question_ids),
    )
    if session.pack_hash != game.pack_hash:
        raise GameError(
            f"the pack '{game.pack_id}' has changed since this game was played,"
            " so its questions cannot be shown with its answers"
        )
    player = PlayerState(game.player, game_id=game.id, score=game.score, correct=game.correct)
    streak = 0
    for record in store.answers(game.id):
        response = json.loads(record.answer_json)
        grade = Grade(record.credit)
        streak = streak + 1 if grade.correct else 0
        outcome = stored_outcome(session, game.player, record, response, grade, streak)
        player.outcomes.append(outcome)
    return player
