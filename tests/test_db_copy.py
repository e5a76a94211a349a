"""`civic-quiz db copy SRC DEST`: a school's history moved from SQLite into PostgreSQL and back,
every table and id kept, verified by counts and checksums; and `db` on a PostgreSQL URL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from game.store import ScoreStore, StoreError
from game.store import copying as store_copy
from game.store.copying import COPY_TABLES, copy_database, figures
from tests.store_trouble import raw_rows, table_names
from tests.test_db_command import run
from tests.test_store_admin import play

T0 = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)


def history(path: Path) -> None:
    """A little of everything: finished, abandoned and unfinished games, a hot-seat group,
    a lesson, practice cards, settings, flags (one on a game, one without), text from
    players that is not ASCII."""
    with ScoreStore(path) as store:
        play(store, "Ada", 5)
        play(store, "Zoë", 6, end="abandon", answered=1)
        play(store, "ada", 20)
        play(store, "Cy", 4, end="", answered=2)
        store.start_games(
            players=["Ada", "Ben"],
            pack_id="nato",
            pack_hash="h",
            mode="classic",
            scoring="standard",
            seed=9,
            question_ids=["q1", "q2"],
            max_score=200,
            started_at=T0,
            lesson="monday",
        )
        store.save_card(
            "Ada",
            "nato",
            store_copy_card("q1"),
        )
        store.set_setting("last_player", "Zoë")
        store.set_setting("Theme", "dark")
        store.add_flag(
            pack_id="nato",
            pack_hash="h",
            question_id="q1",
            player="Ada",
            reason="wrong",
            note="« 2 % » is old",
            game_id=1,
        )
        store.add_flag(
            pack_id="nato", pack_hash="h", question_id="q2", player="Ben", reason="unclear"
        )


def store_copy_card(question_id: str) -> object:
    from game.store import StoredCard

    return StoredCard(question_id, "qh", '{"due": 1}', T0)


def test_every_table_of_the_schema_is_copied(any_db: Path) -> None:
    ScoreStore(any_db).close()
    tables = table_names(any_db) - {"civic_quiz_schema"}
    assert tables == {table for table, _, _ in COPY_TABLES}


@pytest.mark.parametrize("direction", ["sqlite to postgresql", "postgresql to sqlite"])
def test_a_copy_keeps_every_row_and_id_and_is_verified(
    direction: str, tmp_path: Path, pg_url: Path
) -> None:
    file = tmp_path / "scores.sqlite3"
    source, dest = (file, pg_url) if direction.startswith("sqlite") else (pg_url, file)
    history(source)
    report = copy_database(source, dest)
    assert report.verified
    assert [f.rows for f in report.source] == [5, 6, 9, 1, 2, 2, 0, 0, 0]  # players ... live
    with ScoreStore(source, read_only=True) as again:
        assert report.copy == figures(again)
    with ScoreStore(source, read_only=True) as old, ScoreStore(dest) as new:
        assert new.games() == old.games()
        assert new.flags() == old.flags()
        assert new.players() == old.players()
        assert new.cards("Ada", "nato") == old.cards("Ada", "nato")
        assert new.get_setting("last_player") == "Zoë"
        for game in old.games():
            assert new.answers(game.id) == old.answers(game.id)
        assert new.unfinished_group(new.game(5)) == old.unfinished_group(old.game(5))
        # The copy goes on numbering after the copied ids.
        fresh = new.start_game(
            player="Eve",
            pack_id="nato",
            pack_hash="h",
            mode="classic",
            scoring="standard",
            seed=1,
            question_ids=["q1"],
            max_score=100,
        )
        assert fresh == max(g.id for g in old.games()) + 1
        assert (
            new.add_flag(
                pack_id="nato", pack_hash="h", question_id="q1", player="Eve", reason="wrong"
            )
            == 3
        )


def test_a_destination_holding_anything_is_refused_untouched(tmp_path: Path, pg_url: Path) -> None:
    file = tmp_path / "scores.sqlite3"
    history(file)
    with ScoreStore(pg_url) as store:
        store.set_setting("already", "here")
    with pytest.raises(StoreError, match="already holds 1 row of settings"):
        copy_database(file, pg_url)
    assert raw_rows(pg_url, "SELECT key, value FROM settings") == [("already", "here")]
    assert raw_rows(pg_url, "SELECT COUNT(*) FROM games") == [(0,)]


def test_a_database_is_not_copied_onto_itself_nor_from_nothing(tmp_path: Path) -> None:
    file = tmp_path / "scores.sqlite3"
    history(file)
    with pytest.raises(StoreError, match="onto itself"):
        copy_database(file, tmp_path / "." / "scores.sqlite3")
    with pytest.raises(StoreError, match="does not exist"):
        copy_database(tmp_path / "none.sqlite3", tmp_path / "new.sqlite3")
    assert not (tmp_path / "new.sqlite3").exists()


def test_the_command_copies_and_prints_both_sides(
    tmp_path: Path, pg_url: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "scores.sqlite3"
    history(file)
    assert run("db", "copy", str(file), str(pg_url)) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "  copied players: 5 rows",
        "  copied games: 6 rows",
        "  copied answers: 9 rows",
        "  copied cards: 1 row",
        "  copied settings: 2 rows",
        "  copied flags: 2 rows",
        "  copied live_sessions: 0 rows",
        "  copied live_players: 0 rows",
        "  copied live_answers: 0 rows",
    ]
    assert f"Copied {file} to {pg_url}:" in out
    assert "Verified: every table has the same rows" in out
    answers = next(line for line in out.splitlines() if line.strip().startswith("answers"))
    assert answers.count(" 9 rows ") == 2 and answers.endswith("same")
    back = tmp_path / "back.sqlite3"
    assert run("db", "copy", str(pg_url), str(back)) == 0
    assert "Verified" in capsys.readouterr().out
    assert run("db", "copy", str(file), str(pg_url)) == 1
    err = capsys.readouterr().err
    assert err.startswith("civic-quiz db copy: ") and "already holds" in err
    assert err.count("\n") == 1


def test_a_copy_that_reads_back_different_is_not_called_verified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "scores.sqlite3"
    history(file)
    real = store_copy.figures

    def damaged(store: ScoreStore) -> list[store_copy.TableFigures]:
        result = real(store)
        result[2] = result[2]._replace(rows=result[2].rows - 1)
        return result

    monkeypatch.setattr(store_copy, "figures", damaged)
    assert run("db", "copy", str(file), str(tmp_path / "copy.sqlite3")) == 1
    captured = capsys.readouterr()
    assert "DIFFERENT" in captured.out and "Verified" not in captured.out
    assert "differs from the source; do not use it" in captured.err


def test_info_of_a_postgresql_database(pg_url: Path, capsys: pytest.CaptureFixture[str]) -> None:
    history(pg_url)
    assert run("db", "info", "--db", str(pg_url)) == 0
    out = capsys.readouterr().out
    assert f"Score database: {pg_url}" in out
    assert "(on the server)" in out
    assert "Games: 6 (2 finished, 1 abandoned, 3 unfinished)" in out
    assert "Answers: 9" in out


@pytest.mark.parametrize(
    ("action", "advice"),
    [
        (["check"], "pg_amcheck"),
        (["backup", "copy.sqlite3"], "pg_dump"),
        (["vacuum"], "VACUUM FULL"),
    ],
)
def test_file_actions_on_a_postgresql_url_say_what_to_use(
    action: list[str], advice: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://quiz:secret@db.school.example/civic"
    assert run("db", action[0], "--db", url, *action[1:]) == 1
    err = capsys.readouterr().err
    assert "postgresql://quiz@db.school.example/civic is a PostgreSQL database" in err
    assert advice in err and "secret" not in err
    assert err.count("\n") == 1
