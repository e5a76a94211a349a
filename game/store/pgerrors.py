"""PostgreSQL's errors as the store's one-line StoreErrors, no spelling of a password shown."""

from __future__ import annotations

from .errors import StoreError
from .pgurl import DatabaseUrl, hide_secrets, psycopg_module

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
