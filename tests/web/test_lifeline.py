"""A served lesson survives the teacher's window (issue 21): however `civic-quiz serve` ends
(its terminal closed, SIGHUP; `kill -9`), every tab's game ends with it within seconds, and
a student's unfinished game is free to resume in another window."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from game.store import ScoreStore
from tests.conftest import civic_quiz_process
from tests.ui.helpers import pack_data, write_pack
from tests.web.served import (
    CHROMIUM,
    browser_page,
    open_game,
    served_server,
    type_name,
)
from tests.web.test_guard import game_pids

pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install playwright)")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]

GONE_WITHIN = 10.0
"""Seconds every game may take to end once its server is gone."""

EXPLANATION = "The summit was in Brussels."


def _questions() -> list[dict[str, object]]:
    return [
        {
            "id": f"summit-{number}",
            "type": "truefalse",
            "prompt": f"Summit number {number} was held in Paris.",
            "answer": False,
            "explanation": EXPLANATION,
        }
        for number in (1, 2, 3)
    ]


def _answered(db_path: Path, timeout: float = 10.0) -> int:
    """How many questions Ada's game has stored, once it has at least one."""
    deadline = time.monotonic() + timeout
    while True:
        with ScoreStore(db_path) as store:
            answered = sum(g.answered for g in store.games() if g.player == "Ada")
        if answered or time.monotonic() > deadline:
            return answered
        time.sleep(0.1)


def _wait_gone(pids: list[int], timeout: float = GONE_WITHIN) -> list[int]:
    """The processes of `pids` still alive after `timeout` seconds (none, as soon as none)."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [pid for pid in pids if Path(f"/proc/{pid}").exists() and not _zombie(pid)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGKILL], ids=["SIGHUP", "SIGKILL"])
def test_tabs_end_with_their_server_and_the_game_resumes(
    tmp_path: Path, sig: signal.Signals
) -> None:
    packs = tmp_path / "packs"
    write_pack(packs, pack_data("three-rounds", _questions(), title="Summit in three rounds"))
    db_path = tmp_path / "scores.sqlite3"
    with served_server(tmp_path, db_path, packs=packs) as served, browser_page() as page_log:
        page, screen, _log = page_log
        open_game(page, screen, served.url)
        type_name(page, screen, "Ada")
        since = screen.mark()
        page.keyboard.press("End")  # the test's pack is listed last
        page.keyboard.press("Enter")
        screen.wait_for("Question 1 of 3", since=since)
        since = screen.mark()
        page.keyboard.press("f")
        screen.wait_for(EXPLANATION, since=since)
        assert _answered(db_path) == 1
        games = game_pids(db_path)
        assert len(games) == 1, f"expected one game process, found {games}"

        os.kill(served.process.pid, sig)
        served.process.wait(timeout=GONE_WITHIN + 10)
        alive = _wait_gone(games)
        # Clean up before asserting: an orphan must not outlive the test.
        for pid in alive:
            os.kill(pid, signal.SIGKILL)
    assert alive == [], f"game processes {alive} outlived their server ({sig.name})"

    resumed = civic_quiz_process(
        "play", "--resume", "--player", "Ada", "--plain", db=db_path, packs=packs
    )
    try:
        out, err = resumed.communicate("f\nf\n", timeout=60)
    except subprocess.TimeoutExpired:
        resumed.kill()
        out, err = resumed.communicate()
    assert "being played in another window" not in err
    assert resumed.returncode == 0, err
    assert "3 of 3 correct" in out
