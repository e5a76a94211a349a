"""The Teacher screen's item table takes the width there is: the NATO pack's question ids
and the class's wrong answers whole at 120x40, the important columns first at 80x24, and
more of the table's rows in view than the summary's lines."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from textual.pilot import Pilot

from game.packs.catalog import load_catalog
from game.store import ScoreStore
from game.ui.widgets.item_table import COLUMNS, ItemTable
from tests.games import Answer as Stored
from tests.games import play_game
from tests.ui.helpers import NOW, make_app, screen_text
from tests.ui.test_teacher import open_teacher

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
PACK = "nato-us-europe-2016"
PLAYERS = ("Ada", "Bo", "Cy", "Dee", "Eli")
COLUMN = {key: index for index, (key, _heading) in enumerate(COLUMNS)}

Snap = Callable[..., bool]


def nato_packs(tmp_path: Path) -> Path:
    """A copy of the shipped packs (the NATO pack and its source)."""
    return Path(shutil.copytree(QUESTIONS, tmp_path / "packs"))


def wrong_answer(question: Any) -> str:
    """A wrong answer a student gives: another of the question's choices when it is
    short, else a name from the article."""
    choices = [getattr(c, "text", c) for c in getattr(question, "choices", None) or []]
    answer = getattr(question, "answer", None)
    short = [c for c in choices if isinstance(c, str) and c != answer and len(c) <= 32]
    return short[0] if short else "Jens Stoltenberg"


def record_nato_class(db_path: Path, packs: Path) -> list[tuple[str, str]]:
    """Five finished games of the NATO pack, each player wrong on a different share of the
    questions; returns each question's id and the wrong answer given."""
    catalog = load_catalog([packs])
    entry = catalog.by_id(PACK)
    assert entry is not None
    pack = catalog.load_pack(entry)
    questions = [(q.id, wrong_answer(q)) for q in pack.questions]
    with ScoreStore(db_path) as store:
        for index, player in enumerate(PLAYERS):
            started = NOW + dt.timedelta(minutes=10 * index)
            answers = []
            for position, (_question, wrong) in enumerate(questions):
                right = position % len(PLAYERS) <= index  # Ada 1 in 5 ... Eli all
                text = "right" if right else wrong
                answers.append(Stored(1.0 if right else 0.0, text, seconds=3.0 + position % 5))
            play_game(
                store,
                player,
                pack_id=PACK,
                pack_hash="sha256:test",
                scoring="accuracy",
                seed=7,
                question_ids=[q for q, _ in questions],
                started_at=started,
                points_each=10,
                answers=answers,
                answer_every=dt.timedelta(seconds=10),
                finished_at=started + dt.timedelta(minutes=5),
            )
    return questions


async def show_nato(pilot: Pilot[Any]) -> ItemTable:
    screen = await open_teacher(pilot, PACK)
    await pilot.pause()
    return screen.query_one(ItemTable)


def cells(table: ItemTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def rendered_width(table: ItemTable) -> int:
    """The width of all the columns with their padding, as drawn."""
    return sum(column.get_render_width(table) for column in table.columns.values())


async def test_at_120x40_ids_and_wrong_answers_are_whole_and_the_width_used(
    tmp_path: Path,
) -> None:
    packs = nato_packs(tmp_path)
    wrong = dict(record_nato_class(tmp_path / "scores.sqlite3", packs))
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await show_nato(pilot)
        rows = cells(table)
        assert len(rows) == len(wrong)
        for row in rows:
            assert row[COLUMN["question"]] in wrong  # the whole id, never cut
            answer = row[COLUMN["wrong"]]
            assert "\N{HORIZONTAL ELLIPSIS}" not in answer
            # Or a dash: everybody got the question right.
            assert answer == "\N{EN DASH}" or answer.startswith(f"{wrong[row[0]]} (")
        # The columns fill the table (no empty band on the right), and nothing scrolls.
        inside = table.scrollable_content_region.width
        assert inside - 2 <= rendered_width(table) <= inside
        assert table.max_scroll_x == 0
        text = screen_text(app)
        assert "before-eu-summit-evidence" in text and "agencies-evidence" in text
        assert "Jens Stoltenberg (" in text


async def test_at_80x24_more_rows_and_the_important_columns_in_view(tmp_path: Path) -> None:
    packs = nato_packs(tmp_path)
    record_nato_class(tmp_path / "scores.sqlite3", packs)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await show_nato(pilot)
        screen = app.screen
        # The heading and at least eight questions (three before).
        assert table.region.height - 1 - table.scrollbar_size_horizontal >= 8
        assert table.region.bottom <= screen.query_one("#teacher-detail").region.y
        # Question, attempts, facility, discrimination and flags in view without scrolling.
        first = list(table.columns.values())[: COLUMN["flags"] + 1]
        assert sum(column.get_render_width(table) for column in first) <= table.region.width
        assert table.columns[table.ordered_columns[0].key].width >= 16
        # The rest fits or scrolls horizontally.
        overflow = rendered_width(table) - table.scrollable_content_region.width
        assert table.max_scroll_x == max(0, overflow)
        # The overview is short: the players, the average and the scores in words.
        text = screen_text(app)
        assert "Players 5" in text and "Average score" in text
        assert "Games by score:" in text


def nato_snapshot(snap_compare: Snap, tmp_path: Path, size: tuple[int, int]) -> bool:
    packs = nato_packs(tmp_path)
    record_nato_class(tmp_path / "scores.sqlite3", packs)
    app = make_app(tmp_path, packs=packs)

    async def run_before(pilot: Pilot[Any]) -> None:
        await show_nato(pilot)

    return bool(snap_compare(app, terminal_size=size, run_before=run_before))


def test_snapshot_80x24(snap_compare: Snap, tmp_path: Path) -> None:
    assert nato_snapshot(snap_compare, tmp_path, (80, 24))


def test_snapshot_120x40(snap_compare: Snap, tmp_path: Path) -> None:
    assert nato_snapshot(snap_compare, tmp_path, (120, 40))


def test_column_widths_give_the_text_columns_what_is_left() -> None:
    from game.ui.widgets.item_table import column_widths

    natural = {"question": 25, "attempts": 8, "facility": 8, "discrimination": 8,
               "flags": 10, "wrong": 30, "seconds": 5}  # fmt: skip
    wide = column_widths(natural, 118)
    assert wide["question"] == 25 and wide["wrong"] == 118 - 14 - 25 - 8 * 3 - 10 - 5
    narrow = column_widths(natural, 78)
    assert narrow["question"] >= 16 and narrow["wrong"] >= 12
    assert {k: narrow[k] for k in ("attempts", "facility", "discrimination", "flags")} == {
        "attempts": 8,
        "facility": 8,
        "discrimination": 8,
        "flags": 10,
    }
    assert cell_len("x") == 1
