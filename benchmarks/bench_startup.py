"""Benchmark: launch to a ready home screen, against a bare Textual app, in one run.

The game starts headless with the bundled packs plus 100 extra packs of 100 questions each
(CIVIC_QUIZ_PACKS), as a whole process, until its home screen lists the packs; the baseline is
a bare Textual app that exits as soon as it is ready. The first launch fills the pack cache;
the target (issue 3) is <= 1.3x on the second and later launches, median of 15. The game
is also timed with the bundled pack only, which shows what the 100 extra packs cost, and a
second baseline is a Textual app with the home screen's kinds of stock widgets (header,
input, text, option list, footer) and no data, which shows what Textual's widgets cost.

    python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_pack import write_pack

TARGET = 1.3

BARE = """
from textual.app import App
class Bare(App):
    def on_ready(self) -> None:
        self.exit()
Bare().run(headless=True)
"""

WIDGETS = """
from textual.app import App
from textual.widgets import Footer, Header, Input, OptionList, Static
class StockWidgets(App):
    def compose(self):
        yield Header()
        yield Input(placeholder="name")
        yield Static("Mode")
        yield OptionList("one pack")
        yield Footer()
    def on_ready(self) -> None:
        self.exit()
StockWidgets().run(headless=True)
"""

GAME = """
from game.ui.app import QuizApp
from game.ui.widgets.pack_list import PackList

async def until_home(pilot):
    app = pilot.app
    while True:
        lists = app.screen.query(PackList)
        if lists and lists.first().entries:
            break
        await pilot.pause(0.005)
    app.exit()

QuizApp().run(headless=True, auto_pilot=until_home)
"""


def _time(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for number in range(100):
            write_pack(root / "packs", 100, pack_id=f"extra-{number:03}")
        # pip compiles a package's modules to bytecode when it installs it; an editable
        # install where PYTHONDONTWRITEBYTECODE is set never gets them, and would compile
        # every module of the game again at each launch. Launches here may write them, as
        # an installed game has them.
        inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env = {
            **inherited,
            "CIVIC_QUIZ_PACKS": str(root / "packs"),
            "CIVIC_QUIZ_DB": str(root / "scores.sqlite3"),
            "XDG_CACHE_HOME": str(root / "cache"),
            "XDG_DATA_HOME": str(root / "data"),
            "XDG_CONFIG_HOME": str(root / "config"),
        }
        (root / "no-packs").mkdir()
        bundled_env = {**env, "CIVIC_QUIZ_PACKS": str(root / "no-packs")}
        first = _time(GAME, env)
        _time(GAME, bundled_env)
        bare_times, game_times, bundled_times, widget_times = [], [], [], []
        for _ in range(args.runs):
            bare_times.append(_time(BARE, env))
            widget_times.append(_time(WIDGETS, env))
            game_times.append(_time(GAME, env))
            bundled_times.append(_time(GAME, bundled_env))
    bare, game = statistics.median(bare_times), statistics.median(game_times)
    bundled = statistics.median(bundled_times)
    widgets = statistics.median(widget_times)
    print(f"first launch (fills the cache): {first:.3f} s")
    print(f"bare Textual app:                   median {bare:.3f} s")
    print(f"Textual app, stock widgets, no data: median {widgets:.3f} s")
    print(f"civic-quiz home, bundled pack only: median {bundled:.3f} s")
    print(f"civic-quiz home, + 100 packs:       median {game:.3f} s (second and later launches)")
    print(f"ratio home / bare: {game / bare:.2f} (target <= {TARGET})")
    print(f"ratio home with 100 packs / home with the bundled pack: {game / bundled:.2f}")
    print(
        f"ratio stock widgets / bare: {widgets / bare:.2f}; home / stock widgets: "
        f"{game / widgets:.2f}"
    )
    return 0 if game / bare <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
