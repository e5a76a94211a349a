"""Two packs with one id in a served lesson (issue 22, item 7): the student's page lists the
pack once, with the warning the command line prints (`validate`, `packs`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.ui.helpers import QUESTIONS, pack_data, write_pack
from tests.web.served import CHROMIUM, browser_page, open_game, served_game

pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install playwright)")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]

TITLE = "Riverton's bridge vote (2025)"

CONTROL = re.compile(r"\x1b(?:\[([0-9;?]*)([A-Za-z@])|\][^\x07\x1b]*(?:\x07|\x1b\\)|.)")
"""An escape sequence: CSI (its parameters and final letter), OSC, or any other."""


def screen_lines(raw: str, width: int = 300, height: int = 120) -> list[str]:
    """The terminal's screen after `raw` (the game's output): characters put where the
    cursor moves (`ESC[row;colH`), `ESC[2J` clearing it; styles ignored. xterm.js draws on
    a canvas, so the page has no text to read: this replays what it was sent."""
    grid = [[" "] * width for _ in range(height)]
    row = col = 0
    position = 0
    for match in CONTROL.finditer(raw + "\x1b[0m"):
        for char in raw[position : match.start()]:
            if char == "\r":
                col = 0
            elif char == "\n":
                row = min(row + 1, height - 1)
            elif char.isprintable() and col < width:
                grid[row][col] = char
                col += max(1, cell_len(char))
        position = match.end()
        params, final = match.group(1), match.group(2)
        if final == "H":
            numbers = [int(n) if n else 1 for n in (params or "").split(";")] + [1, 1]
            row, col = min(numbers[0], height) - 1, numbers[1] - 1
        elif final == "J" and params == "2":
            grid = [[" "] * width for _ in range(height)]
    return ["".join(line).rstrip() for line in grid]


def test_a_served_lesson_lists_a_duplicated_pack_once_with_the_warning(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    data = pack_data("riverton", [QUESTIONS["choice"]], title=TITLE)
    write_pack(folder / "a", data)
    write_pack(folder / "b", data)  # a copy in another folder: the same id
    options = ("--pack", "riverton")
    with (
        served_game(tmp_path, tmp_path / "scores.sqlite3", packs=folder, options=options) as url,
        browser_page({"width": 1200, "height": 800}) as (page, terminal, _log),
    ):
        open_game(page, terminal, url)
        # Words, not phrases: the stream moves the cursor between the wrapped lines.
        terminal.wait_for("bridge", "warning:", "riverton.yaml;")
        page.wait_for_timeout(500)  # the last frame
        screen = " ".join(" ".join(screen_lines(terminal.raw)).split())
        assert screen.count("Player (n):") == 1, screen  # one screen, replayed
        assert screen.count(TITLE) == 1, screen
        assert "pack id 'riverton' is also used by" in screen
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert "pack id 'riverton' is also used by" in " ".join(log.split())
