"""Many idle sockets (issue 21): more half-sent requests than the server may open files, each
sending `GET / HTTP/1.1` and a Host line and nothing more. `civic-quiz serve` must not exit:
it serves a normal request afterwards, and the game already being played keeps working.

The server runs with a lowered open-file limit (256, soft and hard); the test's sockets are
all on 127.0.0.1, counted, timed, and closed at the end.
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import resource
import time
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from game.web.limits import HEADER_TIMEOUT, ConnectionLimits, exception_handler
from tests.web.served import served_server
from tests.web.test_guard import game_pids, open_game

OPEN_FILES = 256
"""The server's open-file limit, soft and hard."""

IDLE_SOCKETS = 320
"""More than the server's open-file limit."""

FLOOD_WITHIN = 60.0
"""Seconds the test may spend opening its sockets."""

SERVED_AGAIN_WITHIN = HEADER_TIMEOUT + 20
"""Seconds within which a normal request is served again: once the idle sockets the
server accepted have had their time to send a request, at the latest."""

HALF_REQUEST = b"GET / HTTP/1.1\r\nHost: x\r\n"


Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def _flood(host: str, port: int) -> tuple[list[Connection], int]:
    """Open up to IDLE_SOCKETS connections, each sending half a request; the ones made and
    how many could not be made."""
    connections: list[Connection] = []
    failed = 0
    deadline = time.monotonic() + FLOOD_WITHIN
    for _ in range(IDLE_SOCKETS):
        if time.monotonic() > deadline:
            break
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 1.0)
        except (OSError, TimeoutError):
            failed += 1
            continue
        connections.append((reader, writer))
        try:
            writer.write(HALF_REQUEST)
            await asyncio.wait_for(writer.drain(), 1.0)
        except (OSError, TimeoutError):
            failed += 1
    return connections, failed


async def _served(url: str) -> int:
    """Seconds-bounded retries of a normal page request: its status, once it is served."""
    deadline = time.monotonic() + SERVED_AGAIN_WITHIN
    timeout = aiohttp.ClientTimeout(total=3)
    while True:
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.get(url) as response,
            ):
                if response.status == 200:
                    return 200
        except (aiohttp.ClientError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            return 0
        await asyncio.sleep(0.5)


def test_idle_sockets_beyond_the_open_file_limit_do_not_stop_the_server(tmp_path: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert hard == resource.RLIM_INFINITY or hard >= IDLE_SOCKETS + 64, "the test needs files"
    if soft < IDLE_SOCKETS + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (IDLE_SOCKETS + 64, hard))
    db_path = tmp_path / "scores.sqlite3"
    limits = (OPEN_FILES, OPEN_FILES)
    with served_server(tmp_path, db_path, open_files=limits) as served:
        parts = urlsplit(served.url)
        host, port = parts.hostname, parts.port
        assert host is not None and port is not None

        async def attack() -> tuple[int, int, bool, int, int, float]:
            async with aiohttp.ClientSession() as session:
                ws = await open_game(session, served.url)
                frames: list[bytes] = []

                async def read() -> None:  # also answers the server's heartbeat pings
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.BINARY:
                            frames.append(message.data)

                reading = asyncio.ensure_future(read())
                flooded = time.monotonic()
                connections, failed = await _flood(host, port)
                try:
                    await asyncio.sleep(1.0)  # the server's turn to fail, if it does
                    alive = served.process.poll() is None
                    status = await _served(served.url) if alive else 0
                    # The game already playing still answers: a resize redraws its screen.
                    before = len(frames)
                    size = {"width": 100, "height": 30}
                    await ws.send_str(json.dumps(["resize", size]))
                    deadline = time.monotonic() + 15
                    while len(frames) == before and time.monotonic() < deadline:
                        await asyncio.sleep(0.1)
                    redrawn = len(frames) - before
                    # The first idle socket was accepted: the server closes it unasked.
                    first = connections[0][0]
                    with suppress(TimeoutError, OSError):
                        await asyncio.wait_for(first.read(), HEADER_TIMEOUT + 10)
                    closed_after = time.monotonic() - flooded if first.at_eof() else -1.0
                finally:
                    for _reader, writer in connections:
                        writer.close()
                    await ws.close()
                    reading.cancel()
                return len(connections), failed, alive, status, redrawn, closed_after

        opened, failed, alive, status, redrawn, closed_after = asyncio.run(attack())
        assert served.process.poll() is None, served.log.read_text(errors="replace")[-3000:]
        running = game_pids(db_path)
    log = served.log.read_text(errors="replace")
    assert opened + failed >= IDLE_SOCKETS or opened > OPEN_FILES, (opened, failed)
    assert alive, f"the server exited:\n{log[-3000:]}"
    assert status == 200, f"no normal request served after the idle sockets:\n{log[-3000:]}"
    assert redrawn > 0, "the game being played stopped answering"
    assert 0 < closed_after <= HEADER_TIMEOUT + 10, "an idle socket was kept open"
    assert len(running) == 1
    assert "Traceback" not in log, log[-3000:]


def test_the_soft_open_file_limit_is_raised_to_the_hard_one(tmp_path: Path) -> None:
    db_path = tmp_path / "scores.sqlite3"
    with served_server(tmp_path, db_path, open_files=(256, 2048)) as served:
        limits = Path(f"/proc/{served.process.pid}/limits").read_text()
    (line,) = [line for line in limits.splitlines() if line.startswith("Max open files")]
    assert line.split()[3:5] == ["2048", "2048"], line


def _limits(per_address: int | None = 2, used: int = 10) -> ConnectionLimits:
    return ConnectionLimits(
        total=5,
        per_address=per_address,
        fd_limit=100,
        fd_reserve=lambda: 50,
        count_fds=lambda: used,
    )


def test_one_address_may_hold_only_so_many_connections() -> None:
    limits = _limits()
    assert [limits.admit("192.0.2.1") for _ in range(3)] == [
        None,
        None,
        "too many connections from one address",
    ]
    assert limits.admit("192.0.2.2") is None
    limits.release("192.0.2.1")
    assert limits.admit("192.0.2.1") is None
    assert limits.connections == 3


def test_loopback_and_a_proxy_are_not_limited_per_address_but_all_are_in_total() -> None:
    local = _limits()
    assert [local.admit("127.0.0.1") for _ in range(6)][-2:] == [None, "too many connections"]
    proxied = _limits(per_address=None)
    assert [proxied.admit("192.0.2.1") for _ in range(6)][-2:] == [None, "too many connections"]


def test_descriptors_are_kept_in_reserve() -> None:
    assert _limits(used=49).admit("192.0.2.1") is None
    assert _limits(used=50).admit("192.0.2.1") == "file descriptors kept in reserve"


def test_running_out_of_files_is_one_line_and_never_an_exception(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class FailingLoop:
        def default_exception_handler(self, context: dict[str, object]) -> None:
            raise OSError(errno.EMFILE, "Too many open files")  # a log handler's import

    loop = FailingLoop()
    emfile = OSError(errno.EMFILE, "Too many open files")
    with caplog.at_level(logging.WARNING, logger="civic-quiz.serve"):
        exception_handler(loop, {"message": "accept", "exception": emfile})  # type: ignore[arg-type]
        exception_handler(loop, {"message": "other", "exception": ValueError()})  # type: ignore[arg-type]
    assert any("out of file descriptors" in r.getMessage() for r in caplog.records)
    assert all(r.exc_info is None for r in caplog.records)
