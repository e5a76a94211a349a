"""What clients may hold open on `civic-quiz serve`: connections, time, file descriptors."""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("civic-quiz.serve")

HEADER_TIMEOUT = 10.0
"""Seconds a new connection has to send a whole request head before it is closed."""

IDLE_TIMEOUT = 15.0
"""Seconds a connection may sit idle between requests (aiohttp's keep-alive timeout).
A game's WebSocket is never idle: the server pings it every 15 s and ends it without answer."""

FD_RESERVE = 48
"""File descriptors kept free whatever the clients do: the log, the score database, imports."""

FDS_PER_GAME = 4
"""What one game costs the server in descriptors: its three pipes and its WebSocket."""

PER_ADDRESS = 32
"""Connections one address may hold: a student's browser opens a WebSocket and up to six
connections for the page (several tabs, several times that)."""

EMFILE_LOGGED_EVERY = 10.0
"""Seconds between two warnings that the server ran out of file descriptors."""

BUSY_TEXT = b"civic-quiz is busy: too many connections; try again in a moment.\n"
BUSY_RESPONSE = (
    b"HTTP/1.1 503 Service Unavailable\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Connection: close\r\n"
    b"Content-Length: %d\r\n\r\n%s" % (len(BUSY_TEXT), BUSY_TEXT)
)
"""What a connection beyond the limits is told, before it is closed."""


def raise_open_file_limit() -> int:
    """Raise the soft limit on open files to the hard one; the soft limit now."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):  # a hard limit the system will not give (macOS)
            pass
    return soft if soft != resource.RLIM_INFINITY else 1 << 20


def open_fd_count() -> int | None:
    """How many file descriptors this process has open (None where the system won't say)."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return len(os.listdir(folder)) - 1  # the listing's own descriptor
        except OSError:
            continue
    return None


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@dataclass
class ConnectionLimits:
    """How many connections all clients and each address may hold, with descriptors kept.

    The per-address limit does not apply to loopback addresses (a proxy on this machine, the
    teacher's own browser) nor to every address when a proxy is in front (`per_address` None):
    the proxy's one address carries the whole class.
    """

    total: int
    per_address: int | None
    fd_limit: int
    fd_reserve: Callable[[], int] = lambda: FD_RESERVE
    count_fds: Callable[[], int | None] = open_fd_count
    open: Counter[str] = field(default_factory=Counter)

    @property
    def connections(self) -> int:
        """Connections held now."""
        return sum(self.open.values())

    def admit(self, address: str) -> str | None:
        """Count a new connection from `address` in, or say why not (then it is not counted)."""
        if self.connections >= self.total:
            return "too many connections"
        if (
            self.per_address is not None
            and not _is_loopback(address)
            and self.open[address] >= self.per_address
        ):
            return "too many connections from one address"
        used = self.count_fds()
        if used is None:  # no count from the system: an estimate, games weighed heavily
            used = FD_RESERVE + self.connections * 2
        if used >= self.fd_limit - self.fd_reserve():
            return "file descriptors kept in reserve"
        self.open[address] += 1
        return None

    def release(self, address: str) -> None:
        """Count a connection of `address` out."""
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]


class GuardedConnection(asyncio.Protocol):
    """aiohttp's protocol for one connection, behind the limits: refused (503) beyond them,
    closed when no request head arrives within `HEADER_TIMEOUT`."""

    def __init__(self, inner: asyncio.Protocol, limits: ConnectionLimits) -> None:
        self.inner = inner
        self.limits = limits
        self.address: str | None = None
        self.transport: asyncio.Transport | None = None
        self.requested = False
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        refused = self.limits.admit(address)
        if refused is not None:
            _log_refusal(refused)
            transport.write(BUSY_RESPONSE)
            transport.close()
            return
        self.address = address
        loop = asyncio.get_running_loop()
        self._timer = loop.call_later(HEADER_TIMEOUT, self._header_timeout)
        self.inner.connection_made(transport)

    def request_started(self) -> None:
        """A whole request head arrived: the header timeout no longer applies."""
        self.requested = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _header_timeout(self) -> None:
        self._timer = None
        if not self.requested and self.transport is not None:
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        if self.address is not None:
            self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self.address is not None else None

    def pause_writing(self) -> None:
        if self.address is not None:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.address is not None:
            self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.address is None:
            return  # refused: never counted, never handed to aiohttp
        self.limits.release(self.address)
        self.address = None
        self.inner.connection_lost(exc)


_last_refusal: dict[str, float] = {}


def _log_refusal(reason: str) -> None:
    # At most one line per reason every few seconds: a flood must not flood the log.
    now = time.monotonic()
    if now - _last_refusal.get(reason, -EMFILE_LOGGED_EVERY) >= EMFILE_LOGGED_EVERY:
        _last_refusal[reason] = now
        with suppress(Exception):  # a log handler out of descriptors: the server goes on
            log.warning("refusing new connections for now: %s", reason)


OUT_OF_FILES = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})


def exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The event loop's handler of errors nothing else caught: one line for running out of
    file descriptors (asyncio retries accepting a second later), never an exception."""
    error = context.get("exception")
    if isinstance(error, OSError) and error.errno in OUT_OF_FILES:
        _log_refusal(f"out of file descriptors ({os.strerror(error.errno)})")
        return
    # Logging itself may fail (no descriptor to import with): the server goes on, since
    # exiting here would end every game.
    with suppress(Exception):
        loop.default_exception_handler(context)
