"""`civic-quiz serve` on a network: page URLs, foreign origins, the player cap, ended games.

These talk to a real server over loopback with aiohttp's client (no browser needed).
"""

from __future__ import annotations

import asyncio
import base64
import os
import time
from pathlib import Path

import aiohttp
import pytest

from tests.web.served import served_game

GONE_WITHIN = 30.0
"""Seconds a game may take to end after its browser went (the server allows 5 + 3)."""


def game_pids(db_path: Path) -> list[int]:
    """The game processes running on `db_path` (`python -m game --db PATH --served`)."""
    needle = str(db_path).encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # ended while we looked
        if b"--served" in args and needle in args:
            pids.append(int(entry.name))
    return pids


def wait_until_gone(db_path: Path, timeout: float = GONE_WITHIN) -> None:
    deadline = time.monotonic() + timeout
    while pids := game_pids(db_path):
        assert time.monotonic() < deadline, f"game processes {pids} still alive after {timeout} s"
        time.sleep(0.2)


def origin(url: str) -> str:
    return url.rstrip("/")


async def open_game(session: aiohttp.ClientSession, url: str) -> aiohttp.ClientWebSocketResponse:
    """A WebSocket session as the page opens it, once the game has drawn something."""
    ws = await session.ws_connect(f"{url}ws?width=80&height=24", headers={"Origin": origin(url)})
    async with asyncio.timeout(20):
        while True:
            message = await ws.receive()
            assert message.type != aiohttp.WSMsgType.CLOSED, "the game closed at once"
            if message.type == aiohttp.WSMsgType.BINARY:
                return ws


def test_the_page_names_the_address_the_browser_used(tmp_path: Path) -> None:
    db_path = tmp_path / "scores.sqlite3"
    with served_game(tmp_path, db_path, listen="0.0.0.0", browse="127.0.0.2") as url:

        async def fetch() -> str:
            async with aiohttp.ClientSession() as session, session.get(url) as response:
                assert response.status == 200
                return await response.text()

        page = asyncio.run(fetch())
    port = url.rstrip("/").rsplit(":", 1)[1]
    assert f'src="http://127.0.0.2:{port}/static/js/textual.js"' in page
    assert f'data-session-websocket-url="ws://127.0.0.2:{port}/ws"' in page
    assert "0.0.0.0" not in page


def test_a_public_url_names_the_page_urls(tmp_path: Path) -> None:
    db_path = tmp_path / "scores.sqlite3"
    public = ["--public-url", "https://quiz.school.example/"]
    with served_game(tmp_path, db_path, options=public) as url:

        async def fetch() -> str:
            async with aiohttp.ClientSession() as session, session.get(url) as response:
                return await response.text()

        page = asyncio.run(fetch())
    assert 'src="https://quiz.school.example/static/js/textual.js"' in page
    assert 'data-session-websocket-url="wss://quiz.school.example/ws"' in page
    assert "127.0.0.1" not in page


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "http://evil.example"}, {}, {"Origin": "http://127.0.0.1:1"}],
    ids=["foreign", "none", "other-port"],
)
def test_a_websocket_from_another_page_is_refused(tmp_path: Path, headers: dict[str, str]) -> None:
    db_path = tmp_path / "scores.sqlite3"
    with served_game(tmp_path, db_path) as url:

        async def attempt() -> int:
            async with aiohttp.ClientSession() as session:
                try:
                    ws = await session.ws_connect(f"{url}ws", headers=headers)
                except aiohttp.WSServerHandshakeError as error:
                    return error.status
                await ws.close()
                return 101

        status = asyncio.run(attempt())
        started = game_pids(db_path)
    assert status == 403
    assert started == []


def _upgrade_headers(url: str) -> dict[str, str]:
    return {
        "Origin": origin(url),
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
    }


def test_beyond_max_players_a_browser_is_told_the_game_is_full(tmp_path: Path) -> None:
    db_path = tmp_path / "scores.sqlite3"
    with served_game(tmp_path, db_path, options=["--max-players", "1"]) as url:

        async def play() -> tuple[int, str, int, str, bool]:
            async with aiohttp.ClientSession() as session:
                first = await open_game(session, url)
                async with session.get(url) as page:
                    page_status, page_text = page.status, await page.text()
                async with session.get(f"{url}ws", headers=_upgrade_headers(url)) as second:
                    ws_status, ws_text = second.status, await second.text()
                await first.close()
                # The place is free again once the first game has ended.
                deadline = time.monotonic() + GONE_WITHIN
                while True:
                    async with session.get(url) as again:
                        if again.status == 200:
                            break
                    assert time.monotonic() < deadline, "the place was not freed"
                    await asyncio.sleep(0.2)
                third = await open_game(session, url)
                await third.close()
                return page_status, page_text, ws_status, ws_text, True

        page_status, page_text, ws_status, ws_text, _ = asyncio.run(play())
    assert page_status == 503
    assert "civic-quiz is full: 1 player is playing" in page_text
    assert ws_status == 503
    assert "civic-quiz is full" in ws_text


@pytest.mark.parametrize(
    "sent",
    [
        # An empty stdin packet ends the game's input parser; the next key then ends its
        # input thread, and with it the game's only way to hear "quit".
        ['["stdin",""]', '["stdin","x"]'],
        ["not json", '["stdin","x"]'],
        ['["stdin",{"x":1}]', '["stdin","x"]'],
    ],
    ids=["empty-stdin", "not-json", "stdin-not-text"],
)
def test_a_game_ends_after_odd_input_and_a_disconnect(tmp_path: Path, sent: list[str]) -> None:
    db_path = tmp_path / "scores.sqlite3"
    with served_game(tmp_path, db_path) as url:

        async def play() -> list[int]:
            async with aiohttp.ClientSession() as session:
                ws = await open_game(session, url)
                running = game_pids(db_path)
                for text in sent:
                    if not ws.closed:  # the server may have ended the session already
                        await ws.send_str(text)
                await asyncio.sleep(0.5)  # let the server pass it on before the tab goes
                await ws.close()
                return running

        running = asyncio.run(play())
        assert len(running) == 1, f"expected one game process, found {running}"
        wait_until_gone(db_path)
