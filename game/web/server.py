"""textual-serve's server, made fit for a school network: page URLs, origins, limits, clean-up."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import os
import re
import shlex
import signal
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server, to_int

from ..util.textsafe import printable
from .lifeline import SERVER_PID
from .limits import (
    FD_RESERVE,
    FDS_PER_GAME,
    IDLE_TIMEOUT,
    PER_ADDRESS,
    ConnectionLimits,
    GuardedConnection,
    exception_handler,
    raise_open_file_limit,
)

log = logging.getLogger("civic-quiz.serve")

QUIT_GRACE = 5.0
"""Seconds a game has to quit by itself once its browser is gone, before it is terminated."""

TERMINATE_GRACE = 3.0
"""Seconds between SIGTERM and SIGKILL for a game that did not quit."""

MAX_MESSAGE = 64 * 1024
"""The largest message a browser may send (a paste of text is far smaller)."""

MAX_CELLS = 1000
"""The widest or tallest terminal a browser may ask for."""

DEFAULT_PORTS = {"http": 80, "https": 443}

LOOPBACK_NAMES = frozenset({"localhost"})

HOST_HEADER = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?"
)
"""A Host header fit to be written into the page: a name, an IPv4 or [IPv6] address, a port."""


HOST_PARTS = re.compile(
    r"(?:(?P<name>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)\.?|\[(?P<v6>[0-9A-Fa-f:.]+)\])"
    r"(?::\d{1,5})?"
)
"""A Host header: a name (perhaps with the root's final dot) or an address, then a port."""


def host_name(host: str) -> str | None:
    """The name or address in a Host header, lower case, without port, brackets or final
    dot; None for a header that is not a host."""
    match = HOST_PARTS.fullmatch(host)
    if match is None:
        return None
    return (match["v6"] or match["name"]).lower()


def ip_literal(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address `name` spells, an IPv4 one for an IPv4-mapped IPv6 address; or None."""
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def host_port(netloc: str, scheme: str) -> str:
    """`netloc` in one spelling: lower case, without the scheme's default port."""
    netloc = netloc.lower()
    default = DEFAULT_PORTS.get(scheme)
    if default is not None and netloc.endswith(f":{default}"):
        netloc = netloc[: -len(f":{default}")]
    return netloc


def origin_of(url: str) -> tuple[str, str] | None:
    """The (scheme, host:port) of an http(s) URL, or None."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, host_port(parts.netloc.rsplit("@", 1)[-1], parts.scheme)


class Malformed(ValueError):
    """A browser's message that is not one the page sends."""


def parse_envelope(text: str) -> tuple[str, Any]:
    """A message of the page: `[type, data]` checked for the types the game reads."""
    try:
        envelope = json.loads(text)
    except ValueError as error:
        raise Malformed("not JSON") from error
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        raise Malformed("not a [type, data] list")
    kind = envelope[0]
    data = envelope[1] if len(envelope) > 1 else None
    if kind == "stdin" and not isinstance(data, str):
        raise Malformed("stdin without text")
    if kind == "resize":
        if not isinstance(data, dict):
            raise Malformed("resize without a size")
        width, height = data.get("width"), data.get("height")
        if not all(type(n) is int and 1 <= n <= MAX_CELLS for n in (width, height)):
            raise Malformed("resize to an impossible size")
    if kind not in ("stdin", "resize", "ping", "blur", "focus"):
        raise Malformed(f"unknown message type {kind[:40]!r}")
    return kind, data


class GameService(AppService):
    """One game process, started without a shell in a process group of its own.

    Its own group lets the server end it, and anything it started, when the game does not
    quit by itself; stopping always ends with the process gone.

    textual-serve's private members used here (pinned in pyproject.toml, checked by
    tests/web/test_textual_serve_api.py): `_build_environment`, the environment its game
    driver needs (copied, it would drift from the installed version); `_process` and
    `_stdin`, set because the inherited `run` and `stdin` (so `send_bytes`, `send_meta`)
    read them. Everything else is this class's own or public.
    """

    def __init__(self, command: str, *, download_manager: DownloadManager, **kwargs: Any) -> None:
        super().__init__(command, download_manager=download_manager, **kwargs)
        self.downloads = download_manager
        self.process: asyncio.subprocess.Process | None = None
        self.reader: asyncio.Task[None] | None = None
        """The inherited `run`, reading the game's output, once started."""
        self._stopping: asyncio.Future[None] | None = None

    @property
    def pid(self) -> int | None:
        """The game process's id, once started."""
        return self.process.pid if self.process is not None else None

    async def start(self, width: int, height: int) -> None:
        """Start the game process and the task passing its output to the browser."""
        environment = self._build_environment(width=width, height=height)
        # The game ends when this process does, however it ends (`game.web.lifeline`).
        environment[SERVER_PID] = str(os.getpid())
        self.process = process = await asyncio.create_subprocess_exec(
            *shlex.split(self.command),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        assert process.stdin is not None
        # The inherited `run` reads `_process`; `stdin` (so every send) reads `_stdin`.
        self._process = process
        self._stdin = process.stdin
        self.reader = asyncio.create_task(self.run())

    async def stop(self) -> None:
        """Ask the game to quit, end it if it does not, and wait until it is gone."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        # Shielded: a server shutting down cancels the handler, never the clean-up.
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self.process
        if self.reader is not None:
            with suppress(Exception):
                await self.downloads.cancel_app_downloads(app_service_id=self.app_service_id)
            with suppress(Exception):
                await self.send_meta({"type": "quit"})
        if process is not None:
            await self._end(process)
        if self.reader is not None:
            # The process is gone, so its output ends and the reading task with it.
            with suppress(Exception):
                await asyncio.wait_for(self.reader, TERMINATE_GRACE)
            self.reader = None

    async def _end(self, process: asyncio.subprocess.Process) -> None:
        with suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), QUIT_GRACE)
            return
        log.warning("game process %s did not quit; terminating it", process.pid)
        for sig, grace in ((signal.SIGTERM, TERMINATE_GRACE), (signal.SIGKILL, None)):
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, sig)
            try:
                await asyncio.wait_for(process.wait(), grace)
                return
            except TimeoutError:
                continue


def full_message(max_players: int) -> str:
    """What a browser is told when every place is taken."""
    players = "1 player is" if max_players == 1 else f"{max_players} players are"
    return (
        f"civic-quiz is full: {players} playing, the most this server takes."
        " Try again when someone has finished."
    )


FULL_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>civic-quiz is full</title>
<style>body {{ background: #0c181f; color: #eee; font-family: menlo, monospace;
display: flex; align-items: center; justify-content: center; height: 90vh; }}
p {{ max-width: 40em; font-size: 18px; }}</style></head>
<body><p id="full">{message}</p></body></html>
"""


MAX_REFUSALS_LOGGED = 20
"""Distinct refused host names logged (each once)."""


def known_hosts(listen: str, public_url: str | None, allow_hosts: Sequence[str]) -> frozenset[str]:
    """The names and addresses the server is known by, as `host_name` spells them: `listen`
    (every address of the machine for 0.0.0.0), localhost, the host of `public_url` and
    `allow_hosts`."""
    from .addresses import ALL_ADDRESSES, machine_interfaces

    names = set(LOOPBACK_NAMES)
    if listen in ALL_ADDRESSES:
        names.update(interface.address for interface in machine_interfaces())
    else:
        names.add(listen.strip("[]").lower())
    if public_url and (public := urlsplit(public_url).hostname):
        names.add(public.rstrip(".").lower())
    names.update(host_name(name) or name.lower() for name in allow_hosts)
    return frozenset(names)


class QuizServer(Server):
    """textual-serve's server with what a class on one network needs.

    - The page's script and WebSocket URLs follow the address the browser used (its Host
      header), or `public_url` when a proxy is in front: never the address listened on.
    - A request is served only for a host name the server is known by (DNS rebinding):
      its listening addresses (every address of the machine for 0.0.0.0), any loopback
      address, localhost, the host of `public_url` and the names in `allow_hosts`.
    - A WebSocket is accepted only from the server's own page (its Origin is the page's).
    - At most `max_players` games at once; a browser beyond that gets a page saying so.
    - Every game process ends when its browser goes away or sends what the page never does.
    """

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        title: str,
        templates_path: Path,
        public_url: str | None = None,
        max_players: int = 60,
        allow_hosts: Sequence[str] = (),
        on_listening: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(
            command,
            host=host,
            port=port,
            title=title,
            public_url=public_url,
            templates_path=templates_path,
        )
        self.fixed_url = public_url.rstrip("/") if public_url else None
        self.public_origin = origin_of(public_url) if public_url else None
        self.max_players = max_players
        self.on_listening = on_listening
        self.sessions: set[GameService] = set()
        """The games running now, one per browser tab."""
        self.known_hosts = known_hosts(host, public_url, allow_hosts)
        """The host names and addresses a request may name in its Host header."""
        self._refusals_logged: set[str] = set()

    def host_known(self, host: str, reached: str | None) -> bool:
        """Whether a Host header names this server; `reached`: the address the connection
        was made to (a listening address, whatever the interfaces say)."""
        name = host_name(host)
        if name is None:
            return False
        if name in self.known_hosts:
            return True
        address = ip_literal(name)
        if address is None:
            return False
        # Only a name can be rebound: an address is what the browser connected to.
        return address.is_loopback or (reached is not None and address == ip_literal(reached))

    @web.middleware
    async def host_guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """403 for a request whose Host is not a name of this server, before anything else."""
        protocol = request.transport.get_protocol() if request.transport else None
        if isinstance(protocol, GuardedConnection):
            protocol.request_started()  # its head is whole: the header timeout is over
        host = request.headers.get("Host", "")
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        reached = str(sockname[0]) if isinstance(sockname, tuple) and sockname else None
        if not self.host_known(host, reached):
            self._log_refusal(host)
            raise web.HTTPForbidden(
                text="civic-quiz: this server is not known by that name"
                " (the teacher can add it with --allow-host NAME)"
            )
        return await handler(request)

    def _log_refusal(self, host: str) -> None:
        # Once per name and at most a few names: a flood of them must not flood the log.
        name = host_name(host) or "an unreadable Host header"
        if name in self._refusals_logged or len(self._refusals_logged) >= MAX_REFUSALS_LOGGED:
            return
        self._refusals_logged.add(name)
        log.warning(
            "refused requests for %s: not a name of this server (--allow-host adds one)",
            printable(name),
        )

    async def _make_app(self) -> web.Application:
        # textual-serve's private `_make_app` (pinned, see tests/web/test_textual_serve_api.py)
        # sets up its templates and routes; only the guard is added here.
        app = await super()._make_app()
        app.middlewares.append(self.host_guard)
        return app

    def base_url(self, request: web.Request) -> str | None:
        """The URL the browser reached this server by; None for a Host header unfit for it."""
        if self.fixed_url is not None:
            return self.fixed_url
        host = request.headers.get("Host", "")
        if not HOST_HEADER.fullmatch(host):
            return None
        return f"{request.scheme}://{host}"

    def origin_allowed(self, request: web.Request) -> bool:
        """Whether a WebSocket request comes from this server's own page."""
        origin = origin_of(request.headers.get("Origin", ""))
        if origin is None:
            return False
        if self.public_origin is not None and origin == self.public_origin:
            return True
        host = request.headers.get("Host", "")
        return bool(host) and host_port(host, origin[0]) == origin[1]

    def full(self) -> bool:
        """Whether every place is taken."""
        return len(self.sessions) >= self.max_players

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, its URLs made from the address the browser used."""
        if self.full():
            page = FULL_PAGE.format(message=escape(full_message(self.max_players)))
            return web.Response(status=503, text=page, content_type="text/html")
        base = self.base_url(request)
        if base is None:
            raise web.HTTPBadRequest(text="Bad Host header")
        router = request.app.router
        websocket_path = router["websocket"].url_for()
        static_path = router["static"].url_for(filename="/")
        scheme, rest = base.split(":", 1)
        context = {
            "font_size": max(6, min(to_int(request.query.get("fontsize", "16"), 16), 64)),
            "app_websocket_url": f"{'wss' if scheme == 'https' else 'ws'}:{rest}{websocket_path}",
            "config": {"static": {"url": f"{base}{static_path}".rstrip("/") + "/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab's game: checked, counted, and always ended with the tab."""
        if not self.origin_allowed(request):
            log.warning("refused a WebSocket from origin %r", request.headers.get("Origin"))
            raise web.HTTPForbidden(text="WebSockets are accepted from this server's page only")
        if self.full():
            raise web.HTTPServiceUnavailable(text=full_message(self.max_players))
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        width = max(1, min(to_int(request.query.get("width", "80"), 80), MAX_CELLS))
        height = max(1, min(to_int(request.query.get("height", "24"), 24), MAX_CELLS))
        service = GameService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
            debug=self.debug,
        )
        self.sessions.add(service)  # before any await: the count is right for the next one
        try:
            await websocket.prepare(request)
            await service.start(width, height)
            await self.relay_messages(websocket, service)
        except Exception as error:  # one tab's failure must not stop the server
            log.exception(error)
        finally:
            try:
                await service.stop()
            finally:
                self.sessions.discard(service)
                with suppress(Exception):
                    await websocket.close()
        return websocket

    async def relay_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        """Pass the page's messages to the game until the page goes or sends nonsense."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = parse_envelope(message.data)
            except Malformed as error:
                log.warning("closing a session: %s", error)
                return
            if kind == "stdin":
                if data:  # an empty packet would end the game's input reader
                    await app_service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize":
                await app_service.set_terminal_size(data["width"], data["height"])
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    async def on_startup(self, app: web.Application) -> None:
        """Nothing to print yet: the addresses are printed once the port is open."""

    async def on_shutdown(self, app: web.Application) -> None:
        """End every game before the server goes."""
        await asyncio.gather(*(s.stop() for s in list(self.sessions)), return_exceptions=True)

    def max_connections(self) -> int:
        """Connections all clients may hold: each game's WebSocket, and the connections of
        pages loading (a browser opens up to six)."""
        return 8 * self.max_players + 64

    def fd_reserve(self, fd_limit: int) -> int:
        """Descriptors kept from new connections: enough for the log, the database and the
        games that may still start, but never more than half of them all."""
        free_places = max(0, self.max_players - len(self.sessions))
        return min(FD_RESERVE + FDS_PER_GAME * free_places, fd_limit // 2)

    def serve(self, debug: bool = False) -> None:
        """Serve until SIGINT, SIGTERM or SIGHUP, every game ended on the way out."""
        self.debug = debug
        self.initialize_logging()
        # Imported now: a log record with a traceback imports it, which fails when every
        # descriptor is taken, and the error would end the server.
        import rich.traceback  # noqa: F401

        asyncio.run(self._run(raise_open_file_limit()))

    async def _run(self, fd_limit: int) -> None:
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(exception_handler)  # never an exit on EMFILE
        stop = asyncio.Event()
        # SIGHUP: the teacher's terminal closed. The games end as on ctrl+c.
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            sig = getattr(signal, name, None)  # no SIGHUP on Windows
            if sig is not None:
                with suppress(NotImplementedError):
                    loop.add_signal_handler(sig, stop.set)
        runner = web.AppRunner(
            await self._make_app(),
            handle_signals=False,
            access_log=None,
            keepalive_timeout=IDLE_TIMEOUT,
        )
        await runner.setup()
        limits = ConnectionLimits(
            total=self.max_connections(),
            # Behind a proxy, its one address carries the whole class.
            per_address=None if self.fixed_url else PER_ADDRESS,
            fd_limit=fd_limit,
            fd_reserve=lambda: self.fd_reserve(fd_limit),
        )
        server = runner.server
        assert server is not None
        listener: asyncio.base_events.Server | None = None
        try:
            # Not aiohttp's TCPSite: every connection goes through the limits first.
            listener = await loop.create_server(
                lambda: GuardedConnection(server(), limits),
                self.host or None,
                self.port,
                reuse_address=True,
            )
            if self.on_listening is not None:
                self.on_listening()
            await stop.wait()
        finally:
            if listener is not None:
                listener.close()
            await runner.cleanup()
