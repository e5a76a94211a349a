"""Where the score database is: `--db`, `CIVIC_QUIZ_DB` or the per-user file; a file or a URL."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from .errors import StoreError
from .pgurl import DatabaseUrl

DB_ENV = "CIVIC_QUIZ_DB"
"""The environment variable naming the score database (the `--db` option beats it)."""

APP_NAME = "civic-quiz"
DB_FILENAME = "scores.sqlite3"


def default_db_path() -> Path:
    """The per-user score database, e.g. `~/.local/share/civic-quiz/scores.sqlite3`."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_db_path(
    cli_value: str | Path | None = None, env: Mapping[str, str] | None = None
) -> Path:
    """The database to use: `--db` beats `CIVIC_QUIZ_DB` beats the per-user default. A
    `postgresql://` URL gives a `pgurl.DatabaseUrl`, a `Path` to callers that the store
    opens as a PostgreSQL database."""
    if cli_value is not None and str(cli_value) != "":
        return db_location(cli_value)
    environ = os.environ if env is None else env
    from_env = environ.get(DB_ENV, "")
    if from_env:
        return db_location(from_env)
    return default_db_path()


def is_database_url(value: object) -> bool:
    """Whether `value` (text, a path, a `DatabaseUrl`) names a PostgreSQL database: a URL
    whose scheme is written as libpq reads one, in lower case (`POSTGRESQL://` is no URL to
    libpq, so none to civic-quiz either: `--db` refuses it, see `_db_location`)."""
    if getattr(value, "is_database_url", False):
        return True
    return isinstance(value, str) and value.startswith(_URL_SCHEMES)


_URL_SCHEMES = ("postgresql://", "postgres://")


def db_location(value: str | Path) -> Path:
    if isinstance(value, str) and not is_database_url(value):
        scheme = value[:13].partition("://")[0]
        if value[:13].lower().startswith(_URL_SCHEMES):
            # Neither a URL (libpq would echo it whole, password included, as a malformed
            # setting) nor a file anyone means: refused, the scheme alone shown.
            raise StoreError(
                f"{scheme}://... is no PostgreSQL URL: libpq reads only postgresql:// and"
                " postgres://, in lower case; write the scheme in lower case"
            )
    if is_database_url(value):
        if isinstance(value, Path):
            return value
        return DatabaseUrl(str(value))
    return Path(value).expanduser()
