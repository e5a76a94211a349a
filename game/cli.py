"""The `civic-quiz` command and its sub-commands; a thin layer over the domain core."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .scoring import MODES, SCORINGS
from .textsafe import json_text, one_line, printable, spreadsheet_cell

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="civic-quiz",
        description="A quiz game for civic education. Without a command, opens the game.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="score database (default: CIVIC_QUIZ_DB or the user data folder)",
    )
    # Set by `civic-quiz serve` for each browser tab: the game only, no teachers' screens.
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--lesson", metavar="FILE", help="play only the pack and mode of a teacher's lesson file"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the game to browsers (classroom play)")
    serve.add_argument("--host", default=None, help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)
    serve.add_argument(
        "--public-url", metavar="URL", help="the address students use, when a proxy is in front"
    )
    serve.add_argument(
        "--max-players", type=_positive, default=60, metavar="N", help="games at once (60)"
    )
    serve.add_argument("--pack", metavar="ID", help="the lesson's pack: students play only it")
    serve.add_argument("--mode", choices=MODES, help="the lesson's mode (classic)")
    serve.add_argument("--questions", type=_positive, metavar="N", help="play N questions")
    serve.add_argument("--seed", type=int, metavar="N", help="fix question and option order")
    serve.add_argument(
        "--lesson", metavar="FILE", default=argparse.SUPPRESS, help="lesson settings file"
    )
    serve.add_argument("--force", action="store_true", help="replace an existing lesson FILE")

    play = commands.add_parser("play", help="start a game straight away")
    play.add_argument("packs", nargs="*", metavar="PACK", help="pack ids or pack files")
    play.add_argument(
        "--player",
        action="append",
        default=[],
        metavar="NAME",
        help="player name (repeat for hot-seat players)",
    )
    play.add_argument("--mode", choices=MODES, help="the game mode (classic)")
    play.add_argument("--questions", type=_positive, metavar="N", help="play N questions")
    play.add_argument("--seed", type=int, metavar="N", help="fix question and option order")
    play.add_argument(
        "--scoring",
        choices=SCORINGS,
        help="accuracy: count only credit (no hint, speed or streak effects)",
    )
    play.add_argument("--resume", action="store_true", help="continue the last unfinished game")
    play.add_argument(
        "--plain",
        action="store_true",
        help="plain lines on stdin/stdout instead of the full-screen game",
    )
    play.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)
    play.add_argument(
        "--lesson", metavar="FILE", default=argparse.SUPPRESS, help="play a lesson file's settings"
    )

    scores = commands.add_parser("scores", help="list finished and unfinished games")
    scores.add_argument("--pack", metavar="ID")
    scores.add_argument("--player", metavar="NAME")
    scores.add_argument("--format", choices=("table", "json", "csv"), default="table")
    scores.add_argument("--since", type=_date, metavar="DATE", help="only from DATE (YYYY-MM-DD)")
    scores.add_argument("--answers", action="store_true", help="one row per answer")
    scores.add_argument(
        "--lesson", metavar="ID", help="class results of a lesson: one row per student"
    )
    scores.add_argument(
        "--class",
        dest="class_view",
        action="store_true",
        help="class results (with --since): one row per student, their latest game",
    )

    stats = commands.add_parser("stats", help="item analysis of a pack: what the class got wrong")
    stats.add_argument("pack", metavar="PACK", help="pack id")
    stats.add_argument("--since", type=_date, metavar="DATE", help="only games from DATE")
    stats.add_argument("--format", choices=("table", "json", "csv"), default="table")
    stats.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)

    importer = commands.add_parser("import", help="make a pack from GIFT, Aiken, CSV or OpenTDB")
    importer.add_argument("file", nargs="?", metavar="FILE")
    importer.add_argument(
        "--from", dest="source_format", choices=("gift", "aiken", "csv", "opentdb")
    )
    importer.add_argument("-o", "--output", metavar="OUT.yaml", help="write here, not stdout")
    importer.add_argument("--force", action="store_true", help="overwrite an existing OUT.yaml")
    importer.add_argument("--id", dest="pack_id", metavar="ID", help="the new pack's id")
    importer.add_argument("--title", metavar="TITLE", help="the new pack's title")
    importer.add_argument("--template", choices=("csv",), help="print a template to fill in")

    exporter = commands.add_parser("export", help="write a pack in another format")
    exporter.add_argument("pack", metavar="PACK", help="pack id or pack file")
    exporter.add_argument("--to", choices=("gift",), default="gift")
    exporter.add_argument("-o", "--output", metavar="OUT", help="write here, not stdout")
    exporter.add_argument("--force", action="store_true", help="overwrite an existing OUT")
    scores.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)

    validate = commands.add_parser(
        "validate", help="check packs and report every problem with its line and column"
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="pack files or folders")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.add_argument(
        "--max-size", type=float, default=10, metavar="MB", help="largest pack accepted (10 MB)"
    )
    validate.add_argument(
        "--fix-quotes",
        action="store_true",
        help="rewrite quotes that differ from the source only in spacing, quote marks or dashes",
    )

    packs = commands.add_parser("packs", help="list the packs the game can find")
    packs.add_argument("--format", choices=("table", "json"), default="table")

    commands.add_parser("schema", help="print the JSON Schema of the pack format")

    new = commands.add_parser("new", help="write a commented starter pack")
    new.add_argument("path", metavar="PATH", help="the pack file to create (.yaml)")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser


def _date(text: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a date looks like 2026-11-28") from None
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


EXIT_BROKEN_PIPE = 141
"""What a shell reports for a command whose reader went away (128 + SIGPIPE)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        status = _run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit where it cannot be caught
        return status
    except BrokenPipeError:
        # The reader of our output closed it (`civic-quiz scores | head`): stop quietly,
        # and keep Python from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _run(args: argparse.Namespace) -> int:
    if args.command == "play":
        return _play(args)
    if args.command == "scores":
        return _scores(args)
    if args.command == "stats":
        return _stats(args)
    if args.command == "import":
        return _import(args)
    if args.command == "export":
        return _export(args)
    if args.command == "serve":
        return _serve(args)
    if args.command is None:
        return _open_app(args.db, None, served=args.served, lesson_file=args.lesson)
    if args.command == "validate" and args.fix_quotes:
        return _fix_quotes(args.paths)
    if args.command == "validate":
        return _validate(
            args.paths,
            strict=args.strict,
            output=args.format,
            max_bytes=int(args.max_size * 1024 * 1024),
        )
    if args.command == "schema":
        return _schema()
    if args.command == "new":
        return _new(Path(args.path), force=args.force)
    return _packs(output=args.format)


def _given_pack_files(paths: list[str]) -> tuple[list[Path], bool]:
    """The pack files under the paths given, and whether one of the paths does not exist
    (reported on stderr, as is a folder without packs)."""
    from .packs.discovery import pack_files

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


def _validate(paths: list[str], *, strict: bool, output: str, max_bytes: int) -> int:
    from .packs.discovery import duplicate_id_warnings
    from .packs.loader import check_pack_file

    files, usage_error = _given_pack_files(paths)
    checked = [check_pack_file(f, max_bytes=max_bytes) for f in files]
    problems = [p for c in checked for p in c.problems] + duplicate_id_warnings(checked)
    if strict:
        problems = [p.as_error() for p in problems]
    unreadable = any(p.code == "unreadable" for p in problems)
    if output == "json":
        print(json_text(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2)))
    else:
        _print_report(checked, problems)
    if usage_error or unreadable:
        return EXIT_USAGE
    return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK


def _print_report(checked: list, problems: list) -> None:
    out = sys.stdout
    for problem in problems:
        # One line each, as compilers report: a file name or message cannot forge a line.
        out.write(one_line(problem.format()) + "\n")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    for item in checked:
        if item.pack is not None and not any(
            p.file == item.display and p.severity == "error" for p in problems
        ):
            count = len(item.pack.questions)
            shown = one_line(item.display)
            out.write(f"{shown}: ok, {count} question{'s' * (count != 1)}\n")
    out.write(
        f"{len(checked)} file{'s' * (len(checked) != 1)} checked: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}\n"
    )


_printable = printable
"""Text safe to write to a terminal (see `game.textsafe`), by the name the commands use."""


def _packs(*, output: str) -> int:
    from .packs.discovery import discover

    found = discover()
    if output == "json":
        rows = [
            {
                "id": c.pack.id if c.pack else None,
                "title": c.pack.title if c.pack else None,
                "questions": len(c.pack.questions) if c.pack else None,
                "path": str(c.path),
                "ok": c.pack is not None,
                "error": c.errors[0].format() if c.errors else None,
            }
            for c in found.packs
        ]
        print(json_text(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        _print_packs_table(found)
    for warning in found.warnings:
        print(one_line(warning.format()), file=sys.stderr)
    return EXIT_OK if found.packs else EXIT_PROBLEMS


def _print_packs_table(found) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Question packs", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("title")
    table.add_column("questions", justify="right")
    table.add_column("path", overflow="fold")
    for item in found.packs:
        # Pack text goes in as Text, never as a markup string: `[bold]` stays `[bold]`; and
        # with its control characters escaped, which Text would pass to the terminal.
        if item.pack is not None:
            table.add_row(
                Text(one_line(item.pack.id)),
                Text(one_line(item.pack.title)),
                str(len(item.pack.questions)),
                Text(one_line(str(item.path))),
            )
        else:
            first = item.errors[0]
            table.add_row(
                Text("(broken)", style="bold red"),
                Text(f"{first.line}:{first.column}: {one_line(first.message)}"),
                "-",
                Text(one_line(str(item.path))),
            )
    console = Console()
    if not found.packs:
        console.print("No packs found. Put .yaml packs in ./questions or set CIVIC_QUIZ_PACKS.")
        return
    console.print(table)


def _schema() -> int:
    from .packs.schema import pack_json_schema

    print(json.dumps(pack_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _new(path: Path, *, force: bool) -> int:
    from .packs.starter import starter_pack

    if path.exists() and not force:
        print(f"{path}: error: already exists; use --force to overwrite it", file=sys.stderr)
        return EXIT_USAGE
    if path.suffix not in (".yaml", ".yml"):
        print(f"{path}: error: a pack file name ends in .yaml", file=sys.stderr)
        return EXIT_USAGE
    pack_id = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "my-pack"
    text = starter_pack(pack_id, path.name, dt.date.today().isoformat())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"{path}: error: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path}; check it with: civic-quiz validate {path}")
    return EXIT_OK


def _open_store(db: str | None, *, ask: bool, read_only: bool = False):
    """The score store (exit status 1 when it cannot be used).

    A corrupt database is never overwritten: the player may move it aside (kept, renamed
    with a timestamp) and start a new one. A database from a newer civic-quiz is never
    offered to be moved: upgrading makes it usable again. `read_only` opens it for reading
    only (nothing migrated, nothing created), for the commands that only read it.
    """
    from .store import (
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
        if read_only or not ask or not _confirm(offer):
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


def _confirm(question: str) -> bool:
    print(question, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def _play(args: argparse.Namespace) -> int:
    from .launch import GameRequest
    from .lesson import Lesson, LessonError, load_lesson

    lesson: Lesson | None = None
    if args.lesson is not None:
        try:
            lesson = load_lesson(args.lesson)
        except LessonError as error:
            print(f"civic-quiz play: {error}", file=sys.stderr)
            return EXIT_PROBLEMS
    # What is given on the command line wins over the lesson file's settings.
    request = GameRequest(
        packs=tuple(args.packs) or ((lesson.pack,) if lesson else ()),
        players=tuple(args.player),
        mode=args.mode or (lesson.mode if lesson else "classic"),
        questions=args.questions or (lesson.questions if lesson else None),
        seed=args.seed if args.seed is not None else (lesson.seed if lesson else None),
        scoring=args.scoring,
        resume=args.resume,
        lesson=lesson.id if lesson else None,
    )
    if not args.plain:
        return _open_app(args.db, request)
    return _play_plain(args.db, request)


def _play_plain(db: str | None, request) -> int:
    from .launch import build_session, resume_command
    from .packs.catalog import load_catalog
    from .plain import play_plain
    from .players import GameError
    from .store import StoreError

    store = _open_store(db, ask=sys.stdin.isatty())
    try:
        session = build_session(request, load_catalog(), store, start=False)
        # A game that cannot be created is not played: its score would exist nowhere.
        session.start(on_wait=lambda: print("Saving the new game...", file=sys.stderr))
    except StoreError as error:
        print(f"civic-quiz: the game cannot be played: {error}", file=sys.stderr)
        store.close()
        return EXIT_PROBLEMS
    except GameError as error:
        print(f"civic-quiz: {error}", file=sys.stderr)
        store.close()
        return EXIT_PROBLEMS

    def leaderboard() -> list[str]:
        rows = store.leaderboard(session.pack_id, limit=5)
        ours = {p.game_id for p in session.players}
        return ["Leaderboard:"] + [
            f"{'>' if r.game_id in ours else ' '} {r.rank}. {r.player}: {r.percent:.0f}%"
            f" ({r.score} / {r.max_score}, {r.mode}, {r.finished_at:%Y-%m-%d})"
            for r in rows
        ]

    # The pack as given (a file is in no packs folder), or the resumed game's pack.
    packs = request.packs or (session.pack_id.split("+") if request.resume else ())
    resume = resume_command([p.name for p in session.players], packs, db)
    try:
        board = None if session.mode == "practice" else leaderboard  # practice is not ranked
        status = play_plain(session, sys.stdin, sys.stdout, leaderboard=board, resume=resume)
    finally:
        store.close()
    return EXIT_OK if status == 0 else status


def _serve(args: argparse.Namespace) -> int:
    from .store import resolve_db_path
    from .web.serve import is_loopback, serve

    host = args.host or "127.0.0.1"
    if not is_loopback(host):
        print(
            f"civic-quiz serve: warning: listening on {host}: anyone who can reach this"
            " address can play (and their scores go into this machine's database)",
            file=sys.stderr,
        )
    db_path = resolve_db_path(args.db)
    _open_store(str(db_path), ask=sys.stdin.isatty()).close()  # refuse a bad database now
    db_path = db_path.resolve()
    lesson = _served_lesson(args)
    if isinstance(lesson, int):
        return lesson
    # The addresses to give out (and the lesson) are printed by `serve` once it listens.
    options = {"public_url": args.public_url, "max_players": args.max_players}
    if lesson is None:
        serve(host, args.port, db_path, **options)
        return EXIT_OK
    described = lesson.describe(_pack_title(lesson.pack))
    if args.lesson is not None:
        lesson_file = Path(args.lesson).resolve()
        serve(host, args.port, db_path, lesson_file=lesson_file, lesson=described, **options)
        return EXIT_OK
    import tempfile

    from .lesson import save_lesson

    # Each tab reads the lesson from a file, which lives as long as the server.
    with tempfile.TemporaryDirectory(prefix="civic-quiz-lesson-") as folder:
        lesson_file = Path(folder) / f"{lesson.id}.yaml"
        save_lesson(lesson_file, lesson)
        serve(host, args.port, db_path, lesson_file=lesson_file, lesson=described, **options)
    return EXIT_OK


def _served_lesson(args: argparse.Namespace):
    """The lesson `serve` is asked for (None: none; an exit status: it cannot be used, said
    on stderr). Settings given with `--lesson FILE` are saved to FILE (not over another
    lesson without --force); `--lesson FILE` alone reads it."""
    from .lesson import LessonError, load_lesson, make_lesson, save_lesson
    from .packs.catalog import load_catalog

    settings = args.pack or args.mode or args.questions or args.seed is not None
    if not settings and args.lesson is None:
        return None
    try:
        if not settings:
            lesson = load_lesson(args.lesson)
        elif args.pack is None:
            print("civic-quiz serve: --pack ID is needed with lesson settings", file=sys.stderr)
            return EXIT_USAGE
        else:
            path = Path(args.lesson) if args.lesson is not None else None
            lesson = make_lesson(
                args.pack, mode=args.mode, questions=args.questions, seed=args.seed, path=path
            )
    except LessonError as error:
        print(f"civic-quiz serve: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    catalog = load_catalog()
    entry = catalog.by_id(lesson.pack)
    if entry is None or not entry.ok:
        from .launch import pack_hint

        why = "cannot be played" if entry is not None else "is not found"
        hint = pack_hint(lesson.pack, catalog)
        print(
            f"civic-quiz serve: the pack '{_printable(lesson.pack)}' {why}{hint};"
            " `civic-quiz packs` lists them",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    if settings and args.lesson is not None:
        try:
            save_lesson(args.lesson, lesson, force=args.force)
        except LessonError as error:
            print(f"civic-quiz serve: {error}", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"Lesson settings saved to {_printable(args.lesson)}.")
    return lesson


def _pack_title(pack_id: str) -> str | None:
    from .packs.catalog import load_catalog

    entry = load_catalog().by_id(pack_id)
    return entry.title if entry is not None else None


def _open_app(
    db: str | None, request, *, served: bool = False, lesson_file: str | None = None
) -> int:
    from .store import resolve_db_path
    from .ui.app import QuizApp

    lesson = None
    if lesson_file is not None:
        from .lesson import LessonError, load_lesson

        try:
            lesson = load_lesson(lesson_file)
        except LessonError as error:
            print(f"civic-quiz: {error}", file=sys.stderr)
            return EXIT_PROBLEMS
    app = QuizApp(db_path=resolve_db_path(db), request=request, served=served, lesson=lesson)
    app.run()
    return app.return_code or EXIT_OK


def _scores(args: argparse.Namespace) -> int:
    if args.lesson is not None or args.class_view:
        return _class_scores(args)
    store = _open_store(args.db, ask=False, read_only=True)
    with store:
        if args.answers:
            rows = [
                r.as_dict()
                for r in store.answer_rows(pack_id=args.pack, player=args.player, since=args.since)
            ]
        else:
            games = store.games(pack_id=args.pack, player=args.player, since=args.since)
            rows = [_game_row(g) for g in games]
    if args.format == "json":
        print(json_text(json.dumps(rows, ensure_ascii=False, indent=2, default=str)))
    elif args.format == "csv" or args.answers:
        _write_csv(rows, _answer_columns() if args.answers else _SCORE_COLUMNS)
    else:
        _print_scores_table(rows)
    return EXIT_OK


def _game_row(game) -> dict:
    return {
        "player": game.player,
        "pack": game.pack_id,
        "mode": game.mode,
        "score": game.score,
        "max_score": game.max_score,
        "correct": game.correct,
        "total": len(game.question_ids),
        "status": game.status,
        "started": game.started_at.isoformat(timespec="seconds"),
        "finished": game.finished_at.isoformat(timespec="seconds") if game.finished_at else "",
    }


def _answer_columns() -> tuple[str, ...]:
    from .store import ANSWER_ROW_FIELDS

    return ANSWER_ROW_FIELDS


def _write_csv(rows: list[dict], columns: Sequence[str]) -> None:
    # Text cells are escaped and never start a formula; numbers stay numbers (`-5`).
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: spreadsheet_cell(value) for key, value in row.items()} for row in rows)


_SCORE_COLUMNS = (
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


def _print_scores_table(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not rows:
        console.print("No games yet.")
        return
    table = Table(title="Games", title_justify="left")
    for column in ("player", "pack", "mode", "score", "correct", "status", "started"):
        table.add_column(column, justify="right" if column in ("score", "correct") else "left")
    for row in rows:
        # Player names and pack ids go in as Text so that `[bold]` is never markup, escaped
        # because a row may come from an old version or another program.
        table.add_row(
            Text(one_line(row["player"])),
            Text(one_line(row["pack"])),
            row["mode"],
            f"{row['score']}/{row['max_score']}",
            f"{row['correct']}/{row['total']}",
            row["status"],
            row["started"][:16].replace("T", " "),
        )
    console.print(table)


def _class_scores(args: argparse.Namespace) -> int:
    """`scores --lesson ID` or `scores --since DATE --class`: one row per student."""
    from .results import RESULT_FIELDS, UnknownLessonError, as_row, class_results, class_summary

    if args.answers:
        print(
            "civic-quiz: --answers lists every answer; leave out --lesson/--class", file=sys.stderr
        )
        return EXIT_USAGE
    store = _open_store(args.db, ask=False, read_only=True)
    with store:
        try:
            results = class_results(store, lesson=args.lesson, since=args.since, pack_id=args.pack)
        except UnknownLessonError as error:
            # An empty table would read as "nobody came": a mistyped id is an error.
            print(f"civic-quiz: {one_line(str(error))}", file=sys.stderr)
            return EXIT_PROBLEMS
    if args.player is not None:
        results = [r for r in results if r.player == args.player]
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
        _write_csv(rows, RESULT_FIELDS)
    else:
        _print_class_table(args, results)
    return EXIT_OK


def _print_class_table(args: argparse.Namespace, results: list) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .results import class_summary, duration_text

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


def _stats(args: argparse.Namespace) -> int:
    from rich.console import Console

    from .packs.catalog import load_catalog
    from .stats import as_dict, as_rows, item_analysis, render_stats

    catalog = load_catalog()
    entry = catalog.by_id(args.pack)
    question_ids = None
    if entry is not None:
        question_ids = [q.id for q in catalog.load_pack(entry).questions]
    store = _open_store(args.db, ask=False, read_only=True)
    with store:
        stats = item_analysis(store, args.pack, since=args.since, question_ids=question_ids)
    if args.format == "json":
        print(json_text(json.dumps(as_dict(stats), ensure_ascii=False, indent=2, default=str)))
    elif args.format == "csv":
        rows = as_rows(stats)
        _write_csv(rows, list(rows[0]) if rows else ["question_id"])
    else:
        Console().print(render_stats(stats, sort="facility"))
    return EXIT_OK


_IMPORTERS = {
    "gift": ("game.importers.gift", "import_gift"),
    "aiken": ("game.importers.aiken", "import_aiken"),
    "csv": ("game.importers.csvfile", "import_csv"),
    "opentdb": ("game.importers.opentdb", "import_opentdb"),
}


def _import(args: argparse.Namespace) -> int:
    import importlib

    from .importers.base import (
        ImportFailed,
        build_pack,
        dump_pack,
        max_import_bytes,
        pack_too_large,
    )
    from .importers.detect import detect_format
    from .packs.loader import validate_pack_data
    from .safefile import FileRefused, read_regular_file

    if args.template:
        from .importers.csvfile import CSV_TEMPLATE

        sys.stdout.write(CSV_TEMPLATE)
        return EXIT_OK
    if not args.file:
        print("civic-quiz import: name the FILE to import (or use --template csv)", file=sys.stderr)
        return EXIT_USAGE
    path = Path(args.file)
    shown = _printable(args.file)
    if args.output is not None and not _output_ok(args.output, args.force, source=path):
        return EXIT_USAGE
    try:
        # Regular files only, bounded: a FIFO or /dev/zero would block or never end.
        text = read_regular_file(path, max_bytes=max_import_bytes()).decode("utf-8-sig")
    except FileRefused as refused:
        advice = "; split it and import each part" if refused.reason == "too-large" else ""
        print(f"{shown}: error: cannot import: the file {refused.message}{advice}", file=sys.stderr)
        return EXIT_USAGE
    except UnicodeDecodeError as exc:
        print(
            f"{shown}: error: not UTF-8 (byte offset {exc.start}); save it as UTF-8",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    try:
        kind = args.source_format or detect_format(path, text)
        module, function = _IMPORTERS[kind]
        result = getattr(importlib.import_module(module), function)(text)
    except ImportFailed as failure:
        where = f"{failure.line}:" if failure.line else ""
        print(f"{shown}:{where} error: {_printable(failure.message)}", file=sys.stderr)
        return EXIT_PROBLEMS
    reports = [("skipped", s) for s in result.skipped] + [("dropped", n) for n in result.notes]
    for verb, item in sorted(reports, key=lambda report: report[1].line):
        reason = _printable(f"{item.kind}: {item.reason}")
        print(f"{shown}:{item.line}: {verb} {reason}", file=sys.stderr)
    if not result.questions:
        print(f"{shown}: error: no question could be imported; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    data = build_pack(result, pack_id=args.pack_id, title=args.title)
    # Found before writing (and before checking each question): `validate` and the game
    # would refuse the pack.
    too_large = pack_too_large(len(result.questions))
    text = "" if too_large else dump_pack(data)
    if too_large := too_large or pack_too_large(len(result.questions), text):
        print(f"{shown}: error: {too_large}; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    checked = validate_pack_data(data, display=args.output or "<stdout>")
    if checked.errors:
        for problem in checked.errors:
            print(_printable(problem.format()), file=sys.stderr)
        print(f"{shown}: error: the imported pack is not valid; nothing written", file=sys.stderr)
        return EXIT_PROBLEMS
    return _emit(text, args.output, result.summary(), force=args.force)


def _output_ok(output: str, force: bool, *, source: Path | None = None) -> bool:
    """Whether `-o` may be written (checked before any work; the error goes to stderr)."""
    from .exporters.output import OutputRefused, check_output

    try:
        check_output(output, force=force, source=source)
    except OutputRefused as refused:
        print(f"{_printable(output)}: error: {refused.message}", file=sys.stderr)
        return False
    return True


def _emit(text: str, output: str | None, summary: str, *, force: bool = False) -> int:
    """Write text to a file (atomically, never half a file, never over a file unless `force`)
    or stdout; the summary to stderr."""
    from .exporters.output import OutputRefused, write_output

    if output is None:
        sys.stdout.write(text)
    else:
        try:
            write_output(output, text, force=force)
        except OutputRefused as refused:
            print(f"{_printable(output)}: error: {refused.message}", file=sys.stderr)
            return EXIT_USAGE
    print(summary, file=sys.stderr)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .exporters.gift import export_gift
    from .launch import resolve_packs
    from .packs.catalog import load_catalog
    from .players import GameError

    catalog = load_catalog()
    try:
        (pack,) = resolve_packs([args.pack], catalog)
    except GameError as error:
        print(f"civic-quiz export: {_printable(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    if args.output is not None:
        entry = catalog.by_id(args.pack)
        source = entry.path if entry is not None else Path(args.pack)
        if not _output_ok(args.output, args.force, source=source):
            return EXIT_USAGE
    text, skipped = export_gift(pack)
    for item in skipped:
        print(f"skipped question {_printable(f'{item.kind}: {item.reason}')}", file=sys.stderr)
    exported = len(pack.questions) - len(skipped)
    summary = f"Exported {exported} questions; skipped {len(skipped)}."
    return _emit(text, args.output, summary, force=args.force)


def _fix_quotes(paths: list[str]) -> int:
    from .packs.fixquotes import fix_quotes

    files, missing = _given_pack_files(paths)
    status = EXIT_USAGE if missing else EXIT_OK
    for file in files:
        report = fix_quotes(file)
        for line in report.lines():
            print(_printable(line))
        if report.refused or report.not_fixed:
            status = max(status, EXIT_PROBLEMS)
    return status
