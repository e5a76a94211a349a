"""Copying a whole score database into an empty one, SQLite or PostgreSQL, ids kept, verified
by each table's row count and a checksum of its rows (`civic-quiz db copy`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .core import open_backend
from .errors import StoreError
from .store import ScoreStore

COPY_TABLES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("players", ("id",), ()),
    ("games", ("id",), ()),
    ("answers", ("game_id", "position"), ()),
    ("cards", ("player_id", "pack_id", "question_id"), ("pack_id", "question_id")),
    ("settings", ("key",), ("key",)),
    ("flags", ("id",), ()),
    ("live_sessions", ("code",), ("code",)),
    ("live_players", ("code", "name"), ("code", "name")),
    ("live_answers", ("code", "idx", "name"), ("code", "name")),
)
"""Every table of the schema, parents before the rows that refer to them: its name, its
primary key (the order rows are read and checksummed in) and which of those columns are
text (PostgreSQL orders them byte by byte, as SQLite does, whatever its locale)."""

IDENTITY_TABLES = ("players", "games", "flags")
"""Tables whose `id` the engine numbers itself: its counter is moved past the copied ids
(`Backend.after_copy`)."""

BATCH = 1000
"""Rows written per statement batch (and read per fetch)."""


class TableFigures(NamedTuple):
    """What one table holds, to compare a copy with its source."""

    table: str
    rows: int
    checksum: str
    """SHA-256 of the rows in primary-key order, each as canonical JSON text (a list of its
    values in column order) on a line of its own: the same on either backend."""


class CopyReport(NamedTuple):
    """The figures of the source (read in one snapshot) and of the copy (read back)."""

    source: list[TableFigures]
    copy: list[TableFigures]

    @property
    def verified(self) -> bool:
        return self.source == self.copy


def _canonical(row: tuple[Any, ...]) -> bytes:
    values = [int(v) if isinstance(v, bool) else v for v in row]
    return (json.dumps(values, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _order(store: ScoreStore, key: tuple[str, ...], text: tuple[str, ...]) -> str:
    """The primary key as an ORDER BY, its text columns compared byte by byte."""
    return ", ".join(store.backend.byte_order(c) if c in text else c for c in key)


def _rows(store: ScoreStore, conn: Any, table: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """A table's column names and its rows in key order, fetched a batch at a time (inside
    the snapshot's transaction)."""
    key, text = next((k, t) for name, k, t in COPY_TABLES if name == table)
    sql = f"SELECT * FROM {table} ORDER BY {_order(store, key, text)}"
    return store.backend.table_rows(conn, sql, BATCH)


def figures(store: ScoreStore) -> list[TableFigures]:
    """Every table's row count and checksum, read in one snapshot."""
    result = []
    with store.snapshot() as conn:
        for table, _, _ in COPY_TABLES:
            _, rows = _rows(store, conn, table)
            tally = _Tally(rows)
            for _row in tally:
                pass
            result.append(tally.figures(table))
    return result


class _Tally:
    """Rows passed on one by one, counted and checksummed on the way."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._digest = hashlib.sha256()
        self._count = 0

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for row in self._rows:
            self._digest.update(_canonical(row))
            self._count += 1
            yield row

    def figures(self, table: str) -> TableFigures:
        return TableFigures(table, self._count, self._digest.hexdigest())


def _same(source: Path, dest: Path, files: bool) -> bool:
    if files:
        return Path(source).resolve() == Path(dest).resolve()
    return source == dest


def copy_database(
    source: Path, dest: Path, *, progress: Callable[[str, int], object] | None = None
) -> CopyReport:
    """Copy every table of the score database `source` into `dest` (created if it is a new
    file; a PostgreSQL database must exist, its tables are made), keeping every id, in one
    transaction; StoreError if `dest` already holds anything. `progress(table, rows)` is
    told as each table is done. The copy is then read back and compared."""
    source_is_file = open_backend(source).is_file
    if _same(source, dest, source_is_file and open_backend(dest).is_file):
        raise StoreError(f"cannot copy {source} onto itself; name another database", dest)
    if source_is_file and not Path(source).is_file():
        raise StoreError(f"{source} does not exist; name the score database to copy", source)
    with ScoreStore(source, read_only=True) as reader, ScoreStore(dest) as writer:
        for table, _, _ in COPY_TABLES:
            held = writer.query(f"SELECT COUNT(*) FROM {table}")[0][0]
            if held:
                raise StoreError(
                    f"{dest} already holds {held:,} {'row' if held == 1 else 'rows'} of"
                    f" {table}; copy into an empty"
                    " database (a new file, or a new PostgreSQL database: createdb)",
                    dest,
                )
        source_figures: list[TableFigures] = []
        with reader.snapshot() as conn:

            def write(target: Any) -> None:
                for table, _, _ in COPY_TABLES:
                    columns, rows = _rows(reader, conn, table)
                    tally = _Tally(rows)
                    writer.backend.insert_rows(target, table, columns, iter(tally))
                    source_figures.append(tally.figures(table))
                    if progress is not None:
                        progress(table, source_figures[-1].rows)
                writer.backend.after_copy(target, IDENTITY_TABLES)

            writer.write(write)
        return CopyReport(source_figures, figures(writer))
