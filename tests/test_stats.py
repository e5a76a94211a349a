"""Item analysis: facility and discrimination worked out by hand on a small fixed data set."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from game.reports.stats import (
    DISCRIMINATES_BADLY,
    NEGATIVE_DISCRIMINATION,
    ROW_FIELDS,
    TOO_EASY,
    TOO_HARD,
    ItemStats,
    PackStats,
    as_dict,
    as_rows,
    item_analysis,
    item_flags,
    items_table,
    render_stats,
    score_distribution,
    sort_items,
)
from game.store import ScoreStore
from tests.games import Answer as Stored
from tests.games import End, play_game

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
SINCE = T0
PACK = "civics"
QUESTIONS = ("q1", "q2", "q3", "q4")

Answer = tuple[str, str, float, float | None]
"""question id, answer text, credit, seconds"""


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ScoreStore]:
    with ScoreStore(tmp_path / "scores.sqlite3") as opened:
        yield opened


def play(
    store: ScoreStore,
    player: str,
    start: int,
    answers: Sequence[Answer],
    *,
    end: End = "finished",
    pack: str = PACK,
    mode: str = "classic",
) -> int:
    """A game started at minute `start`: 10 points a question, points = 10 x credit."""
    return play_game(
        store,
        player,
        pack_id=pack,
        pack_hash="sha256:abc",
        mode=mode,
        scoring="accuracy",
        seed=7,
        started_at=at(start),
        points_each=10,
        end=end,
        answers=[
            Stored(credit, text, question, seconds=seconds)
            for question, text, credit, seconds in answers
        ],
    )


# Each player's first finished game (credits):
#
#         q1   q2   q3   q4    total   score (10 points a question, of 40)
#   ann    1    1    1   0.5    3.5     35  (87.5%)
#   bob    1    1    0   0      2       20  (50%)
#   cat    1    0    1   1      3       30  (75%)
#   dan    1    0    0   0      1       10  (25%)
#   eve    1    1    1   1      4       40  (100%)
ROWS: dict[str, list[tuple[str, float, float | None]]] = {
    #        q1               q2                   q3               q4
    "ann": [("Paris", 1, 2), ("House", 1, None), ("Bern", 1, 1), ("A; B", 0.5, 1)],
    "bob": [("Paris", 1, 4), ("House", 1, 3), ("Paris", 0, 1), ("A; B", 0, 1)],
    "cat": [("Paris", 1, 6), ("Senate", 0, None), ("Bern", 1, 1), ("C", 1, 1)],
    "dan": [("Paris", 1, 8), ("Court", 0, 5), ("Paris", 0, 1), ("D", 0, 1)],
    "eve": [("Paris", 1, 10), ("House", 1, None), ("Bern", 1, 1), ("C", 1, 1)],
}  # fmt: skip
"""Each answer: text, credit, seconds."""

FIRST_GAMES: dict[str, list[Answer]] = {
    player: [(q, *answer) for q, answer in zip(QUESTIONS, row, strict=True)]
    for player, row in ROWS.items()
}

NOTHING_RIGHT: list[Answer] = [
    ("q1", "Oslo", 0, 30),
    ("q2", "Berlin", 0, 30),
    ("q3", "Berlin", 0, 30),
    ("q4", "Berlin", 0, 30),
]


@pytest.fixture
def played(store: ScoreStore) -> ScoreStore:
    """The games above, and games that must not count (each would change the results)."""
    play(store, "ivy", -60, NOTHING_RIGHT)  # finished, but before SINCE
    play(store, "bob", 1, NOTHING_RIGHT[:2], end="active")  # bob's first game, never finished
    for index, (player, answers) in enumerate(FIRST_GAMES.items()):
        play(store, player, 10 * (index + 1), answers)
    play(store, "ann", 60, NOTHING_RIGHT)  # ann's second finished game
    play(store, "fay", 70, NOTHING_RIGHT[:2], end="active")
    play(store, "gil", 80, NOTHING_RIGHT[:3], end="abandoned")
    play(store, "hal", 90, NOTHING_RIGHT, pack="other")
    return store


def by_id(stats: PackStats) -> dict[str, ItemStats]:
    return {item.question_id: item for item in stats.items}


def test_facility_and_discrimination_match_the_hand_calculation(played: ScoreStore) -> None:
    items = by_id(item_analysis(played, PACK, since=SINCE))
    assert list(items) == list(QUESTIONS)
    assert all(item.attempts == 5 for item in items.values())

    # q1: everyone right. Facility 5/5 = 100%. The credits do not vary, so there is no
    # correlation to compute.
    assert items["q1"].facility == pytest.approx(100.0)
    assert items["q1"].discrimination is None

    # q2: x = credits (ann, bob, cat, dan, eve) = 1, 1, 0, 0, 1      mean 3/5 = 0.6
    #     y = rest of the game = total - x = 2.5, 1, 3, 1, 3      mean 10.5/5 = 2.1
    #     dx = .4, .4, -.6, -.6, .4        dy = .4, -1.1, .9, -1.1, .9
    #     sum dx.dy = .16 - .44 - .54 + .66 + .36 = 0.20
    #     sum dx^2 = 3(.16) + 2(.36) = 1.2;  sum dy^2 = .16 + 1.21 + .81 + 1.21 + .81 = 4.2
    #     D = 100 x 0.2 / sqrt(1.2 x 4.2) = 20 / sqrt(5.04) = 20 / 2.244994 = 8.9087
    assert items["q2"].facility == pytest.approx(60.0)
    assert items["q2"].discrimination == pytest.approx(8.9087, abs=1e-4)

    # q3: x = 1, 0, 1, 0, 1      mean 0.6
    #     y = 2.5, 2, 2, 1, 3    mean 10.5/5 = 2.1
    #     dx = .4, -.6, .4, -.6, .4        dy = .4, -.1, -.1, -1.1, .9
    #     sum dx.dy = .16 + .06 - .04 + .66 + .36 = 1.2
    #     sum dx^2 = 1.2;  sum dy^2 = .16 + .01 + .01 + 1.21 + .81 = 2.2
    #     D = 100 x 1.2 / sqrt(1.2 x 2.2) = 120 / sqrt(2.64) = 120 / 1.624808 = 73.8549
    assert items["q3"].facility == pytest.approx(60.0)
    assert items["q3"].discrimination == pytest.approx(73.8549, abs=1e-4)

    # q4: x = .5, 0, 1, 0, 1     mean 2.5/5 = 0.5 -> facility 50%
    #     y = 3, 2, 2, 1, 3      mean 11/5 = 2.2
    #     dx = 0, -.5, .5, -.5, .5         dy = .8, -.2, -.2, -1.2, .8
    #     sum dx.dy = 0 + .1 - .1 + .6 + .4 = 1.0
    #     sum dx^2 = 4(.25) = 1.0;  sum dy^2 = .64 + .04 + .04 + 1.44 + .64 = 2.8
    #     D = 100 x 1 / sqrt(1 x 2.8) = 100 / 1.673320 = 59.7614
    assert items["q4"].facility == pytest.approx(50.0)
    assert items["q4"].discrimination == pytest.approx(59.7614, abs=1e-4)


def test_overview_counts_players_games_and_the_score_spread(played: ScoreStore) -> None:
    stats = item_analysis(played, PACK, since=SINCE)
    assert stats.players == 5  # ann, bob, cat, dan, eve
    assert stats.analysed_games == 5
    assert stats.games == 6  # their five first games and ann's second
    # scores 35 + 20 + 30 + 10 + 40 = 135; 135 / 5 = 27 of 40
    assert stats.average_score == pytest.approx(27.0)
    assert stats.average_max_score == pytest.approx(40.0)
    # (87.5 + 50 + 75 + 25 + 100) / 5 = 337.5 / 5 = 67.5
    assert stats.average_percent == pytest.approx(67.5)
    # 25 -> 20-30 band, 50 -> 50-60, 75 -> 70-80, 87.5 -> 80-90, 100 -> 90-100
    assert stats.distribution == (0, 0, 1, 0, 0, 1, 0, 1, 1, 1)


def test_only_each_players_first_finished_game_counts(played: ScoreStore) -> None:
    # ann's second game (all wrong) and bob's unfinished first game would lower q1's facility
    # below 100 if they counted; abandoned, active and other packs' games do not count either.
    stats = item_analysis(played, PACK, since=SINCE)
    assert by_id(stats)["q1"].facility == pytest.approx(100.0)
    assert by_id(stats)["q1"].attempts == 5


def test_a_practice_round_is_never_analysed_and_what_is_left_out_is_said(
    store: ScoreStore,
) -> None:
    # A practice round first, then the first real game: the real game is analysed.
    practice = [(f"p{i}", "Paris", 1.0, 1.0) for i in range(10)]
    real = [(f"r{i}", "Oslo", 0.0, 1.0) for i in range(20)]
    play(store, "ann", 0, practice, mode="practice")
    play(store, "ann", 20, real)
    play(store, "ann", 50, real)  # a later game of the same player
    play(store, "bob", 60, real[:3], end="active")
    play(store, "cat", 70, real[:3], end="abandoned")
    stats = item_analysis(store, PACK)
    assert stats.analysed_games == 1
    assert sum(item.attempts for item in stats.items) == 20
    assert {item.question_id for item in stats.items} == {q for q, *_ in real}
    assert stats.games == 2
    text = stats.left_out.text()
    assert text == (
        "left out: 1 practice round, 1 unfinished game, 1 abandoned game,"
        " 1 later game of the same players"
    )
    exported = as_dict(stats)
    assert exported["left_out"] == {
        "practice_rounds": 1,
        "unfinished_games": 1,
        "abandoned_games": 1,
        "later_games": 1,
    }
    assert exported["left_out_text"] == text
    console = Console(width=200, record=True)
    console.print(render_stats(stats))
    shown = " ".join(console.export_text().split())
    assert "Left out 1 practice round, 1 unfinished game" in shown


def test_nothing_left_out_says_so(store: ScoreStore) -> None:
    play(store, "ann", 0, FIRST_GAMES["ann"])
    assert item_analysis(store, PACK).left_out.text() == "left out: nothing"


def test_since_filters_games_started_before_it(played: ScoreStore) -> None:
    everything = item_analysis(played, PACK)
    assert everything.players == 6  # ivy's game, before SINCE, counts now
    assert everything.games == 7
    # q1: five right, ivy wrong: 5/6 = 83.33%
    assert by_id(everything)["q1"].facility == pytest.approx(500 / 6)
    assert by_id(everything)["q1"].attempts == 6
    later = item_analysis(played, PACK, since=at(31))  # dan's and eve's first games only
    assert later.players == 3  # dan, eve, and ann's second game, her first since then
    assert by_id(later)["q1"].facility == pytest.approx(200 / 3)
    assert item_analysis(played, PACK, since=at(1000)).players == 0


def test_common_wrong_answer(played: ScoreStore) -> None:
    items = by_id(item_analysis(played, PACK, since=SINCE))
    assert items["q1"].common_wrong_answer is None  # nobody was wrong
    assert items["q1"].common_wrong_count == 0
    # Senate and Court once each: the tie goes to the alphabetically first. (ann's second
    # game answered Berlin, which would win the tie if it counted.)
    assert items["q2"].common_wrong_answer == "Court"
    assert items["q2"].common_wrong_count == 1
    assert items["q3"].common_wrong_answer == "Paris"
    assert items["q3"].common_wrong_count == 2
    # partly right (ann, credit 0.5) counts as wrong: "A; B" twice, "D" once
    assert items["q4"].common_wrong_answer == "A; B"
    assert items["q4"].common_wrong_count == 2


def test_average_seconds_skips_answers_without_a_time(played: ScoreStore) -> None:
    items = by_id(item_analysis(played, PACK, since=SINCE))
    assert items["q1"].average_seconds == pytest.approx(6.0)  # (2+4+6+8+10)/5
    assert items["q2"].average_seconds == pytest.approx(4.0)  # (3+5)/2, three without a time
    assert items["q3"].average_seconds == pytest.approx(1.0)


def test_flags_in_the_data_set(played: ScoreStore) -> None:
    items = by_id(item_analysis(played, PACK, since=SINCE))
    assert items["q1"].flags == (TOO_EASY,)
    # q2's index is 8.9, but with 5 attempts it is not flagged
    assert items["q2"].flags == ()
    assert items["q3"].flags == items["q4"].flags == ()


def test_question_ids_choose_and_order_the_items(played: ScoreStore) -> None:
    stats = item_analysis(played, PACK, since=SINCE, question_ids=["q3", "q1", "new"])
    # q2 and q4, answered but no longer in the pack, follow as retired (issue 13).
    assert [i.question_id for i in stats.items] == ["q3", "q1", "new", "q2", "q4"]
    assert [i.retired for i in stats.items] == [False, False, False, True, True]
    q3, _, new, q2, _ = stats.items
    # the rest of the game still counts every answer, q2 and q4 included
    assert q3.discrimination == pytest.approx(73.8549, abs=1e-4)
    assert new == ItemStats("new", 0, None, None, None, 0, None, ())
    assert q2.attempts == 5 and q2.facility == pytest.approx(60.0)


def test_a_single_attempt_or_a_constant_rest_gives_no_discrimination(
    store: ScoreStore,
) -> None:
    play(store, "ann", 0, [("q1", "a", 1, 1), ("q2", "b", 0, 1)])
    single = by_id(item_analysis(store, PACK))
    assert single["q1"].attempts == 1
    assert single["q1"].facility == pytest.approx(100.0)
    assert single["q1"].discrimination is None
    # bob: q1 wrong, q2 wrong. For q1, x = 1, 0 varies but the rest (q2) = 0, 0 does not.
    play(store, "bob", 10, [("q1", "c", 0, 1), ("q2", "b", 0, 1)])
    two = by_id(item_analysis(store, PACK))
    assert two["q1"].facility == pytest.approx(50.0)
    assert two["q1"].discrimination is None
    assert two["q2"].discrimination is None  # x = 0, 0: zero variance


def test_a_wrong_key_shows_as_negative_discrimination(store: ScoreStore) -> None:
    # Ten players: five get q1 right and q2 wrong, five the other way round. For q1,
    # x = 1,1,1,1,1,0,0,0,0,0 and the rest of the game (q2) = 0,0,0,0,0,1,1,1,1,1 = 1 - x,
    # a perfect negative correlation: D = -100.
    for n in range(10):
        good = n < 5
        play(store, f"p{n}", n, [("q1", "a", float(good), 1), ("q2", "b", float(not good), 1)])
    items = by_id(item_analysis(store, PACK))
    assert items["q1"].attempts == 10
    assert items["q1"].facility == pytest.approx(50.0)
    assert items["q1"].discrimination == pytest.approx(-100.0)
    assert items["q1"].flags == (DISCRIMINATES_BADLY, NEGATIVE_DISCRIMINATION)


@pytest.mark.parametrize(
    ("facility", "discrimination", "attempts", "flags"),
    [
        (90.0, None, 5, []),
        (90.01, None, 5, [TOO_EASY]),
        (20.0, None, 5, []),
        (19.99, None, 5, [TOO_HARD]),
        (None, None, 0, []),
        (50.0, 20.0, 10, []),
        (50.0, 19.99, 10, [DISCRIMINATES_BADLY]),
        (50.0, 19.99, 9, []),
        (50.0, 0.0, 10, [DISCRIMINATES_BADLY]),
        (50.0, -0.01, 10, [DISCRIMINATES_BADLY, NEGATIVE_DISCRIMINATION]),
        (50.0, -60.0, 9, []),
        (95.0, 5.0, 40, [TOO_EASY, DISCRIMINATES_BADLY]),
        (50.0, None, 40, []),
    ],
)
def test_flags_at_the_boundaries(
    facility: float | None, discrimination: float | None, attempts: int, flags: list[str]
) -> None:
    assert item_flags(facility, discrimination, attempts) == flags


def test_score_distribution_bands() -> None:
    assert score_distribution([0, 9.99, 10, 55, 99.9, 100, 130, -5]) == (
        3,  # 0, 9.99 and -5
        1,
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        3,  # 99.9, 100 and 130 (bonuses can pass the maximum)
    )
    assert score_distribution([]) == (0,) * 10


def test_an_unplayed_pack_has_empty_statistics(store: ScoreStore) -> None:
    stats = item_analysis(store, "nothing", question_ids=["q1"])
    assert (stats.players, stats.games, stats.average_score) == (0, 0, None)
    assert stats.distribution == (0,) * 10
    assert stats.items[0].attempts == 0


def test_sorting_by_facility_puts_unknown_values_last(played: ScoreStore) -> None:
    stats = item_analysis(played, PACK, since=SINCE, question_ids=[*QUESTIONS, "new"])
    ids = [i.question_id for i in stats.sorted_items("facility")]
    assert ids == ["q4", "q2", "q3", "q1", "new"]  # 50, 60, 60 (ties by id), 100
    down = [i.question_id for i in sort_items(stats.items, "facility", descending=True)]
    assert down == ["q1", "q2", "q3", "q4", "new"]
    by_discrimination = [i.question_id for i in stats.sorted_items("discrimination")]
    assert by_discrimination == ["q2", "q4", "q3", "new", "q1"]  # unknown: by id
    with pytest.raises(ValueError, match="cannot sort"):
        sort_items(stats.items, "colour")  # type: ignore[arg-type]


def test_rows_and_json_for_export(played: ScoreStore) -> None:
    stats = item_analysis(played, PACK, since=SINCE)
    rows = as_rows(stats)
    assert [tuple(row) for row in rows] == [ROW_FIELDS] * 4
    assert rows[0] == {
        "question_id": "q1",
        "attempts": 5,
        "facility": 100.0,
        "discrimination": None,
        "common_wrong_answer": None,
        "common_wrong_count": 0,
        "average_seconds": 6.0,
        "flags": TOO_EASY,
        "player_flags": "",
        "retired": False,
    }
    assert rows[1]["discrimination"] == 8.91
    data = as_dict(stats)
    assert json.loads(json.dumps(data)) == data
    assert data["players"] == 5
    assert data["since"] == "2026-03-01T09:00:00+00:00"
    assert [band["games"] for band in data["distribution"]] == list(stats.distribution)
    assert data["distribution"][9]["from"] == 90
    assert data["questions"] == rows


def test_rich_table_shows_pack_text_literally(store: ScoreStore) -> None:
    # A question id and an answer that look like Rich markup must be printed as written.
    play(store, "ann", 0, [("[bold]q1", "[red]wrong[/red]", 0, 1), ("q2", "x", 1, 1)])
    stats = item_analysis(store, "civics")
    table = items_table(stats)
    cells = [cell for column in table.columns for cell in column.cells]
    assert Text("[bold]q1") in cells
    console = Console(width=200, record=True, color_system=None)
    console.print(render_stats(stats, sort="facility"))
    output = console.export_text()
    assert "[bold]q1" in output
    assert "[red]wrong[/red] (1)" in output
    assert "too hard" in output
    assert "Players" in output


def test_rich_table_escapes_control_characters(store: ScoreStore) -> None:
    # An answer stored by another program (or an old version) must not command the terminal.
    play(store, "ann", 0, [("q\x1b[2J1", "x\x1b]0;PWNED\x07\u202eexe", 0, 1), ("q2", "x", 1, 1)])
    console = Console(width=200, record=True, color_system=None)
    console.print(render_stats(item_analysis(store, "civics\x1b[31m"), sort="facility"))
    console.print(render_stats(item_analysis(store, "civics"), sort="facility"))
    output = console.export_text()
    assert "\x1b" not in output and "\u202e" not in output
    assert "q\\x1b[2J1" in output
    assert "x\\x1b]0;PWNED\\x07\\u202eexe (1)" in output


# -- players' flags and retired questions (issue 13) ---------------------------------------


def flag(store: ScoreStore, question: str, reason: str, minutes: int = 0, pack: str = PACK) -> None:
    store.add_flag(
        pack_id=pack,
        pack_hash="sha256:abc",
        question_id=question,
        player="ann",
        reason=reason,
        at=at(minutes),
    )


def test_players_flags_are_counted_by_reason_on_each_question(played: ScoreStore) -> None:
    for reason in ("wrong", "out-of-date", "out-of-date"):
        flag(played, "q2", reason, 5)
    flag(played, "q3", "unclear", 5)
    flag(played, "q3", "wrong", -100)  # before SINCE: not counted with those games
    flag(played, "q2", "wrong", 5, pack="other")
    items = by_id(item_analysis(played, PACK, since=SINCE, question_ids=QUESTIONS))
    assert items["q2"].flagged == (("out-of-date", 2), ("wrong", 1))
    assert items["q2"].flagged_count == 3
    assert items["q2"].flagged_text == "flagged: 2 out of date, 1 wrong"
    assert items["q3"].flagged == (("unclear", 1),)
    assert items["q1"].flagged == () and items["q1"].flagged_text == ""
    # Ties in the order of the reasons: wrong, out of date, unclear.
    assert by_id(item_analysis(played, PACK, question_ids=QUESTIONS))["q3"].flagged == (
        ("wrong", 1),
        ("unclear", 1),
    )
    rows = {row["question_id"]: row for row in as_rows(item_analysis(played, PACK, since=SINCE))}
    assert rows["q2"]["player_flags"] == "2 out of date, 1 wrong"
    console = Console(width=200, record=True, color_system=None)
    console.print(render_stats(item_analysis(played, PACK, since=SINCE), sort="facility"))
    assert "flagged: 2 out of date, 1 wrong" in console.export_text()


def test_a_flagged_question_nobody_answered_is_listed(store: ScoreStore) -> None:
    play(store, "ann", 0, FIRST_GAMES["ann"])
    flag(store, "q9", "wrong")
    items = by_id(item_analysis(store, PACK))
    assert items["q9"].attempts == 0 and items["q9"].flagged == (("wrong", 1),)
    assert not items["q9"].retired  # without the pack's questions, nothing is known retired
    retired = by_id(item_analysis(store, PACK, question_ids=QUESTIONS))["q9"]
    assert retired.retired and retired.flagged == (("wrong", 1),)


def test_flags_in_a_game_of_several_packs_carry_the_pack_in_the_question_id(
    store: ScoreStore,
) -> None:
    play(store, "ann", 0, [("civics/q1", "a", 1, 1), ("eu/q1", "b", 0, 1)], pack="civics+eu")
    flag(store, "q1", "wrong", pack="eu")
    items = by_id(item_analysis(store, "civics+eu"))
    assert items["eu/q1"].flagged == (("wrong", 1),)
    assert items["civics/q1"].flagged == ()


def test_answers_to_a_question_the_pack_no_longer_has_are_retired_not_dropped(
    store: ScoreStore,
) -> None:
    # A game played before the pack changed: q-old was in the pack then, it is gone now.
    play(store, "ann", 0, [("q1", "Paris", 1, 2), ("q-old", "1948", 0, 3)])
    play(store, "bob", 10, [("q1", "Rome", 0, 2), ("q-old", "1949", 1, 3)])
    stats = item_analysis(store, PACK, question_ids=["q1", "q2"])
    items = by_id(stats)
    assert list(items) == ["q1", "q2", "q-old"]
    old = items["q-old"]
    assert old.retired and old.attempts == 2 and old.facility == pytest.approx(50.0)
    assert old.common_wrong_answer == "1948"
    assert not items["q1"].retired and not items["q2"].retired
    rows = {row["question_id"]: row for row in as_rows(stats)}
    assert rows["q-old"]["retired"] is True and rows["q1"]["retired"] is False
    assert as_dict(stats)["questions"][-1]["retired"] is True
    # The printed report lists it in a section of its own, after the pack's questions.
    console = Console(width=200, record=True, color_system=None)
    console.print(render_stats(stats, sort="facility"))
    output = console.export_text()
    current, _, retired_part = output.partition("Retired questions of civics")
    assert "No longer in the pack: answered in games played before it changed." in retired_part
    assert "q-old" in retired_part and "q-old" not in current
    assert "q1" in current and "q1" not in retired_part
    # Without retired questions there is no such section.
    console = Console(width=200, record=True, color_system=None)
    console.print(render_stats(item_analysis(store, PACK, question_ids=["q1", "q-old"])))
    assert "Retired" not in console.export_text()
