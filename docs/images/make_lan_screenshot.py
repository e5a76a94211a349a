"""Take `served-lan.png`: the game served on all addresses, opened at another one (127.0.0.2).

Run from the repository root, with the test extras installed and Debian's Chromium:
`python docs/images/make_lan_screenshot.py`. It runs `civic-quiz serve --host 0.0.0.0` with a
throw-away database, opens it at http://127.0.0.2:PORT/ (a loopback address standing for the
classroom machine's network address), and saves the home screen (1000x650) next to this script.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from tests.web.served import browser_page, open_game, served_game  # noqa: E402

OUTPUT = HERE / "served-lan.png"


def main() -> int:
    """Serve on all addresses, open the page at 127.0.0.2, save the screenshot."""
    with tempfile.TemporaryDirectory(prefix="civic-quiz-shot-") as temp:
        folder = Path(temp)
        with (
            served_game(
                folder, folder / "scores.sqlite3", listen="0.0.0.0", browse="127.0.0.2"
            ) as url,
            browser_page() as (page, screen, log),
        ):
            open_game(page, screen, url)
            screen.wait_for("NATO")
            page.wait_for_timeout(500)  # let the terminal finish drawing
            page.screenshot(path=str(OUTPUT))
            print(f"page at {url}; its requests: {sorted(set(log.requested))}")
            print(f"WebSockets: {screen.sockets}; refused: {log.refused}")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
