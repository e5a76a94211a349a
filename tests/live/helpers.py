"""Shared pieces of the live game's tests: a pack, a host with students, a PostgreSQL restart."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from game.live.host import LiveHost
from game.live.model import LiveOptions
from game.live.student import LiveStudent
from game.packs.model import Pack
from game.store import ScoreStore
from tests.sample_packs import every_type_pack

if TYPE_CHECKING:
    from tests.pgserver import PgServer

PACK = every_type_pack()


def host_on(db: Path, **options: object) -> LiveHost:
    """A new class game of PACK on the database `db`, with its own store."""
    defaults: dict[str, object] = {"questions": 3, "seed": 7}
    defaults.update(options)
    return LiveHost.create(ScoreStore(db), PACK, LiveOptions(**defaults))  # type: ignore[arg-type]


STUDENTS: list[LiveStudent] = []
"""The students of the running test, kept until it ends (`conftest.py`): a student whose
store is collected lets go of its game, and the host would see them gone."""


def student_on(db: Path, code: str, name: str, pack: Pack = PACK) -> LiveStudent:
    """A student joining on a store of their own (as another process would)."""
    student = LiveStudent.join(ScoreStore(db), code, name, [pack])
    STUDENTS.append(student)
    return student


def restart_postgres(server: PgServer) -> None:
    """Stop the test server at once (as a crash would) and start it again."""
    from tests import pgserver

    server.stop()
    options = f"-k {server.socket} -p {pgserver.PORT} -c listen_addresses='' -c fsync=off"
    log = server.root / "server.log"
    start = [str(pgserver.PG_BIN / "pg_ctl"), "-D", str(server.data), "-l", str(log)]
    server._run([*start, "-o", options, "-w", "start"])
