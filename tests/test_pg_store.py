"""What only the PostgreSQL backend has to show: a server that goes away (the game waits,
connects again, or stops resumable without losing an answer), claims held by a session on
any machine, a write lock another machine holds, reads streamed from the server, the SQL
translation, and a clear word when psycopg is missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from game.play.session import AnswerNotSaved, GameSession
from game.store import GameClaimedError, ScoreStore, StoreError
from game.store import base as store_module
from game.store.dialect import POSTGRESQL, SQLITE
from game.store.pgurl import DatabaseUrl
from game.store.postgres import PgBackend
from tests.conftest import REPO, civic_quiz_process
from tests.sample_packs import every_type_pack, right_answer, wrong_answer
from tests.store_trouble import locked, pg_connect, raw_rows, short_waits

WORKER = Path(__file__).resolve().parent / "store_worker.py"


def a_game(store: ScoreStore) -> GameSession:
    session = GameSession([every_type_pack()], seed=4, store=store, players=("Ada",))
    session.start()
    return session


def cut_off(store: ScoreStore) -> None:
    """End the store's session on the server, as a restart or a dropped network would."""
    with store.read() as conn:
        pid = conn.raw.info.backend_pid  # type: ignore[attr-defined]  # a PgConnection
    with pg_connect(store.path) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def unreachable(store: ScoreStore, tmp_path: Path) -> None:
    """From now on the store connects to a server that is not there (an empty folder where
    its socket would be)."""
    nowhere = tmp_path / "no-server"
    nowhere.mkdir()
    with store.read() as conn:
        conn.url = DatabaseUrl(f"postgresql://quiz@/nothing?host={nowhere}")  # type: ignore[attr-defined]


# -- a server that goes away ---------------------------------------------------------------


def test_an_answer_after_the_connection_dropped_is_saved_once_it_is_back(pg_url: Path) -> None:
    waits: list[str] = []
    with ScoreStore(pg_url) as store:
        session = a_game(store)
        game_id = session.player.game_id
        cut_off(store)
        session.answer(right_answer(session.current), on_wait=lambda: waits.append("w"))
        assert session.state == "feedback"
        assert waits == ["w"]  # the player was told it was being saved
    with ScoreStore(pg_url) as other:
        assert other.game(game_id).answered == 1  # type: ignore[arg-type]


def test_a_server_gone_for_good_stops_the_game_resumable_without_losing_an_answer(
    pg_url: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "UNREACHABLE_WAIT", 0.5)
    monkeypatch.setattr(store_module, "RECONNECT_DELAY", 0.05)
    waits: list[str] = []
    with ScoreStore(pg_url) as store:
        session = a_game(store)
        game_id = session.player.game_id
        assert game_id is not None
        session.answer(right_answer(session.current))
        session.advance()
        unreachable(store, tmp_path)
        cut_off(store)
        with pytest.raises(AnswerNotSaved, match="cannot reach the score database") as caught:
            session.answer(wrong_answer(session.current), on_wait=lambda: waits.append("w"))
        assert waits == ["w"]
        assert "\n" not in str(caught.value)
        assert session.state == "question"  # no feedback for an answer stored nowhere
    with ScoreStore(pg_url) as other:
        (game,) = other.unfinished_games()
        assert (game.id, game.answered, game.status) == (game_id, 1, "active")
        resumed = GameSession.resume(other, [game], [every_type_pack()])
        assert resumed.position == 1
        resumed.release()


def test_an_unreachable_server_is_named_in_one_line(tmp_path: Path, pg_server: object) -> None:
    url = f"postgresql://quiz:pw@/scores?host={tmp_path}"
    with pytest.raises(StoreError, match="cannot reach the score database") as caught:
        ScoreStore(url)
    message = str(caught.value)
    assert f"postgresql://quiz@/scores?host={tmp_path}" in message
    assert "pw" not in message.replace("pass --db", "")
    assert "\n" not in message


def test_a_missing_database_says_how_to_create_it(pg_server: Any) -> None:
    url = pg_server.url("no_such_database")
    with pytest.raises(StoreError, match=r"does not exist.*createdb"):
        ScoreStore(url)


# -- the write lock ------------------------------------------------------------------------


def test_a_write_waiting_for_another_machines_write_says_so_once(
    pg_url: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    short_waits(monkeypatch)
    waits: list[str] = []
    with ScoreStore(pg_url) as store:
        session = a_game(store)
        with locked(pg_url), pytest.raises(AnswerNotSaved, match="locked"):
            session.answer(right_answer(session.current), on_wait=lambda: waits.append("w"))
        assert waits == ["w"]
        session.answer(right_answer(session.current), on_wait=lambda: waits.append("again"))
        assert waits == ["w"]
        assert store.game(session.player.game_id).answered == 1  # type: ignore[arg-type]


# -- claims --------------------------------------------------------------------------------


def _claimer(db: Path, game_id: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), "claim", str(db), str(game_id)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


def test_a_game_is_claimed_by_one_store_at_a_time(pg_url: Path) -> None:
    with ScoreStore(pg_url) as first, ScoreStore(pg_url) as second:
        session = a_game(first)
        game_id = session.player.game_id
        assert game_id is not None
        with pytest.raises(GameClaimedError, match="another machine"):
            second.claim_game(game_id)
        first.claim_game(game_id).release()  # the same store may: it plays it already
        with pytest.raises(GameClaimedError):
            second.claim_game(game_id)  # the session's own claim still holds
        session.release()
        with second.claim_game(game_id), pytest.raises(GameClaimedError):
            first.claim_game(game_id)
        first.claim_game(game_id).release()
    with ScoreStore(pg_url) as third:
        store = ScoreStore(pg_url)
        store.claim_game(game_id)
        store.close()  # closing gives its claims up
        third.claim_game(game_id).release()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_claim_holds_across_processes_and_dies_with_its_process(pg_url: Path) -> None:
    with ScoreStore(pg_url) as store:
        session = a_game(store)
        game_id = session.player.game_id
        assert game_id is not None
        session.release()
        holder = _claimer(pg_url, game_id)
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline() == "claimed\n", holder.stderr
            with pytest.raises(GameClaimedError):
                store.claim_game(game_id)
            out, err = _claimer(pg_url, game_id).communicate(timeout=60)
            assert out == "taken\n", err
        finally:
            os.kill(holder.pid, signal.SIGKILL)
            holder.communicate(timeout=60)
        assert holder.returncode == -signal.SIGKILL
        # The server ends the killed process's session as soon as it reads the closed
        # socket, and its locks go with it: nothing is left to clean up.
        held = "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = ?"
        deadline = time.monotonic() + 30
        while raw_rows(pg_url, held, (game_id,))[0][0] and time.monotonic() < deadline:
            time.sleep(0.02)
        store.claim_game(game_id).release()
        with store.claim_game(game_id):
            out, _ = _claimer(pg_url, game_id).communicate(timeout=60)
            assert out == "taken\n"


# -- reads ---------------------------------------------------------------------------------


def test_long_reads_stream_from_a_connection_of_their_own(pg_url: Path) -> None:
    with ScoreStore(pg_url) as store:
        ids = []
        for n in range(store_module.STREAM_BATCH + 5):
            ids.append(
                store.start_game(
                    player=f"p{n % 7}",
                    pack_id="pack",
                    pack_hash="h",
                    mode="classic",
                    scoring="standard",
                    seed=n,
                    question_ids=["q"],
                    max_score=10,
                )
            )
        games = store.iter_games()
        first = next(games)
        # The store's own connection is free while the stream is open: a game goes on.
        store.set_setting("during", "the stream")
        rest = list(games)
        assert [g.id for g in [first, *rest]] == sorted(ids, reverse=True)
        assert store.count_games() == len(ids)
        assert store.get_setting("during") == "the stream"


def test_sums_of_whole_numbers_come_back_as_numbers(pg_url: Path) -> None:
    with ScoreStore(pg_url) as store, store.read() as conn:
        value = conn.execute("SELECT SUM(x), AVG(x) FROM (VALUES (1), (2)) AS t (x)").fetchone()
    assert value == (3, 1.5)
    assert type(value[0]) is int


# -- SQL of each engine --------------------------------------------------------------------


def test_each_engine_has_its_own_fragments_of_sql() -> None:
    template = "CREATE TABLE t (id {id_key}, n {integer}, r {real}, s TEXT DEFAULT '?%')"
    assert SQLITE.ddl(template) == (
        "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT DEFAULT '?%')"
    )
    assert POSTGRESQL.ddl(template) == (
        "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
        " n BIGINT, r DOUBLE PRECISION, s TEXT DEFAULT '?%')"
    )
    assert (SQLITE.marks(3), POSTGRESQL.marks(2)) == ("?,?,?", "%s,%s")
    assert (SQLITE.greatest, POSTGRESQL.greatest) == ("MAX", "GREATEST")
    assert SQLITE.nocase("name") == "name COLLATE NOCASE"
    assert POSTGRESQL.nocase("name") == "lower(name)"


def test_the_tables_on_postgresql_have_its_own_types(pg_url: Path) -> None:
    with ScoreStore(pg_url) as store, store.read() as conn:
        types = dict(
            conn.execute(
                """SELECT column_name, data_type FROM information_schema.columns
                   WHERE table_name = 'answers' AND table_schema = current_schema()"""
            ).fetchall()
        )
        identity = conn.execute(
            """SELECT is_identity FROM information_schema.columns
               WHERE table_name = 'games' AND column_name = 'id'
               AND table_schema = current_schema()"""
        ).fetchone()[0]
    assert types["game_id"] == types["points"] == "bigint"
    assert types["credit"] == types["seconds"] == "double precision"
    assert identity == "YES"


def test_without_psycopg_a_url_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg fails
    with pytest.raises(StoreError, match=r"pip install 'civic-quiz\[postgres\]'") as caught:
        ScoreStore("postgresql://quiz@/scores")
    assert "\n" not in str(caught.value)
    with ScoreStore(tmp_path / "scores.sqlite3") as store:  # SQLite needs nothing
        store.set_setting("k", "v")


def test_sqlite_alone_never_loads_psycopg(tmp_path: Path) -> None:
    code = (
        "import sys; from game.store import ScoreStore;"
        f" ScoreStore({str(tmp_path / 's.sqlite3')!r}).close();"
        " print('psycopg' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout == "False\n"


def test_rows_written_by_another_machine_are_seen(pg_url: Path) -> None:
    with ScoreStore(pg_url) as store:
        raw_rows(pg_url, "INSERT INTO settings (key, value) VALUES ('k', 'from elsewhere')")
        assert store.get_setting("k") == "from elsewhere"


# -- the commands on a PostgreSQL URL ------------------------------------------------------


def test_a_game_resumed_on_another_machine_and_the_teachers_commands(
    pg_url: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from game.cli import main
    from tests.sample_packs import EVERY_TYPE

    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "every-type.yaml").write_text(EVERY_TYPE.format(pack_id="every-type"), "utf-8")
    with ScoreStore(pg_url) as store:
        session = a_game(store)
        session.answer(right_answer(session.current))
        session.advance()
        session.release()
    # Another process (as on another machine) takes the game up where it was left.
    player = civic_quiz_process("play", "--resume", "--plain", db=pg_url, packs=packs)
    out, err = player.communicate("", timeout=120)
    assert "Question 2 of 7" in out, err
    assert player.returncode == 3  # input ended: kept for later
    assert main(["scores", "--format", "json", "--db", str(pg_url)]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["player"], row["status"]) == ("Ada", "unfinished")
    assert main(["scores", "--answers", "--format", "csv", "--db", str(pg_url)]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 2  # header and one answer


def test_a_url_stays_whole_where_a_path_would_be_made_absolute(pg_url: Path) -> None:
    assert pg_url.resolve() == pg_url.absolute() == pg_url.expanduser() == pg_url
    assert str(pg_url.resolve()).startswith("postgresql://")
    with pytest.raises(TypeError, match="not a file"):
        os.fspath(pg_url)


def test_item_analysis_reads_each_players_first_game_on_the_server(
    pg_url: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from game.cli import main
    from tests.sample_packs import EVERY_TYPE

    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "every-type.yaml").write_text(EVERY_TYPE.format(pack_id="every-type"), "utf-8")
    monkeypatch.setenv("CIVIC_QUIZ_PACKS", str(packs))
    with ScoreStore(pg_url) as store:
        for respond in (right_answer, wrong_answer, wrong_answer):  # Ada's first, then two more
            session = a_game(store)
            while session.state != "finished":
                session.answer(respond(session.current))
                session.advance()
            session.release()
        firsts = store.first_finished_games("every-type")
        assert [g.player for g in firsts] == ["Ada"]
        answers = list(store.iter_first_game_answers("every-type"))
        assert len(answers) == 7 and all(a.credit == 1.0 for a in answers)
    assert main(["stats", "every-type", "--db", str(pg_url)]) == 0
    out = capsys.readouterr().out
    assert "2 later games of the same players" in out  # only Ada's first game counted
    assert "900 of 900 (100%)" in out


def test_streams_share_a_pool_of_connections_closed_with_the_store(pg_url: Path) -> None:
    def backends() -> int:
        rows = raw_rows(
            pg_url,
            "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'civic-quiz'"
            " AND datname = current_database()",
        )
        return int(rows[0][0])

    store = ScoreStore(pg_url)
    for player in ("Ada", "Ben"):
        store.start_game(
            player=player,
            pack_id="pack",
            pack_hash="h",
            mode="classic",
            scoring="standard",
            seed=1,
            question_ids=["q"],
            max_score=10,
        )
    first, second = store.iter_games(), store.iter_games()  # two reads open at once
    assert [next(first).player, next(second).player] == ["Ben", "Ben"]
    assert [g.player for g in first] == [g.player for g in second] == ["Ada"]
    for _ in range(5):
        assert len(list(store.iter_games())) == 2
    assert backends() == 3  # the store's own connection and the pool's two, kept
    store.close()
    # A closed connection's server process ends a moment after the client hangs up.
    deadline = time.monotonic() + 30
    while backends() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert backends() == 0


def test_rows_another_program_wrote_are_named_as_such(
    pg_url: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.cli import main

    with ScoreStore(pg_url) as store:
        a_game(store).release()
    raw_rows(pg_url, "UPDATE games SET question_ids = 'not json'")
    assert main(["scores", "--db", str(pg_url)]) == 1
    err = capsys.readouterr().err
    assert f"{pg_url} holds data this civic-quiz cannot read" in err
    assert "another program may have changed its tables" in err and "file" not in err


def _schema(db: Path) -> dict[str, object]:
    """Tables with their columns (in order) and the indexes, as either engine lists them."""
    from tests.store_trouble import is_pg, table_names

    tables = sorted(table_names(db) - {"civic_quiz_schema"})
    if is_pg(db):
        columns = {
            t: [
                r[0]
                for r in raw_rows(
                    db,
                    "SELECT column_name FROM information_schema.columns"
                    " WHERE table_name = ? ORDER BY ordinal_position",
                    (t,),
                )
            ]
            for t in tables
        }
        indexes = {
            r[0]
            for r in raw_rows(db, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
            if not r[0].endswith(("_pkey", "_key"))  # primary keys and UNIQUE columns
        }
    else:
        columns = {t: [r[1] for r in raw_rows(db, f"PRAGMA table_info({t})")] for t in tables}
        indexes = {
            r[0]
            for r in raw_rows(db, "SELECT name FROM sqlite_master WHERE type = 'index'")
            if not r[0].startswith("sqlite_autoindex")
        }
    return {"tables": tables, "columns": columns, "indexes": sorted(indexes)}


def test_both_backends_have_the_same_schema_after_every_migration(
    tmp_path: Path, pg_url: Path
) -> None:
    ScoreStore(tmp_path / "scores.sqlite3").close()
    ScoreStore(pg_url).close()
    sqlite = _schema(tmp_path / "scores.sqlite3")
    assert _schema(pg_url) == sqlite
    assert {"games_first_finished", "games_started", "flags_question"} <= set(
        sqlite["indexes"]  # type: ignore[call-overload]
    )


def test_an_answer_whose_commit_was_not_acknowledged_is_not_stored_twice_nor_refused(
    pg_url: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    from game.store.postgres import PgConnection

    real_commit = PgConnection.commit
    lost: list[bool] = []

    def commit_then_lose_the_reply(self: PgConnection) -> None:
        real_commit(self)
        if not lost:  # the server committed; the network dropped before the reply came
            lost.append(True)
            self.close()
            raise psycopg.OperationalError("server closed the connection unexpectedly")

    with ScoreStore(pg_url) as store:
        session = a_game(store)
        monkeypatch.setattr(PgConnection, "commit", commit_then_lose_the_reply)
        session.answer(right_answer(session.current))  # saved: no "already has an answer"
        assert lost and session.state == "feedback"
        game = store.game(session.player.game_id)  # type: ignore[arg-type]
        assert (game.answered, game.total) == (1, 1)  # once, and counted once


def test_claims_are_taken_again_after_their_session_was_lost(pg_url: Path) -> None:
    with ScoreStore(pg_url) as store, ScoreStore(pg_url) as other:
        first, second = (a_game(store) for _ in range(2))
        first_id, second_id = first.player.game_id, second.player.game_id
        assert first_id is not None and second_id is not None
        second.release()
        assert isinstance(store.backend, PgBackend)
        claims = store.backend.claims
        assert claims is not None
        pid = claims._raw.info.backend_pid
        with pg_connect(pg_url) as admin:  # the server ends the claims' session
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with store.claim_game(second_id):  # a new session, which claims the first again
            with pytest.raises(GameClaimedError):
                other.claim_game(first_id)
            with pytest.raises(GameClaimedError):
                other.claim_game(second_id)
        first.release()
        other.claim_game(first_id).release()
