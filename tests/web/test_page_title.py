"""The served page has a title (issue 22, item 14): a tab a student opens says civic-quiz,
not the page's address."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.served import CHROMIUM, browser_page, served_game

pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install playwright)")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def test_the_served_page_has_a_title(tmp_path: Path) -> None:
    with (
        served_game(tmp_path, tmp_path / "scores.sqlite3") as url,
        browser_page() as (
            page,
            _screen,
            _log,
        ),
    ):
        page.goto(f"{url}?delay=1")  # the page alone: no game is started for it
        assert page.title() == "civic-quiz"
