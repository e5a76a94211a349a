"""Benchmark: a live class game under load, on SQLite and on PostgreSQL.

One host (this process, driving `LiveHost` as a screen would: it waits on a `Watcher` and
reads `state()` after each change, revealing when everyone has answered) and a class of
students: `--students` light ones (threads in `--procs` worker processes, each student a
`LiveStudent` of its own; the threads of a process share its store and one `Watcher`, as a
process holds one connection) plus `--real` real `civic-quiz join --plain` processes, fed
their answers on stdin. They play `--questions` questions of a generated pack (no timer:
the host moves on once all have answered); each student thinks 0.2 to 1.5 s before
answering, picking an option at random.

Reported for each backend:

- answers lost: answers a student was told were saved, less those stored in the students'
  games at the end (must be 0);
- question seen: from the host's "next" (the commit that opens the question) to each
  student having the question (a light student's `view()` showing it; a real process's
  "Question N" line read from its stdout), p50, p95 and max;
- answer counted: from a student's answer committed (a real process: the line sent) to the
  host's `state()` counting it, p50, p95 and max;
- CPU per student: the worker processes' CPU time over their students, and each real
  process's own (from `wait4`), per question; and the host's process.

Every time is this machine's wall clock (`time.time`), one clock for every process. The
baseline of the same run is the light class on its own: `--real 0` is measured first.

Measured on 2 cores shared with other work (load 5 to 20), 10 questions, 0 answers lost
everywhere; p95 of question seen / answer counted, baseline (200 light) -> with 30 real:
SQLite 320/111 ms -> 250/216 ms; PostgreSQL 287/84 ms -> 473/209 ms. CPU per student and
question: light 8-12 ms; a real `join --plain` process 58 ms (SQLite) to 95 ms (PostgreSQL),
start-up included. Host process: 1.4 s (SQLite), 3.3 s (PostgreSQL) for the whole game.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.live.host import LiveHost  # noqa: E402
from game.live.model import LiveError, LiveOptions  # noqa: E402
from game.live.student import LiveStudent  # noqa: E402
from game.live.watch import Watcher  # noqa: E402
from game.packs.loader import check_pack_text  # noqa: E402
from game.store import ScoreStore  # noqa: E402


def pack_text(questions: int) -> str:
    """A pack of `questions` choice questions, answered by number."""
    lines = [
        "format: civic-quiz/1",
        "id: bench-live",
        "title: Live benchmark",
        "source:",
        "  publisher: DW",
        '  title: "NATO: US, Europe need each other"',
        "  published: 2016-11-13",
        "questions:",
    ]
    for n in range(questions):
        lines += [
            f"  - id: q{n}",
            "    type: choice",
            f"    prompt: Which is number {n}?",
            f"    choices: [Number {n}, Other {n}, Else {n}, None {n}]",
            f"    answer: Number {n}",
        ]
    return "\n".join(lines) + "\n"


# -- the light students: threads in worker processes ---------------------------------------


def _worker(db: str, code: str, names: list[str], text: str, out: mp.Queue) -> None:
    """Students `names`, one thread each, on one store and one watcher; puts their seen and
    answered times and the CPU time of this process on `out` at the end."""
    pack = check_pack_text(text, display="bench-live.yaml").pack
    assert pack is not None
    store = ScoreStore(db)
    generation = [0]
    changed = threading.Condition()
    done = threading.Event()

    def watch() -> None:
        watcher = Watcher(store, code, "stage")
        while not done.is_set():
            if watcher.wait(1.0):
                with changed:
                    generation[0] += 1
                    changed.notify_all()
        watcher.close()

    seen: dict[str, dict[int, float]] = {n: {} for n in names}
    answered: dict[str, dict[int, float]] = {n: {} for n in names}
    saved = [0]
    errors: list[str] = []
    lock = threading.Lock()

    def student(name: str) -> None:
        rng = random.Random(name)
        try:
            me = LiveStudent.join(store, code, name, [pack])
        except LiveError as error:
            errors.append(f"{name}: {error}")
            return
        last = -1
        mine = 0
        while True:
            view = me.view()
            state = view.state
            if state.phase in ("podium", "ended"):
                break
            if state.phase == "question" and state.index != last and view.playing:
                seen[name][state.index] = time.time()
                last = state.index
                time.sleep(rng.uniform(0.2, 1.5))
                options = state.presented.options if state.presented else ()
                try:
                    me.answer(rng.choice(options))
                    answered[name][state.index] = time.time()
                    with lock:
                        saved[0] += 1
                except LiveError as error:
                    errors.append(f"{name}: {error}")
                continue
            with changed:
                if generation[0] == mine:
                    changed.wait(2.0)
                mine = generation[0]
        me.leave()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    threads = [threading.Thread(target=student, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out.put(
        {
            "seen": seen,
            "answered": answered,
            "saved": saved[0],
            "errors": errors,
            "cpu": usage.ru_utime + usage.ru_stime,
            "students": len(names),
        }
    )


# -- the real students: `civic-quiz join --plain` processes --------------------------------


@dataclass
class Real:
    """One real student process and what the benchmark saw of it."""

    name: str
    process: subprocess.Popen[str]
    seen: dict[int, float] = field(default_factory=dict)
    answered: dict[int, float] = field(default_factory=dict)
    saved: int = 0
    cpu: float = 0.0
    status: int | None = None


def _drive(real: Real) -> None:
    """Read a real student's lines; answer each question (after thinking) by a number."""
    rng = random.Random(real.name)
    assert real.process.stdout is not None and real.process.stdin is not None
    question = -1
    for line in real.process.stdout:
        found = re.match(r"Question (\d+) of", line)
        if found:
            question = int(found.group(1)) - 1
            real.seen[question] = time.time()
        elif line.startswith("Answer with a number from 1 to"):
            time.sleep(rng.uniform(0.2, 1.5))
            real.answered[question] = time.time()
            try:
                real.process.stdin.write(f"{rng.randint(1, 4)}\n")
                real.process.stdin.flush()
            except OSError:
                return
        elif line.startswith("Saved."):
            real.saved += 1


def _reap(real: Real) -> None:
    """Wait for the process with `wait4`, which gives its own CPU time."""
    _pid, status, usage = os.wait4(real.process.pid, 0)
    real.process.returncode = os.waitstatus_to_exitcode(status)
    real.status = real.process.returncode
    real.cpu = usage.ru_utime + usage.ru_stime


# -- one game --------------------------------------------------------------------------------


def percentiles(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (
        f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms,"
        f" max {ordered[-1] * 1000:.0f} ms"
    )


def play(db: str, students: int, procs: int, reals: int, questions: int) -> dict[str, object]:
    """One class game; its figures."""
    text = pack_text(questions)
    pack = check_pack_text(text, display="bench-live.yaml").pack
    assert pack is not None
    folder = Path(tempfile.mkdtemp(prefix="bench-live-packs-"))
    (folder / "bench-live.yaml").write_text(text)
    store = ScoreStore(db)
    host = LiveHost.create(store, pack, LiveOptions(questions=questions, seed=1, time_limit=None))
    code = host.code
    cpu_start = time.process_time()

    context = mp.get_context("spawn")
    out: mp.Queue = context.Queue()
    names = [f"Light{n:03d}" for n in range(students)]
    groups = [names[i::procs] for i in range(procs)] if students else []
    workers = [
        context.Process(target=_worker, args=(db, code, group, text, out))
        for group in groups
        if group
    ]
    for w in workers:
        w.start()
    env = {**os.environ, "CIVIC_QUIZ_DB": db, "CIVIC_QUIZ_PACKS": str(folder)}
    real_students: list[Real] = []
    for n in range(reals):
        name = f"Real{n:02d}"
        process = subprocess.Popen(
            [sys.executable, "-m", "game", "join", code, "--player", name, "--plain"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
            cwd=ROOT,
        )
        real_students.append(Real(name, process))
    readers = [threading.Thread(target=_drive, args=(r,), daemon=True) for r in real_students]
    for t in readers:
        t.start()

    # The lobby: wait until everyone has joined.
    expected = students + reals
    watcher = Watcher(store, code)
    joined_by = time.time() + 300
    while len(host.state().players) < expected:
        if time.time() > joined_by:
            raise SystemExit(f"only {len(host.state().players)} of {expected} joined")
        watcher.wait(1.0)

    opened: dict[int, float] = {}
    counted: dict[tuple[str, int], float] = {}
    host.start()
    opened[0] = time.time()
    while True:
        watcher.wait(1.0)
        state = host.state()
        now = time.time()
        if state.phase in ("question", "reveal"):
            for p in state.players:
                if p.answered and (p.name, state.index) not in counted:
                    counted[(p.name, state.index)] = now
        if state.phase == "reveal":
            host.next()
            after = host.state()
            if after.phase == "question":
                opened[after.index] = time.time()
            else:
                break
        elif state.phase in ("podium", "ended"):
            break
    host_cpu = time.process_time() - cpu_start
    game_time = time.time() - opened[0]
    host.end()

    results = [out.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    for r in real_students:
        _reap(r)
    watcher.close()

    seen_delays: list[float] = []
    counted_delays: list[float] = []
    saved = 0
    errors: list[str] = []
    light_cpu = 0.0
    for result in results:
        saved += int(result["saved"])  # type: ignore[call-overload]
        errors += result["errors"]  # type: ignore[operator]
        light_cpu += float(result["cpu"])  # type: ignore[arg-type]
        for _name, times in result["seen"].items():  # type: ignore[attr-defined]
            for index, at in times.items():
                seen_delays.append(at - opened[int(index)])
        for name, times in result["answered"].items():  # type: ignore[attr-defined]
            for index, at in times.items():
                if (name, int(index)) in counted:
                    counted_delays.append(max(counted[(name, int(index))] - at, 0.0))
    for r in real_students:
        saved += r.saved
        for index, at in r.seen.items():
            seen_delays.append(at - opened[index])
        for index, at in r.answered.items():
            if (r.name, index) in counted:
                counted_delays.append(max(counted[(r.name, index)] - at, 0.0))

    stored = 0
    check = ScoreStore(db)
    for game in check.games():
        stored += sum(1 for a in check.answers(game.id) if a.answer_json != "null")
    check.close()
    store.close()
    return {
        "students": expected,
        "questions": questions,
        "game_s": game_time,
        "saved": saved,
        "stored": stored,
        "lost": saved - stored,
        "errors": errors[:5],
        "seen": percentiles(seen_delays),
        "counted": percentiles(counted_delays),
        "light_cpu_per_student_q": light_cpu / max(students, 1) / questions,
        "real_cpu_per_student_q": (
            statistics.mean(r.cpu for r in real_students) / questions if real_students else None
        ),
        "host_cpu_s": host_cpu,
        "real_exit": sorted({r.status for r in real_students}),
    }


@contextmanager
def database(backend: str) -> Iterator[str]:
    """A new score database of `backend`; PostgreSQL: the tests' throwaway server, allowed
    enough connections for a class (three a process: the store, its claims, its watcher)."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-live-") as folder:
            yield str(Path(folder) / "scores.sqlite3")
        return
    import psycopg

    from tests import pgserver
    from tests.live.helpers import restart_postgres

    why = pgserver.missing()
    if why:
        raise SystemExit(f"cannot run the PostgreSQL benchmark: {why}")
    with pgserver.running() as server:
        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("ALTER SYSTEM SET max_connections = 400")
        restart_postgres(server)
        yield server.database()


def report(backend: str, label: str, figures: dict[str, object]) -> str:
    lines = [
        f"{backend}, {label}: {figures['students']} students, {figures['questions']} questions,"
        f" game {figures['game_s']:.1f} s",
        f"  answers saved {figures['saved']}, stored {figures['stored']}, lost {figures['lost']}",
        f"  question seen after next: {figures['seen']}",
        f"  answer counted by the host: {figures['counted']}",
        f"  CPU per light student per question: {figures['light_cpu_per_student_q'] * 1000:.1f} ms",
    ]
    if figures["real_cpu_per_student_q"] is not None:
        lines.append(
            "  CPU per real join --plain process per question (start-up included):"
            f" {figures['real_cpu_per_student_q'] * 1000:.0f} ms; exit statuses"
            f" {figures['real_exit']}"
        )
    lines.append(f"  host process CPU: {figures['host_cpu_s']:.1f} s")
    if figures["errors"]:
        lines.append(f"  errors: {figures['errors']}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--students", type=int, default=200, help="light students (200)")
    parser.add_argument("--procs", type=int, default=4, help="their worker processes (4)")
    parser.add_argument("--real", type=int, default=30, help="real join --plain processes (30)")
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="the figures as JSON too")
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    for backend in backends:
        runs = [("baseline, light only", args.students, 0)]
        if args.real:
            runs.append(("light and real", args.students, args.real))
        for label, light, real in runs:
            with database(backend) as db:
                figures = play(db, light, args.procs, real, args.questions)
            print(report(backend, label, figures), flush=True)
            if args.json:
                print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
