"""`civic-quiz db`: the score database for the teacher or admin: info, check, backup, vacuum,
prune, and copy (into an empty database, SQLite or PostgreSQL, verified)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..util.textsafe import printable
from .common import EXIT_OK, EXIT_PROBLEMS, confirm, date_arg

if TYPE_CHECKING:
    from ..store.admin import PruneCounts


def day_arg(text: str) -> dt.date:
    """An argparse type: a YYYY-MM-DD day."""
    return date_arg(text).date()


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `db` and its actions, each taking `--db` too."""
    db = subparsers.add_parser(
        "db", help="the score database: info, check, backup, restore, vacuum, prune old games"
    )
    db.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)
    db.set_defaults(handler=run)
    actions = db.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = actions.add_parser(name, help=help)
        parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)
        return parser

    action("info", "size, schema version, games, answers and players")
    action("check", "a full integrity check (reads the whole file)")
    backup = action("backup", "copy the database to FILE, safely while games are played")
    backup.add_argument("file", metavar="FILE", help="the copy to write")
    backup.add_argument("--force", action="store_true", help="replace an existing FILE")
    restore = action(
        "restore", "put a backup in place of the database (its -wal never replayed into it)"
    )
    restore.add_argument("file", metavar="BACKUP", help="the backup to restore")
    action("vacuum", "rebuild the file, giving the space of deleted games back to the disk")
    prune = action("prune", "delete finished and abandoned games started before a day")
    prune.add_argument(
        "--before", type=day_arg, metavar="DATE", required=True, help="YYYY-MM-DD (UTC)"
    )
    prune.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    prune.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    copy = actions.add_parser(
        "copy",
        help="copy every game, answer and player into an empty database, verified",
        description="Copy the score database SRC into the empty database DEST, keeping every"
        " id, and check the copy by each table's row count and checksum. Each is an SQLite"
        " file or a postgresql:// URL (e.g. moving a school's history onto its server).",
    )
    copy.add_argument("source", metavar="SRC", help="the database to copy (file or URL)")
    copy.add_argument("dest", metavar="DEST", help="an empty or new database (file or URL)")


def run(args: argparse.Namespace) -> int:
    """Do the action on the database of `--db` (else CIVIC_QUIZ_DB, else the user's)."""
    from ..store import StoreError, resolve_db_path
    from ..store.admin import AdminError, on_server

    path = resolve_db_path(getattr(args, "db", None))
    try:
        if args.action in FILE_ONLY and on_server(path):
            raise AdminError(
                f"{path} is a PostgreSQL database; {FILE_ONLY[args.action]} (see"
                " docs/classroom.md, 'One machine or several')",
                path,
            )
        return ACTIONS[args.action](path, args)
    except (AdminError, StoreError) as error:
        print(f"civic-quiz db {args.action}: {printable(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS


FILE_ONLY = {
    "check": "the server checks its own pages (pg_amcheck checks them all)",
    "backup": "back it up with pg_dump",
    "restore": "restore a pg_dump with pg_restore (or copy a file into it with `db copy`)",
    "vacuum": "the server vacuums it itself (VACUUM FULL in psql gives space back)",
}
"""The actions made for an SQLite file, and what does their work for a PostgreSQL
database."""


def _size(count: int) -> str:
    """Bytes as a person reads them: 512 bytes, 3.4 MB, 1.2 GB."""
    if count < 1000:
        return f"{count} bytes"
    for unit in ("kB", "MB", "GB"):
        count_in = count / 1000
        if count_in < 1000 or unit == "GB":
            return f"{count_in:.1f} {unit}"
        count = int(count_in)
    raise AssertionError("unreachable")  # pragma: no cover


def info(path: Path, args: argparse.Namespace) -> int:
    """Print what the database holds."""
    from ..store.admin import info, known_schema_version

    found = info(path)
    known = known_schema_version()
    version = f"{found.schema_version}"
    if found.schema_version != known:
        version += f" (this civic-quiz writes {known})"
    lines = [
        f"Score database: {printable(str(path))}",
        f"Size: {_size(found.size_bytes)}" + (" (on the server)" if found.server else ""),
        f"Schema version: {version}",
        f"Games: {found.games:,} ({found.finished:,} finished, {found.abandoned:,} abandoned,"
        f" {found.active:,} unfinished)",
        f"Answers: {found.answers:,}",
        f"Players: {found.players:,}",
    ]
    if found.first_game is not None and found.last_game is not None:
        first, last = found.first_game.date(), found.last_game.date()
        lines.append(f"Games started from {first} to {last}")
    print("\n".join(lines))
    return EXIT_OK


def check(path: Path, args: argparse.Namespace) -> int:
    """Print each problem of the full check, or that the file is sound."""
    from ..store.admin import check

    problems = check(path)
    shown = printable(str(path))
    for problem in problems:
        print(f"{shown}: {printable(problem)}")
    if not problems:
        print(f"{shown}: ok")
        return EXIT_OK
    print(f"{shown}: {_many(len(problems), 'problem')}")
    return EXIT_PROBLEMS


def backup(path: Path, args: argparse.Namespace) -> int:
    """Copy the database to FILE."""
    from ..store.admin import Removed, backup, info

    dest = Path(args.file)
    if dest.exists() and not args.force:
        print(
            f"civic-quiz db backup: {printable(str(dest))} already exists; pass --force to"
            " replace it, or name another file",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS

    def removed(stale: Removed) -> None:
        print(
            f"Removed a partial backup left by an earlier run (process {stale.pid}, gone):"
            f" {printable(str(stale.path))} ({_size(stale.size_bytes)})."
        )

    from ..util.progress import progress

    with progress(f"Backing up {printable(path.name)}: pages") as step:
        backup(
            path,
            dest,
            overwrite=args.force,
            on_removed=removed,
            on_step=lambda copied, total: step.update(copied, total=total),
        )
    copied = info(dest)
    print(
        f"Backed up {printable(str(path))} to {printable(str(dest))}"
        f" ({copied.games:,} games, {_size(copied.size_bytes)})."
    )
    return EXIT_OK


def restore(path: Path, args: argparse.Namespace) -> int:
    """Put the backup FILE in place of the database, keeping what it held."""
    from ..store.admin import info, restore

    saved = Path(args.file)
    kept = restore(saved, path)
    if kept is not None:
        print(f"What {printable(str(path))} held is kept in {printable(str(kept))}.")
    print(
        f"Restored {printable(str(saved))} into {printable(str(path))}"
        f" ({_many(info(path).games, 'game')})."
    )
    return EXIT_OK


def vacuum(path: Path, args: argparse.Namespace) -> int:
    """Rebuild the file and say how much smaller it is."""
    from ..store.admin import vacuum
    from ..util.progress import progress

    with progress(f"Vacuuming {printable(path.name)} (SQLite rebuilds the file)"):
        before, after = vacuum(path)
    print(f"Vacuumed {printable(str(path))}: {_size(before)} -> {_size(after)}.")
    return EXIT_OK


def _many(count: int, word: str) -> str:
    """`1 game`, `2 games`."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _counted(counts: PruneCounts, before: dt.date) -> str:
    """`2 games started before 2026-01-10 (4 answers; ...)`."""
    parts = [_many(counts.answers, "answer")]
    if counts.players:
        parts.append(f"{_many(counts.players, 'player')} left without games")
    if counts.flags_unlinked:
        parts.append(f"{_many(counts.flags_unlinked, 'flag')} kept without their game")
    return f"{_many(counts.games, 'game')} started before {before} ({'; '.join(parts)})"


def prune(path: Path, args: argparse.Namespace) -> int:
    """Count the old games, ask (or take --yes), then delete them."""
    from ..store.prune import prune

    before: dt.date = args.before
    planned = prune(path, before=before, dry_run=True)
    if planned.games == 0:
        print(f"No finished or abandoned games started before {before}; nothing to delete.")
        return EXIT_OK
    print(f"Would delete {_counted(planned, before)}.")
    if args.dry_run:
        return EXIT_OK
    if not args.yes:
        if not sys.stdin.isatty():
            print(
                "civic-quiz db prune: not deleting without a confirmation (standard input"
                " is not a terminal); add --yes",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        if not confirm("Delete them? [y/N] "):
            print("Nothing was deleted.", file=sys.stderr)
            return EXIT_PROBLEMS
    # Counted again as it deletes: games may have ended since the question was asked.
    done = prune(path, before=before, dry_run=False)
    print(f"Deleted {_counted(done, before)}.")
    print("`civic-quiz db vacuum` gives the space back to the disk.")
    return EXIT_OK


def copy(path: Path, args: argparse.Namespace) -> int:
    """Copy SRC into DEST; print each table's figures on both sides and whether they match."""
    from ..store import resolve_db_path
    from ..store.copying import copy_database

    source, dest = resolve_db_path(args.source), resolve_db_path(args.dest)

    from ..util.progress import progress

    with progress("Copying the score database: tables") as step:

        def done(table: str, rows: int) -> None:  # a school's year takes a while: say how far
            print(f"  copied {table}: {_many(rows, 'row')}", file=sys.stderr, flush=True)
            step.advance()
            step.update(what=f"Copying the score database: {table} done")

        report = copy_database(source, dest, progress=done)
    print(f"Copied {printable(str(source))} to {printable(str(dest))}:")
    width = max(len(f.table) for f in report.source)
    for mine, theirs in zip(report.source, report.copy, strict=True):
        same = "same" if mine == theirs else "DIFFERENT"
        print(
            f"  {mine.table:<{width}}  {mine.rows:>9,} rows {mine.checksum[:16]}"
            f"  copy {theirs.rows:>9,} rows {theirs.checksum[:16]}  {same}"
        )
    if not report.verified:
        print(
            f"civic-quiz db copy: the copy in {printable(str(dest))} differs from the source;"
            " do not use it",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print("Verified: every table has the same rows (counts and SHA-256 checksums match).")
    return EXIT_OK


ACTIONS = {
    "info": info,
    "check": check,
    "backup": backup,
    "restore": restore,
    "vacuum": vacuum,
    "prune": prune,
    "copy": copy,
}
"""Each action's function, by name."""
