"""The private members of textual-serve that game/web/server.py relies on are still there."""

from __future__ import annotations

import inspect
import re
from importlib.metadata import version
from pathlib import Path

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server

from tests.conftest import REPO

RECHECK = "textual-serve changed: re-check game/web/server.py, which uses it"


async def _nothing(*args: object) -> None:
    return None


def service() -> AppService:
    return AppService(
        "true",
        write_bytes=_nothing,
        write_str=_nothing,
        close=_nothing,
        download_manager=DownloadManager(),
    )


def parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


def test_the_installed_version_is_in_the_pinned_range() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    pin = re.search(r'"textual-serve>=([\d.]+),<(\d+)"', pyproject)
    assert pin is not None, "pyproject.toml must pin textual-serve to one major version"
    installed = tuple(int(part) for part in version("textual-serve").split(".")[:2])
    lowest = tuple(int(part) for part in pin[1].split(".")[:2])
    assert lowest <= installed < (int(pin[2]),), f"textual-serve {version('textual-serve')}"


def test_build_environment_gives_the_game_driver_its_environment() -> None:
    build = getattr(AppService, "_build_environment", None)
    assert callable(build), f"AppService._build_environment is gone; {RECHECK}"
    assert parameters(build) == ["self", "width", "height"], (
        f"AppService._build_environment{inspect.signature(build)}; {RECHECK}"
    )
    environment = service()._build_environment(width=81, height=25)
    assert isinstance(environment, dict), f"AppService._build_environment: {RECHECK}"
    assert environment.get("COLUMNS") == "81" and environment.get("ROWS") == "25", RECHECK
    assert "TEXTUAL_DRIVER" in environment, f"AppService._build_environment: {RECHECK}"


def test_stdin_and_every_send_read_the_private_stdin() -> None:
    app_service = service()
    assert hasattr(app_service, "_stdin"), f"AppService._stdin is gone; {RECHECK}"
    sentinel = object()
    app_service._stdin = sentinel  # type: ignore[assignment]
    assert app_service.stdin is sentinel, f"AppService.stdin no longer reads _stdin; {RECHECK}"


def test_run_reads_the_private_process() -> None:
    assert hasattr(service(), "_process"), f"AppService._process is gone; {RECHECK}"
    assert "self._process" in inspect.getsource(AppService.run), (
        f"AppService.run no longer reads _process; {RECHECK}"
    )
    assert parameters(AppService.start) == ["self", "width", "height"], (
        f"AppService.start{inspect.signature(AppService.start)}; {RECHECK}"
    )


async def test_make_app_builds_the_routes_the_page_uses(tmp_path: Path) -> None:
    make_app = getattr(Server, "_make_app", None)
    assert make_app is not None and inspect.iscoroutinefunction(make_app), (
        f"Server._make_app is gone or no longer a coroutine; {RECHECK}"
    )
    assert parameters(make_app) == ["self"], f"Server._make_app{inspect.signature(make_app)}"
    app = await Server("true", templates_path=tmp_path)._make_app()
    names = {name for name in app.router.named_resources()}
    missing = {"index", "websocket", "static"} - names
    assert not missing, f"Server._make_app has no route {sorted(missing)}; {RECHECK}"
