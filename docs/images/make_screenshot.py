"""Take `served-game.png`: the bundled NATO pack's quiz screen, as a browser shows it.

Run from the repository root, with the test extras installed and Debian's Chromium
(`apt-get install chromium`): `python docs/images/make_screenshot.py`. It serves the game
on a free loopback port with a throw-away database, plays as "Alex" up to a choice question,
and saves the page (1000x650) next to this script.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from tests.web.served import browser_page, open_game, served_game, type_name  # noqa: E402

OUTPUT = HERE / "served-game.png"
PLAYER = "Alex"
CHOICE = "Press the number of your answer"
"""The instructions under a choice question (the game's `INSTRUCTIONS["choice"]`)."""
TRIES = 12
"""Games started, at most, to get a choice question first (the order is random)."""


def main() -> int:
    """Serve the game, play up to a choice question, save the screenshot."""
    with tempfile.TemporaryDirectory(prefix="civic-quiz-shot-") as temp:
        folder = Path(temp)
        with (
            served_game(folder, folder / "scores.sqlite3") as url,
            browser_page() as (page, screen, log),
        ):
            open_game(page, screen, url)
            screen.wait_for("NATO")
            type_name(page, screen, PLAYER)  # a served tab opens on its empty name field
            for _ in range(TRIES):
                since = screen.mark()
                page.keyboard.press("Enter")  # the bundled pack: the first one
                screen.wait_for("Question 1 of", since=since)
                if CHOICE in screen.text[since:]:
                    break
                since = screen.mark()
                page.keyboard.press("Escape")  # leave this game (y confirms)
                screen.wait_for("Keep playing", since=since)
                page.keyboard.press("y")
                screen.wait_for("Packs", since=since)
            page.wait_for_timeout(500)  # let the terminal finish drawing
            page.screenshot(path=str(OUTPUT))
            if log.refused:
                print(f"refused: {log.refused}", file=sys.stderr)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
