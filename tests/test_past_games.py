"""A past game rebuilt for its review: its answers with their questions, and a clear refusal
when its pack has changed since."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.packs.catalog import load_catalog
from game.play.past_games import past_game
from game.play.players import GameError
from game.store import GameFilter, ScoreStore
from tests.ui.helpers import QUESTIONS, pack_data, start_game, write_pack


def test_a_past_game_has_its_answers_and_a_changed_pack_is_refused(tmp_path: Path) -> None:
    packs, db = tmp_path / "packs", tmp_path / "scores.sqlite3"
    data = pack_data("two", [QUESTIONS["choice"], QUESTIONS["truefalse"]])
    write_pack(packs, data)
    start_game(db, packs, "two", "Ada", right=False)
    with ScoreStore(db) as store:
        (game,) = store.games(GameFilter(player="Ada"))
        player = past_game(store, load_catalog([packs], cache_dir=tmp_path / "c"), game.id)
        assert player.name == "Ada" and len(player.outcomes) == 2
        assert all(not o.correct for o in player.outcomes)
        assert {o.played.key for o in player.outcomes} == {"choice", "truefalse"}
        data["questions"][0]["explanation"] = "Changed since."
        write_pack(packs, data)
        with pytest.raises(GameError, match="has changed since this game was played"):
            past_game(store, load_catalog([packs], cache_dir=tmp_path / "c"), game.id)
