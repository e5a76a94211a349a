"""`civic-quiz flags`: what players flagged in a pack's questions (wrong, out of date, unclear)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from ..util.textsafe import json_text, one_line
from .common import EXIT_OK, CommandError, reading_store, write_csv

if TYPE_CHECKING:
    from ..packs.model import Pack
    from ..store import FlagRecord

FLAG_COLUMNS = (
    "date",
    "question_id",
    "reason",
    "player",
    "note",
    "older_version",
    "question_exists",
    "game_id",
    "pack_id",
    "pack_hash",
)
"""The columns of `flags --format csv` (and the keys of each JSON row), one row per flag."""

OLDER = "made on an older version of the pack"
GONE = "the pack no longer has this question"
NO_PACK = "the pack cannot be read, so its versions and questions are unknown"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `flags` and its options."""
    flags = subparsers.add_parser(
        "flags", help="what players flagged in a pack's questions (wrong, out of date, unclear)"
    )
    flags.add_argument("pack", metavar="PACK", help="pack id or pack file")
    flags.add_argument("--format", choices=("table", "json", "csv"), default="table")
    flags.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)
    flags.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the pack's flags, grouped by question, newest first."""
    from ..packs.catalog import load_catalog
    from ..play.launch import resolve_packs
    from ..play.players import GameError

    pack: Pack | None = None
    problem = ""
    try:
        (pack,) = resolve_packs([args.pack], load_catalog())
    except GameError as error:
        problem = str(error)
    pack_id = pack.id if pack is not None else args.pack
    with reading_store(args.db) as store:
        flags = store.flags(pack_id)
    if pack is None and not flags:
        # A pack that is gone but was flagged is still listed; otherwise the id is wrong.
        raise CommandError(f"civic-quiz flags: {problem}")
    rows = flag_rows(grouped(flags), pack)
    if args.format == "json":
        print(json_text(json.dumps(rows, ensure_ascii=False, indent=2)))
    elif args.format == "csv":
        write_csv(rows, FLAG_COLUMNS)
    else:
        print_flags(pack_id, rows, pack)
    return EXIT_OK


def grouped(flags: list[FlagRecord]) -> list[FlagRecord]:
    """The flags grouped by question, the question flagged last first, each question's
    flags newest first (`flags` comes newest first from the store)."""
    order: dict[str, int] = {}
    for flag in flags:
        order.setdefault(flag.question_id, len(order))
    return sorted(flags, key=lambda flag: order[flag.question_id])


def flag_rows(flags: list[FlagRecord], pack: Pack | None) -> list[dict[str, Any]]:
    """One flat row per flag, in the order given; `older_version` and `question_exists`
    compare it with the pack as it is now (None when the pack cannot be read)."""
    current = pack.content_hash() if pack is not None else None
    questions = {q.id for q in pack.questions} if pack is not None else None
    return [
        {
            "date": flag.created_at.isoformat(timespec="seconds"),
            "question_id": flag.question_id,
            "reason": flag.reason,
            "player": flag.player,
            "note": flag.note,
            "older_version": None if current is None else flag.pack_hash != current,
            "question_exists": None if questions is None else flag.question_id in questions,
            "game_id": flag.game_id,
            "pack_id": flag.pack_id,
            "pack_hash": flag.pack_hash,
        }
        for flag in flags
    ]


def print_flags(pack_id: str, rows: list[dict[str, Any]], pack: Pack | None) -> None:
    """The flags as a table, a section per question; what comes from players and pack
    files is literal text on one line (never markup, never a terminal escape)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..reports.flags import count_reasons, counts_text, reason_label

    console = Console()
    if not rows:
        console.print(Text(f"No flags on {one_line(pack_id)} yet."))
        return
    questions = list(dict.fromkeys(row["question_id"] for row in rows))
    counts = count_reasons(row["reason"] for row in rows)
    title = (
        f"Flags on {one_line(pack_id)}: {len(rows)} on"
        f" {len(questions)} question{'s' if len(questions) != 1 else ''}"
        f" ({counts_text(counts)}), newest first"
    )
    table = Table(title=Text(title), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("date (UTC)", no_wrap=True)
    table.add_column("question", max_width=24)
    table.add_column("reason", no_wrap=True)
    table.add_column("player", max_width=16)
    table.add_column("note", ratio=1)
    previous = None
    for row in rows:
        if previous is not None and row["question_id"] != previous:
            table.add_section()
        previous = row["question_id"]
        notes = []
        if row["question_exists"] is False:
            notes.append(f"({GONE})")
        elif row["older_version"]:
            notes.append(f"({OLDER})")
        if row["note"]:
            notes.append(one_line(row["note"]))
        table.add_row(
            row["date"][:16].replace("T", " "),
            Text(one_line(row["question_id"])),
            Text(one_line(reason_label(row["reason"]))),
            Text(one_line(row["player"])),
            Text(" ".join(notes)),
        )
    console.print(table)
    if pack is None:
        console.print(Text(f"Note: {NO_PACK}."))
