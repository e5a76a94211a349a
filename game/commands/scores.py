"""`civic-quiz scores`: list games (or answers), or the class results of a lesson."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ..util.textsafe import json_text, one_line
from .common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    check_pack_known,
    check_player_known,
    date_arg,
    positive,
    reading_store,
    stream_csv,
    write_csv,
)

if TYPE_CHECKING:
    from ..reports.results import StudentResult
    from ..store import GameRecord, ScoreStore

SCORE_COLUMNS = (
    "player",
    "pack",
    "mode",
    "score",
    "max_score",
    "correct",
    "total",
    "status",
    "started",
    "finished",
)
"""The columns of `scores --format csv`, one row per game."""

DEFAULT_LIMIT = 50
"""The newest games (or answers) `scores` lists without `--all` or `--limit`: a school's
year of games is 73,000."""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `scores` and its options."""
    scores = subparsers.add_parser("scores", help="list finished and unfinished games")
    scores.add_argument("--pack", metavar="ID")
    scores.add_argument("--player", metavar="NAME")
    scores.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        help="table (the default for games), csv (the default with --answers) or json",
    )
    scores.add_argument(
        "--since", type=date_arg, metavar="DATE", help="only from DATE (YYYY-MM-DD)"
    )
    scores.add_argument("--answers", action="store_true", help="one row per answer")
    how_many = scores.add_mutually_exclusive_group()
    how_many.add_argument(
        "--all", action="store_true", help=f"every game (or answer), not the newest {DEFAULT_LIMIT}"
    )
    how_many.add_argument(
        "--limit",
        type=positive,
        metavar="N",
        help=f"the newest N games (or answers; default {DEFAULT_LIMIT})",
    )
    scores.add_argument(
        "--lesson", metavar="ID", help="class results of a lesson: one row per student"
    )
    scores.add_argument(
        "--class",
        dest="class_view",
        action="store_true",
        help="class results (with --since): one row per student, their latest game",
    )
    scores.add_argument(
        "--session", metavar="CODE", help="one live class game: a row per student (or answer)"
    )
    scores.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)
    scores.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the newest games (or answers) matching the filters, or all of them with
    `--all`; what is left out is said on stderr ("showing 50 of 73,214 games; --all for
    every game"). Rows are written one at a time as the store reads them, so an export of
    every answer of a school's year takes no more memory than one of ten."""
    if args.session is not None:
        return session_scores(args)
    if args.lesson is not None or args.class_view:
        return class_scores(args)
    from ..store import GameFilter

    limit = None if args.all else (args.limit or DEFAULT_LIMIT)
    with reading_store(args.db) as store:
        check_filters(store, args)
        matching = GameFilter(pack_id=args.pack, player=args.player, since=args.since, limit=limit)
        rows: Iterator[dict[str, Any]]
        if args.answers:
            rows = (answer_row(r.as_dict()) for r in store.iter_answer_rows(matching))
            columns: Sequence[str] = answer_columns()
        else:
            rows = (game_row(g) for g in store.iter_games(matching))
            columns = SCORE_COLUMNS
        # `scores --answers` alone stays CSV, as the guides' exports have always used it.
        shape = args.format or ("csv" if args.answers else "table")
        if shape == "json":
            shown = stream_json(rows, sys.stdout)
        elif shape == "csv":
            shown = stream_csv(rows, columns, sys.stdout)
        elif args.answers:
            shown = print_answers_table(rows)
        else:
            shown = print_scores_table(rows)
        if limit is not None and shown == limit:
            count = store.count_answer_rows if args.answers else store.count_games
            total = count(matching)
            if total > shown:
                print(showing_note(shown, total, answers=args.answers), file=sys.stderr)
    return EXIT_OK


def session_scores(args: argparse.Namespace) -> int:
    """`scores --session CODE`: the games of one live class game's students, in the order
    they joined (their answers with `--answers`)."""
    from ..live.engine import read_session
    from ..live.model import LiveError
    from ..store import live as live_db
    from ..store.rows import answer_row as record_row

    with reading_store(args.db) as store:
        try:
            session = read_session(store, args.session)
        except LiveError as error:
            print(f"civic-quiz: {one_line(str(error))}", file=sys.stderr)
            return EXIT_PROBLEMS
        games = []
        for _name, game_id in live_db.session_games(store, session.code):
            if game_id is not None:
                try:
                    games.append(store.game(game_id))
                except KeyError:
                    continue  # the game was forgotten (`db forget`)
        rows: list[dict[str, Any]]
        if args.answers:
            rows = [
                answer_row(
                    record_row(
                        (game.player, game.pack_id, game.mode, game.status), answer
                    ).as_dict()
                )
                for game in games
                for answer in store.answers(game.id)
            ]
        else:
            rows = [game_row(game) for game in games]
    shape = args.format or "table"
    if shape == "json":
        stream_json(rows, sys.stdout)
    elif shape == "csv":
        stream_csv(rows, answer_columns() if args.answers else SCORE_COLUMNS, sys.stdout)
    elif args.answers:
        print_answers_table(rows)
    else:
        print_scores_table(rows)
    return EXIT_OK


def showing_note(shown: int, total: int, *, answers: bool) -> str:
    """`showing 50 of 73,214 games; --all for every game` (the newest are shown)."""
    if answers:
        return f"showing the newest {shown:,} of {total:,} answers; --all for every answer"
    return f"showing {shown:,} of {total:,} games; --all for every game"


def stream_json(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write the rows as one JSON array, one row at a time: the same text as
    `json.dumps(list(rows), indent=2)`, without holding the list; how many were written."""
    written = 0
    for row in rows:
        item = json.dumps(row, ensure_ascii=False, indent=2, default=str)
        out.write("[\n" if not written else ",\n")
        out.write(json_text("  " + item.replace("\n", "\n  ")))
        written += 1
    out.write("\n]\n" if written else "[]\n")
    return written


def check_filters(store: ScoreStore, args: argparse.Namespace) -> None:
    """CommandError for a --pack or --player the store and the catalog do not know: an empty
    list would read as "no games yet" when the name is only mistyped. A player's name is
    replaced by the store's spelling of it (`zoe` finds Zoe)."""
    if args.pack is not None:
        check_pack_known(store, args.pack, "scores")
    if args.player is not None:
        args.player = check_player_known(store, args.player, "scores")


def game_row(game: GameRecord) -> dict:
    """A game as one row of `scores`."""
    return {
        "player": game.player,
        "pack": game.pack_id,
        "mode": game.mode,
        "score": game.score,
        "max_score": game.max_score,
        "correct": game.correct,
        "total": len(game.question_ids),
        "status": status_word(game.status),
        "started": game.started_at.isoformat(timespec="seconds"),
        "finished": game.finished_at.isoformat(timespec="seconds") if game.finished_at else "",
    }


def status_word(status: str) -> str:
    """A stored status in the words of the app, the Teacher screen and `db info`
    ("unfinished", never "active"), in every format: the class results' CSV and JSON already
    said "unfinished", so one word serves both exports."""
    from ..reports.results import status_word as word

    return word(status)


def answer_row(row: dict[str, Any]) -> dict[str, Any]:
    """An answer row of `scores --answers`, its game's status in the app's words."""
    row["game_status"] = status_word(row["game_status"])
    return row


def print_answers_table(rows: Iterable[dict[str, Any]]) -> int:
    """The answers as a table (a limited number of them: the table is built whole); how
    many were shown. Every text cell is escaped literal text: it comes from the players."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = list(rows)
    console = Console()
    if not shown:
        console.print("No answers yet.")
        return 0
    table = Table(title="Answers", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("player", min_width=8, ratio=1, overflow="fold")
    table.add_column("pack", min_width=8, ratio=1, overflow="fold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("question", ratio=1, overflow="fold")
    table.add_column("answer", min_width=8, ratio=2, overflow="fold")
    table.add_column("points", justify="right", no_wrap=True)
    table.add_column("game", no_wrap=True)
    table.add_column("answered (UTC)", no_wrap=True)
    for row in shown:
        table.add_row(
            Text(one_line(row["player"])),
            Text(one_line(row["pack_id"])),
            str(row["position"] + 1),
            Text(one_line(row["question_id"])),
            Text(one_line(row["answer_text"] or "")),
            str(row["points"]),
            row["game_status"],
            row["answered_at"][:16].replace("T", " "),
        )
    console.print(table)
    return table.row_count


def answer_columns() -> tuple[str, ...]:
    """The columns of `scores --answers`."""
    from ..store import ANSWER_ROW_FIELDS

    return ANSWER_ROW_FIELDS


def print_scores_table(rows: Iterable[dict]) -> int:
    """The games as a table (a limited number of them: the table is built whole); how many
    were shown. At 80 columns the numbers, status and start stay whole on one line each;
    names and pack ids wrap (a long id folds rather than being cut), and a pack shared by
    every row goes in the title."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = list(rows)
    console = Console()
    if not shown:
        console.print("No games yet.")
        return 0
    packs = {row["pack"] for row in shown}
    title = Text("Games")
    if len(packs) == 1:
        title.append(f", pack {one_line(next(iter(packs)))}")
    # No edges and one space between columns, and the player and pack columns given the
    # width the others leave: at 80 columns a pack id as long as the NATO one takes two
    # lines, not four, and the numbers, status and start stay whole.
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=0,  # the box's divider, a space, is the one space between columns
    )
    fixed = [
        max(len("mode"), *(len(one_line(r["mode"])) for r in shown)),
        max(len("score"), *(len(f"{r['score']}/{r['max_score']}") for r in shown)),
        max(len("right"), *(len(f"{r['correct']}/{r['total']}") for r in shown)),
        max(len("status"), *(len(str(r["status"])) for r in shown)),
        len("started (UTC)") + 3,  # `2026-01-08 11:00`
    ]
    columns = len(fixed) + 1 + (len(packs) > 1)
    room = console.width - sum(fixed) - (columns - 1)  # one divider between columns
    if len(packs) > 1:
        longest = max(len(one_line(p)) for p in packs)
        pack_width = max(min(longest, (room + 1) // 2), 8)
        table.add_column("player", width=max(room - pack_width, 8), overflow="fold")
        table.add_column("pack", width=pack_width, overflow="fold")
    else:
        table.add_column("player", width=max(room, 8), overflow="fold")
    table.add_column("mode", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("right", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("started (UTC)", no_wrap=True)
    for row in shown:
        # Player names, pack ids and modes go in as Text so that `[bold]` is never markup,
        # escaped because a row may come from an old version or another program.
        cells: list[Text | str] = [Text(one_line(row["player"]))]
        if len(packs) > 1:
            cells.append(Text(one_line(row["pack"])))
        cells += [
            Text(one_line(row["mode"])),
            f"{row['score']}/{row['max_score']}",
            f"{row['correct']}/{row['total']}",
            row["status"],
            row["started"][:16].replace("T", " "),
        ]
        table.add_row(*cells)
    console.print(table)
    return table.row_count


def class_scores(args: argparse.Namespace) -> int:
    """`scores --lesson ID` or `scores --since DATE --class`: one row per student."""
    from ..reports.results import (
        RESULT_FIELDS,
        UnknownLessonError,
        as_row,
        class_results,
        class_summary,
    )

    if args.answers:
        print(
            "civic-quiz: --answers lists every answer; leave out --lesson/--class", file=sys.stderr
        )
        return EXIT_USAGE
    with reading_store(args.db) as store:
        check_filters(store, args)
        try:
            results = class_results(store, lesson=args.lesson, since=args.since, pack_id=args.pack)
        except UnknownLessonError as error:
            # An empty table would read as "nobody came": a mistyped id is an error.
            print(f"civic-quiz: {one_line(str(error))}", file=sys.stderr)
            return EXIT_PROBLEMS
    if args.player is not None:
        results = [r for r in results if r.player == args.player]  # the store's spelling
    rows = [as_row(r) for r in results]
    if args.format == "json":
        data = {
            "lesson": args.lesson,
            "since": args.since.isoformat() if args.since else None,
            "pack": args.pack,
            "summary": class_summary(results),
            "students": rows,
        }
        print(json_text(json.dumps(data, ensure_ascii=False, indent=2)))
    elif args.format == "csv":
        write_csv(rows, RESULT_FIELDS)
    else:
        print_class_table(args, results)
    return EXIT_OK


def print_class_table(args: argparse.Namespace, results: list[StudentResult]) -> None:
    """The class results as a table, what every row shares in its title, and a summary."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..reports.results import class_summary, duration_text

    if args.lesson is not None:
        title = f"Lesson {args.lesson}"
    else:
        title = "All lessons" if args.since is None else f"Since {args.since:%Y-%m-%d}"
    if args.pack is not None:
        title += f", pack {args.pack}"
    # A pack or mode shared by every row goes in the title, leaving room for the names.
    packs = sorted({r.pack for r in results})
    modes = sorted({r.mode for r in results})
    if len(packs) == 1 and args.pack is None:
        title += f", pack {packs[0]}"
    if len(modes) == 1:
        title += f", {modes[0]}"
    table = Table(title=Text(one_line(title)), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("student", min_width=12, ratio=1)
    if len(packs) > 1:
        table.add_column("pack", ratio=1)
    if len(modes) > 1:
        table.add_column("mode")
    for column in ("score", "%", "right", "time"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("games", justify="right", no_wrap=True)
    table.add_column("last (UTC)", no_wrap=True)
    for row in results:
        # Names, pack ids and modes come from the database: literal text, escaped.
        cells: list[Text | str] = [Text(one_line(row.player))]
        if len(packs) > 1:
            cells.append(Text(one_line(row.pack)))
        if len(modes) > 1:
            cells.append(Text(one_line(row.mode)))
        cells += [
            f"{row.score}/{row.max_score}",
            f"{row.percent:.0f}%",
            f"{row.correct}/{row.questions}",
            duration_text(row.seconds),
            row.status,
            str(row.games),
            f"{row.last_activity:%m-%d %H:%M}",
        ]
        table.add_row(*cells)
    console = Console()
    if results:
        console.print(table)
    console.print(Text(class_summary(results)))
