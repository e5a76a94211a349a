"""The class results view: one row per student of a lesson (or since a date), from a real
score store; the `civic-quiz scores --lesson` / `--since --class` command on top of it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from game.cli import main
from game.reports.results import (
    RESULT_FIELDS,
    UnknownLessonError,
    as_row,
    class_results,
    class_summary,
    duration_text,
)
from game.store import ScoreStore
from tests.games import Answer, play_game

T0 = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
LESSON = "2026-11-28-3b"
PACK = "civics"
QUESTIONS = ("q1", "q2", "q3", "q4")
FORMULA = "=cmd|' /C calc'!A0"


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def play(
    store: ScoreStore,
    player: str,
    start: float,
    credits: Sequence[float],
    *,
    seconds: float | None = 5.0,
    finish: bool = True,
    lesson: str | None = LESSON,
    mode: str = "classic",
    pack: str = PACK,
) -> int:
    """A game of `pack` with one answer per credit (10 points each, 5 s each by default)."""
    return play_game(
        store,
        player,
        pack_id=pack,
        pack_hash="sha256:test",
        mode=mode,
        scoring="accuracy",
        question_ids=QUESTIONS,
        started_at=at(start),
        lesson=lesson,
        points_each=10,
        seconds=seconds,
        text="x",
        answers=[Answer(credit) for credit in credits],
        end="finished" if finish else "active",
    )


def record_lesson(store: ScoreStore) -> None:
    """Ada finishes 3 of 4 right; Bo plays twice (the second, better, game is shown); Cy
    leaves after 2 answers; Ada's practice round, Dee's game outside the lesson and Eve's
    game of the lesson's day but in no lesson must not appear."""
    play(store, "Ada", 0, [1, 1, 1, 0], seconds=7.5)
    play(store, "Bo", 1, [0, 0, 1, 0])
    play(store, "Bo", 20, [1, 1, 0, 1], seconds=3.0)
    play(store, "Cy", 2, [1, 0], finish=False)
    play(store, "Ada", 30, [1, 1, 1, 1], mode="practice")
    play(store, "Dee", 3, [1, 1, 1, 1], lesson="another-lesson")
    play(store, "Eve", 4, [1, 1, 1, 1], lesson=None)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "scores.sqlite3"
    with ScoreStore(path) as store:
        record_lesson(store)
    return path


@pytest.fixture
def store(db: Path) -> Iterator[ScoreStore]:
    with ScoreStore(db, read_only=True) as opened:
        yield opened


# -- core ----------------------------------------------------------------------------------


def test_one_row_per_student_of_the_lesson_best_share_first(store: ScoreStore) -> None:
    rows = class_results(store, lesson=LESSON)
    assert [r.player for r in rows] == ["Ada", "Bo", "Cy"]
    ada = rows[0]
    assert (ada.score, ada.max_score, ada.correct, ada.answered, ada.questions) == (30, 40, 3, 4, 4)
    assert ada.percent == 75.0
    assert ada.status == "finished"
    assert ada.games == 1  # the practice round never counts
    assert ada.seconds == 30.0  # 4 answers of 7.5 s, summed from the answers
    assert ada.pack == PACK and ada.mode == "classic" and ada.lesson == LESSON


def test_a_student_with_several_games_shows_the_latest_and_how_many(store: ScoreStore) -> None:
    bo = next(r for r in class_results(store, lesson=LESSON) if r.player == "Bo")
    assert bo.games == 2
    assert (bo.score, bo.correct, bo.seconds) == (30, 3, 12.0)
    assert bo.last_activity == at(20 + 5)  # the second game's finish


def test_an_unfinished_game_is_shown_unfinished_with_its_answers_so_far(
    store: ScoreStore,
) -> None:
    cy = next(r for r in class_results(store, lesson=LESSON) if r.player == "Cy")
    assert cy.status == "unfinished"
    assert (cy.score, cy.answered, cy.questions, cy.seconds) == (10, 2, 4, 10.0)
    assert cy.last_activity == at(2 + 2)  # the last answer


def test_since_gives_everyone_who_played_a_graded_game_since(store: ScoreStore) -> None:
    rows = class_results(store, since=at(0))
    assert sorted(r.player for r in rows) == ["Ada", "Bo", "Cy", "Dee", "Eve"]
    assert [r.player for r in class_results(store, since=at(10))] == ["Bo"]


def test_pack_filter_and_sort_ties_by_name(tmp_path: Path) -> None:
    with ScoreStore(tmp_path / "s.sqlite3") as store:
        play(store, "bea", 0, [1, 0, 0, 0])
        play(store, "Abe", 1, [1, 0, 0, 0])
        play(store, "Zed", 2, [1, 1, 1, 1], pack="other")
        rows = class_results(store, lesson=LESSON, pack_id=PACK)
    assert [r.player for r in rows] == ["Abe", "bea"]


def test_a_game_without_times_has_no_time(tmp_path: Path) -> None:
    with ScoreStore(tmp_path / "s.sqlite3") as store:
        play(store, "Ada", 0, [1, 1, 1, 1], seconds=None)
        (ada,) = class_results(store, lesson=LESSON)
    assert ada.seconds is None
    assert duration_text(None) == "\u2013"
    assert duration_text(65.4) == "1:05"
    assert duration_text(3725) == "1:02:05"


def test_an_unknown_lesson_is_an_error_naming_the_closest(store: ScoreStore) -> None:
    with pytest.raises(UnknownLessonError) as raised:
        class_results(store, lesson="2026-11-28-3c")
    assert raised.value.suggestions[0] == LESSON
    assert "2026-11-28-3c" in str(raised.value) and LESSON in str(raised.value)


def test_summary_and_rows(store: ScoreStore) -> None:
    rows = class_results(store, lesson=LESSON)
    # Ada 75%, Bo 75%, Cy 25%: average 58%.
    assert class_summary(rows) == "3 students, 2 finished, 1 unfinished; average 58%"
    assert class_summary([]) == "0 students"
    row = as_row(rows[0])
    assert list(row) == list(RESULT_FIELDS)
    assert row["percent"] == 75.0 and row["seconds"] == 30.0 and row["status"] == "finished"


# -- the command ---------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_scores_lesson_table(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "scores", "--lesson", LESSON, "--db", str(db))
    assert code == 0
    assert "3 students, 2 finished, 1 unfinished; average 58%" in out
    for name in ("Ada", "Bo", "Cy"):
        assert name in out
    assert "Dee" not in out and "Eve" not in out
    assert "unfinished" in out and "0:30" in out


def test_scores_lesson_csv_makes_formulas_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.sqlite3"
    with ScoreStore(path) as store:
        play(store, FORMULA, 0, [1, 0, 1, 0])
        play(store, "-Bo", 1, [1, 1, 1, 1])
    code, out, _err = run(
        capsys, "scores", "--lesson", LESSON, "--format", "csv", "--db", str(path)
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(RESULT_FIELDS)
    assert [r["player"] for r in rows] == ["'-Bo", "'" + FORMULA]
    assert rows[0]["score"] == "40" and rows[0]["percent"] == "100.0"
    assert rows[0]["status"] == "finished"


def test_scores_lesson_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "scores", "--lesson", LESSON, "--format", "json", "--db", str(db))
    assert code == 0
    data = json.loads(out)
    assert data["lesson"] == LESSON
    assert data["summary"] == "3 students, 2 finished, 1 unfinished; average 58%"
    assert [s["player"] for s in data["students"]] == ["Ada", "Bo", "Cy"]
    assert data["students"][1]["games"] == 2


def test_scores_unknown_lesson_exits_1_with_a_suggestion(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "scores", "--lesson", "2026-11-28-3", "--db", str(db))
    assert code == 1
    assert out == ""
    assert "2026-11-28-3" in err and LESSON in err


def test_scores_since_class_view(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, "scores", "--since", "2026-11-28", "--class", "--format", "json", "--db", str(db)
    )
    assert code == 0
    data = json.loads(out)
    assert data["lesson"] is None
    assert sorted(s["player"] for s in data["students"]) == ["Ada", "Bo", "Cy", "Dee", "Eve"]


def test_scores_lesson_table_escapes_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # each name on one line, to find it whole
    path = tmp_path / "s.sqlite3"
    with ScoreStore(path) as store:
        play(store, "Ev\x1b]0;owned\x07il", 0, [1, 0, 1, 0])
        play(store, "[bold]Mark[/bold]", 1, [1, 0, 1, 0])
    code, out, _err = run(capsys, "scores", "--lesson", LESSON, "--db", str(path))
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b" in out
    assert "[bold]Mark[/bold]" in out


def test_scores_lesson_opens_read_only(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = db.stat().st_mtime_ns
    assert run(capsys, "scores", "--lesson", LESSON, "--db", str(db))[0] == 0
    assert db.stat().st_mtime_ns == before
