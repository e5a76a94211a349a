"""`civic-quiz scores` and `stats` in the words the app uses (issue 22, item 11): a table
of answers, "unfinished" for a game not finished, player names matched whatever their case,
and averages without a needless ".0"."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from game.cli import main
from game.reports.stats import item_analysis, render_stats
from game.store import ScoreStore
from tests.games import Answer, play_game

T0 = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)


def _game(store: ScoreStore, player: str, *, finish: bool, points: int = 100) -> None:
    answers = [
        Answer(1.0, "yes", points=points, seconds=2.0, answered_at=T0 + dt.timedelta(seconds=5))
    ]
    if finish:
        answers.append(Answer(0.0, "no", seconds=3.0, answered_at=T0 + dt.timedelta(seconds=9)))
    play_game(
        store,
        player,
        question_ids=["q1", "q2"],
        started_at=T0,
        answers=answers,
        end="finished" if finish else "active",
        finished_at=T0 + dt.timedelta(minutes=1),
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "scores.sqlite3"
    with ScoreStore(path) as store:
        _game(store, "Zoe", finish=False)
        _game(store, "Ann", finish=True)
    return path


def _run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    status = main(["scores", *args, "--db", str(db)])
    out, err = capsys.readouterr()
    return status, out, err


def test_answers_as_a_table_print_a_table_not_csv(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    status, out, err = _run(capsys, db, "--answers", "--format", "table")
    assert status == 0, err
    assert "player,game_id" not in out  # not the CSV header
    assert "Answers" in out
    assert "Zoe" in out and "q1" in out and "yes" in out


def test_answers_stay_csv_by_default_and_with_format_csv(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    # `scores --answers > answers.csv` is how the guides export answers: it stays CSV.
    for args in (("--answers",), ("--answers", "--format", "csv")):
        status, out, _ = _run(capsys, db, *args)
        assert status == 0
        assert out.startswith("player,game_id")


def test_an_unfinished_game_is_called_unfinished_in_every_format(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    _, table, _ = _run(capsys, db)
    assert "unfinished" in table and "active" not in table
    _, text, _ = _run(capsys, db, "--format", "json")
    assert {row["status"] for row in json.loads(text)} == {"unfinished", "finished"}
    _, text, _ = _run(capsys, db, "--format", "csv")
    assert {row["status"] for row in csv.DictReader(io.StringIO(text))} == {
        "unfinished",
        "finished",
    }
    _, text, _ = _run(capsys, db, "--answers", "--format", "json")
    assert "unfinished" in {row["game_status"] for row in json.loads(text)}


def test_a_player_name_is_matched_whatever_its_case(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    status, out, err = _run(capsys, db, "--player", "zoe", "--format", "json")
    assert status == 0, err
    assert [row["player"] for row in json.loads(out)] == ["Zoe"]
    status, out, err = _run(capsys, db, "--player", "ZOE", "--answers", "--format", "json")
    assert status == 0, err
    assert {row["player"] for row in json.loads(out)} == {"Zoe"}


def test_an_unknown_player_is_still_refused_with_the_closest_name(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    status, _, err = _run(capsys, db, "--player", "Zoey")
    assert status == 1
    assert "did you mean 'Zoe'?" in err


def test_class_results_match_a_player_whatever_its_case(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    status, out, err = _run(capsys, db, "--class", "--player", "ann", "--format", "json")
    assert status == 0, err
    assert [row["player"] for row in json.loads(out)["students"]] == ["Ann"]


def test_a_lesson_not_found_is_named_with_the_known_lessons(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make_game: Callable[..., int]
) -> None:
    path = tmp_path / "lessons.sqlite3"
    with ScoreStore(path) as store:
        make_game(
            store, "Ann", question_ids=["q1"], started_at=T0, lesson="civics-9b", end="active"
        )
    status, _, err = _run(capsys, path, "--lesson", "nosuch")
    assert status == 1
    assert "'nosuch'" in err
    assert "civics-9b" in err  # the lessons there are, so the teacher sees the right id


def test_whole_averages_print_without_a_decimal(db: Path) -> None:
    with ScoreStore(db) as store:
        stats = item_analysis(store, "civics")
    console = Console(width=120, record=True, color_system=None)
    console.print(render_stats(stats, sort="facility"))
    output = console.export_text()
    assert "100 of 200" in output  # Ann's one finished game: 100 of 200 points
    assert "100.0" not in output and "200.0" not in output
