"""Benchmark: a class of served browser tabs in one live class game, on one machine.

`civic-quiz serve` runs on a loopback port; one headless Chromium (Debian's, driven by
Playwright) opens `--tabs` tabs, each in a context of its own, as a class of students would;
each types its own name, joins the host's game with `j` and answers every one of the
`--questions` choice questions. The host is `game.live`'s `LiveHost` in this process (no
screen), on the same SQLite database, without a timer: it moves on once every tab answered.

While the game runs, every second, the resident memory and CPU time of each tab's processes
(the game `serve` starts per tab: a subtree under the serve process), of the serve process
itself and of Chromium (every process under Playwright's driver; memory as PSS, since its
processes share most pages) are read from /proc.

Reported per run: per tab, memory (MB, mean and max over the samples) and CPU seconds per
question and per second of play (the questions only, start-up apart: a slower class makes
longer questions, and a tab costs CPU while it waits too); the serve process's and
Chromium's memory and CPU; and answers lost (answers a tab was told were saved, less those
stored in the tabs' games at the end: must be 0). The baseline of the same run is a class
of `--baseline` tabs (5), measured first; the ratio per tab is printed.

Run: `python benchmarks/bench_live_tabs.py [--tabs 30] [--baseline 5] [--questions 5]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.live.engine import HEARTBEAT  # noqa: E402
from game.live.host import LiveHost  # noqa: E402
from game.live.model import LiveOptions  # noqa: E402
from game.packs.loader import load_pack  # noqa: E402
from game.store import ScoreStore  # noqa: E402
from game.store import live as live_rows  # noqa: E402
from tests.web.served import (  # noqa: E402
    TerminalText,
    chromium,
    open_games,
    served_server,
    student_page,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024
WAIT = 120.0
"""Seconds a tab may take to show something: 30 games start at once on a small machine."""


def write_pack(folder: Path, questions: int) -> Path:
    """A pack of `questions` choice questions, the right answer always first in the file."""
    data = {
        "format": "civic-quiz/1",
        "id": "live-tabs",
        "title": "Live tabs",
        "source": {"publisher": "DW", "title": "NATO", "published": "2016-11-13"},
        "questions": [
            {
                "id": f"q{i}",
                "type": "choice",
                "prompt": f"Benchmark question number {i + 1}?",
                "choices": [{"text": "Brussels", "correct": True}, "Paris", "Rome"],
                "explanation": "The summit was in Brussels.",
            }
            for i in range(questions)
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "live-tabs.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


# -- /proc -------------------------------------------------------------------------------


def processes() -> dict[int, tuple[int, str, float, int]]:
    """Every process now: pid -> (parent, command name, CPU seconds, RSS bytes)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as file:
                stat = file.read()
        except OSError:  # ended meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
        found[int(entry)] = (int(fields[1]), name, cpu, int(fields[21]) * PAGE)
    return found


def subtree(table: dict[int, tuple[int, str, float, int]], root: int) -> list[int]:
    """`root` and every process under it."""
    children: dict[int, list[int]] = {}
    for pid, (parent, *_rest) in table.items():
        children.setdefault(parent, []).append(pid)
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            out.append(pid)
            todo.extend(children.get(pid, []))
    return out


def pss(pid: int) -> int:
    """A process's proportional set size in bytes: its shared pages split between their
    users, so that summing Chromium's many processes does not count its libraries N times.
    0 when it cannot be read (ended, or not ours)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as file:
            for line in file:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


@dataclass
class Sample:
    """One reading, (CPU seconds, bytes) each: each tab's subtree (keyed by its top
    process) and serve alone by RSS, Chromium's processes by PSS."""

    tabs: dict[int, tuple[float, int]]
    serve: tuple[float, int]
    chromium: tuple[float, int]


@dataclass
class Sampler:
    """Reads the processes every second in a thread until stopped."""

    serve_pid: int
    samples: list[Sample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def read(self) -> Sample:
        table = processes()
        tabs = {}
        for pid, (parent, *_rest) in table.items():
            if parent == self.serve_pid:
                tree = subtree(table, pid)
                tabs[pid] = (sum(table[p][2] for p in tree), sum(table[p][3] for p in tree))
        serve = table.get(self.serve_pid, (0, "", 0.0, 0))
        browser = [
            p
            for p in subtree(table, os.getpid())
            if "chrom" in table[p][1].lower() or "headless" in table[p][1].lower()
        ]
        return Sample(
            tabs,
            (serve[2], serve[3]),
            (sum(table[p][2] for p in browser), sum(pss(p) for p in browser)),
        )

    def run(self) -> None:
        while not self._stop.wait(1.0):
            self.samples.append(self.read())

    def __enter__(self) -> Sampler:
        self._thread = threading.Thread(target=self.run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


Tab = tuple["Page", TerminalText]


def step(tabs: list[Tab], act: Callable[[Page, int], None], needle: Callable[[int], str]) -> None:
    """Do `act` in every tab, then wait until each shows its `needle`: the class works in
    parallel, as students do, rather than one tab after another (30 tabs one by one took
    longer than the benchmark's patience on a busy machine)."""
    marks = []
    for number, (page, screen) in enumerate(tabs):
        marks.append(screen.mark())
        act(page, number)
    for number, ((_page, screen), mark) in enumerate(zip(tabs, marks, strict=True)):
        screen.wait_for(needle(number), since=mark, timeout=WAIT)


class HostPulse:
    """Says the host is alive every `HEARTBEAT` seconds, on a store of its own, as the host
    screen's timer does: this process's host is otherwise silent while the benchmark waits
    on the tabs, and after 12 s the students would be told their teacher is away."""

    def __init__(self, db_path: Path, code: str) -> None:
        self._db_path, self._code = db_path, code
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with ScoreStore(self._db_path) as store:
            while not self._stop.wait(HEARTBEAT):
                live_rows.write(store, lambda c: live_rows.host_seen(c, self._code))

    def start(self) -> HostPulse:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


# -- one class ---------------------------------------------------------------------------


def until(condition: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the class game never got there")
        time.sleep(0.1)


def run_class(tabs: int, questions: int) -> dict[str, float]:
    """One class of `tabs` served tabs playing `questions` questions; the figures."""
    with tempfile.TemporaryDirectory(prefix="bench-live-tabs-") as name:
        folder = Path(name)
        path = write_pack(folder / "packs", questions)
        db_path = folder / "scores.sqlite3"
        names = [f"Student{i + 1:02d}" for i in range(tabs)]
        saved = 0
        with (
            served_server(folder, db_path, packs=path.parent, timeout=60) as served,
            chromium() as browser,
        ):
            store = ScoreStore(db_path)
            host = LiveHost.create(store, load_pack(path), LiveOptions(seed=7, time_limit=None))
            pulse = HostPulse(db_path, host.code).start()
            pages = [student_page(browser) for _ in names]
            joined_at = time.monotonic()
            open_games([(page, screen) for page, screen, _ in pages], served.url, timeout=WAIT)
            students = [(page, screen) for page, screen, _ in pages]
            step(
                students, lambda page, n: page.keyboard.type(names[n], delay=20), names.__getitem__
            )
            step(students, lambda page, _n: page.keyboard.press("Enter"), lambda _n: "Play")
            for _page, screen in students:
                screen.wait_for(f"Class game {host.code}", timeout=WAIT)
            step(
                students, lambda page, _n: page.keyboard.press("j"), lambda _n: "Join a class game"
            )
            step(
                students,
                lambda page, _n: page.keyboard.press("Enter"),
                lambda n: f"You are in, {names[n]}!",
            )
            until(lambda: sum(p.connected for p in host.state().players) == tabs)
            join_s = time.monotonic() - joined_at

            sampler = Sampler(served.process.pid)
            with sampler:
                before = sampler.read()
                started = time.monotonic()
                for index in range(questions):
                    marks = [screen.mark() for _, screen, _ in pages]
                    if index == 0:
                        host.start()
                    else:
                        host.next()
                    presented = host.state().presented
                    assert presented is not None
                    key = str(presented.options.index("Brussels") + 1)
                    prompt = presented.question.prompt  # the seed orders the questions
                    for (_page, screen, _), mark in zip(pages, marks, strict=True):
                        screen.wait_for(prompt, since=mark, timeout=WAIT)
                    step(
                        students,
                        lambda page, _n, key=key: page.keyboard.press(key),
                        lambda _n: "Answer saved",
                    )
                    saved += len(students)
                    until(lambda: host.state().phase == "reveal")
                game_s = time.monotonic() - started
                after = sampler.read()
            host.next()  # the podium
            host.end()
            pulse.stop()
            refused = sum(len(log.refused) for _, _, log in pages)
            store.close()

        with ScoreStore(db_path) as check:
            stored = sum(
                1
                for game in check.games()
                if game.player in names
                for a in check.answers(game.id)
                if a.answer_json != "null"
            )

    samples = [before, *sampler.samples, after]
    tab_mb = [rss / MB for s in samples for _cpu, rss in s.tabs.values()]
    tab_max = max(rss for s in samples for _cpu, rss in s.tabs.values()) / MB
    tab_cpu = [after.tabs[pid][0] - before.tabs[pid][0] for pid in after.tabs if pid in before.tabs]
    return {
        "tabs": tabs,
        "tab_processes": len(after.tabs),
        "join_s": join_s,
        "game_s": game_s,
        "tab_mb_mean": statistics.mean(tab_mb),
        "tab_mb_max": tab_max,
        "tab_cpu_per_q": statistics.mean(tab_cpu) / questions if tab_cpu else 0.0,
        "tab_cpu_per_s": statistics.mean(tab_cpu) / game_s if tab_cpu else 0.0,
        "tab_cpu_total": after.tabs and sum(c for c, _ in after.tabs.values()) / len(after.tabs),
        "serve_mb": max(s.serve[1] for s in samples) / MB,
        "serve_cpu": after.serve[0] - before.serve[0],
        "chromium_mb": max(s.chromium[1] for s in samples) / MB,
        "chromium_cpu": after.chromium[0] - before.chromium[0],
        "saved": saved,
        "stored": stored,
        "lost": saved - stored,
        "refused": refused,
        "samples": len(samples),
    }


def report(figures: dict[str, float]) -> None:
    f = figures
    print(
        f"{f['tabs']} tabs ({f['tab_processes']} game processes): joined in {f['join_s']:.0f} s,"
        f" {f['game_s']:.0f} s of questions, {f['samples']} samples"
    )
    print(
        f"  per tab: {f['tab_mb_mean']:.0f} MB mean, {f['tab_mb_max']:.0f} MB max;"
        f" {f['tab_cpu_per_q'] * 1000:.0f} ms CPU per question,"
        f" {f['tab_cpu_per_s'] * 1000:.0f} ms a second of play"
        f" ({f['tab_cpu_total']:.1f} s since its start)"
    )
    print(
        f"  serve: {f['serve_mb']:.0f} MB, {f['serve_cpu']:.2f} s CPU during the questions;"
        f" Chromium: {f['chromium_mb']:.0f} MB, {f['chromium_cpu']:.1f} s CPU"
    )
    print(
        f"  answers saved {f['saved']}, stored {f['stored']}, lost {f['lost']};"
        f" requests off this machine {f['refused']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=30)
    parser.add_argument("--baseline", type=int, default=5)
    parser.add_argument("--questions", type=int, default=5)
    args = parser.parse_args()
    base = run_class(args.baseline, args.questions)
    report(base)
    full = run_class(args.tabs, args.questions)
    report(full)
    print(
        f"ratio per tab ({args.tabs} vs {args.baseline}): memory"
        f" {full['tab_mb_mean'] / base['tab_mb_mean']:.2f}x, CPU per question"
        f" {full['tab_cpu_per_q'] / max(base['tab_cpu_per_q'], 1e-9):.2f}x, CPU a second"
        f" {full['tab_cpu_per_s'] / max(base['tab_cpu_per_s'], 1e-9):.2f}x;"
        f" Chromium per tab {full['chromium_mb'] / full['tabs']:.0f} MB vs"
        f" {base['chromium_mb'] / base['tabs']:.0f} MB"
    )
    return 1 if base["lost"] or full["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
