"""The score store: games, answers, players, flags and settings in SQLite or PostgreSQL.

The package's face: import the store's public names from here (`from game.store import
ScoreStore, GameFilter, StoreError`). They are loaded when first asked for, so that a
command that never opens the store does not pay for it (SQLite, the queries). Which module
holds what: docs/database.md.
"""

from __future__ import annotations

TYPE_CHECKING = False
"""True for the type checker only: the names are imported here for it, and at run time by
`__getattr__` (not even `typing` is imported by `import game.store`)."""

if TYPE_CHECKING:
    from .base import GameClaim
    from .errors import CorruptStoreError, GameClaimedError, NewerStoreError, StoreError
    from .filters import GameFilter
    from .locations import DB_ENV, default_db_path, is_database_url, resolve_db_path
    from .records import (
        ANSWER_ROW_FIELDS,
        GAME_STATUSES,
        AnswerRecord,
        AnswerRow,
        FirstAnswer,
        FlagRecord,
        GameRecord,
        GameStatus,
        LeaderboardRow,
        StoredCard,
    )
    from .recovery import move_aside
    from .schema import MIGRATIONS, SAME_TABLES_SINCE, SCHEMA_VERSION
    from .store import ScoreStore

_HOMES = {
    "GameClaim": "base",
    "CorruptStoreError": "errors",
    "GameClaimedError": "errors",
    "NewerStoreError": "errors",
    "StoreError": "errors",
    "GameFilter": "filters",
    "DB_ENV": "locations",
    "default_db_path": "locations",
    "is_database_url": "locations",
    "resolve_db_path": "locations",
    "ANSWER_ROW_FIELDS": "records",
    "GAME_STATUSES": "records",
    "AnswerRecord": "records",
    "AnswerRow": "records",
    "FirstAnswer": "records",
    "FlagRecord": "records",
    "GameRecord": "records",
    "GameStatus": "records",
    "LeaderboardRow": "records",
    "StoredCard": "records",
    "move_aside": "recovery",
    "MIGRATIONS": "schema",
    "SAME_TABLES_SINCE": "schema",
    "SCHEMA_VERSION": "schema",
    "ScoreStore": "store",
}
"""Each public name and the module of the package that defines it."""

__all__ = [
    "ANSWER_ROW_FIELDS",
    "DB_ENV",
    "GAME_STATUSES",
    "MIGRATIONS",
    "SAME_TABLES_SINCE",
    "SCHEMA_VERSION",
    "AnswerRecord",
    "AnswerRow",
    "CorruptStoreError",
    "FirstAnswer",
    "FlagRecord",
    "GameClaim",
    "GameClaimedError",
    "GameFilter",
    "GameRecord",
    "GameStatus",
    "LeaderboardRow",
    "NewerStoreError",
    "ScoreStore",
    "StoreError",
    "StoredCard",
    "default_db_path",
    "is_database_url",
    "move_aside",
    "resolve_db_path",
]


def __getattr__(name: str) -> object:
    """A public name, from the module that defines it, imported when first asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = __import__(f"{__name__}.{home}", fromlist=[name])
    value = getattr(module, name)
    globals()[name] = value  # asked once: the next lookup finds it without this call
    return value
