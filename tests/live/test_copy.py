"""`db copy` takes a class game along: its session, players and answers, both ways."""

from __future__ import annotations

from pathlib import Path

from game.live.host import LiveHost
from game.store import ScoreStore
from game.store.copying import copy_database
from tests.sample_packs import right_answer

from .helpers import PACK, host_on, student_on


def test_a_class_game_is_copied_and_goes_on_there(pg_url: Path, tmp_path: Path) -> None:
    file = tmp_path / "scores.sqlite3"
    host = host_on(file, time_limit=None)
    ana = student_on(file, host.code, "Ana")
    host.start()
    ana.answer(right_answer(ana.view().state.presented))
    host.reveal()
    host.store.close()
    report = copy_database(file, pg_url)
    assert report.verified
    rows = {f.table: f.rows for f in report.source}
    assert (rows["live_sessions"], rows["live_players"], rows["live_answers"]) == (1, 1, 1)
    again = LiveHost.resume(ScoreStore(pg_url), host.code, [PACK])
    assert again.state().top[0].name == "Ana"
    back = copy_database(pg_url, tmp_path / "back.sqlite3")
    assert back.verified
