"""What several commands share: exit codes, argument types, the score store, output files."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..util.textsafe import one_line, printable, spreadsheet_cell

if TYPE_CHECKING:  # the store and catalog are imported only by the commands that use them
    from ..packs.catalog import Catalog
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


def seed_arg(text: str) -> int:
    """An argparse type: a seed, a whole number from 0 to `lesson.MAX_SEED` (what the score
    database stores with a game); anything else is a usage error, never an OverflowError
    when the game is saved."""
    from ..play.lesson import MAX_SEED

    problem = f"a seed is a whole number from 0 to {MAX_SEED}"
    # Longer than any seed: refused before int() (which refuses over 4,300 digits itself).
    if len(text) > len(str(MAX_SEED)) + 1:
        raise argparse.ArgumentTypeError(problem)
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(problem) from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(problem)
    return value


def open_store(db: str | None, *, ask: bool, read_only: bool = False) -> ScoreStore:
    """The score store (exit status 1 when it cannot be used).

    A corrupt database is never overwritten: the player may move it aside (kept, renamed
    with a timestamp) and start a new one. A database from a newer civic-quiz is never
    offered to be moved: upgrading makes it usable again. `read_only` opens it for reading
    only (nothing migrated, nothing created), for the commands that only read it.
    """
    from ..store import ScoreStore, resolve_db_path
    from ..store.opening import StoreOpener, StoreProblem
    from ..store.opening import open_store as settle

    def answer(problem: StoreProblem) -> str:
        """The problem on stderr; a y/N prompt when moving the file aside may help."""
        print(f"civic-quiz: {problem.error}", file=sys.stderr)
        offer = "Move it aside and start a new score database? [y/N] "
        if problem.movable and ask and confirm(offer):
            return "move"
        if problem.newer:
            print("Nothing was changed.", file=sys.stderr)
        elif problem.damaged:
            print(
                "Nothing was changed. Use --db PATH to play with another database.", file=sys.stderr
            )
        return "quit"

    # `game.store.opening` decides what is offered and does it; the app asks the same in a dialog.
    opener = StoreOpener(resolve_db_path(db), read_only=read_only)
    outcome = settle(opener, answer)
    if opener.kept is not None:
        print(f"The old database is kept as {opener.kept}.", file=sys.stderr)
    if not isinstance(outcome, ScoreStore):  # the command line never plays without it
        raise SystemExit(EXIT_PROBLEMS)
    return outcome


class CommandError(Exception):
    """Ends a command with this one-line message on stderr and exit status 1 (written by
    `game.cli.main`, the one place that turns errors into exit statuses)."""


@contextmanager
def reading_store(db: str | None) -> Iterator[ScoreStore]:
    """The score store opened for reading only, closed afterwards.

    A query that fails inside the block (a damaged table, a schema the query does not
    expect) raises a StoreError naming the database, which `main` reports in one line; a
    row the store cannot decode (a status, date or JSON it does not know, written by another
    program or a damaged file) becomes a CommandError that names the database too."""
    store = open_store(db, ask=False, read_only=True)
    with store:
        try:
            yield store
        except (ValueError, TypeError, LookupError) as error:
            raise unreadable(store, error) from error


def unreadable(store: ScoreStore, error: Exception) -> CommandError:
    """The error for a row of the store's database that cannot be decoded."""
    path = store.path
    if not store.backend.is_file:  # no file to be damaged: another program wrote the rows
        return CommandError(
            f"civic-quiz: {path} holds data this civic-quiz cannot read ({error}); another"
            " program may have changed its tables: pass --db another database"
        )
    return CommandError(
        f"civic-quiz: {path} holds data this civic-quiz cannot read ({error});"
        " the file may be damaged: pass --db another file"
    )


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """` (did you mean 'nato-us-europe-2016'?)` for the known name closest to a mistyped
    one, else nothing: the same name in other capitals, else the closest spelling (the rule
    of `game.play.launch.pack_hint`), else the shortest name containing it (`nato`)."""
    import difflib

    if len(name) > 100:  # no id or name is that long; comparing would only cost time
        return ""
    names = sorted(set(known))
    folded = name.casefold()
    close = (
        [n for n in names if n.casefold() == folded]
        or difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        # A part too short would be found in too many names to be a useful guess.
        or sorted((n for n in names if len(folded) >= 3 and folded in n.casefold()), key=len)
    )
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_pack_known(
    store: ScoreStore, pack_id: str, command: str, catalog: Catalog | None = None
) -> None:
    """CommandError unless the pack is in the catalog or has games in the store: an empty
    result for a mistyped id would read as "nobody played it"."""
    from ..store import GameFilter

    if store.games(GameFilter(pack_id=pack_id, limit=1)):
        return
    if catalog is None:
        from ..packs.catalog import load_catalog

        catalog = load_catalog()
    if catalog.by_id(pack_id) is not None:
        return
    known = [e.pack_id for e in catalog.entries if e.ok and e.pack_id]
    known += store.pack_ids()
    raise CommandError(
        f"civic-quiz {command}: no pack '{pack_id}' among the packs or in the games of"
        f" {store.path}{did_you_mean(pack_id, known)}; `civic-quiz packs` lists the packs"
    )


def check_player_known(store: ScoreStore, player: str, command: str) -> str:
    """The player's name as the store spells it, matched whatever its case (as hot-seat
    treats names: `zoe` is Zoe); CommandError unless the player has started a game."""
    players = store.players()
    if player in players:
        return player
    folded = player.casefold()
    same = [name for name in players if name.casefold() == folded]
    if len(same) == 1:
        return same[0]
    raise CommandError(
        f"civic-quiz {command}: nobody named '{player}' has played in"
        f" {store.path}{did_you_mean(player, players)}"
    )


def confirm(question: str) -> bool:
    """Ask a yes/no question on stderr; only "y" or "yes" on stdin is a yes."""
    print(question, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> None:
    """Rows as CSV on stdout, one column each of `columns`."""
    stream_csv(rows, columns, sys.stdout)


CELL_MEMO = 10_000
"""Texts whose CSV cell `stream_csv` keeps at most, to make each safe once."""


def stream_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], out: TextIO) -> int:
    """Write the rows as CSV, one at a time (text cells escaped and never a formula;
    numbers stay numbers, `-5`); how many were written. The header waits for the first row: a
    database that fails on its first read leaves stdout empty, with the error alone."""
    rows = iter(rows)
    first = next(rows, None)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    if first is None:
        return 0
    # Most cells repeat (players, packs, modes, questions, answers): each text is made
    # safe once while it keeps coming back, in a memo of bounded size.
    memo: dict[str, object] = {}

    def cell(value: object) -> object:
        if not isinstance(value, str):
            return value
        safe = memo.get(value)
        if safe is None:
            if len(memo) >= CELL_MEMO:
                memo.clear()
            safe = memo[value] = spreadsheet_cell(value)
        return safe

    written = 0
    for row in itertools.chain([first], rows):
        writer.writerow([cell(row.get(column, "")) for column in columns])
        written += 1
    return written


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


def pack_file_of_id(ref: str) -> tuple[Path | None, str]:
    """The file of the pack with this id among the packs the game finds (a broken one too,
    by its file name), so that `new my-pack` can be followed by `draft my-pack`; else None
    and a hint naming the closest id. Only a name that could be a pack id is looked up."""
    import re

    from ..packs.catalog import load_catalog
    from ..packs.model import PACK_ID_PATTERN

    if not re.fullmatch(PACK_ID_PATTERN, ref):
        return None, ""
    entries = load_catalog().entries
    found = next((e.path for e in entries if e.pack_id == ref), None)
    found = found or next((e.path for e in entries if e.path.stem == ref), None)
    if found is not None:
        return found, ""
    return None, did_you_mean(ref, (e.pack_id for e in entries if e.pack_id))


def pack_file_named(ref: str, command: str) -> Path:
    """The pack file a command was given: a path that exists, or the id of a pack the game
    finds, or (as it is) a path of a file to create; CommandError for a name that is none of
    these, with the closest id."""
    path = Path(ref)
    if path.exists() or path.suffix in (".yaml", ".yml") or path.parent != Path("."):
        return path
    found, hint = pack_file_of_id(ref)
    if found is not None:
        return found
    raise CommandError(
        f"civic-quiz {command}: no pack file '{printable(ref)}' and no pack with that id"
        f"{hint}; `civic-quiz packs` lists the packs"
    )


def given_pack_files(paths: list[str]) -> tuple[list[Path], bool]:
    """The pack files under the paths (or pack ids) given, and whether one of them does not
    exist (reported on stderr, as is a folder without packs)."""
    from ..packs.discovery import pack_files

    found: list[Path] = []
    missing = False
    for given in paths:
        path = Path(given)
        if not path.exists():
            by_id, hint = pack_file_of_id(given)
            if by_id is not None:
                found.append(by_id)
                continue
            # One line each: a newline in a name cannot forge a report line of its own.
            print(
                f"{one_line(given)}: error: no such file or folder, and no pack with that id{hint}",
                file=sys.stderr,
            )
            missing = True
            continue
        files = pack_files(path)
        if path.is_dir() and not files:
            print(
                f"{one_line(given)}: warning: no .yaml or .yml files in this folder",
                file=sys.stderr,
            )
        found += files
    return found, missing
