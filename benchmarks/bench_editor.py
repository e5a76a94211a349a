"""Benchmark: typing in the pack editor on a 500-question pack, key to field updated.

The editor runs headless (Pilot, 120x40) on a pack of 500 questions (benchmarks/make_pack.py)
with the cursor in the prompt of question 250. Each key is timed from the press until the
field shows it; after every fifth key the typist pauses for 0.25 s, long enough for the
editor to apply the edit and compute the question's problems in its worker, so the keys
that follow are typed while that work runs. The baseline, in the same run and with the same
rhythm, is a bare Textual app with one Input. Both report the median; then the time from a
key to its problems being shown.

    python benchmarks/bench_editor.py [--presses 100] [--questions 500]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input

from game.ui.editor.app import EditorApp
from game.ui.editor.screen import EditorScreen

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_pack import write_pack

SIZE = (120, 40)
PAUSE_EVERY = 5
PAUSE = 0.25


async def _until(pilot: Pilot[object], condition: Callable[[], bool]) -> None:
    while not condition():
        await pilot.pause(0)


async def _type(pilot: Pilot[object], field: Input, presses: int) -> list[float]:
    times: list[float] = []
    for number in range(presses):
        before = field.value
        start = time.perf_counter()
        await pilot.press("x")
        await _until(pilot, lambda before=before: field.value != before)
        times.append(time.perf_counter() - start)
        if number % PAUSE_EVERY == PAUSE_EVERY - 1:
            await pilot.pause(PAUSE)
    return times


async def time_editor(root: Path, presses: int, questions: int) -> tuple[list[float], float]:
    """Seconds from each key to the prompt field showing it; and from a last key to the
    question's problems shown."""
    path = write_pack(root, questions)
    app = EditorApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, EditorScreen))
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        # Typing starts once the editor is open: its pack-wide check of opening done.
        await _until(pilot, lambda: screen.checks > 0 and screen.pack_checks > 0)
        checks = screen.checks
        screen.query_one("#question-list").highlighted = questions // 2  # type: ignore[attr-defined]
        # The form is built anew for that question, then checked: wait for the check.
        await _until(pilot, lambda: screen.index == questions // 2 and screen.checks > checks)
        await pilot.pause(0.1)
        field = screen.query_one("#field-prompt", Input)
        field.focus()
        await pilot.press("end")
        times = await _type(pilot, field, presses)
        start = time.perf_counter()
        await pilot.press("y")
        await _until(
            pilot,
            lambda: (
                screen.settled
                and "y"
                in str(
                    screen.document.questions()[screen.index]["prompt"][-1:]  # type: ignore[union-attr]
                )
            ),
        )
        checked = time.perf_counter() - start
    return times, checked


class Bare(App[None]):
    """One Input."""

    def compose(self) -> ComposeResult:
        yield Input(id="field")


async def time_bare(presses: int) -> list[float]:
    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        field = app.query_one("#field", Input)
        field.focus()
        return await _type(pilot, field, presses)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=100)
    parser.add_argument("--questions", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        editor, checked = asyncio.run(time_editor(Path(tmp), args.presses, args.questions))
    bare = asyncio.run(time_bare(args.presses))
    editor_median, bare_median = statistics.median(editor), statistics.median(bare)
    print(f"bare Textual Input, key to field updated: median {bare_median * 1000:.2f} ms")
    print(
        f"editor, {args.questions} questions, key to field updated: median"
        f" {editor_median * 1000:.2f} ms (slowest {max(editor) * 1000:.1f} ms)"
    )
    print(f"ratio editor / bare: {editor_median / bare_median:.2f} (median of {args.presses})")
    print(f"editor, last key to the question's problems shown: {checked * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
