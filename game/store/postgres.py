"""The score store's PostgreSQL dialect: connecting, SQL translation, errors, claims, migrations.

`ScoreStore` speaks one SQL, SQLite's, with `?` parameters. For a `postgresql://` URL it
talks through `PgConnection`, which rewrites each statement once (cached) into PostgreSQL's:
`?` becomes `%s`, `INSERT OR IGNORE` an `ON CONFLICT DO NOTHING`, the two-argument `MAX`
`GREATEST`, `COLLATE NOCASE` a `lower()`, the table definitions' types PostgreSQL's (64-bit
integers, double precision, an identity for each `id`), and an INSERT into a table with an
`id` gets `RETURNING id` for `lastrowid`. psycopg is imported only here, only for such a URL:
SQLite needs nothing installed.
"""

from __future__ import annotations

import contextlib
import functools
import re
import threading
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import PosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .scores import GameClaim, ScoreStore, StoreError

INSTALL_HINT = "pip install 'civic-quiz[postgres]'"

APP_KEY = 0x43517A31
"""The first key of this program's advisory locks (`PRAGMA application_id` in SQLite)."""

WRITE_LOCK = (APP_KEY << 16) | 1
"""The advisory lock every write transaction takes: writers queue one at a time, as they do
on SQLite's write lock, so every check-then-write of the store holds on PostgreSQL too."""

MIGRATE_LOCK = (APP_KEY << 16) | 2
"""The advisory lock of a migration: one process migrates, the others wait, then find
nothing to do."""

SCHEMA_TABLE = "civic_quiz_schema"
"""The one-row table holding the schema version (`PRAGMA user_version` in SQLite)."""

CONNECT_TIMEOUT = 5
"""Seconds a connection attempt may take before the server counts as unreachable."""

STREAM_CONNECTIONS = 4
"""The most connections a store keeps for long reads streamed at the same time."""


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
    """psycopg, or a one-line StoreError saying how to install it."""
    from .scores import StoreError

    try:
        import psycopg
    except ImportError:
        raise StoreError(
            f"PostgreSQL needs psycopg, which is not installed: {INSTALL_HINT}"
        ) from None
    return psycopg


# -- SQL translation -----------------------------------------------------------------------

_RETURNING_TABLES = ("games", "flags", "players")
"""Tables whose `id` an INSERT hands back (`lastrowid`)."""


def _outside_quotes(sql: str) -> Iterator[tuple[bool, str]]:
    """The statement in pieces: (True, code) and (False, a quoted literal or identifier)."""
    start = 0
    i = 0
    while i < len(sql):
        if sql[i] in "'\"":
            quote = sql[i]
            if start < i:
                yield True, sql[start:i]
            end = i + 1
            while end < len(sql):
                if sql[end] == quote:
                    if end + 1 < len(sql) and sql[end + 1] == quote:
                        end += 2
                        continue
                    break
                end += 1
            yield False, sql[i : end + 1]
            start = i = end + 1
            continue
        i += 1
    if start < len(sql):
        yield True, sql[start:]


def _two_argument(sql: str, name: str, replacement: str) -> str:
    """`MAX(a, b)` (SQLite's scalar maximum) -> `GREATEST(a, b)`; `MAX(a)` is left alone."""
    pattern = re.compile(rf"\b{name}\s*\(", re.IGNORECASE)
    out = []
    pos = 0
    for match in pattern.finditer(sql):
        if match.start() < pos:
            continue
        depth = 0
        comma = False
        for end in range(match.end() - 1, len(sql)):
            char = sql[end]
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    break
            elif char == "," and depth == 1:
                comma = True
        if comma:
            out.append(sql[pos : match.start()] + replacement + "(")
            pos = match.end()
    out.append(sql[pos:])
    return "".join(out)


_DDL = re.compile(r"^\s*(CREATE\s+TABLE|ALTER\s+TABLE)\b", re.IGNORECASE)


def _code(piece: str, ddl: bool) -> str:
    piece = piece.replace("%", "%%").replace("?", "%s")
    piece = re.sub(r"\bINSERT\s+OR\s+IGNORE\s+INTO\b", "INSERT INTO", piece, flags=re.I)
    piece = re.sub(r"\bAS\s+REAL\b", "AS DOUBLE PRECISION", piece, flags=re.I)
    piece = re.sub(r"([\w.]+)\s+COLLATE\s+NOCASE\b", r"lower(\1)", piece, flags=re.I)
    piece = re.sub(r"\bIFNULL\s*\(", "COALESCE(", piece, flags=re.I)
    if ddl:
        piece = re.sub(
            r"\bid\s+INTEGER\s+PRIMARY\s+KEY\b",
            "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            piece,
            flags=re.I,
        )
        piece = re.sub(r"\bINTEGER\b", "BIGINT", piece, flags=re.I)
        piece = re.sub(r"\bREAL\b", "DOUBLE PRECISION", piece, flags=re.I)
    return piece


@functools.lru_cache(maxsize=1024)
def translate_sql(sql: str) -> tuple[str, bool]:
    """SQLite's statement as PostgreSQL's, and whether it returns the new row's id."""
    ddl = bool(_DDL.match(sql))
    text = "".join(
        _code(piece, ddl) if code else piece.replace("%", "%%")
        for code, piece in _outside_quotes(sql)
    )
    text = _two_argument(text, "MAX", "GREATEST")
    text = _two_argument(text, "MIN", "LEAST")
    head = sql.lstrip()[:40].upper()
    if head.startswith("INSERT OR IGNORE"):
        text = text.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    returning = False
    match = re.match(r"\s*INSERT\s+INTO\s+(\w+)", text, re.IGNORECASE)
    if (
        match
        and match.group(1).lower() in _RETURNING_TABLES
        and "RETURNING" not in text.upper()
        and not head.startswith("INSERT OR IGNORE")
    ):
        text = text.rstrip().rstrip(";") + " RETURNING id"
        returning = True
    return text, returning


# -- the connection ------------------------------------------------------------------------


class PgCursor:
    """What the store reads of a cursor: rows, `lastrowid`, `rowcount`."""

    def __init__(self, cursor: Any, returning: bool) -> None:
        self._cursor = cursor
        self.lastrowid: int | None = None
        self.rowcount: int = cursor.rowcount
        if returning:
            row = cursor.fetchone()
            self.lastrowid = None if row is None else int(row[0])

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall()) if self._cursor.description else []

    def fetchmany(self, size: int = 1000) -> list[Any]:
        return list(self._cursor.fetchmany(size)) if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        if self._cursor.description:
            yield from self._cursor

    def close(self) -> None:
        self._cursor.close()


def _numeric_loader(psycopg: Any) -> type:
    """SUM and AVG of integers are `numeric` in PostgreSQL (Decimal in Python): the store
    wants SQLite's int or float."""

    class NumericLoader(psycopg.adapt.Loader):
        def load(self, data: Any) -> int | float:
            text = bytes(data).decode()
            try:
                return int(text)
            except ValueError:
                return float(text)

    return NumericLoader


class PgConnection:
    """One psycopg connection in autocommit mode, with the store's SQL translated; it can
    connect again after the server went away (`reconnect`)."""

    def __init__(self, url: DatabaseUrl, *, read_only: bool, lock_timeout: float) -> None:
        self.url = url
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        self._psycopg = psycopg_module()
        self._raw: Any = None
        self.reconnect()

    def reconnect(self) -> None:
        """(Re)open the session: psycopg errors propagate for the store to translate."""
        psycopg = self._psycopg
        if self._raw is not None:
            with contextlib.suppress(psycopg.Error):  # a broken connection closes anyway
                self._raw.close()
            self._raw = None
        raw = psycopg.connect(
            self.url.url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT,
            application_name="civic-quiz",
            client_encoding="UTF8",  # text both ways, even from a database made in SQL_ASCII
        )
        raw.adapters.register_loader("numeric", _numeric_loader(psycopg))
        raw.execute("SET TIME ZONE 'UTC'")
        if self.read_only:
            raw.execute("SET default_transaction_read_only = on")
        self._raw = raw
        self.set_lock_timeout(self.lock_timeout)

    def set_lock_timeout(self, seconds: float) -> None:
        """How long a statement waits for a lock (the write lock) before failing as busy."""
        self.lock_timeout = seconds
        self.raw.execute(f"SET lock_timeout = {max(1, int(seconds * 1000))}")

    @property
    def raw(self) -> Any:
        """The psycopg connection (for statements written in PostgreSQL's own SQL);
        psycopg's OperationalError while it is lost."""
        if self._raw is None:
            raise self._psycopg.OperationalError("the connection to the server was lost")
        return self._raw

    @property
    def broken(self) -> bool:
        return self._raw is None or bool(self._raw.closed) or bool(self._raw.broken)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        text, returning = translate_sql(sql)
        cursor = self.raw.cursor()
        cursor.execute(text, tuple(params) if params else None)
        return PgCursor(cursor, returning)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        text, returning = translate_sql(sql)
        if returning:  # no id is wanted back from many rows
            text = text.removesuffix(" RETURNING id")
        with self.raw.cursor() as cursor:
            cursor.executemany(text, rows)

    @property
    def in_transaction(self) -> bool:
        if self.broken:
            return False
        status = self._raw.info.transaction_status
        return status != self._psycopg.pq.TransactionStatus.IDLE

    def begin_write(self) -> None:
        """A transaction holding the write lock (SQLite's `BEGIN IMMEDIATE`)."""
        self.raw.execute("BEGIN")
        try:
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        except self._psycopg.Error:
            self.rollback()  # the lock timed out: nothing to keep of the transaction
            raise

    def commit(self) -> None:
        self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
            self._raw = None


# -- errors --------------------------------------------------------------------------------

_BUSY_STATES = ("55P03", "40001", "40P01")
"""lock_not_available (the lock timeout), serialization_failure, deadlock_detected: try
again."""


def is_busy(error: BaseException) -> bool:
    return getattr(error, "sqlstate", None) in _BUSY_STATES


def _refused(error: BaseException) -> str | None:
    """Why the server refused a connection ("login", "missing"), read from libpq's message
    (a refused connection has no SQLSTATE), else None."""
    state = getattr(error, "sqlstate", None) or ""
    text = str(error)
    if (
        state in ("28P01", "28000")
        or "authentication failed" in text
        or ("role" in text and "does not exist" in text)
    ):
        return "login"
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return "missing"
    return None


def is_unreachable(error: BaseException) -> bool:
    """The server could not be reached or the connection dropped (not a refused login)."""
    psycopg = psycopg_module()
    if not isinstance(error, psycopg.OperationalError) or _refused(error):
        return False
    state = getattr(error, "sqlstate", None) or ""
    # 57P01-03: the server shut down or was restarted; 08: connection exceptions; no state:
    # libpq's own failure to connect or a connection closed under it.
    return not state or state.startswith(("08", "57P0"))


def translate(error: BaseException, url: DatabaseUrl) -> StoreError:
    """The one-line StoreError for a psycopg error on the database at `url`."""
    from .scores import StoreError

    if isinstance(error, StoreError):
        return error
    # libpq may quote the URL it was given: no spelling of its password is ever shown.
    detail = " ".join(hide_secrets(str(error), url.url).split()) or type(error).__name__
    state = getattr(error, "sqlstate", None) or ""
    refused = _refused(error)
    if refused == "login":
        return StoreError(
            f"cannot log in to {url} ({detail}); check the user name and password (in"
            " PGPASSWORD or ~/.pgpass), or pass --db another database",
            url,
        )
    if refused == "missing":
        return StoreError(
            f"the database of {url} does not exist ({detail}); create it (createdb), or pass"
            " --db another database",
            url,
        )
    if is_busy(error):
        return StoreError(
            f"{url} stayed locked by another civic-quiz ({detail}); try again in a moment",
            url,
        )
    if state == "25006" or state == "42501":
        return StoreError(
            f"cannot write to {url} ({detail}); grant the database user the rights to it,"
            " or pass --db another database",
            url,
        )
    if state.startswith("53"):
        return StoreError(f"cannot save to {url}: the server is out of room ({detail})", url)
    if is_unreachable(error):
        return StoreError(
            f"cannot reach the score database {url} ({detail}); check that the PostgreSQL"
            " server is running and reachable, or pass --db another database",
            url,
        )
    return StoreError(f"score database {url} failed: {detail}", url)


# -- schema --------------------------------------------------------------------------------


def schema_version(conn: PgConnection) -> int | None:
    """The database's schema version; None when it has no civic-quiz tables yet."""
    return _schema_state(conn)[0]


def _schema_state(conn: PgConnection) -> tuple[int | None, int]:
    """The schema version (None: no civic-quiz tables) and how many other tables the
    connection's schema holds, read in one snapshot: a migration committed between two
    reads would otherwise look like another program's tables."""
    raw = conn.raw
    own = not conn.in_transaction  # in the migration's, the migration lock keeps it still
    if own:
        raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    try:
        found, others = raw.execute(
            """SELECT to_regclass(%s), (SELECT COUNT(*) FROM information_schema.tables
                   WHERE table_schema = current_schema() AND table_name != %s)""",
            (SCHEMA_TABLE, SCHEMA_TABLE),
        ).fetchone()
        version: int | None = None
        if found is not None:
            row = raw.execute(f"SELECT version FROM {SCHEMA_TABLE}").fetchone()
            version = 0 if row is None else int(row[0])
    finally:
        if own:
            raw.execute("ROLLBACK")
    return version, int(others)


def has_table(conn: PgConnection, name: str) -> bool:
    return conn.raw.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None


def check_version(store: ScoreStore, conn: PgConnection) -> int | None:
    """Refuse another program's database and a newer civic-quiz's; the version found."""
    from .scores import CorruptStoreError, NewerStoreError, _known_version

    url = store.path
    version, others = _schema_state(conn)
    if version is None and others:
        raise CorruptStoreError(
            f"{url} holds tables of another program, not a civic-quiz score database; create"
            " a database of its own for civic-quiz (createdb), or pass --db another database",
            url,
        )
    known = _known_version()
    if version is not None and version > known:
        raise NewerStoreError(
            f"{url} was written by a newer civic-quiz (schema version {version}; this one"
            f" knows up to {known}); upgrade civic-quiz, or pass --db another database",
            url,
            found=version,
            known=known,
        )
    return version


def migrate(store: ScoreStore, conn: PgConnection) -> None:
    """Apply the missing migrations in one transaction under the migration lock."""
    from .scores import MIGRATIONS, _known_version

    if check_version(store, conn) == _known_version():
        return
    raw = conn.raw
    raw.execute("BEGIN")
    try:
        raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
        version = check_version(store, conn) or 0
        if version == 0:
            raw.execute(
                f"""CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (
                        one INTEGER PRIMARY KEY DEFAULT 1 CHECK (one = 1),
                        version INTEGER NOT NULL)"""
            )
            raw.execute(f"INSERT INTO {SCHEMA_TABLE} (version) VALUES (0) ON CONFLICT DO NOTHING")
        for number in range(version, _known_version()):
            MIGRATIONS[number](conn)  # type: ignore[arg-type]  # the dialect's connection, which translates
            raw.execute(f"UPDATE {SCHEMA_TABLE} SET version = %s", (number + 1,))
        raw.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            raw.execute("ROLLBACK")
        raise


# -- claims --------------------------------------------------------------------------------


class PgClaims:
    """A store's claims on games: session advisory locks held by a connection of their own
    (the store's may be replaced after a dropped connection), so a game whose process died,
    even killed, is free as soon as the server notices the session is gone. A server that
    restarts ends that session too: the next claim opens a new one, taking this store's
    claims again (`_session`)."""

    def __init__(self, url: DatabaseUrl) -> None:
        self._url = url
        self._raw: Any = None
        self.counts: dict[int, int] = {}
        self._lock = threading.Lock()

    def claim(self, store: ScoreStore, game_id: int) -> GameClaim:
        from .scores import GameClaim, GameClaimedError

        with self._lock:
            if game_id in self.counts:
                self.counts[game_id] += 1
                return GameClaim(store, str(self._url), game_id)
            psycopg = psycopg_module()
            try:
                try:
                    got = self._try_lock(self._session(), game_id)
                except psycopg.OperationalError:
                    if not self._raw.broken:
                        raise
                    # The session was lost (a server restart, a dropped network): once more
                    # with a new one, which takes this store's claims again first.
                    got = self._try_lock(self._session(), game_id)
            except psycopg.Error as error:
                raise translate(error, self._url) from error
            if not got:
                raise GameClaimedError(
                    "this game is being played in another window (or tab, or on another"
                    f" machine); finish or leave it there first (game {game_id})",
                    self._url,
                )
            self.counts[game_id] = 1
            return GameClaim(store, str(self._url), game_id)

    @staticmethod
    def _try_lock(raw: Any, game_id: int) -> bool:
        return bool(
            raw.execute("SELECT pg_try_advisory_lock(%s, %s)", (APP_KEY, game_id)).fetchone()[0]
        )

    def _session(self) -> Any:
        """The claims' session, a new one if there is none or it was lost. The locks of a
        lost session went with it: they are taken again for the games this store still
        plays (one that another window took meanwhile is theirs, and no longer counted)."""
        if self._raw is not None and not self._raw.closed and not self._raw.broken:
            return self._raw
        if self._raw is not None:
            self._raw.close()
        psycopg = psycopg_module()
        self._raw = psycopg.connect(self._url.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        for held in list(self.counts):
            if not self._try_lock(self._raw, held):
                del self.counts[held]
        return self._raw

    def release(self, game_id: int) -> None:
        with self._lock:
            count = self.counts.get(game_id)
            if count is None:
                return
            if count > 1:
                self.counts[game_id] = count - 1
                return
            del self.counts[game_id]
            self._unlock(game_id)

    def _unlock(self, game_id: int) -> None:
        psycopg = psycopg_module()
        if self._raw is None or self._raw.closed:
            return  # the session is gone, and its locks with it
        try:
            self._raw.execute("SELECT pg_advisory_unlock(%s, %s)", (APP_KEY, game_id))
        except psycopg.Error:
            self._raw.close()  # closing the session drops every lock it held

    def release_all(self) -> None:
        with self._lock:
            self.counts.clear()
            if self._raw is not None:
                self._raw.close()
                self._raw = None


# -- the dialect ---------------------------------------------------------------------------


class PgDialect:
    """What differs from SQLite, for `ScoreStore` (see `store._SqliteDialect`)."""

    name = "postgresql"
    is_unreachable_possible = True

    def __init__(self, url: DatabaseUrl) -> None:
        from .scores import StoreError

        psycopg = psycopg_module()
        problem = url.problem()
        if problem is not None:
            raise StoreError(
                f"cannot read the PostgreSQL URL {url} ({problem}); check how it is written"
                " (a % in a password is written %25)",
                url,
            )
        self.url = url
        self.errors: tuple[type[BaseException], ...] = (psycopg.Error,)
        self.integrity: type[BaseException] = psycopg.IntegrityError
        self._pool: Any = None
        self._pool_lock = threading.Lock()

    def open(self, store: ScoreStore, read_only: bool) -> tuple[Any, Any]:
        """The store's connection, migrated (unless `read_only`), and the dialect to use it
        with: a database without tables, read only, reads as an empty SQLite one."""
        from .scores import BUSY_TIMEOUT, _SqliteDialect

        psycopg = psycopg_module()
        try:
            conn = PgConnection(self.url, read_only=read_only, lock_timeout=BUSY_TIMEOUT)
        except psycopg.Error as error:
            raise translate(error, self.url) from error
        try:
            if not read_only:
                migrate(store, conn)
                return conn, self
            version = check_version(store, conn)
            if version is None:
                conn.close()
                return store._empty(), _SqliteDialect(self.url)
            # Tables of an older civic-quiz are read as they are (nothing may be written;
            # SQLite migrates a copy in memory, which a shared server's tables cannot have):
            # what they lack reads as empty where the store knows it (flags), else fails
            # as a query on the database.
            return conn, self
        except psycopg.Error as error:
            conn.close()
            raise translate(error, self.url) from error
        except BaseException:
            conn.close()
            raise

    def translate(self, error: BaseException) -> StoreError:
        return translate(error, self.url)

    def is_busy(self, error: BaseException) -> bool:
        return is_busy(error)

    def is_unreachable(self, error: BaseException) -> bool:
        return is_unreachable(error)

    def reconnect(self, conn: Any) -> None:
        conn.reconnect()

    def begin_write(self, conn: Any) -> None:
        conn.begin_write()

    def commit(self, conn: Any) -> None:
        conn.commit()

    def rollback(self, conn: Any) -> None:
        conn.rollback()

    def set_wait(self, conn: Any, seconds: float) -> None:
        conn.set_lock_timeout(seconds)

    def has_table(self, conn: Any, name: str) -> bool:
        return has_table(conn, name)

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """The rows of a long read, a batch at a time, through a connection of the store's
        pool (a server-side cursor in one read-only transaction: one committed moment,
        memory flat, and the store's own connection free for the game meanwhile)."""
        from .scores import STREAM_BATCH

        psycopg = psycopg_module()
        text, _ = translate_sql(sql)
        try:
            with self._streams().connection() as conn:
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                with conn.cursor(name="civic_quiz_stream") as cursor:
                    cursor.itersize = STREAM_BATCH
                    cursor.execute(text, tuple(params) or None)
                    yield from cursor
        except psycopg.Error as error:
            raise translate(error, self.url) from error

    def _streams(self) -> Any:
        """The pool of connections for long reads, opened at the first (psycopg-pool: a
        process whose store streams from several threads holds several connections, each
        kept for the next read instead of connecting every time)."""
        if self._pool is not None:
            return self._pool
        psycopg = psycopg_module()
        try:
            from psycopg_pool import ConnectionPool
        except ImportError:
            from .scores import StoreError

            raise StoreError(
                f"PostgreSQL needs psycopg-pool, which is not installed: {INSTALL_HINT}"
            ) from None
        loader = _numeric_loader(psycopg)

        def configure(conn: Any) -> None:
            conn.adapters.register_loader("numeric", loader)
            conn.execute("SET TIME ZONE 'UTC'")
            conn.commit()

        with self._pool_lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self.url.url,
                    min_size=0,
                    max_size=STREAM_CONNECTIONS,
                    kwargs={
                        "connect_timeout": CONNECT_TIMEOUT,
                        "client_encoding": "UTF8",
                        "application_name": "civic-quiz",
                    },
                    configure=configure,
                    check=ConnectionPool.check_connection,  # a server restarted meanwhile
                    timeout=2 * CONNECT_TIMEOUT,
                    name="civic-quiz-streams",
                    open=True,
                )
        return self._pool

    def close(self) -> None:
        """Close the pool of the long reads, if one was opened."""
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
