"""Two students, each in their own browser, on one `civic-quiz serve`: neither sees the
other's name or game, and a student who comes back under her name is offered her own
unfinished game (issue 11)."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from game.store import GameRecord, ScoreStore
from tests.ui.helpers import pack_data, write_pack
from tests.web.served import (
    CHROMIUM,
    BrowserLog,
    TerminalText,
    chromium,
    open_games,
    served_game,
    student_page,
    type_name,
)

# Without Playwright (an optional test extra) these tests skip with a reason, rather than
# failing to be collected.
pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install playwright)")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]

LAN = "127.0.0.2"
"""Another loopback address, standing for the classroom machine's network address."""

# The files sort by name, and the home screen lists the CIVIC_QUIZ_PACKS ones last:
# End picks the long pack, one Up more each of the one-question packs.
ONE_QUESTION = {"Ada": "room-a", "Ben": "room-b"}
"""Each student finishes a one-question pack of their own: a finished game's results show
the pack's leaderboard, which names the classmates who finished it (as it should)."""
UPS = {"room-a": 2, "room-b": 1, "three-rounds": 0}
LONG = "three-rounds"
ANSWERED = {"Ada": 1, "Ben": 2}
"""How many questions of the long pack each student answers before leaving it unfinished:
the offer to resume says "1 of 3 answered" or "2 of 3 answered", so it tells whose it is."""
EXPLANATION = "The summit was in Brussels."


def _question(number: int) -> dict[str, Any]:
    return {
        "id": f"summit-{number}",
        "type": "choice",
        "prompt": f"Which city hosted summit number {number}?",
        "choices": [{"text": "Brussels", "correct": True}, "Paris", "Rome"],
        "explanation": EXPLANATION,
    }


def _write_packs(folder: Path) -> Path:
    write_pack(folder, pack_data("room-a", [_question(1)], title="Summit, first room"))
    write_pack(folder, pack_data("room-b", [_question(1)], title="Summit, second room"))
    questions = [_question(n) for n in (1, 2, 3)]
    write_pack(folder, pack_data(LONG, questions, title="Summit in three rounds"))
    return folder


def _start(page: Any, screen: TerminalText, pack_id: str) -> None:
    since = screen.mark()
    page.keyboard.press("End")
    for _ in range(UPS[pack_id]):
        page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    screen.wait_for("Question 1 of", "Which city hosted", "Brussels", since=since)


def _answer(page: Any, screen: TerminalText, *, then_next: bool) -> None:
    """Answer the question shown with its first choice (the choices are shuffled: right or
    wrong); Enter then goes on."""
    since = screen.mark()
    page.keyboard.press("1")
    screen.wait_for(EXPLANATION, since=since)
    if then_next:
        page.keyboard.press("Enter")


def _games(db_path: Path, done: Any, timeout: float = 10.0) -> list[GameRecord]:
    """The stored games, once `done(games)` holds."""
    deadline = time.monotonic() + timeout
    while True:
        with ScoreStore(db_path) as store:
            games = store.games()
        if done(games):
            return games
        assert time.monotonic() < deadline, f"the games stored are not there yet: {games}"
        time.sleep(0.1)


def _names_in(text: str) -> set[str]:
    return {name for name in ("Ada", "Ben", "Cleo") if re.search(rf"\b{name}\b", text)}


def test_two_students_never_see_each_others_name_or_game(tmp_path: Path) -> None:
    packs = _write_packs(tmp_path / "packs")
    db_path = tmp_path / "scores.sqlite3"
    with (
        served_game(tmp_path, db_path, packs=packs, listen="0.0.0.0", browse=LAN) as url,
        chromium() as browser,
    ):
        # Four students, each in a browser context of their own; all open the game now.
        pages = [student_page(browser) for _ in range(4)]
        (ada, ada_screen, _), (ben, ben_screen, _) = pages[0], pages[1]
        (again, again_screen, _), (cleo, cleo_screen, _) = pages[2], pages[3]
        open_games([(page, screen) for page, screen, _ in pages], url)
        for _page, screen, _ in pages:
            assert _names_in(screen.text) == set(), "a tab opened with someone's name"

        type_name(ada, ada_screen, "Ada")
        type_name(ben, ben_screen, "Ben")

        # Ben answers two questions of the long pack and leaves it: his own game is offered.
        _start(ben, ben_screen, LONG)
        _answer(ben, ben_screen, then_next=True)
        _answer(ben, ben_screen, then_next=False)
        since = ben_screen.mark()
        ben.keyboard.press("Escape")
        ben_screen.wait_for("Leave this game?", since=since)
        ben.keyboard.press("y")
        ben_screen.wait_for("Unfinished game", "2 of 3 answered", since=since)

        # Ada plays her one-question pack to the end and goes home: Ben's game is not hers.
        _start(ada, ada_screen, ONE_QUESTION["Ada"])
        _answer(ada, ada_screen, then_next=True)
        since = ada_screen.mark()
        ada_screen.wait_for("Game over", since=since)
        ada.keyboard.press("Enter")
        ada_screen.wait_for("Packs", "Play", since=since)
        since = ada_screen.mark()
        ada.keyboard.press("h")  # her past games: a later point than the home screen's offer
        ada_screen.wait_for("Past games", "Summit, first room", since=since)
        ada.keyboard.press("Escape")

        # Ada answers one question of the long pack and closes her tab, mid-game.
        _start(ada, ada_screen, LONG)
        _answer(ada, ada_screen, then_next=False)
        _games(db_path, lambda games: any(g.player == "Ada" and g.answered for g in games))
        ada.context.close()

        # Ben finishes his one-question pack: home offers his own game, not Ada's.
        _start(ben, ben_screen, ONE_QUESTION["Ben"])
        _answer(ben, ben_screen, then_next=True)
        since = ben_screen.mark()
        ben_screen.wait_for("Game over", since=since)
        ben.keyboard.press("Enter")
        ben_screen.wait_for("Unfinished game", "2 of 3 answered", since=since)

        # A third tab where "Ada" is typed is offered Ada's unfinished game...
        since = again_screen.mark()
        type_name(again, again_screen, "Ada")
        again_screen.wait_for("Unfinished game", "1 of 3 answered", since=since)

        # ...and a fourth where "Cleo" is typed is offered nothing.
        since = cleo_screen.mark()
        type_name(cleo, cleo_screen, "Cleo")
        cleo.keyboard.press("h")
        cleo_screen.wait_for("Past games", "No games yet", since=since)

        texts = [screen.text for _, screen, _ in pages]
        logs: list[BrowserLog] = [log for _, _, log in pages]
        sockets = [list(screen.sockets) for _, screen, _ in pages]

    ada_text, ben_text, again_text, cleo_text = texts
    assert _names_in(ada_text) == {"Ada"}
    assert _names_in(ben_text) == {"Ben"}
    assert _names_in(again_text) == {"Ada"}
    assert _names_in(cleo_text) == {"Cleo"}
    assert "Unfinished game" not in ada_text
    assert "1 of 3 answered" not in ben_text
    assert "2 of 3 answered" not in again_text
    assert "Unfinished game" not in cleo_text

    assert all(log.requested for log in logs), "a page's requests missed the test's router"
    assert [log.refused for log in logs] == [[], [], [], []], "a page asked off this machine"
    assert all(len(s) == 1 and s[0].startswith(f"ws://{LAN}:") for s in sockets), sockets

    games = _games(db_path, lambda games: len(games) == 4)
    played = sorted((g.player, g.pack_id, g.status, g.answered) for g in games)
    assert played == [
        ("Ada", "room-a", "finished", 1),
        ("Ada", LONG, "active", 1),
        ("Ben", "room-b", "finished", 1),
        ("Ben", LONG, "active", 2),
    ]
