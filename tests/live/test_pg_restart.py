"""A PostgreSQL server restarted during a class game: everyone waits and carries on, and no
answer is lost."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from game.live.watch import Watcher
from game.store import ScoreStore
from tests.sample_packs import right_answer

from .helpers import host_on, restart_postgres, student_on

if TYPE_CHECKING:
    from tests.pgserver import PgServer


def test_a_restarted_server_loses_no_answer(pg_server: PgServer, pg_url: Path) -> None:
    host = host_on(pg_url, time_limit=None)
    ana = student_on(pg_url, host.code, "Ana")
    ben = student_on(pg_url, host.code, "Ben")
    watcher = Watcher(ScoreStore(pg_url), host.code)
    host.start()
    assert watcher.wait(5.0)
    played = ana.view().state.presented
    ana.answer(right_answer(played))
    restart_postgres(pg_server)
    # Every connection was cut: each one connects again on its next use.
    assert watcher.wait(10.0)  # reconnected: told to read again
    ben.answer(right_answer(ben.view().state.presented))
    state = host.state()
    assert state.phase == "reveal"
    assert state.answered == 2 and state.bars
    host.next()
    assert watcher.wait(5.0)  # listening again after the restart
    games = ScoreStore(pg_url).games()
    assert sorted(g.player for g in games) == ["Ana", "Ben"]
    assert all(g.total == 1 and g.correct == 1 for g in games)
    watcher.close()
