"""What several commands share: exit codes, argument types, the score store, output files."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..textsafe import printable, spreadsheet_cell

if TYPE_CHECKING:  # the store is imported only by the commands that open it
    from ..store import ScoreStore

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def date_arg(text: str) -> dt.datetime:
    """An argparse type: a YYYY-MM-DD day, as midnight UTC."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a date looks like 2026-11-28") from None
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def open_store(db: str | None, *, ask: bool, read_only: bool = False) -> ScoreStore:
    """The score store (exit status 1 when it cannot be used).

    A corrupt database is never overwritten: the player may move it aside (kept, renamed
    with a timestamp) and start a new one. A database from a newer civic-quiz is never
    offered to be moved: upgrading makes it usable again. `read_only` opens it for reading
    only (nothing migrated, nothing created), for the commands that only read it.
    """
    from ..store import (
        CorruptStoreError,
        NewerStoreError,
        ScoreStore,
        StoreError,
        move_aside,
        resolve_db_path,
    )

    path = resolve_db_path(db)
    try:
        return ScoreStore(path, read_only=read_only)
    except NewerStoreError as error:
        print(f"civic-quiz: {error}", file=sys.stderr)
        print("Nothing was changed.", file=sys.stderr)
        raise SystemExit(EXIT_PROBLEMS) from None
    except CorruptStoreError as error:
        print(f"civic-quiz: {error}", file=sys.stderr)
        offer = "Move it aside and start a new score database? [y/N] "
        if read_only or not ask or not confirm(offer):
            print(
                "Nothing was changed. Use --db PATH to play with another database.", file=sys.stderr
            )
            raise SystemExit(EXIT_PROBLEMS) from None
        kept = move_aside(path)
        print(f"The old database is kept as {kept}.", file=sys.stderr)
        return ScoreStore(path)
    except StoreError as error:
        print(f"civic-quiz: {error}", file=sys.stderr)
        raise SystemExit(EXIT_PROBLEMS) from None


def confirm(question: str) -> bool:
    """Ask a yes/no question on stderr; only "y" or "yes" on stdin is a yes."""
    print(question, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def write_csv(rows: list[dict], columns: Sequence[str]) -> None:
    """Rows as CSV on stdout, one column each of `columns`."""
    # Text cells are escaped and never start a formula; numbers stay numbers (`-5`).
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: spreadsheet_cell(value) for key, value in row.items()} for row in rows)


def output_ok(output: str, force: bool, *, source: Path | None = None) -> bool:
    """Whether `-o` may be written (checked before any work; the error goes to stderr)."""
    from ..exporters.output import OutputRefused, check_output

    try:
        check_output(output, force=force, source=source)
    except OutputRefused as refused:
        print(f"{printable(output)}: error: {refused.message}", file=sys.stderr)
        return False
    return True


def emit(text: str, output: str | None, summary: str, *, force: bool = False) -> int:
    """Write text to a file (atomically, never half a file, never over a file unless `force`)
    or stdout; the summary to stderr."""
    from ..exporters.output import OutputRefused, write_output

    if output is None:
        sys.stdout.write(text)
    else:
        try:
            write_output(output, text, force=force)
        except OutputRefused as refused:
            print(f"{printable(output)}: error: {refused.message}", file=sys.stderr)
            return EXIT_USAGE
    print(summary, file=sys.stderr)
    return EXIT_OK


def given_pack_files(paths: list[str]) -> tuple[list[Path], bool]:
    """The pack files under the paths given, and whether one of the paths does not exist
    (reported on stderr, as is a folder without packs)."""
    from ..packs.discovery import pack_files

    found: list[Path] = []
    missing = False
    for given in paths:
        path = Path(given)
        if not path.exists():
            print(f"{given}: error: no such file or folder", file=sys.stderr)
            missing = True
            continue
        files = pack_files(path)
        if path.is_dir() and not files:
            print(f"{given}: warning: no .yaml or .yml files in this folder", file=sys.stderr)
        found += files
    return found, missing
