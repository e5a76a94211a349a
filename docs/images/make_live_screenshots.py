"""Take `live-host-lobby.svg` and `live-host-reveal.svg`: the live host's screen at 80x24,
saved with Textual's `save_screenshot`.

Run from the repository root: `python docs/images/make_live_screenshots.py`. It makes a
class game of the bundled NATO pack on a throw-away database, four students join (as
`civic-quiz join` would, without a window), and the host's screen is shown in a headless
app: the lobby with the join code, then the first question revealed once everyone answered.
The QR code and address are a made-up school address (the host shows them when
`civic-quiz serve` runs on its machine).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from game.live.host import LiveHost  # noqa: E402
from game.live.model import LiveOptions  # noqa: E402
from game.live.student import LiveStudent  # noqa: E402
from game.live.watch import Watcher  # noqa: E402
from game.packs.catalog import load_catalog  # noqa: E402
from game.store import ScoreStore  # noqa: E402
from game.ui.live.app import LiveApp  # noqa: E402
from game.ui.live.host_screen import HostScreen  # noqa: E402
from tests.sample_packs import right_answer, wrong_answer  # noqa: E402

SIZE = (80, 24)
URL = "http://192.168.1.20:8000/"
STUDENTS = ("Alex", "Bea", "Chen", "Dana")
RIGHT = {"Alex", "Chen", "Dana"}


async def shoot(folder: Path) -> None:
    db = folder / "scores.sqlite3"
    catalog = load_catalog()
    entry = next(e for e in catalog.entries if e.ok and e.pack_id)
    pack = catalog.load_pack(entry)
    store = ScoreStore(db)
    host = LiveHost.create(store, pack, LiveOptions(questions=5, seed=3, time_limit=30))
    students = [LiveStudent.join(ScoreStore(db), host.code, n, [pack]) for n in STUDENTS]
    app = LiveApp(HostScreen(host, lambda: Watcher(store, host.code), url=URL))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(1.0)
        app.save_screenshot("live-host-lobby.svg", path=str(HERE))
        await pilot.press("enter")
        await pilot.pause(1.0)
        presented = host.state().presented
        for student in students:
            answer = right_answer if student.name in RIGHT else wrong_answer
            student.answer(answer(presented))
        for _ in range(50):  # everyone answered: the host reveals
            await pilot.pause(0.1)
            if app.screen.latest is not None and app.screen.latest.phase == "reveal":
                break
        await pilot.pause(0.5)
        app.save_screenshot("live-host-reveal.svg", path=str(HERE))
    for student in students:
        student.leave()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="civic-quiz-live-shot-") as temp:
        asyncio.run(shoot(Path(temp)))
    print(f"wrote {HERE / 'live-host-lobby.svg'} and {HERE / 'live-host-reveal.svg'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
