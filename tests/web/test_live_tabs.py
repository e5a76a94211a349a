"""Two students in served browser tabs join one live class game: each tab's home screen
offers the waiting game, `j` and Enter join it, each answers on their own screen, and both
see the outcome once everyone answered; their answers are stored as their own games."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game.live.host import LiveHost
from game.live.model import LiveOptions
from game.packs.loader import load_pack
from game.store import ScoreStore
from tests.ui.helpers import pack_data, write_pack
from tests.web.served import CHROMIUM, chromium, open_games, served_game, student_page, type_name

pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install playwright)")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]

PROMPT = "Which city hosted the summit?"


def _pack(folder: Path) -> Path:
    question = {
        "id": "summit",
        "type": "choice",
        "prompt": PROMPT,
        "choices": [{"text": "Brussels", "correct": True}, "Paris", "Rome"],
        "explanation": "The summit was in Brussels.",
    }
    return write_pack(folder, pack_data("live-room", [question], title="Summit live"))


def _until(condition: object, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the class game never got there"
        time.sleep(0.1)


def test_two_served_tabs_join_one_host_and_answer(tmp_path: Path) -> None:
    path = _pack(tmp_path / "packs")
    db_path = tmp_path / "scores.sqlite3"
    with served_game(tmp_path, db_path, packs=path.parent) as url, chromium() as browser:
        store = ScoreStore(db_path)
        host = LiveHost.create(store, load_pack(path), LiveOptions(seed=7, time_limit=None))
        tabs = {name: student_page(browser) for name in ("Ada", "Ben")}
        open_games([(page, screen) for page, screen, _ in tabs.values()], url)
        for name, (page, screen, _) in tabs.items():
            type_name(page, screen, name)
            screen.wait_for(f"Class game {host.code}", "press j to join")
            since = screen.mark()
            page.keyboard.press("j")
            screen.wait_for("Join a class game", since=since)
            since = screen.mark()
            page.keyboard.press("Enter")  # the code and the name are filled in
            screen.wait_for(f"You are in, {name}!", since=since)
        _until(lambda: sum(p.connected for p in host.state().players) == 2)

        marks = {name: screen.mark() for name, (_, screen, _) in tabs.items()}
        host.start()
        presented = host.state().presented
        assert presented is not None
        keys = {
            "Ada": str(presented.options.index("Brussels") + 1),
            "Ben": str(presented.options.index("Rome") + 1),
        }
        for name, (page, screen, _) in tabs.items():
            screen.wait_for(PROMPT, since=marks[name])
            since = screen.mark()
            page.keyboard.press(keys[name])
            screen.wait_for("Answer saved", since=since)
        # Everyone answered: the host reveals when it next reads the game.
        _until(lambda: host.state().phase == "reveal")
        tabs["Ada"][1].wait_for("Right!", "+100 points", since=marks["Ada"])
        tabs["Ben"][1].wait_for("Not right.", "The answer:", since=marks["Ben"])
        assert [(s.name, s.points) for s in host.state().top] == [("Ada", 100), ("Ben", 0)]
        host.next()  # the last question: the podium
        for name, (_, screen, _) in tabs.items():
            screen.wait_for("The podium!", since=marks[name])
        refused = [log.refused for _, _, log in tabs.values()]
        store.close()

    assert refused == [[], []], "a page asked off this machine"
    with ScoreStore(db_path) as store:
        games = {g.player: g for g in store.games()}
    assert {name: (g.mode, g.score) for name, g in games.items()} == {
        "Ada": ("live", 100),
        "Ben": ("live", 0),
    }
