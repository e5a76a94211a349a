"""DNS rebinding (issue 21): `civic-quiz serve` answers only requests for a host name it is
known by (its addresses, localhost, `--public-url`, `--allow-host`); any other Host gets 403
before a page, a file or a WebSocket is served. A real server over loopback, aiohttp's client.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest

from game.cli import main
from game.web.launcher import TEMPLATES
from game.web.server import QuizServer
from tests.web.served import served_game
from tests.web.test_guard import game_pids

STATIC = "static/js/textual.js"


async def _status(url: str, host: str, *, websocket: bool = False) -> int:
    """The status of a GET of `url` sent with `Host: host` (and an Origin that matches it,
    as a rebinding page's would); 101 for a WebSocket accepted."""
    headers = {"Host": host, "Origin": f"http://{host}"}
    async with aiohttp.ClientSession() as session:
        if not websocket:
            async with session.get(url, headers=headers) as response:
                await response.read()
                return response.status
        try:
            ws = await session.ws_connect(url, headers=headers)
        except aiohttp.WSServerHandshakeError as error:
            return error.status
        await ws.close()
        return 101


def test_a_rebinding_host_is_refused_and_known_names_are_served(tmp_path: Path) -> None:
    db_path = tmp_path / "scores.sqlite3"
    options = ["--allow-host", "quiz.school.example", "--allow-host", "Teacher-PC.local"]
    with served_game(tmp_path, db_path, listen="0.0.0.0", options=options) as url:
        port = urlsplit(url).port
        evil = f"evil.example:{port}"

        async def attempts() -> dict[str, int]:
            return {
                "evil page": await _status(url, evil),
                "evil file": await _status(f"{url}{STATIC}", evil),
                "evil websocket": await _status(f"{url}ws", evil, websocket=True),
                "no port": await _status(url, "evil.example"),
                "suffix": await _status(url, f"127.0.0.1.evil.example:{port}"),
                "address": await _status(url, f"127.0.0.1:{port}"),
                "localhost": await _status(url, f"localhost:{port}"),
                "lan": await _status(url.replace("127.0.0.1", "127.0.0.2"), f"127.0.0.2:{port}"),
                "allowed": await _status(url, f"quiz.school.example:{port}"),
                "allowed, any case": await _status(url, f"teacher-pc.LOCAL:{port}"),
            }

        statuses = asyncio.run(attempts())
        refused_games = game_pids(db_path)
    assert statuses == {
        "evil page": 403,
        "evil file": 403,
        "evil websocket": 403,
        "no port": 403,
        "suffix": 403,
        "address": 200,
        "localhost": 200,
        "lan": 200,
        "allowed": 200,
        "allowed, any case": 200,
    }
    assert refused_games == []


def test_an_allowed_host_gets_its_websocket(tmp_path: Path) -> None:
    db_path = tmp_path / "scores.sqlite3"
    with served_game(tmp_path, db_path, options=["--allow-host", "quiz.local"]) as url:
        port = urlsplit(url).port
        status = asyncio.run(_status(f"{url}ws", f"quiz.local:{port}", websocket=True))
    assert status == 101


def _server(host: str, **options: Any) -> QuizServer:
    return QuizServer("true", host=host, port=8000, title="t", templates_path=TEMPLATES, **options)


@pytest.mark.parametrize(
    ("listen", "host", "known"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "LOCALHOST.:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "evil.example:8000", False),
        ("127.0.0.1", "localhost.evil.example", False),
        ("127.0.0.1", "", False),
        ("127.0.0.1", "evil.example:8000\r\nX: y", False),
        ("192.0.2.10", "192.0.2.10:8000", True),
        ("192.0.2.10", "192.0.2.11:8000", False),
        ("0.0.0.0", "203.0.113.7:8000", False),
    ],
)
def test_which_host_names_are_known(listen: str, host: str, known: bool) -> None:
    assert _server(listen).host_known(host, None) is known


def test_the_address_a_connection_reached_is_known() -> None:
    server = _server("0.0.0.0")
    assert server.host_known("198.51.100.4:8000", "198.51.100.4")
    assert not server.host_known("198.51.100.5:8000", "198.51.100.4")


def test_public_url_and_allowed_names_are_known() -> None:
    server = _server(
        "127.0.0.1", public_url="https://Quiz.School.example/", allow_hosts=("room12.lan",)
    )
    assert server.host_known("quiz.school.example", None)
    assert server.host_known("room12.lan:8000", None)
    assert not server.host_known("school.example", None)


@pytest.mark.parametrize("name", ["http://quiz.local/", "quiz.local:8000", "quiz local", "\x1b[2J"])
def test_allow_host_takes_a_name_only(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--allow-host", name])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--allow-host: not a host name or address" in err
    assert "\x1b" not in err
