"""Run `civic-quiz serve` and drive it in headless Chromium (the browser test, the screenshot).

Playwright drives Debian's Chromium (`/usr/bin/chromium`); it never downloads a browser.
The terminal in the page is drawn on a canvas, so the screen is read from what the server
sends the page: the WebSocket's terminal output, with its escape sequences taken out.
"""

from __future__ import annotations

import codecs
import ipaddress
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # only the browser tests need Playwright; they skip without it
    from playwright.sync_api import Browser, Page, Request, Route, WebSocket

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium (`apt-get install chromium`)."""

CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
)

HOST = "127.0.0.1"
LOOPBACK_HOSTS = frozenset({HOST, "localhost", "[::1]", "::1"})

ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, colour queries
    r"|\x1b[()][0-9A-Za-z]"  # character sets
    r"|\x1b[@-Z\\-_]"  # other two-character escapes
)
UNFINISHED = re.compile(r"\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[()])?\Z")
"""The start of an escape sequence that ends the text so far but may go on in what comes."""


def free_port() -> int:
    """A TCP port free on the loopback address just now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def is_loopback_url(url: str) -> bool:
    """Whether a URL only reaches this machine (or is the page's own data)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    host = parts.hostname or ""
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback  # 127.0.0.2 too
    except ValueError:
        return False


@contextmanager
def served_game(
    folder: Path,
    db_path: Path,
    *,
    packs: Path | None = None,
    timeout: float = 20.0,
    listen: str = HOST,
    browse: str = HOST,
    options: Sequence[str] = (),
) -> Iterator[str]:
    """Run `civic-quiz serve` on a free loopback port until the block ends; yields its URL
    (`served_server` says more)."""
    with served_server(
        folder,
        db_path,
        packs=packs,
        timeout=timeout,
        listen=listen,
        browse=browse,
        options=options,
    ) as served:
        yield served.url


@dataclass(frozen=True)
class Served:
    """A running `civic-quiz serve`: the URL to browse and its process."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path


@contextmanager
def served_server(
    folder: Path,
    db_path: Path,
    *,
    packs: Path | None = None,
    timeout: float = 20.0,
    listen: str = HOST,
    browse: str = HOST,
    options: Sequence[str] = (),
    open_files: tuple[int, int] | None = None,
) -> Iterator[Served]:
    """Run `civic-quiz serve` on a free loopback port until the block ends.

    The server runs in `folder`, with its user folders there too; its output goes to
    `folder / "server.log"`. `packs` is put in CIVIC_QUIZ_PACKS (the bundled packs are
    always found too). It listens on `listen` (`--host`) and the URL yielded names `browse`,
    which must be a loopback address; `options` go on its command line; `open_files` is its
    (soft, hard) RLIMIT_NOFILE. The server and every game it started are ended afterwards.
    """
    if not is_loopback_url(f"http://{browse}/"):
        raise ValueError(f"tests only talk to loopback addresses, not {browse}")
    port = free_port()
    home = folder / "home"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CIVIC_QUIZ_PACKS", "CIVIC_QUIZ_DB", "CIVIC_QUIZ_SETTINGS", "NO_COLOR")
    }
    env |= {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    if packs is not None:
        env["CIVIC_QUIZ_PACKS"] = str(packs)
    command = [sys.executable, "-m", "game", "serve", "--host", listen, "--port", str(port)]
    command += ["--db", str(db_path), *options]
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        # A session of its own: textual-serve starts each game through a shell, and every
        # one of those processes must end with the server.
        server = subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=None if open_files is None else partial(_limit_files, open_files),
        )
    try:
        _wait_for_port(server, port, timeout, log_path, browse)
        yield Served(f"http://{browse}:{port}/", server, log_path)
    finally:
        _stop(server)


def _limit_files(limits: tuple[int, int]) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_NOFILE, limits)


def _wait_for_port(
    server: subprocess.Popen[bytes], port: int, timeout: float, log: Path, host: str = HOST
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"civic-quiz serve exited ({server.returncode}):\n{_tail(log)}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"civic-quiz serve did not answer on port {port} in {timeout:.0f} s:\n"
                    + _tail(log)
                ) from None
            time.sleep(0.1)


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:  # a test ended it; its group id may be reused already
        return
    with suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        server.wait(timeout=10)
    # Whatever is left of the group: games still closing, or a server that did not stop.
    with suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=5)


def _tail(path: Path, size: int = 4000) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return text[-size:]


class TerminalText:
    """What the served game has written to the page's terminal, as plain text.

    The text is kept as it arrives, its escape sequences taken out once: a class of tabs
    receives megabytes, and stripping all of it again on every look would cost each wait
    time in proportion to everything written so far."""

    HELD = 512
    """Characters held back at most while an escape sequence may be unfinished."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode
        self._raw: list[str] = []
        self._text: list[str] = []
        self._length = 0
        self._held = ""
        """The end of what arrived, from an escape character whose sequence may go on."""
        self.sockets: list[str] = []
        """The URL of every WebSocket the page opened."""
        page.on("websocket", self._watch)

    def _watch(self, socket: WebSocket) -> None:
        self.sockets.append(socket.url)
        socket.on("framereceived", self._received)

    def _received(self, payload: str | bytes) -> None:
        if not isinstance(payload, bytes):  # text frames are the server's JSON
            return
        chunk = self._decode(payload)
        self._raw.append(chunk)
        pending = self._held + chunk
        # An escape sequence whose end is in a later frame is held back until it comes.
        unfinished = UNFINISHED.search(pending, max(0, len(pending) - self.HELD))
        cut = len(pending) if unfinished is None else unfinished.start()
        self._held = pending[cut:]
        plain = ESCAPES.sub("", pending[:cut])
        self._text.append(plain)
        self._length += len(plain)

    @property
    def raw(self) -> str:
        """Everything written so far, escape sequences included."""
        return "".join(self._raw)

    @property
    def text(self) -> str:
        """Everything written so far, without escape sequences."""
        if len(self._text) > 1:
            self._text[:] = ["".join(self._text)]
        return self._text[0] if self._text else ""

    def mark(self) -> int:
        """A position in `text`: `wait_for(..., since=mark)` looks only at what came after."""
        return self._length

    def wait_for(self, *needles: str, since: int = 0, timeout: float = 15.0) -> None:
        """Wait until every needle has been written (after `since`); AssertionError if not."""
        deadline = time.monotonic() + timeout
        while True:
            written = self.text[since:]
            missing = [n for n in needles if n not in written]
            if not missing:
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the page's terminal did not show {missing} in {timeout:.0f} s;"
                    f" it showed: {' '.join(written.split())[-1500:]!r}"
                )
            # Playwright's own wait: events (the WebSocket frames) arrive only while it runs.
            self.page.wait_for_timeout(100)


class BrowserLog:
    """Every URL the page asked for; anything not on this machine is refused."""

    def __init__(self) -> None:
        self.requested: list[str] = []
        self.refused: list[str] = []

    def route(self, route: Route, request: Request) -> None:
        """Let loopback requests through, abort the others."""
        self.requested.append(request.url)
        if is_loopback_url(request.url):
            route.continue_()
        else:
            self.refused.append(request.url)
            route.abort("blockedbyclient")

    def refuse_websocket(self, url: str) -> bool:
        """Whether a WebSocket URL is to be refused (not on this machine)."""
        if is_loopback_url(url):
            return False
        self.refused.append(url)
        return True


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium, for pages made with `student_page` (each its own context)."""
    # Imported here so that the server helpers (used by test_guard) load without Playwright.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), timeout=30_000
        )
        try:
            yield browser
        finally:
            browser.close()


def student_page(
    browser: Browser, viewport: Mapping[str, int] | None = None
) -> tuple[Page, TerminalText, BrowserLog]:
    """A page in a browser context of its own (no cookies, storage or cache shared with
    another page: a student's own browser) that can reach this machine only. Closing
    `page.context` closes the page and its WebSocket."""
    size = {"width": 1000, "height": 650, **(viewport or {})}
    context = browser.new_context(
        viewport={"width": size["width"], "height": size["height"]},
        service_workers="block",
    )
    context.set_default_timeout(15_000)
    log = BrowserLog()
    context.route("**/*", log.route)
    context.route_web_socket(log.refuse_websocket, lambda ws: ws.close())
    page = context.new_page()
    return page, TerminalText(page), log


@contextmanager
def browser_page(
    viewport: Mapping[str, int] | None = None,
) -> Iterator[tuple[Page, TerminalText, BrowserLog]]:
    """A page of headless Chromium that can reach this machine only."""
    with chromium() as browser:
        yield student_page(browser, viewport)


def open_game(page: Page, terminal: TerminalText, url: str, *, timeout: float = 20.0) -> None:
    """Open the served page, press its Start button, and wait for the home screen."""
    page.goto(f"{url}?delay=1")  # `delay` makes textual-serve's page wait for Start
    start = page.locator("#start")
    start.wait_for(state="visible")
    with page.expect_navigation():  # Start reloads the page without `delay`
        start.click()
    page.wait_for_function(
        "document.body.classList.contains('-first-byte')", timeout=timeout * 1000
    )
    terminal.wait_for("Packs", "Player (n):", timeout=timeout)
    # Keys reach the game through xterm.js's hidden text area.
    page.focus("textarea.xterm-helper-textarea")


def open_games(
    pages: Sequence[tuple[Page, TerminalText]], url: str, *, timeout: float = 20.0
) -> None:
    """`open_game` for several pages at once: every Start is pressed before waiting for the
    first home screen, so that the servers' game processes start together."""
    for page, _terminal in pages:
        page.goto(f"{url}?delay=1")
        start = page.locator("#start")
        start.wait_for(state="visible")
        with page.expect_navigation():
            start.click()
    for page, terminal in pages:
        page.wait_for_function(
            "document.body.classList.contains('-first-byte')", timeout=timeout * 1000
        )
        terminal.wait_for("Packs", "Player (n):", timeout=timeout)
        page.focus("textarea.xterm-helper-textarea")


def type_name(page: Page, terminal: TerminalText, name: str) -> None:
    """Type the student's name: a served tab opens on an empty name field, and no pack
    starts before a name is given. Enter goes back to the pack list."""
    since = terminal.mark()
    page.keyboard.type(name, delay=50)
    terminal.wait_for(name, since=since)
    since = terminal.mark()
    page.keyboard.press("Enter")
    terminal.wait_for("Play", since=since)
