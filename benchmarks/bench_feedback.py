"""Benchmark: from the key press that answers a question to the feedback being shown.

The game runs headless (Pilot, 80x24) on a pack of choice questions; each of 50 questions is
answered with the key `1` and timed until the feedback of that answer is on screen and the
screen has processed its events (the answer is committed to SQLite on the way, as in a real
game). The quiz screen keeps its feedback panel from one question to the next (hidden while
a question is asked), so "on screen" is: the panel holds the outcome of the question just
answered and is placed on the screen (in the last screen update), not merely mounted. The
baseline, in the same run, is a bare Textual app whose key `1` updates one line of text.
Both report the median of the 50 presses.

    python benchmarks/bench_feedback.py [--presses 50]
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
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from game.play.launch import GameRequest
from game.play.session import PlayedQuestion
from game.ui.factory import make_app
from game.ui.screens.quiz import QuizScreen
from game.ui.widgets.feedback import FeedbackPanel

SIZE = (80, 24)


def write_choice_pack(folder: Path, questions: int) -> None:
    """A pack of `questions` choice questions, the first option right in each."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "format: civic-quiz/1",
        "id: bench-choice",
        "title: Benchmark choices",
        "source: {title: Generated, published: 2016-11-13}",
        "questions:",
    ]
    for number in range(questions):
        lines += [
            f"  - id: q{number}",
            "    type: choice",
            f"    prompt: Which option is right in question {number}?",
            "    choices:",
            "      - {text: The first, correct: true}",
            "      - The second",
            "      - The third",
            "    explanation: The first option is always right here.",
        ]
    (folder / "bench-choice.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


async def _until(pilot: Pilot[object], condition: Callable[[], bool]) -> None:
    while not condition():
        await pilot.pause(0)


def feedback_shown(screen: QuizScreen, asked: PlayedQuestion) -> bool:
    """Whether the feedback of the answer to `asked` is on the screen."""
    panels = screen.query(FeedbackPanel)
    if not panels:
        return False
    panel = panels.first()
    return bool(panel.outcomes) and panel.outcomes[-1].played is asked and panel.is_on_screen


async def time_game(root: Path, presses: int) -> list[float]:
    """Seconds from each answer key to its feedback, in a game of `presses` questions."""
    write_choice_pack(root / "packs", presses)
    request = GameRequest(
        packs=("bench-choice",), players=("Bench",), mode="classic", questions=presses, seed=1
    )
    app = make_app(db_path=root / "scores.sqlite3", pack_folders=[root / "packs"], request=request)
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, QuizScreen))
        for _ in range(presses):
            screen = app.screen
            assert isinstance(screen, QuizScreen)
            await _until(pilot, lambda screen=screen: screen.showing == "question")
            asked = screen.session.current
            start = time.perf_counter()
            await pilot.press("1")
            await _until(pilot, lambda screen=screen, asked=asked: feedback_shown(screen, asked))
            times.append(time.perf_counter() - start)
            await pilot.press("enter")
    return times


class Bare(App[None]):
    """One line of text that the key `1` changes."""

    BINDINGS: ClassVar = [("1", "answer", "Answer")]

    def compose(self) -> ComposeResult:
        yield Static("waiting", id="line")

    def action_answer(self) -> None:
        self.query_one("#line", Static).update(f"answered at {time.perf_counter()}")


async def time_bare(presses: int) -> list[float]:
    """Seconds from the key `1` to the bare app's line being updated."""
    app = Bare()
    times: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        line = app.query_one("#line", Static)
        for _ in range(presses):
            before = str(line.content)
            start = time.perf_counter()
            await pilot.press("1")
            await _until(pilot, lambda before=before: str(line.content) != before)
            times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        game = asyncio.run(time_game(Path(tmp), args.presses))
    bare = asyncio.run(time_bare(args.presses))
    game_median, bare_median = statistics.median(game), statistics.median(bare)
    print(f"bare Textual app, key to updated line: median {bare_median * 1000:.1f} ms")
    print(f"civic-quiz, answer key to feedback:    median {game_median * 1000:.1f} ms")
    print(f"ratio feedback / bare: {game_median / bare_median:.2f} (median of {args.presses})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
