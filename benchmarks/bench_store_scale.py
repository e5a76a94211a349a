"""Benchmark: the score database at a school's scale (issue 14), as ratios to an empty one.

Builds score databases of 1,000, 10,000 and 100,000 finished games of the NATO pack
(`nato-us-europe-2016`, an answer to each of its questions a game: 24 since issue 13 reworked
the pack, 37 before, as in the databases of the README's figures) played by 2,000 players, and
reports for each size, as a ratio to the same command on an empty database measured in the
same run (the median of `--runs` runs, the sizes interleaved so that a slow spell of the
machine falls on all of them alike):

- store open: `ScoreStore(path)` then `close()`, in this process;
- `civic-quiz scores` (the newest 50 games): a whole process, wall time and peak memory (RSS,
  from /usr/bin/time);
- `civic-quiz scores --all --format csv` (every game), `scores --answers --all --format
  csv` (every answer) and `scores --answers --since MONTH --all --format csv` (the answers
  of the database's last 30 days) to /dev/null: wall time and peak memory;
- `civic-quiz stats nato-us-europe-2016`: wall time and peak memory;
- app start to home: a whole process that starts the app headless on the database, waits
  for the home screen's pack list and exits;
- Teacher screen ready: the same, then the Teacher screen on the NATO pack until its
  analysis is shown; the process also reports the longest the event loop went without
  running a step meanwhile ("longest UI stall"): a loop that answers keys while the
  analysis loads keeps it small at every size.

A command that runs longer than `--timeout` seconds is stopped and reported as "> N s"; it
is not run again at that size nor at a larger one (it would only take longer).

How the databases are built: 1,000 games are played into the store through its own API
(`start_game`, `record_answer` and `finish_game`, one committed transaction per answer, as
a game does), with realistic answers: each question has its difficulty and each player an
ability, credit is mostly 1 or 0 with some partial credit, hints are rare, the seconds
vary per answer, points follow `score_answer` with the streak bonus, 200 games a school day.
Recording 3.7 million answers that way, one commit each, would take a quarter of an hour
or more (about 9 s per 1,000 games here, more on a slower disk), so the larger sizes are
grown from those 1,000 games by copying their rows with SQL in one transaction: each copy
shifts the game ids (and group ids), moves the games to other players (all 2,000 exist)
and a week later (five school days and the weekend). The databases are kept between runs
in `benchmarks/out/scale/` (git-ignored), named with the schema version, and rebuilt when
the schema changes; delete the folder to build them again.

Backends: `--backend sqlite` (the default) or `--backend postgresql`. A backend gives the
`--db` value (a file path, or a URL) of the database of a size; the commands and the app
only see that value. For PostgreSQL the run starts a throwaway PostgreSQL 15 server (the
tests' own, `tests/pgserver.py`, on a Unix socket), copies each cached SQLite database into
it with `db copy`'s code and analyses it; its store open is timed the same way.

A second shape, `--shape students`, times `civic-quiz stats nato-us-europe-2016` alone on a
class where every student played the pack once: 12 students, and 24,576 (590,000 answers),
reported as a ratio to the 12 (issue 5: item analysis in SQL, target within 3x), in wall
time and in processor time (user and system, of the `civic-quiz` process only: on PostgreSQL
the server's work is not in it), which the machine's other jobs disturb less. Both are
cut from the 1,000 base games by SQL: the first 12 games, each moved to a player of its
own; and the 1,000 games copied 25 times (ids and days shifted as above), each copy's games
given players of their own, up to 24,576.

Not measured: a served browser tab.

    python benchmarks/bench_store_scale.py [--sizes 1000,10000,100000] [--runs 3]
        [--timeout 120] [--backend sqlite|postgresql] [--shape school|students]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.packs.catalog import load_catalog  # noqa: E402
from game.play.scoring import max_score, score_answer  # noqa: E402
from game.store import SCHEMA_VERSION, GameFilter, ScoreStore  # noqa: E402
from tests.games import Answer, play_game  # noqa: E402

PACK_ID = "nato-us-europe-2016"
PLAYERS = 2000
BASE_GAMES = 1000
GAMES_A_DAY = 200
START = dt.datetime(2025, 1, 6, tzinfo=dt.UTC)
"""The first school day of the base games (a Monday); copies follow, five days each."""
DAYS_PER_COPY = BASE_GAMES // GAMES_A_DAY
CACHE = ROOT / "benchmarks" / "out" / "scale"

COMMANDS: dict[str, list[str]] = {
    "scores": ["scores"],
    "scores --all --format csv": ["scores", "--all", "--format", "csv"],
    "scores --answers --all --format csv": ["scores", "--answers", "--all", "--format", "csv"],
    "scores --answers --since MONTH --all --format csv": [
        "scores",
        "--answers",
        "--since",
        "MONTH",
        "--all",
        "--format",
        "csv",
    ],
    f"stats {PACK_ID}": ["stats", PACK_ID],
}
"""The commands run as processes, and the arguments after `civic-quiz --db PATH`. MONTH
stands for the day 30 days before the database's newest game (its last month of answers)."""


def month_before_newest(db: str) -> str:
    """The day 30 days before the newest game of a database (of START in an empty one)."""
    with ScoreStore(db, read_only=True) as store:
        newest = store.games(GameFilter(limit=1))
    day = (newest[0].started_at if newest else START) - dt.timedelta(days=30)
    return day.date().isoformat()


OPEN = "store open (ScoreStore, close)"
APP_START = "app start to home"
TEACHER = "Teacher screen ready"
STALL = "... longest UI stall"

APP_PROBE = """
import json, sys, time
from game.ui.factory import make_app
from game.ui.widgets.pack_list import PackList

PACK, TEACHER, REPORT = sys.argv[1], sys.argv[2] == "teacher", sys.argv[3]

async def probe(pilot):
    app = pilot.app
    while not (app.screen.query(PackList) and app.screen.query(PackList).first().entries):
        await pilot.pause(0.005)
    report = {}
    if TEACHER:
        from game.ui.screens.teacher import TeacherScreen
        screen = TeacherScreen(PACK)
        await app.push_screen(screen)
        stall, last = 0.0, time.perf_counter()
        # Done when the analysis is shown (or, on the empty database, that there is none).
        while screen.pack_shown is None or screen.analysing is not None:
            await pilot.pause(0.005)
            now = time.perf_counter()
            stall, last = max(stall, now - last), now
        report["stall"] = stall
    with open(REPORT, "w") as file:
        json.dump(report, file)
    app.exit()

make_app().run(headless=True, auto_pilot=probe)
"""
"""A headless app (`--db` from CIVIC_QUIZ_DB) that waits for the home screen, then (with
`teacher`) opens the Teacher screen and waits for the analysis, and writes what it measured
as JSON to the file named last."""


# -- building ------------------------------------------------------------------------------


def player_name(number: int) -> str:
    """The name of player `number` (0-based)."""
    return f"Student {number + 1:04}"


def build_base(path: Path) -> None:
    """Play `BASE_GAMES` finished games into a new database through the store's API."""
    catalog = load_catalog()
    entry = catalog.by_id(PACK_ID)
    if entry is None:
        raise SystemExit(f"the bundled pack {PACK_ID} is missing")
    pack = catalog.load_pack(entry)
    questions = {q.id: q for q in pack.questions}
    points = {q.id: pack.points_for(q) for q in pack.questions}
    rng = random.Random(14)
    difficulty = {qid: rng.uniform(0.35, 0.95) for qid in questions}
    ability = [rng.uniform(-0.2, 0.2) for _ in range(PLAYERS)]
    modes = ["classic"] * 7 + ["exam"] * 2 + ["timed"]
    store = ScoreStore(path)
    try:
        for number in range(BASE_GAMES):
            day, slot = divmod(number, GAMES_A_DAY)
            # School days only: five days a week, from 08:00 over seven hours.
            started = START + dt.timedelta(days=day + 2 * (day // 5), hours=8)
            started += dt.timedelta(seconds=slot * 7 * 3600 / GAMES_A_DAY + rng.uniform(0, 60))
            player = rng.randrange(PLAYERS)
            order = list(questions)
            rng.shuffle(order)
            mode = rng.choice(modes)
            seed = rng.randrange(2**31)
            when = started
            streak = 0
            answers = []
            for qid in order:
                chance = min(0.98, max(0.05, difficulty[qid] + ability[player]))
                roll = rng.random()
                credit = 1.0 if roll < chance else (0.5 if roll < chance + 0.05 else 0.0)
                hint = rng.random() < 0.05
                seconds = round(min(60.0, rng.lognormvariate(2.2, 0.6)), 3)
                streak = streak + 1 if credit == 1.0 and not hint else 0
                text = "the right answer" if credit == 1.0 else f"wrong answer {rng.randrange(3)}"
                when += dt.timedelta(seconds=seconds + 1.5)
                points_won = score_answer(
                    points=points[qid], credit=credit, hint_used=hint, streak=streak
                )
                answers.append(
                    Answer(
                        credit,
                        text,
                        points=points_won,
                        seconds=seconds,
                        hint_used=hint,
                        answer_json=json.dumps({"answer": text}),
                        answered_at=when,
                    )
                )
            play_game(
                store,
                player_name(player),
                pack_id=PACK_ID,
                pack_hash=pack.content_hash(),
                mode=mode,
                seed=seed,
                question_ids=order,
                max_score=max_score([points[q] for q in order], "standard"),
                started_at=started,
                answers=answers,
                finished_at=when,
            )
    finally:
        store.close()
    # Every player exists, so that the copies can move games to any of them (ids 1..2000).
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executemany(
            "INSERT OR IGNORE INTO players (name) VALUES (?)",
            [(player_name(n),) for n in range(PLAYERS)],
        )
        if conn.execute("SELECT COUNT(*), MAX(id) FROM players").fetchone() != (PLAYERS, PLAYERS):
            raise SystemExit(f"expected players 1 to {PLAYERS}")


def _shifted(column: str, days: str) -> str:
    """SQL for a stored UTC time moved by `days` (an SQL expression) days, kept in the
    store's fixed-width form (microseconds and offset copied from the original)."""
    return (
        f"CASE WHEN {column} IS NULL THEN NULL ELSE"
        f" strftime('%Y-%m-%dT%H:%M:%S', {column}, '+' || ({days}) || ' days')"
        f" || substr({column}, 20) END"
    )


def grow(base: Path, path: Path, size: int) -> None:
    """A database of `size` games: the base's games, then copies of them (in one
    transaction) shifted in ids, players and dates."""
    copies = size // BASE_GAMES
    source = sqlite3.connect(base)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
    try:
        (shift,) = target.execute("SELECT MAX(id) FROM games").fetchone()
        target.execute("CREATE TEMP TABLE copies (c INTEGER PRIMARY KEY)")
        target.executemany("INSERT INTO copies VALUES (?)", [(c,) for c in range(1, copies)])
        days = f"c.c * {DAYS_PER_COPY} + 2 * c.c"  # five school days and a weekend per copy
        with target:
            target.execute(
                f"""INSERT INTO games (id, player_id, pack_id, pack_hash, mode, scoring, seed,
                        question_ids, started_at, finished_at, status, score, max_score,
                        correct, total, group_id, pending_position, pending_seconds, lesson)
                    SELECT g.id + c.c * {shift},
                        (g.player_id - 1 + c.c * 677) % {PLAYERS} + 1,
                        g.pack_id, g.pack_hash, g.mode, g.scoring, g.seed + c.c,
                        g.question_ids, {_shifted("g.started_at", days)},
                        {_shifted("g.finished_at", days)}, g.status, g.score, g.max_score,
                        g.correct, g.total, g.group_id + c.c * {shift}, g.pending_position,
                        g.pending_seconds, g.lesson
                    FROM games g, copies c WHERE g.id <= {shift}"""
            )
            target.execute(
                f"""INSERT INTO answers (game_id, position, question_id, answer_json,
                        answer_text, credit, points, seconds, hint_used, answered_at)
                    SELECT a.game_id + c.c * {shift}, a.position, a.question_id,
                        a.answer_json, a.answer_text, a.credit, a.points, a.seconds,
                        a.hint_used, {_shifted("a.answered_at", days)}
                    FROM answers a, copies c WHERE a.game_id <= {shift}"""
            )
    finally:
        target.close()


def database(size: int) -> Path:
    """The cached database of `size` games (0: empty), built if missing."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"nato-{size}-schema{SCHEMA_VERSION}.sqlite3"
    if path.exists():
        return path
    building = path.with_suffix(".building")
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    if size == 0:
        ScoreStore(building).close()
    elif size == BASE_GAMES:
        print(f"building {size:,} games with the store's API...", file=sys.stderr, flush=True)
        build_base(building)
    else:
        base = database(BASE_GAMES)
        print(f"growing to {size:,} games with SQL...", file=sys.stderr, flush=True)
        grow(base, building, size)
    # Renamed only when complete: an interrupted build is never taken for a database.
    building.rename(path)
    print(f"  {path.name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


STUDENTS = (12, 24_576)
"""The classes of `--shape students`: how many students, each with one game of the pack."""


def one_game_each(base: Path, path: Path, students: int) -> None:
    """A database where each of `students` players finished one game of the pack: the
    base's first `students` games, then copies of the base's games (ids and days shifted
    as in `grow`), each game given a player of its own (player id = game id)."""
    source = sqlite3.connect(base)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
    try:
        (shift,) = target.execute("SELECT MAX(id) FROM games").fetchone()
        copies = -(-students // shift)
        target.execute("CREATE TEMP TABLE copies (c INTEGER PRIMARY KEY)")
        target.executemany("INSERT INTO copies VALUES (?)", [(c,) for c in range(1, copies)])
        days = f"c.c * {DAYS_PER_COPY} + 2 * c.c"
        with target:
            target.executemany(
                "INSERT OR IGNORE INTO players (id, name) VALUES (?, ?)",
                [(n + 1, player_name(n)) for n in range(PLAYERS, students)],
            )
            target.execute(f"DELETE FROM answers WHERE game_id > {students}")
            target.execute(f"DELETE FROM games WHERE id > {students}")
            target.execute("UPDATE games SET player_id = id")
            target.execute(
                f"""INSERT INTO games (id, player_id, pack_id, pack_hash, mode, scoring, seed,
                        question_ids, started_at, finished_at, status, score, max_score,
                        correct, total, group_id, pending_position, pending_seconds, lesson)
                    SELECT g.id + c.c * {shift}, g.id + c.c * {shift},
                        g.pack_id, g.pack_hash, g.mode, g.scoring, g.seed + c.c,
                        g.question_ids, {_shifted("g.started_at", days)},
                        {_shifted("g.finished_at", days)}, g.status, g.score, g.max_score,
                        g.correct, g.total, g.group_id + c.c * {shift}, g.pending_position,
                        g.pending_seconds, g.lesson
                    FROM games g, copies c WHERE g.id + c.c * {shift} <= {students}"""
            )
            target.execute(
                f"""INSERT INTO answers (game_id, position, question_id, answer_json,
                        answer_text, credit, points, seconds, hint_used, answered_at)
                    SELECT a.game_id + c.c * {shift}, a.position, a.question_id,
                        a.answer_json, a.answer_text, a.credit, a.points, a.seconds,
                        a.hint_used, {_shifted("a.answered_at", days)}
                    FROM answers a, copies c
                    WHERE a.game_id <= {shift} AND a.game_id + c.c * {shift} <= {students}"""
            )
        games, players = target.execute(
            "SELECT COUNT(*), COUNT(DISTINCT player_id) FROM games"
        ).fetchone()
        if games != students or players != students:
            raise SystemExit(f"expected {students} games of as many players")
    finally:
        target.close()


def students_database(students: int) -> Path:
    """The cached database of a class of `students` who each played the pack once, built
    from the base games if missing."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"students-{students}-schema{SCHEMA_VERSION}.sqlite3"
    if path.exists():
        return path
    base = database(BASE_GAMES)
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    started = time.perf_counter()
    print(f"cutting a class of {students:,} students...", file=sys.stderr, flush=True)
    one_game_each(base, building, students)
    building.rename(path)
    print(f"  {path.name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


# -- measuring -----------------------------------------------------------------------------


@dataclass
class Result:
    """The runs of one command on one database."""

    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    """Processor seconds (user and system) of each run's process."""
    timed_out: bool = False
    memory: bool = True
    """Whether the peak memory is reported (not for what the process measures itself)."""


TIME = Path("/usr/bin/time")
"""GNU time, which reports the peak memory of the process it starts. Linux keeps a process's
peak across `exec`, so a child started straight from this process (or from a shell) would
report at least this process's own memory; `time` is small, and starts the command itself."""


def run_command(
    args: list[str], env: dict[str, str], timeout: float, *, python: bool = False
) -> tuple[float, int, float] | None:
    """Wall seconds, peak RSS (KiB; 0 without /usr/bin/time) and processor seconds (user
    and system, steadier than wall time on a loaded machine) of one `civic-quiz` process
    (with `python`, of `python ARGS`); None if it ran longer than `timeout` (it is then
    killed)."""
    command = [sys.executable, *(args if python else ["-m", "game", *args])]
    peak_file = CACHE / "peak.txt"
    peak_file.unlink(missing_ok=True)
    if TIME.exists():
        command = [str(TIME), "-f", "%M", "-o", str(peak_file), *command]
    with (CACHE / "stderr.txt").open("w+b") as errors:
        # The children's usage grows by this process's only child once it is waited for.
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            env=env,
            cwd=CACHE,  # no ./questions folder: the bundled packs only
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,  # its own process group, killed whole on a time-out
        )
        try:
            status = process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return None
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if status != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            raise SystemExit(f"civic-quiz {' '.join(args)} failed ({status}):\n{message}")
    peak = int(peak_file.read_text().split()[-1]) if peak_file.exists() else 0
    return wall, peak, cpu


def open_store(db: str) -> None:
    """Open the store read-write (as the game does) and close it. The value is passed as
    given: a path, or a postgresql:// URL (which Path() would turn into a file name)."""
    ScoreStore(db).close()


def time_open(db: str, opener: Callable[[str], None]) -> float:
    """Seconds to open the store read-write (as the game does) and close it."""
    start = time.perf_counter()
    opener(db)
    return time.perf_counter() - start


class Backend(NamedTuple):
    """How the benchmark reaches one backend's databases."""

    database: Callable[[int], str]
    """The `--db` value of the cached database of a size (0: empty), made if missing."""
    opener: Callable[[str], None]
    """Opens that database's store read-write and closes it."""
    load: Callable[[Path], str]
    """The `--db` value of a cached SQLite database (on PostgreSQL: copied in)."""


def sqlite_database(size: int) -> str:
    return str(database(size))


BACKENDS: dict[str, Backend] = {"sqlite": Backend(sqlite_database, open_store, str)}
"""The backends `--backend` chooses from; `postgresql` is made in `_on_postgresql`, around
a server that lives as long as the run."""


def run_app(
    db: str, teacher: bool, env: dict[str, str], timeout: float
) -> tuple[float, int, dict[str, float]] | None:
    """Wall seconds, peak RSS and the app's own report of one headless app process (see
    `APP_PROBE`); None if it ran longer than `timeout`."""
    report = CACHE / "app-report.json"
    report.unlink(missing_ok=True)
    args = ["-c", APP_PROBE, PACK_ID, "teacher" if teacher else "home", str(report)]
    outcome = run_command(args, {**env, "CIVIC_QUIZ_DB": db}, timeout, python=True)
    if outcome is None:
        return None
    return outcome[0], outcome[1], json.loads(report.read_text())


def measure(
    sizes: list[int], runs: int, timeout: float, backend: Backend
) -> dict[str, dict[int, Result]]:
    """Every measurement, by what and by size (0: the empty database)."""
    dbs = {size: backend.database(size) for size in [0, *sizes]}
    env = {k: v for k, v in os.environ.items() if k not in ("CIVIC_QUIZ_PACKS", "CIVIC_QUIZ_DB")}
    env["XDG_CACHE_HOME"] = str(CACHE / "xdg-cache")  # the pack cache, warm after run one
    env["XDG_DATA_HOME"] = str(CACHE / "xdg-data")
    env["XDG_CONFIG_HOME"] = str(CACHE / "xdg-config")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    whats = [OPEN, APP_START, *COMMANDS, TEACHER, STALL]
    results = {what: {size: Result() for size in dbs} for what in whats}
    for what in (OPEN, STALL):
        for result in results[what].values():
            result.memory = False
    months = {size: month_before_newest(db) for size, db in dbs.items()}

    def command(args: list[str], size: int) -> list[str]:
        return ["--db", dbs[size], *(months[size] if a == "MONTH" else a for a in args)]

    for args in COMMANDS.values():  # a first run fills the pack and bytecode caches
        run_command(command(args, 0), env, timeout)
    run_app(dbs[0], True, env, timeout)

    def skipped(what: str, size: int) -> bool:
        """A time-out at this size or a smaller one: not run again (it would only wait)."""
        smaller = [results[what][s].timed_out for s in dbs if 0 < s < size]
        result = results[what][size]
        result.timed_out = result.timed_out or any(smaller)
        return result.timed_out

    for number in range(runs):
        print(f"run {number + 1} of {runs}...", file=sys.stderr, flush=True)
        for size, db in dbs.items():
            results[OPEN][size].seconds.append(time_open(db, backend.opener))
        for what, args in COMMANDS.items():
            for size in dbs:
                if skipped(what, size):
                    continue
                outcome = run_command(command(args, size), env, timeout)
                if outcome is None:
                    results[what][size].timed_out = True
                    continue
                results[what][size].seconds.append(outcome[0])
                results[what][size].peak_kib.append(outcome[1])
        for what, teacher in ((APP_START, False), (TEACHER, True)):
            for size, db in dbs.items():
                if skipped(what, size):
                    continue
                app = run_app(db, teacher, env, timeout)
                if app is None:
                    results[what][size].timed_out = results[STALL][size].timed_out = True
                    continue
                results[what][size].seconds.append(app[0])
                results[what][size].peak_kib.append(app[1])
                if teacher:
                    results[STALL][size].seconds.append(app[2]["stall"])
    return results


def measure_students(runs: int, timeout: float, backend: Backend) -> dict[int, Result]:
    """`stats` on each class of `STUDENTS`, by its number of students (runs interleaved)."""
    dbs = {n: backend.load(students_database(n)) for n in STUDENTS}
    env = {k: v for k, v in os.environ.items() if k not in ("CIVIC_QUIZ_PACKS", "CIVIC_QUIZ_DB")}
    env["XDG_CACHE_HOME"] = str(CACHE / "xdg-cache")
    env["XDG_DATA_HOME"] = str(CACHE / "xdg-data")
    env["XDG_CONFIG_HOME"] = str(CACHE / "xdg-config")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    args = COMMANDS[f"stats {PACK_ID}"]
    run_command(["--db", dbs[STUDENTS[0]], *args], env, timeout)  # warms the caches
    results = {n: Result() for n in dbs}
    for number in range(runs):
        print(f"run {number + 1} of {runs}...", file=sys.stderr, flush=True)
        for n, db in dbs.items():
            if results[n].timed_out:
                continue
            outcome = run_command(["--db", db, *args], env, timeout)
            if outcome is None:
                results[n].timed_out = True
                continue
            results[n].seconds.append(outcome[0])
            results[n].peak_kib.append(outcome[1])
            results[n].cpu.append(outcome[2])
    return results


# -- reporting -----------------------------------------------------------------------------


def _time_text(seconds: float) -> str:
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"  # a store open: whole milliseconds would read 0
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def cells(result: Result, empty: Result, timeout: float) -> tuple[str, str]:
    """The time and memory cells of one result: value and ratio to the empty database."""
    if result.timed_out or not result.seconds:
        return f"> {timeout:g} s", "-"
    seconds = statistics.median(result.seconds)
    time_cell = _time_text(seconds)
    if result is not empty and empty.seconds:
        time_cell += f" ({seconds / statistics.median(empty.seconds):.1f}x)"
    if not result.memory or not any(result.peak_kib):
        return time_cell, "-"
    kib = statistics.median(result.peak_kib)
    memory_cell = f"{kib / 1024:.0f} MiB"
    if result is not empty and any(empty.peak_kib):
        memory_cell += f" ({kib / statistics.median(empty.peak_kib):.1f}x)"
    return time_cell, memory_cell


def report(results: dict[str, dict[int, Result]], runs: int, timeout: float) -> str:
    """A Markdown table: per command, time then peak memory, per size with its ratio."""
    sizes = list(next(iter(results.values())))
    names = ["empty DB" if s == 0 else f"{s:,} games" for s in sizes]
    lines = [
        f"median of {runs} runs; (ratio to the empty database in the same run)",
        "",
        "| what | " + " | ".join(names) + " |",
        "| --- |" + " --- |" * len(sizes),
    ]
    for what, by_size in results.items():
        empty = by_size[0]
        pairs = [cells(by_size[s], empty, timeout) for s in sizes]
        lines.append(f"| {what} | " + " | ".join(p[0] for p in pairs) + " |")
        if empty.memory:
            lines.append("| ... peak memory | " + " | ".join(p[1] for p in pairs) + " |")
    return "\n".join(lines)


def students_report(results: dict[int, Result], runs: int, timeout: float) -> str:
    """A Markdown table: `stats` time and peak memory per class, ratio to the smallest."""
    small = results[STUDENTS[0]]
    lines = [
        f"median of {runs} runs; (ratio to {STUDENTS[0]} students in the same run)",
        "",
        "| what | " + " | ".join(f"{n:,} students" for n in results) + " |",
        "| --- |" + " --- |" * len(results),
    ]
    pairs = [cells(result, small, timeout) for result in results.values()]
    lines.append(f"| `stats {PACK_ID}` | " + " | ".join(p[0] for p in pairs) + " |")
    lines.append("| ... peak memory | " + " | ".join(p[1] for p in pairs) + " |")
    if small.cpu:
        small_cpu = statistics.median(small.cpu)
        cpu_cells = [
            "-"
            if result.timed_out or not result.cpu
            else _time_text(statistics.median(result.cpu))
            + ("" if result is small else f" ({statistics.median(result.cpu) / small_cpu:.1f}x)")
            for result in results.values()
        ]
        lines.append("| ... processor time | " + " | ".join(cpu_cells) + " |")
    return "\n".join(lines)


def sizes_arg(text: str) -> list[int]:
    """`--sizes 1000,10000`: multiples of the base's 1,000 games."""
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError("sizes look like 1000,10000,100000") from None
    if not sizes or any(s < BASE_GAMES or s % BASE_GAMES for s in sizes):
        raise argparse.ArgumentTypeError(f"each size is a multiple of {BASE_GAMES:,}")
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=sizes_arg, default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds a command may run (default 120)"
    )
    parser.add_argument("--backend", choices=[*sorted(BACKENDS), "postgresql"], default="sqlite")
    parser.add_argument(
        "--shape",
        choices=("school", "students"),
        default="school",
        help="school: every measure at --sizes; students: `stats` on a class where each"
        f" student played once ({' and '.join(f'{n:,}' for n in STUDENTS)} students)",
    )
    args = parser.parse_args()
    if args.backend == "postgresql":
        return _on_postgresql(args)
    print(run_shape(args, BACKENDS[args.backend]))
    return 0


def run_shape(args: argparse.Namespace, backend: Backend) -> str:
    """The report of the shape `--shape` chooses, on one backend."""
    if args.shape == "students":
        text = students_report(
            measure_students(args.runs, args.timeout, backend), args.runs, args.timeout
        )
    else:
        text = report(
            measure(args.sizes, args.runs, args.timeout, backend), args.runs, args.timeout
        )
    return f"backend: {args.backend}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC\n{text}"


def _on_postgresql(args: argparse.Namespace) -> int:
    """The same measures on a throwaway PostgreSQL 15 server (the tests' own, on a Unix
    socket): each cached SQLite database of a size is copied in with `db copy`'s code
    (COPY: 100k games in about a minute) and analysed, then timed like the SQLite file."""
    import psycopg

    from game.store import resolve_db_path
    from game.store.copying import copy_database
    from tests import pgserver

    why = pgserver.missing()
    if why:
        raise SystemExit(f"cannot run the PostgreSQL benchmark: {why}")
    with pgserver.running() as server:
        loaded: dict[Path, str] = {}

        def pg_load(path: Path) -> str:
            if path not in loaded:
                url = server.database()
                copy_database(path, resolve_db_path(url))
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute("VACUUM ANALYZE")
                loaded[path] = url
            return loaded[path]

        backend = Backend(lambda size: pg_load(database(size)), open_store, pg_load)
        text = run_shape(args, backend)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
