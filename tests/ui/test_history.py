"""The history screen at 80x24 (issue 12, defect 5): a score is never cut, a long pack title is
ellipsized instead, and a line below the table says which games are shown and where more are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from game.store import ScoreStore
from game.ui.screens.history import HistoryScreen
from tests.games import Answer as Stored
from tests.games import play_game
from tests.ui.helpers import NOW, QUESTIONS, make_app, pack_data, screen_text, wait_for, write_pack

LONG_TITLE = "The NATO summit in Warsaw and what the United States and Europe agreed about it"
GAMES = 40
SCORE = "1678 / 3700"


def record_games(db: Path, count: int) -> None:
    """`count` finished games of Ada's on the long-titled pack, each scored 1678 of 3700,
    one a day before `NOW`, with 12 questions."""
    questions = [f"q{n}" for n in range(12)]
    with ScoreStore(db) as store:
        for day in range(count):
            when = NOW - dt.timedelta(days=day)
            answers = [
                Stored(
                    text="1",
                    answer_json="1",
                    points=1678 if position == 0 else 0,
                    correct=position < 5,
                    answered_at=when,
                )
                for position in range(len(questions))
            ]
            play_game(
                store,
                "Ada",
                pack_id="long-title",
                seed=day,
                question_ids=questions,
                max_score=3700,
                started_at=when,
                seconds=1.0,
                answers=answers,
                finished_at=when,
            )


def history_app(tmp_path: Path) -> Any:
    packs = tmp_path / "packs"
    write_pack(packs, pack_data("long-title", [QUESTIONS["choice"]], title=LONG_TITLE))
    record_games(tmp_path / "scores.sqlite3", GAMES)
    return make_app(tmp_path, packs=packs)


def position_line(app: Any) -> str:
    """The line below the table ("" until the screen is composed)."""
    found = app.screen.query("#history-position")
    return str(found.first().render()) if found else ""


async def test_the_score_is_never_cut_and_the_scrolling_is_shown(tmp_path: Path) -> None:
    app = history_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_history("Ada")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await wait_for(pilot, lambda: "Games 1" in position_line(app))
        rows = [line for line in screen_text(app).splitlines() if "classic" in line]
        assert len(rows) > 5
        assert all(SCORE in row and "5 of 12" in row and "finished" in row for row in rows)
        assert all(len(row) <= 80 for row in rows)
        # The title is cut, with an ellipsis, to the room the other columns leave.
        assert LONG_TITLE not in screen_text(app)
        assert all("\N{HORIZONTAL ELLIPSIS}" in row for row in rows)
        assert position_line(app) == f"Games 1\N{EN DASH}{len(rows)} of {GAMES}; more \u2193 below"
        table = app.screen.query_one(DataTable)
        assert table.max_scroll_x == 0  # nothing sideways at 80 columns

        await pilot.press("ctrl+end")
        await wait_for(pilot, lambda: "above" in position_line(app))
        first = GAMES - len(rows) + 1
        assert (
            position_line(app) == f"Games {first}\N{EN DASH}{GAMES} of {GAMES}; more \u2191 above"
        )


async def test_a_narrow_screen_keeps_the_score_and_scrolls_sideways(tmp_path: Path) -> None:
    app = history_app(tmp_path)
    async with app.run_test(size=(50, 24)) as pilot:
        app.action_history("Ada")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await wait_for(pilot, lambda: "Games 1" in position_line(app))
        table = app.screen.query_one(DataTable)
        assert table.max_scroll_x > 0
        assert "\u2192 right" in position_line(app)
        widths = {str(c.label): c.width for c in table.columns.values()}
        assert widths["Score"] == len(SCORE) and widths["Pack"] >= 8
        await pilot.press("ctrl+end")  # the last row: the columns stay where they were
        table.scroll_x = table.max_scroll_x
        await wait_for(pilot, lambda: "\u2190 left" in position_line(app))
        await wait_for(pilot, lambda: SCORE in screen_text(app))


async def test_a_few_games_need_no_scrolling(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    write_pack(packs, pack_data("long-title", [QUESTIONS["choice"]], title=LONG_TITLE))
    record_games(tmp_path / "scores.sqlite3", 3)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(150, 24)) as pilot:
        app.action_history("Ada")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await wait_for(pilot, lambda: position_line(app) != "")
        assert position_line(app) == "All 3 games shown"
        assert LONG_TITLE in screen_text(app)  # room enough: not cut


def test_snapshot_of_a_long_history_at_80x24(
    snap_compare: Callable[..., bool], tmp_path: Path
) -> None:
    """40 games of a long-titled pack: titles ellipsized, scores whole, the scrollbar and
    the line saying that more games are below."""
    app = history_app(tmp_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        app.action_history("Ada")
        await wait_for(pilot, lambda: "Games 1" in position_line(app))

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_enter_on_a_past_game_opens_its_review(tmp_path: Path, packs: Path) -> None:
    from game.ui.screens.past_game import PastGameScreen
    from tests.ui.helpers import start_game

    db = tmp_path / "scores.sqlite3"
    start_game(db, packs, "one-choice", "Ada", right=False)
    app = make_app(tmp_path, packs=packs, db_path=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        app.action_history("Ada")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
        # The games are read in a worker: Enter means a row once the table has one.
        await wait_for(pilot, lambda: any(t.row_count for t in app.screen.query(DataTable)))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PastGameScreen))
        await wait_for(pilot, lambda: bool(app.screen.query("#past-game-review")))
        text = screen_text(app)
        assert "Review: Only choice (classic)" in text
        assert "1. Where was the EU summit?" in text
        assert "\u2717 Wrong" in text
        assert "You answered: " in text and "The answer: Brussels" in text
        assert "Why: It was in Brussels." in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HistoryScreen))
