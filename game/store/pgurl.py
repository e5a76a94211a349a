"""PostgreSQL URLs where the store expects a path, and their passwords kept out of messages."""

from __future__ import annotations

import re
import threading
import urllib.parse
from pathlib import PosixPath
from typing import Any

from .errors import StoreError

INSTALL_HINT = "pip install 'civic-quiz[postgres]'"

APP_KEY = 0x43517A31
"""The first key of this program's advisory locks (`PRAGMA application_id` in SQLite)."""

CONNECT_TIMEOUT = 5
"""Seconds a connection attempt may take before the server counts as unreachable."""


def _split(url: str) -> tuple[str, str, str, str]:
    """The scheme, user information, host-and-database and query of a URL, split where libpq
    splits them (not where `urllib` would: libpq takes the user information up to the first
    `@` before any `/`, so `cq:p?w@host` has the password `p?w`)."""
    scheme, _, rest = url.partition("://")
    at, slash = rest.find("@"), rest.find("/")
    userinfo = ""
    if at >= 0 and (slash < 0 or at < slash):
        userinfo, rest = rest[:at], rest[at + 1 :]
    where, _, query = rest.partition("?")
    return scheme, userinfo, where, query


def _is_password_pair(pair: str) -> bool:
    """Whether a query parameter is (or may be) a password: libpq decodes the key, so
    `pass%77ord=` is one; a pair libpq cannot read counts when its decoded text begins so."""
    return urllib.parse.unquote(pair).strip().lower().startswith("password")


def without_password(url: str) -> str:
    """The URL as messages show it: its password, in every form libpq reads (in the user
    part, as a `password` parameter however its key is percent-encoded), left out."""
    scheme, userinfo, where, query = _split(url)
    user = userinfo.partition(":")[0]
    shown = f"{scheme}://{user}@{where}" if userinfo else f"{scheme}://{where}"
    kept = [pair for pair in query.split("&") if pair and not _is_password_pair(pair)]
    return f"{shown}?{'&'.join(kept)}" if kept else shown


def secrets_of(url: str) -> list[str]:
    """Every spelling of the URL's password that a message might quote: as written, and
    decoded (longest first, so that a longer one is replaced whole)."""
    _, userinfo, _, query = _split(url)
    found: list[str] = []
    if ":" in userinfo:
        found.append(userinfo.partition(":")[2])
    for pair in query.split("&"):
        if _is_password_pair(pair):
            found += [pair, pair.partition("=")[2]]
    found += [urllib.parse.unquote(text) for text in found]
    return sorted({text for text in found if text}, key=len, reverse=True)


def hide_secrets(text: str, url: str) -> str:
    """`text` (a message of libpq's) with every spelling of the URL's password replaced."""
    for secret in secrets_of(url):
        text = text.replace(secret, "***")
    return text


_QUOTED = re.compile(r'"[^"]*"')
"""What libpq quotes of a URL it cannot read: a piece of it, which may be the password."""


_FULL_URLS: dict[str, str] = {}
"""Password-free URL -> the URL as given, so that a URL shown (and passed on as text) still
connects with its password within this process."""
_FULL_URLS_LOCK = threading.Lock()


class DatabaseUrl(PosixPath):
    """A PostgreSQL database where the store expects a path: callers hand it on as a `Path`
    (`--db`, `CIVIC_QUIZ_DB`), `str()` gives the URL without its password, `url` the URL to
    connect with. No file is ever opened at it."""

    _url: str
    _shown: str
    is_database_url = True
    """What `store.is_database_url` looks for (without importing this module)."""

    def __new__(cls, url: str) -> DatabaseUrl:
        shown = without_password(url)
        with _FULL_URLS_LOCK:
            full = url if url != shown else _FULL_URLS.get(shown, url)
            _FULL_URLS[shown] = full
        # Parts no file can have (a NUL byte): used as a path by mistake, it is refused.
        self = super().__new__(cls, "/", "\0civic-quiz PostgreSQL database")
        self._url = full
        self._shown = shown
        return self

    @property
    def url(self) -> str:
        """The URL to connect with (its password, if it has one, included)."""
        return self._url

    def __str__(self) -> str:
        return self._shown

    def __repr__(self) -> str:
        return f"DatabaseUrl({self._shown!r})"

    # A URL is already whole: what callers do to a path to make it whole leaves it as it is.
    def resolve(self, strict: bool = False) -> DatabaseUrl:
        return self

    def absolute(self) -> DatabaseUrl:
        return self

    def expanduser(self) -> DatabaseUrl:
        return self

    def problem(self) -> str | None:
        """Why libpq cannot read the URL (its own words, without the pieces of the URL it
        quotes, which may be the password), or None when it can."""
        psycopg = psycopg_module()
        try:
            psycopg.conninfo.conninfo_to_dict(self._url)
        except psycopg.Error as error:
            return " ".join(_QUOTED.sub("...", str(error)).split()) or "malformed"
        return None

    def __fspath__(self) -> str:
        raise TypeError(f"{self._shown} is a PostgreSQL database, not a file")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DatabaseUrl) and other._url == self._url

    def __hash__(self) -> int:
        return hash(self._url)

    def __reduce__(self) -> tuple[Any, ...]:
        return (DatabaseUrl, (self._url,))


def psycopg_module() -> Any:
    """psycopg, or a one-line StoreError saying how to install it (imported only for a
    PostgreSQL database: SQLite needs nothing installed)."""
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            f"PostgreSQL needs psycopg, which is not installed: {INSTALL_HINT}"
        ) from None
    return psycopg
