"""End to end: `civic-quiz serve`, played in headless Chromium, stores the answer given."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from game.store import AnswerRecord, GameFilter, GameRecord, ScoreStore
from tests.ui.helpers import pack_data, write_pack
from tests.web.served import CHROMIUM, browser_page, open_game, served_game, type_name

# Without Playwright (an optional test extra) these tests skip with a reason, rather than
# failing to be collected.
pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install playwright)")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]

LAN = "127.0.0.2"
"""Another loopback address: what a student's browser types is not what the server names."""

PACK_ID = "browser-check"
PROMPT = "Which city hosted the summit?"
CHOICES = ("Brussels", "Paris", "Rome")
EXPLANATION = "The summit was in Brussels."


def _write_pack(folder: Path) -> Path:
    question = {
        "id": "summit",
        "type": "choice",
        "prompt": PROMPT,
        "choices": [{"text": CHOICES[0], "correct": True}, *CHOICES[1:]],
        "explanation": EXPLANATION,
    }
    write_pack(folder, pack_data(PACK_ID, [question], title="Browser check"))
    return folder


def _stored_answer(db_path: Path, timeout: float = 10.0) -> tuple[GameRecord, AnswerRecord]:
    """The game played on the test pack and its first answer, once the game has stored it."""
    deadline = time.monotonic() + timeout
    with ScoreStore(db_path) as store:
        while True:
            games = store.games(GameFilter(pack_id=PACK_ID))
            answers = store.answers(games[0].id) if games else []
            if answers:
                return games[0], answers[0]
            assert time.monotonic() < deadline, f"no answer stored in {timeout:.0f} s: {games}"
            time.sleep(0.1)


def test_a_browser_plays_the_served_game_and_the_answer_is_stored(tmp_path: Path) -> None:
    packs = _write_pack(tmp_path / "packs")
    db_path = tmp_path / "scores.sqlite3"
    with served_game(tmp_path, db_path, packs=packs) as url, browser_page() as (page, screen, log):
        open_game(page, screen, url)
        screen.wait_for("Browser check")
        type_name(page, screen, "Ada")

        # The bundled packs come first and the CIVIC_QUIZ_PACKS ones last: End, then play.
        since = screen.mark()
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        screen.wait_for(PROMPT, *CHOICES, since=since)

        since = screen.mark()
        page.keyboard.press("1")
        screen.wait_for(EXPLANATION, since=since)

        game, answer = _stored_answer(db_path)
        assert log.requested, "the page's requests did not go through the test's router"
        assert log.refused == [], "the page asked for something off this machine"
        assert all(s.startswith(url.replace("http:", "ws:")) for s in screen.sockets)

    assert (game.player, game.pack_id, game.mode) == ("Ada", PACK_ID, "classic")
    assert (answer.position, answer.question_id) == (0, "summit")
    assert answer.answer_text in CHOICES


def test_a_browser_on_another_address_of_a_server_listening_on_all_of_them(
    tmp_path: Path,
) -> None:
    """`serve --host 0.0.0.0`: the page's URLs follow the address the browser typed."""
    packs = _write_pack(tmp_path / "packs")
    db_path = tmp_path / "scores.sqlite3"
    with (
        served_game(tmp_path, db_path, packs=packs, listen="0.0.0.0", browse=LAN) as url,
        browser_page() as (page, screen, log),
    ):
        open_game(page, screen, url)
        html = page.content()
        type_name(page, screen, "Ben")
        since = screen.mark()
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        screen.wait_for(PROMPT, *CHOICES, since=since)
        since = screen.mark()
        page.keyboard.press("1")
        screen.wait_for(EXPLANATION, since=since)
        game, answer = _stored_answer(db_path)
        requested, refused, sockets = list(log.requested), list(log.refused), list(screen.sockets)
    served_at = urlsplit(url).netloc
    assert served_at.startswith(f"{LAN}:")
    assert requested and sockets
    assert refused == []
    assert [u for u in requested + sockets if urlsplit(u).netloc != served_at] == []
    assert "0.0.0.0" not in html
    assert (game.player, game.pack_id, answer.question_id) == ("Ben", PACK_ID, "summit")
    assert answer.answer_text in CHOICES
    printed = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert "http://0.0.0.0" not in printed
    assert "scan this QR code" in printed
