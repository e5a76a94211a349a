"""The teacher's screen: the class overview, the score chart and the item analysis of a pack,
with the same numbers as `game.reports.stats`, pack text and answers shown literally."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from game.reports.stats import TOO_EASY, TOO_HARD, item_analysis
from game.store import ScoreStore, StoreError
from game.ui.screens.home import HomeScreen
from game.ui.screens.teacher import NO_GAMES, NO_STORE, TeacherScreen
from game.ui.widgets.class_table import COLUMNS as CLASS_COLUMNS
from game.ui.widgets.class_table import ClassTable
from game.ui.widgets.item_table import COLUMNS, FLAG_MARK, ItemTable
from game.ui.widgets.score_chart import ScoreChart, band_label, bar_length, chart_text
from tests.games import Answer as Stored
from tests.games import play_game
from tests.ui.helpers import MARKUP, NOW, make_app, notifications, screen_text, text_of, wait_for

PACK = "every-type"
QUESTION_IDS = ("choice", "multi", "truefalse", "numeric", "text", "order", "match")
"""The questions of the `every-type` test pack, in pack order."""

COLUMN = {key: index for index, (key, _heading) in enumerate(COLUMNS)}
"""Each column's position in a row, by key."""

Answer = tuple[str, float]
"""The answer text and its credit."""

# Credits of each player's first game (10 points a question, of 70):
#
#         choice multi truefalse numeric text order match   score
#   Ada     1     1       1        1      1    0     1      60 (86%)
#   Bo      0    0.5      1        0      1    0     1      35 (50%)
#   Cy      0     0       1        0      0    0     0      10 (14%)
#
# Facility: order 0% (too hard), choice and numeric 33%, multi 50%, match and text 67%,
# truefalse 100% (too easy). Both wrong answers to `choice` are markup.
FIRST_GAMES: dict[str, list[Answer]] = {
    "Ada": [("Brussels", 1), ("AP; Reuters", 1), ("False", 1), ("2", 1), ("NATO", 1),
            ("b a c", 0), ("as in the article", 1)],
    "Bo": [(MARKUP, 0), ("AP", 0.5), ("False", 1), ("99", 0), ("NATO", 1),
           ("b a c", 0), ("as in the article", 1)],
    "Cy": [(MARKUP, 0), ("AFP; TASS", 0), ("False", 1), ("5", 0), ("UN", 0),
           ("c b a", 0), ("all shifted", 0)],
}  # fmt: skip

HARDEST_FIRST = ["order", "choice", "numeric", "multi", "match", "text", "truefalse"]


def record_game(
    db_path: Path,
    player: str,
    start: int,
    answers: Sequence[Answer],
    questions: Sequence[str] = QUESTION_IDS,
) -> None:
    """A finished game of `PACK` started `start` minutes after `NOW` (10 points a question)."""
    started = NOW + dt.timedelta(minutes=start)
    given = [
        Stored(credit, text, seconds=2.0 + position)
        for position, (text, credit) in enumerate(answers)
    ]
    assert len(given) == len(questions)
    with ScoreStore(db_path) as store:
        play_game(
            store,
            player,
            pack_id=PACK,
            pack_hash="sha256:test",
            scoring="accuracy",
            seed=7,
            question_ids=questions,
            started_at=started,
            points_each=10,
            answers=given,
            answer_every=dt.timedelta(seconds=10),
            finished_at=started + dt.timedelta(minutes=2),
        )


def record_class(db_path: Path) -> None:
    """The three first games above, and Ada's second game (counted, not analysed)."""
    for index, (player, answers) in enumerate(FIRST_GAMES.items()):
        record_game(db_path, player, 10 * index, answers)
    record_game(db_path, "Ada", 60, [("Brussels", 1)] * len(QUESTION_IDS))


def is_teacher(app: Any) -> bool:
    return isinstance(app.screen, TeacherScreen)


async def open_teacher(pilot: Pilot[Any], pack_id: str | None = PACK) -> TeacherScreen:
    """Wait for the home screen, then show the teacher's screen on `pack_id`, once its
    analysis (read in a worker) is shown."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    await app.push_screen(TeacherScreen(pack_id))
    await wait_for(pilot, lambda: is_teacher(app))
    screen = app.screen
    assert isinstance(screen, TeacherScreen)
    await wait_for(pilot, lambda: screen.analysing is None)
    await pilot.pause()
    return screen


def words(text: str) -> str:
    """`text` with its lines joined and spaces collapsed (a message wrapped on screen)."""
    return " ".join(text.split())


def row_texts(table: ItemTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def percent(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.0f}%"


def whole(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:.0f}"


async def test_the_table_is_sorted_by_facility_with_the_numbers_of_game_stats(
    tmp_path: Path, packs: Path
) -> None:
    db_path = tmp_path / "scores.sqlite3"
    record_class(db_path)
    with ScoreStore(db_path) as store:
        stats = item_analysis(store, PACK, question_ids=QUESTION_IDS)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_teacher(pilot)
        table = screen.query_one(ItemTable)
        assert [item.question_id for item in table.items] == HARDEST_FIRST
        assert [str(table.coordinate_to_cell_key((i, 0))[0].value) for i in range(7)] == (
            HARDEST_FIRST
        )
        expected = {item.question_id: item for item in stats.items}
        for row in row_texts(table):
            item = expected[row[0]]
            assert row[1] == str(item.attempts) == "3"
            assert row[2] == percent(item.facility)
            assert row[3] == whole(item.discrimination)
            assert row[COLUMN["seconds"]] == f"{item.average_seconds:.1f}"
        rows = {row[0]: row for row in row_texts(table)}
        facilities = ["0%", "33%", "33%", "50%", "67%", "67%", "100%"]
        assert [rows[q][2] for q in HARDEST_FIRST] == facilities
        assert rows["order"][COLUMN["wrong"]] == "b a c (2)"
        assert rows["truefalse"][COLUMN["wrong"]] == "\u2013"  # nobody got it wrong
        assert rows["numeric"][COLUMN["wrong"]] == "5 (1)"  # a tie: the alphabetically first
        # The overview: three players, four games (each player's first analysed).
        summary = text_of(screen.query_one("#teacher-summary"))
        assert "Players 3  Finished games 4" in summary
        assert "First graded game each; left out: 1 later\n" in summary
        assert "Average score 35 of 70 points (50%)" in summary
        assert "Sorted by facility, hardest first" in summary


async def test_flags_are_words_and_the_detail_line_shows_the_prompt(
    tmp_path: Path, packs: Path
) -> None:
    record_class(tmp_path / "scores.sqlite3")
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_teacher(pilot)
        rows = {row[0]: row for row in row_texts(screen.query_one(ItemTable))}
        assert rows["order"][COLUMN["flags"]] == f"{FLAG_MARK} {TOO_HARD}"
        assert rows["truefalse"][COLUMN["flags"]] == f"{FLAG_MARK} {TOO_EASY}"
        assert rows["multi"][COLUMN["flags"]] == ""
        text = screen_text(app)
        assert "\u26a0 too hard" in text  # the first row, in view at 80 columns
        detail = text_of(screen.query_one("#teacher-detail"))
        assert detail.startswith("order: Put the words of the sentence in order.")
        assert "Most common wrong answer: b a c (given 2 times)" in detail
        assert "\u26a0 too hard" in detail
        assert "order: Put the words of the sentence in order." in text


async def test_the_chart_counts_the_games_in_each_band(tmp_path: Path, packs: Path) -> None:
    record_class(tmp_path / "scores.sqlite3")
    app = make_app(tmp_path, packs=packs)
    # The chart needs 34 lines; a shorter terminal says the same in one line (below).
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_teacher(pilot)
        chart = screen.query_one(ScoreChart)
        # Ada 86%, Bo 50%, Cy 14%: her second game (100%) is not analysed.
        assert chart.distribution == (0, 1, 0, 0, 0, 1, 0, 0, 1, 0)
        text = screen_text(app)
        assert "10-19% 1 " + "\u2588" * 20 in text
        assert "   0-9% 0 " in text
        assert " 90-100% 0 " in text
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_teacher(pilot)
        assert "Games by score: 10-19% 1, 50-59% 1, 80-89% 1" in screen_text(app)


def test_the_chart_text_labels_every_band_and_writes_each_count() -> None:
    assert [band_label(i, 10) for i in (0, 1, 9)] == ["0-9%", "10-19%", "90-100%"]
    assert bar_length(0, 5) == 0
    assert bar_length(1, 100) == 1  # a band with games never looks empty
    assert bar_length(5, 10) == 10 and bar_length(10, 10) == 20
    lines = chart_text((0, 2, 0, 0, 0, 0, 0, 0, 0, 12)).plain.splitlines()
    assert len(lines) == 10
    assert lines[0] == "   0-9%  0 "
    assert lines[1] == " 10-19%  2 " + "\u2588" * 3
    assert lines[9] == "90-100% 12 " + "\u2588" * 20
    assert chart_text((0,) * 10).plain.splitlines()[0] == "   0-9% 0 "


async def test_a_pack_without_finished_games_shows_a_message(tmp_path: Path, packs: Path) -> None:
    record_class(tmp_path / "scores.sqlite3")
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_teacher(pilot, "one-choice")
        assert screen.pack_shown == "one-choice"
        assert not screen.query_one("#teacher-analysis").display
        assert NO_GAMES in words(screen_text(app))
        assert screen.stats is None
        await pilot.press("s")  # nothing to sort: nothing happens
        assert screen.sort == "facility"
        # Back up the list to the pack that has games.
        await pilot.press("up")
        await wait_for(pilot, lambda: screen.pack_shown == PACK and screen.analysing is None)
        assert screen.query_one("#teacher-analysis").display
        assert screen.query_one(ItemTable).row_count == len(QUESTION_IDS)


async def test_without_a_database_there_is_nothing_to_analyse(tmp_path: Path, packs: Path) -> None:
    from game.ui.dialogs.store_problem import StoreProblemDialog

    folder = tmp_path / "a-folder"  # a folder cannot be a database: play without saving
    folder.mkdir()
    app = make_app(tmp_path, packs=packs, db_path=folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StoreProblemDialog))
        await pilot.press("p")
        screen = await open_teacher(pilot)
        assert app.store is None
        assert NO_STORE in words(screen_text(app))
        assert not screen.query_one("#teacher-analysis").display


async def test_a_database_error_is_reported_not_raised(
    tmp_path: Path, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_class(tmp_path / "scores.sqlite3")
    app = make_app(tmp_path, packs=packs)

    def locked(*args: object, **kwargs: object) -> None:
        raise StoreError("The score database is [bold]locked[/bold].")

    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        monkeypatch.setattr(ScoreStore, "pack_game_counts", locked)
        screen = await open_teacher(pilot)
        assert app.is_running and screen.stats is None
        # Shown as written: the markup in the message is not obeyed.
        locked = "The score database is [bold]locked[/bold]."
        await wait_for(pilot, lambda: any(locked in note for note in notifications(app)))
        await wait_for(pilot, lambda: "The statistics cannot be read" in screen_text(app))


async def test_markup_in_a_wrong_answer_is_shown_literally(tmp_path: Path, packs: Path) -> None:
    record_class(tmp_path / "scores.sqlite3")
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_teacher(pilot)
        table = screen.query_one(ItemTable)
        assert table.items[1].question_id == "choice"
        assert row_texts(table)[1][COLUMN["wrong"]] == MARKUP[:11] + "\u2026 (2)"  # cut to 12 cells
        await pilot.press("tab", "down")
        await wait_for(pilot, lambda: table.cursor_row == 1)
        detail = text_of(screen.query_one("#teacher-detail"))
        assert f"Most common wrong answer: {MARKUP} (given 2 times)" in detail
        assert MARKUP in screen_text(app)
        await pilot.click("#teacher-detail", offset=(MARKUP.index("y") + 27, 1))
        assert app.is_running and is_teacher(app)


async def test_s_cycles_the_order_of_the_questions(tmp_path: Path, packs: Path) -> None:
    db_path = tmp_path / "scores.sqlite3"
    record_class(db_path)
    with ScoreStore(db_path) as store:
        stats = item_analysis(store, PACK, question_ids=QUESTION_IDS)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_teacher(pilot)
        table = screen.query_one(ItemTable)
        assert "s Sort" in screen_text(app)

        def order() -> list[str]:
            return [item.question_id for item in table.items]

        # The cursor stays on its question when the order changes.
        await pilot.press("tab", "down", "down")
        assert table.current_item is not None and table.current_item.question_id == "numeric"
        for key in ("discrimination", "attempts", "question", "facility"):
            await pilot.press("s")
            await pilot.pause()
            assert screen.sort == key
            assert order() == [i.question_id for i in stats.sorted_items(key)]
            assert table.current_item is not None
            assert table.current_item.question_id == "numeric"
        assert order() == HARDEST_FIRST
        await pilot.press("s", "s", "s")
        assert order() == sorted(QUESTION_IDS)
        assert "Sorted by question id" in text_of(screen.query_one("#teacher-summary"))


async def test_escape_and_b_go_back(tmp_path: Path, packs: Path) -> None:
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("escape", "b"):
            await open_teacher(pilot)
            await pilot.press(key)
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_it_fits_at_80x24_and_120x40(tmp_path: Path, packs: Path) -> None:
    record_class(tmp_path / "scores.sqlite3")
    for size in ((80, 24), (120, 40)):
        app = make_app(tmp_path, packs=packs)
        async with app.run_test(size=size) as pilot:
            screen = await open_teacher(pilot)
            footer = screen.query_one("QuizFooter")
            assert footer.region.y == size[1] - 1
            table = screen.query_one(ItemTable)
            assert table.region.height >= 6  # the heading and five questions at least
            for name in ("#teacher-chart", "#teacher-summary", "#teacher-detail"):
                region = screen.query_one(name).region
                assert region.right <= size[0] and region.bottom <= footer.region.y, name
            assert screen.query_one("#teacher-summary").region.height <= 10
            text = screen_text(app)
            assert "Wrong answer" in text and "Flags" in text


Snap = Callable[..., bool]


def test_snapshot(snap_compare: Snap, tmp_path: Path, packs: Path) -> None:
    record_class(tmp_path / "scores.sqlite3")
    app = make_app(tmp_path, packs=packs)

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_teacher(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_home_opens_it_on_the_highlighted_pack_but_not_when_served(
    tmp_path: Path, packs: Path
) -> None:
    from textual.command import CommandPalette

    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: "t Teacher" in screen_text(app))
        await pilot.press("down", "t")
        await wait_for(pilot, lambda: isinstance(app.screen, TeacherScreen))
        assert app.screen.pack_id == app.catalog.entries[1].pack_id  # type: ignore[attr-defined]
        await pilot.press("escape", "ctrl+p", *"teacher")
        await wait_for(pilot, lambda: "What the class got wrong" in screen_text(app))
    served = make_app(tmp_path, packs=packs)
    served.served = True
    async with served.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(served.screen, HomeScreen))
        assert "Teacher" not in screen_text(served)
        await pilot.press("t")  # press returns once the app has handled the key
        assert not any(isinstance(s, TeacherScreen) for s in served.screen_stack)
        served.action_teacher("every-type")  # a screen is pushed at once, or never
        assert not any(isinstance(s, TeacherScreen) for s in served.screen_stack)
        await pilot.press("ctrl+p", *"teacher")
        await wait_for(pilot, lambda: isinstance(served.screen, CommandPalette))
        # The palette's search is over when it says so: only then is the absence telling.
        await wait_for(pilot, lambda: "No matches found" in screen_text(served))
        assert "What the class got wrong" not in screen_text(served)


# -- class results ---------------------------------------------------------------------------


def class_rows(screen: TeacherScreen) -> list[list[str]]:
    table = screen.query_one(ClassTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_class_view(pilot: Pilot[Any], rows: int) -> TeacherScreen:
    """The teacher's screen turned to the class results (`c`), once `rows` are read."""
    screen = await open_teacher(pilot)
    await pilot.press("c")
    await wait_for(pilot, lambda: screen.query_one(ClassTable).row_count == rows)
    await wait_for(pilot, lambda: "students" in text_of(screen.query_one("#teacher-class-title")))
    return screen


async def test_c_shows_one_row_per_student_of_today_without_a_lesson(
    tmp_path: Path, packs: Path
) -> None:
    record_class(tmp_path / "scores.sqlite3")
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_class_view(pilot, 3)
        assert not screen.query_one("#teacher-analysis").display
        rows = class_rows(screen)
        # Ada's latest game (100%) is shown, with her 2 games; then Bo 50%, Cy 14%.
        assert [row[0] for row in rows] == ["Ada", "Bo", "Cy"]
        ada = dict(zip([key for key, _ in CLASS_COLUMNS], rows[0], strict=True))
        assert (ada["score"], ada["percent"], ada["correct"]) == ("70/70", "100%", "7/7")
        assert (ada["status"], ada["games"]) == ("finished", "2")
        assert ada["time"] == "0:35"  # 2 + 3 + ... + 8 seconds
        day = NOW.astimezone().date().isoformat()
        title = text_of(screen.query_one("#teacher-class-title"))
        # Ada 100%, Bo 50%, Cy 14%: average 55%.
        assert words(title) == (
            f"Today ({day}), no lesson: 3 students, 3 finished, 0 unfinished; average 55%"
        )
        export = words(text_of(screen.query_one("#teacher-class-export")))
        assert (
            export == f"Export: civic-quiz scores --since {day} --class --pack {PACK} --format csv"
        )
        text = screen_text(app)
        assert "Ada" in text and "Export: civic-quiz scores" in text
        # `c` again turns back to the item analysis, with its sorting.
        await pilot.press("c")
        await wait_for(pilot, lambda: bool(screen.query_one("#teacher-analysis").display))
        assert not screen.query_one("#teacher-class").display


async def test_the_class_view_shows_the_latest_lesson_and_names_escaped(
    tmp_path: Path, packs: Path, make_game: Callable[..., int]
) -> None:
    db_path = tmp_path / "scores.sqlite3"
    record_class(db_path)  # today, in no lesson: not in the lesson's view
    with ScoreStore(db_path) as store:
        for player in ("Ev\x1bil", MARKUP):
            make_game(
                store,
                player,
                pack_id=PACK,
                pack_hash="sha256:test",
                scoring="accuracy",
                seed=7,
                question_ids=QUESTION_IDS,
                started_at=NOW + dt.timedelta(hours=2),
                lesson="3b\x1b[2J",
                points_each=10,
                answers=[Stored(1, "Brussels", seconds=4.0)],
                answer_every=None,
                end="active",
            )
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_class_view(pilot, 2)
        rows = class_rows(screen)
        # Cut to the column's width, literal (never markup) and escaped.
        assert sorted(row[0] for row in rows) == sorted(["Ev\\x1bil", MARKUP[:17] + "\u2026"])
        assert {row[5] for row in rows} == {"unfinished"}
        title = text_of(screen.query_one("#teacher-class-title"))
        assert title.startswith("Lesson 3b\\x1b[2J: 2 students, 0 finished, 2 unfinished")
        export = words(text_of(screen.query_one("#teacher-class-export")))
        assert "--lesson 3b\\x1b[2J --pack" in export
        text = screen_text(app)
        assert "Ev\\x1bil" in text and "\x1b" not in text


# -- players' flags and retired questions (issue 13) ---------------------------------------


def record_flags(db_path: Path, flags: Sequence[tuple[str, str]]) -> None:
    """Players' flags (question id, reason) on `PACK`, a minute apart after `NOW`."""
    with ScoreStore(db_path) as store:
        for minute, (question, reason) in enumerate(flags):
            store.add_flag(
                pack_id=PACK,
                pack_hash="sha256:test",
                question_id=question,
                player="Bo",
                reason=reason,
                note="[bold]note[/bold]",
                at=NOW + dt.timedelta(minutes=minute),
            )


FLAGS = [("order", "out-of-date"), ("order", "wrong"), ("order", "wrong"), ("text", "unclear")]


async def test_players_flags_are_counted_in_the_table_and_named_below_it(
    tmp_path: Path, packs: Path
) -> None:
    record_class(tmp_path / "scores.sqlite3")
    record_flags(tmp_path / "scores.sqlite3", FLAGS)
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_teacher(pilot)
        table = screen.query_one(ItemTable)
        rows = {row[0]: row for row in row_texts(table)}
        assert rows["order"][COLUMN["flags"]] == f"{FLAG_MARK} {TOO_HARD}  {FLAG_MARK} flagged 3"
        assert rows["text"][COLUMN["flags"]] == f"{FLAG_MARK} flagged 1"
        assert rows["multi"][COLUMN["flags"]] == ""
        # The first row, order, is highlighted: the detail line names the reasons.
        detail = text_of(screen.query_one("#teacher-detail"))
        assert "\u26a0 too hard" in detail and "flagged 3" not in detail
        flagged = "Flagged by players: 2 wrong, 1 out of date"
        assert detail.endswith(flagged)
        assert flagged in screen_text(app)
        footer = screen.query_one("QuizFooter")
        assert screen.query_one("#teacher-detail").region.bottom <= footer.region.y
        # A question nobody flagged has no such line; the sort keeps the marks.
        await pilot.press("tab", "down")
        await wait_for(pilot, lambda: table.cursor_row == 1)
        assert "Flagged by players" not in text_of(screen.query_one("#teacher-detail"))
        await pilot.press("s")
        await pilot.pause()
        rows = {row[0]: row for row in row_texts(table)}
        assert rows["order"][COLUMN["flags"]].endswith("flagged 3")


async def test_a_question_the_pack_no_longer_has_is_listed_as_retired(
    tmp_path: Path, packs: Path
) -> None:
    db_path = tmp_path / "scores.sqlite3"
    record_class(db_path)
    # A game played when the pack had a question it has since lost.
    record_game(db_path, "Di", 90, [("1948", 0), ("NATO", 1)], questions=["gone", "text"])
    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_teacher(pilot)
        table = screen.query_one(ItemTable)
        rows = {row[0]: row for row in row_texts(table)}
        assert rows["gone"][COLUMN["flags"]] == f"{FLAG_MARK} {TOO_HARD}  {FLAG_MARK} retired"
        assert rows["gone"][1] == "1"
        assert rows["text"][1] == "4"  # Di's first game counts for the questions still there
        await pilot.press("tab", *["down"] * [i.question_id for i in table.items].index("gone"))
        await wait_for(
            pilot,
            lambda: table.current_item is not None and table.current_item.question_id == "gone",
        )
        detail = text_of(screen.query_one("#teacher-detail"))
        assert detail.startswith("gone: (not in the pack as it is now)")


def test_snapshot_with_flags(snap_compare: Snap, tmp_path: Path, packs: Path) -> None:
    record_class(tmp_path / "scores.sqlite3")
    record_flags(tmp_path / "scores.sqlite3", FLAGS)
    app = make_app(tmp_path, packs=packs)

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_teacher(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
