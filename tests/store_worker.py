"""A separate process for the score-store tests: plays a game against a shared database (DB
is a file path or a postgresql:// URL).

`store_worker.py durable DB`: starts a game, prints `started ID`, then for each line read on
stdin records one answer and prints `answered N` once it is committed (the test kills it).

`store_worker.py play DB PLAYER`: prints `ready`, waits for a line on stdin (so that every
worker starts together), then opens the store, plays a 10-question game, finishes it and
prints `done ID`. Any exception goes to stderr with exit status 1.

`store_worker.py claim DB GAME_ID`: claims the game, prints `claimed` (or `taken` if
another process has it), then holds the claim until a line (or the end) is read on stdin.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from game.store import ScoreStore, resolve_db_path

QUESTIONS = [f"q{i}" for i in range(10)]


def _answer(store: ScoreStore, game_id: int, position: int) -> None:
    store.record_answer(
        game_id,
        position=position,
        question_id=QUESTIONS[position],
        answer_json=f'"answer {position}"',
        answer_text=f"answer {position}",
        credit=1.0,
        points=position + 1,
        seconds=1.5,
        hint_used=False,
        correct=True,
    )


def _start(store: ScoreStore, player: str) -> int:
    return store.start_game(
        player=player,
        pack_id="pack",
        pack_hash="hash",
        mode="classic",
        scoring="standard",
        seed=7,
        question_ids=QUESTIONS,
        max_score=sum(range(1, 11)),
    )


def durable(db: Path) -> int:
    store = ScoreStore(db)
    game_id = _start(store, "durable")
    print(f"started {game_id}", flush=True)
    for position in range(len(QUESTIONS)):
        if not sys.stdin.readline():
            break
        _answer(store, game_id, position)
        print(f"answered {position}", flush=True)
    store.close()
    return 0


def play(db: Path, player: str) -> int:
    print("ready", flush=True)
    sys.stdin.readline()
    with ScoreStore(db) as store:
        game_id = _start(store, player)
        for position in range(len(QUESTIONS)):
            _answer(store, game_id, position)
        store.finish_game(game_id)
    print(f"done {game_id}", flush=True)
    return 0


def claim(db: Path, game_id: int) -> int:
    from game.store import GameClaimedError

    with ScoreStore(db) as store:
        try:
            held = store.claim_game(game_id)
        except GameClaimedError:
            print("taken", flush=True)
            return 0
        print("claimed", flush=True)
        sys.stdin.readline()
        held.release()
    return 0


def main(argv: list[str]) -> int:
    try:
        if argv[0] == "durable":
            return durable(resolve_db_path(argv[1]))
        if argv[0] == "claim":
            return claim(resolve_db_path(argv[1]), int(argv[2]))
        return play(resolve_db_path(argv[1]), argv[2])
    except Exception:
        traceback.print_exc()
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
