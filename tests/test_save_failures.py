"""Every answer is stored, or the player knows: a locked database or a full disk never gives
feedback for an answer that exists nowhere, a game that cannot be created is not played,
a game with a gap is never finished, and a game is played by one process at a time."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from game.plain.play import play_plain
from game.play.session import AnswerNotSaved, GameSession
from game.store import GameClaimedError, GameFilter, ScoreStore, StoreError
from game.store.sqlite import SqliteBackend
from tests.conftest import REPO, civic_quiz_process
from tests.sample_packs import EVERY_TYPE, every_type_pack, right_answer, wrong_answer
from tests.store_trouble import fill_disk, fill_file, locked, short_waits
from tests.test_plain import answer_line

WORKER = Path(__file__).resolve().parent / "store_worker.py"

Trouble = Callable[[Path, ScoreStore], object]


@pytest.fixture(autouse=True)
def _short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    short_waits(monkeypatch)


@pytest.fixture
def db(any_db: Path) -> Path:
    """A new score database of each backend in turn (SQLite's file, a PostgreSQL database)."""
    return any_db


TROUBLE_CASES = [("sqlite", "locked"), ("sqlite", "full"), ("postgresql", "locked")]
"""The troubles each backend meets: a write lock held elsewhere on both; a full disk is
SQLite's own (a PostgreSQL server's full disk is its administrator's, not a file's)."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Tests taking `trouble` run each backend with its troubles only; the others run on
    # each backend through `any_db`.
    if "trouble" in metafunc.fixturenames:
        metafunc.parametrize(
            ("backend", "trouble"), TROUBLE_CASES, ids=[f"{b}-{t}" for b, t in TROUBLE_CASES]
        )


def a_game(store: ScoreStore, players: tuple[str, ...] = ("Ada",)) -> GameSession:
    session = GameSession([every_type_pack()], seed=4, store=store, players=players)
    session.start()
    return session


def answer_some(session: GameSession, count: int) -> None:
    """Answer `count` turns (right, then wrong, alternately), leaving each feedback."""
    for turn in range(count):
        respond = right_answer if turn % 2 == 0 else wrong_answer
        session.answer(respond(session.current), seconds=1.0)
        if session.state == "feedback":
            session.advance()


def snapshot(session: GameSession) -> tuple[object, ...]:
    return (
        session.state,
        session.position,
        session.turn,
        session.hint_used,
        [(p.score, p.correct, p.streak, len(p.outcomes)) for p in session.players],
    )


# -- the store -----------------------------------------------------------------------------


def test_a_game_with_a_gap_is_never_finished(db: Path) -> None:
    with ScoreStore(db) as store:
        game_id = store.start_game(
            player="Ada",
            pack_id="p",
            pack_hash="h",
            mode="classic",
            scoring="standard",
            seed=1,
            question_ids=["q0", "q1", "q2"],
            max_score=300,
        )
        for position in (0, 2):
            store.record_answer(
                game_id,
                position=position,
                question_id=f"q{position}",
                answer_json="1",
                answer_text="1",
                credit=1.0,
                points=100,
                seconds=1.0,
                hint_used=False,
                correct=True,
            )
        with pytest.raises(StoreError, match="answers to 2 of its 3 questions"):
            store.finish_game(game_id)
        assert store.game(game_id).status == "active"
        assert store.leaderboard("p") == []


def test_hot_seat_games_are_created_together_or_not_at_all(db: Path) -> None:
    with ScoreStore(db):
        pass
    with ScoreStore(db) as store, locked(db), pytest.raises(StoreError, match="locked"):
        a_game(store, ("Ada", "Ben"))
    with ScoreStore(db) as store:
        assert store.games() == []


def test_a_write_that_waits_says_so_once(db: Path) -> None:
    waits: list[str] = []
    with ScoreStore(db) as store:
        session = a_game(store)
        with locked(db), pytest.raises(AnswerNotSaved, match="locked"):
            session.answer(right_answer(session.current), on_wait=lambda: waits.append("w"))
        assert waits == ["w"]
        session.answer(right_answer(session.current), on_wait=lambda: waits.append("again"))
        assert waits == ["w"]  # nothing waited the second time


# -- the session ---------------------------------------------------------------------------


def _lock(db: Path, store: ScoreStore) -> object:
    return locked(db)


class _FullDisk:
    def __init__(self, db: Path, store: ScoreStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        fill_disk(self.store)

    def __exit__(self, *exc: object) -> None:
        pass


TROUBLES = {"locked": (_lock, "locked"), "full": (_FullDisk, "the disk is full")}


def test_an_answer_that_cannot_be_stored_changes_nothing(db: Path, trouble: str) -> None:
    make, reason = TROUBLES[trouble]
    store = ScoreStore(db)
    session = a_game(store)
    answer_some(session, 3)
    before = snapshot(session)
    with make(db, store), pytest.raises(AnswerNotSaved, match=reason) as caught:  # type: ignore[operator]
        session.answer(right_answer(session.current), seconds=2.5)
    assert caught.value.seconds == 2.5
    assert snapshot(session) == before  # no outcome: nothing to show feedback for
    (game,) = ScoreStore(db).games(GameFilter(player="Ada"))
    assert (game.status, game.answered, game.score) == ("active", 3, session.player.score)
    session.release()
    store.close()
    with ScoreStore(db) as fresh:
        resumed = GameSession.resume(fresh, [fresh.game(game.id)], [every_type_pack()])
        assert resumed.position == 3 and resumed.state == "question"
        assert resumed.players[0].score == game.score
        answer_some(resumed, 4)
        assert resumed.is_over
        assert fresh.game(game.id).status == "finished"
        assert fresh.game(game.id).answered == 7


def test_the_same_answer_can_be_given_again_once_the_lock_is_gone(db: Path) -> None:
    with ScoreStore(db) as store:
        session = a_game(store)
        answer_some(session, 2)
        response = right_answer(session.current)
        with locked(db), pytest.raises(AnswerNotSaved) as caught:
            session.answer(response, seconds=3.0)
        outcome = session.answer(response, seconds=caught.value.seconds)
        assert outcome.seconds == 3.0 and session.state == "feedback"
        assert store.game(session.player.game_id).answered == 3  # type: ignore[arg-type]


def test_a_game_that_cannot_be_created_is_not_started(db: Path, trouble: str) -> None:
    make, reason = TROUBLES[trouble]
    with ScoreStore(db) as store:
        session = GameSession([every_type_pack()], seed=4, store=store, players=["Ada", "Ben"])
        with make(db, store), pytest.raises(StoreError, match=reason):  # type: ignore[operator]
            session.start()
        assert all(p.game_id is None for p in session.players)
        with pytest.raises(AnswerNotSaved, match="never created"):
            session.answer(right_answer(session.current))
        assert snapshot(session)[:3] == ("question", 0, 0)
    with ScoreStore(db) as store:
        assert store.games(GameFilter(pack_id="every-type")) == []


def test_hot_seat_a_lost_answer_is_asked_again_on_resume(db: Path) -> None:
    store = ScoreStore(db)
    session = a_game(store, ("Ada", "Ben"))
    answer_some(session, 4)  # two questions, each answered by both
    session.answer(right_answer(session.current), seconds=1.0)  # Ada answers the third
    with locked(db), pytest.raises(AnswerNotSaved):
        session.answer(right_answer(session.current), seconds=1.0)  # Ben's is lost
    assert (session.position, session.turn, session.state) == (2, 1, "question")
    ada, ben = (p.score for p in session.players)
    session.release()
    store.close()
    with ScoreStore(db) as fresh:
        games = sorted(fresh.unfinished_games(), key=lambda g: g.id)
        assert [(g.player, g.answered) for g in games] == [("Ada", 3), ("Ben", 2)]
        resumed = GameSession.resume(fresh, games, [every_type_pack()])
        assert (resumed.position, resumed.turn) == (2, 1)
        assert resumed.player.name == "Ben"
        assert [p.score for p in resumed.players] == [ada, ben]


# -- plain mode ----------------------------------------------------------------------------


def test_plain_mode_stops_at_an_answer_it_cannot_store(db: Path, trouble: str) -> None:
    make, reason = TROUBLES[trouble]
    store = ScoreStore(db)
    session = a_game(store)
    lines = [answer_line(p, right_answer(p)) for p in session.played[:2]]
    first = io.StringIO("".join(f"{line}\n" for line in lines))
    assert play_plain(session, first, io.StringIO()) == 3
    out = io.StringIO()
    with make(db, store):  # type: ignore[operator]
        third = answer_line(session.current, right_answer(session.current))
        status = play_plain(session, io.StringIO(f"{third}\nnever read\n"), out)
    text = out.getvalue()
    assert status == 1
    assert f"Your answer could not be saved: cannot save to {db}" in text or reason in text
    assert "The game is kept: resume it with: civic-quiz play --resume" in text
    after = text.split("Question 3 of 7")[1]
    assert "Correct." not in after and "points." not in after.split("\n", 2)[2]
    if trouble == "locked":
        assert "Saving your answer..." in after
    assert "Question 4 of 7" not in text
    store.close()
    with ScoreStore(db) as fresh:
        (game,) = fresh.unfinished_games()
        assert game.answered == 2
        resumed = GameSession.resume(fresh, [game], [every_type_pack()])
        assert resumed.position == 2 and resumed.players[0].score == game.score


def _civic_quiz(*args: str, db: Path, folder: Path) -> subprocess.Popen[str]:
    """`civic-quiz ARGS` in a process of its own, with the every-type pack to play (written
    into `folder`: a PostgreSQL database has no folder of its own)."""
    packs = folder / "packs"
    packs.mkdir(exist_ok=True)
    (packs / "every-type.yaml").write_text(EVERY_TYPE.format(pack_id="every-type"), "utf-8")
    return civic_quiz_process(*args, db=db, packs=packs)


def test_plain_mode_does_not_play_a_game_it_cannot_create(
    db: Path,
    trouble: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from game import cli

    with ScoreStore(db):
        pass
    if trouble == "full":
        real_open = SqliteBackend._open

        def open_full(backend: SqliteBackend) -> object:
            conn = real_open(backend)
            conn.execute(f"PRAGMA max_page_count = {fill_file(backend.path)}")
            return conn

        monkeypatch.setattr(SqliteBackend, "_open", open_full)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 20))
    args = ["play", "nato-us-europe-2016", "--plain", "--player", "Ada", "--db", str(db)]
    if trouble == "locked":
        with locked(db):
            status = cli.main(args)
    else:
        status = cli.main(args)
    out, err = capsys.readouterr()
    assert status == 1
    assert "civic-quiz: the game cannot be played: " in err
    assert ("locked" if trouble == "locked" else "the disk is full") in err
    if trouble == "locked":
        assert "Saving the new game..." in err
    assert "Question 1" not in out
    monkeypatch.undo()
    with ScoreStore(db) as store:
        assert store.games(GameFilter(pack_id="nato-us-europe-2016")) == []


# -- claims --------------------------------------------------------------------------------


def test_a_game_is_claimed_by_one_store_at_a_time(db: Path) -> None:
    with ScoreStore(db) as first, ScoreStore(db) as second:
        session = a_game(first)
        game_id = session.player.game_id
        assert game_id is not None
        with pytest.raises(GameClaimedError, match="being played in another window"):
            second.claim_game(game_id)
        again = first.claim_game(game_id)  # the same store may: it plays it already
        again.release()
        with pytest.raises(GameClaimedError):
            GameSession.resume(second, [second.game(game_id)], [every_type_pack()])
        session.release()
        with second.claim_game(game_id), pytest.raises(GameClaimedError):
            first.claim_game(game_id)
        first.claim_game(game_id).release()


def test_closing_a_store_gives_its_claims_up(db: Path) -> None:
    first = ScoreStore(db)
    session = a_game(first)
    game_id = session.player.game_id
    assert game_id is not None
    first.close()
    with ScoreStore(db) as second:
        second.claim_game(game_id).release()


def _claimer(db: Path, game_id: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), "claim", str(db), str(game_id)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def _claim_once_freed(store: ScoreStore, game_id: int) -> None:
    """Claim a game whose holder was killed. SQLite frees a dead process's lock at once;
    PostgreSQL ends the session (and its locks) when its server reads the closed connection,
    at once on an idle machine and a moment later on a loaded one: waited for, up to 10 s."""
    deadline = time.monotonic() + 10
    while True:
        try:
            store.claim_game(game_id).release()
            return
        except GameClaimedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_a_claim_holds_across_processes_and_dies_with_its_process(db: Path) -> None:
    with ScoreStore(db) as store:
        session = a_game(store)
        game_id = session.player.game_id
        assert game_id is not None
        session.release()
        holder = _claimer(db, game_id)
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline() == "claimed\n"
            with pytest.raises(GameClaimedError):
                store.claim_game(game_id)
            other = _claimer(db, game_id)
            out, _ = other.communicate(timeout=60)
            assert out == "taken\n"
        finally:
            os.kill(holder.pid, signal.SIGKILL)
            holder.communicate(timeout=60)
        assert holder.returncode == -signal.SIGKILL
        _claim_once_freed(store, game_id)  # no stale lock to clean up
        # and this process's claim keeps another process out in turn
        with store.claim_game(game_id):
            out, _ = _claimer(db, game_id).communicate(timeout=60)
            assert out == "taken\n"


def test_two_resumes_of_one_game_do_not_both_play(db: Path, tmp_path: Path) -> None:
    with ScoreStore(db) as store:
        session = a_game(store)
        answer_some(session, 2)
    first = _civic_quiz("play", "--resume", "--plain", db=db, folder=tmp_path)
    try:
        assert first.stdout is not None
        while "Question 3 of 7" not in (line := first.stdout.readline()):
            assert line, first.stderr.read() if first.stderr else ""
        second = _civic_quiz("play", "--resume", "--plain", db=db, folder=tmp_path)
        out, err = second.communicate("1\n", timeout=120)
        assert second.returncode == 1
        assert "is being played in another window" in err
        assert "Question" not in out
    finally:
        first.communicate("", timeout=120)
    assert first.returncode == 3  # input ended: kept for later
    with ScoreStore(db) as store:
        (game,) = store.unfinished_games()
        assert game.answered == 2
