"""Copying a whole score database into an empty one, SQLite or PostgreSQL, ids kept, verified
by each table's row count and a checksum of its rows (`civic-quiz db copy`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from .scores import ScoreStore, StoreError, is_database_url

COPY_TABLES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("players", ("id",), ()),
    ("games", ("id",), ()),
    ("answers", ("game_id", "position"), ()),
    ("cards", ("player_id", "pack_id", "question_id"), ("pack_id", "question_id")),
    ("settings", ("key",), ("key",)),
    ("flags", ("id",), ()),
)
"""Every table of the schema, parents before the rows that refer to them: its name, its
primary key (the order rows are read and checksummed in) and which of those columns are
text (PostgreSQL orders them byte by byte, as SQLite does, whatever its locale)."""

IDENTITY_TABLES = ("players", "games", "flags")
"""Tables whose `id` PostgreSQL numbers itself: its counter is moved past the copied ids."""

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
    if store._db.name == "postgresql":
        return ", ".join(f'{c} COLLATE "C"' if c in text else c for c in key)
    return ", ".join(key)


@contextmanager
def _snapshot(store: ScoreStore) -> Iterator[Any]:
    """The store's connection in one read transaction: every table as of one moment, while
    games go on being played."""
    with store._connection() as conn:
        if store._db.name == "postgresql":
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        else:
            conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")


def _rows(store: ScoreStore, conn: Any, table: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """A table's column names and its rows in key order, fetched a batch at a time (a
    server-side cursor on PostgreSQL, inside the snapshot's transaction)."""
    key, text = next((k, t) for name, k, t in COPY_TABLES if name == table)
    sql = f"SELECT * FROM {table} ORDER BY {_order(store, key, text)}"
    if store._db.name == "postgresql":
        cursor = conn.raw.cursor(name=f"civic_quiz_copy_{table}")
        cursor.itersize = BATCH
        cursor.execute(sql)
        columns = [d.name for d in cursor.description]
    else:
        cursor = conn.execute(sql)
        columns = [d[0] for d in cursor.description]

    def rows() -> Iterator[tuple[Any, ...]]:
        try:
            while batch := cursor.fetchmany(BATCH):
                yield from (tuple(row) for row in batch)
        finally:
            cursor.close()

    return columns, rows()


def figures(store: ScoreStore) -> list[TableFigures]:
    """Every table's row count and checksum, read in one snapshot."""
    result = []
    with _snapshot(store) as conn:
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


def _insert(
    store: ScoreStore, conn: Any, table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]
) -> None:
    """Write the rows into the store's table (inside its write transaction): PostgreSQL's
    COPY, which takes a school's millions of answers in seconds; SQLite's inserts, a batch
    at a time."""
    names = ", ".join(columns)
    if store._db.name == "postgresql":
        with conn.raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            conn.executemany(insert, batch)
            batch = []
    if batch:
        conn.executemany(insert, batch)


def _same(source: Path, dest: Path) -> bool:
    if is_database_url(source) or is_database_url(dest):
        return source == dest
    return Path(source).resolve() == Path(dest).resolve()


def copy_database(
    source: Path, dest: Path, *, progress: Callable[[str, int], object] | None = None
) -> CopyReport:
    """Copy every table of the score database `source` into `dest` (created if it is a new
    file; a PostgreSQL database must exist, its tables are made), keeping every id, in one
    transaction; StoreError if `dest` already holds anything. `progress(table, rows)` is
    told as each table is done. The copy is then read back and compared."""
    if _same(source, dest):
        raise StoreError(f"cannot copy {source} onto itself; name another database", dest)
    if not is_database_url(source) and not Path(source).is_file():
        raise StoreError(f"{source} does not exist; name the score database to copy", source)
    with ScoreStore(source, read_only=True) as reader, ScoreStore(dest) as writer:
        for table, _, _ in COPY_TABLES:
            held = writer._read(f"SELECT COUNT(*) FROM {table}")[0][0]
            if held:
                raise StoreError(
                    f"{dest} already holds {held:,} {'row' if held == 1 else 'rows'} of"
                    f" {table}; copy into an empty"
                    " database (a new file, or a new PostgreSQL database: createdb)",
                    dest,
                )
        source_figures: list[TableFigures] = []
        with _snapshot(reader) as conn:

            def write(target: Any) -> None:
                for table, _, _ in COPY_TABLES:
                    columns, rows = _rows(reader, conn, table)
                    tally = _Tally(rows)
                    _insert(writer, target, table, columns, iter(tally))
                    source_figures.append(tally.figures(table))
                    if progress is not None:
                        progress(table, source_figures[-1].rows)
                if writer._db.name == "postgresql":
                    for table in IDENTITY_TABLES:
                        target.raw.execute(
                            f"""SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id))
                                FROM {table} HAVING MAX(id) IS NOT NULL"""
                        )

            writer._write(write)
        return CopyReport(source_figures, figures(writer))
