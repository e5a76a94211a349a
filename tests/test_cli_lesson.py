"""`civic-quiz serve --pack ID ...` and `play --lesson FILE`: a teacher's lesson settings on the
command line (the server itself is replaced: these tests check what it would be given)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

import game.web.launcher
from game.cli import main
from game.packs.loader import load_pack
from game.play.lesson import Lesson, load_lesson
from game.play.session import GameSession
from game.store import GameFilter, ScoreStore
from tests.conftest import REPO
from tests.sample_packs import right_answer
from tests.test_plain import answer_line

PACK = "nato-us-europe-2016"
CLASSIC = REPO / "tests" / "packs" / "data" / "nato-2016-classic"
"""The NATO pack as it was before issue 13 (seven classic types), whose answers right_answer
knows how to give: a lesson played to its end keeps its meaning as the bundled pack changes."""


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The calls `serve` would have got (none means no server was started)."""
    calls: list[dict[str, Any]] = []

    def fake_serve(host: str, port: int, db_path: Path, **options: Any) -> None:
        lesson_file = options.get("lesson_file")
        lesson = load_lesson(lesson_file) if lesson_file else None  # while the server runs
        text = options.pop("lesson", None)
        calls.append({"db": db_path, "lesson": lesson, "lesson_text": text, **options})

    monkeypatch.setattr(game.web.launcher, "serve", fake_serve)
    return calls


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_unknown_pack_is_refused_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[dict[str, Any]]
) -> None:
    db = str(tmp_path / "scores.sqlite3")
    code, _, err = run(capsys, "serve", "--db", db, "--pack", "nato-us-europe-2061")
    assert code == 1
    assert f"'nato-us-europe-2061' is not found (did you mean '{PACK}'?)" in err
    assert served == [] and "Traceback" not in err


def test_settings_without_a_file_serve_a_lesson_with_a_default_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[dict[str, Any]]
) -> None:
    db = str(tmp_path / "scores.sqlite3")
    argv = ("serve", "--db", db, "--pack", PACK, "--mode", "exam", "--questions", "3")
    code, _, _ = run(capsys, *argv, "--seed", "42")
    assert code == 0
    (call,) = served
    lesson = call["lesson"]
    assert (lesson.pack, lesson.mode, lesson.questions, lesson.seed) == (PACK, "exam", 3, 42)
    assert lesson.id.startswith(f"{PACK}-20")
    assert "exam mode, 3 questions, seed 42" in call["lesson_text"]
    assert not call["lesson_file"].exists()  # the temporary file went with the server


def test_settings_with_a_file_are_saved_and_then_reused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[dict[str, Any]]
) -> None:
    db = str(tmp_path / "scores.sqlite3")
    file = tmp_path / "monday-nato.yaml"
    code, out, _ = run(capsys, "serve", "--db", db, "--pack", PACK, "--lesson", str(file))
    assert code == 0 and "saved to" in out
    assert load_lesson(file) == Lesson("monday-nato", PACK)
    code, _, _ = run(capsys, "serve", "--db", db, "--lesson", str(file))
    assert code == 0
    assert [c["lesson"] for c in served] == [Lesson("monday-nato", PACK)] * 2
    assert served[1]["lesson_file"] == file.resolve()
    # Other settings do not replace the file without --force, and nothing is served.
    argv = ("serve", "--db", db, "--pack", PACK, "--mode", "exam", "--lesson", str(file))
    code, _, err = run(capsys, *argv)
    assert code == 1 and "--force" in err and len(served) == 2
    assert load_lesson(file).mode == "classic"
    code, _, _ = run(capsys, *argv, "--force")
    assert code == 0 and load_lesson(file).mode == "exam"


def test_a_bad_lesson_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[dict[str, Any]]
) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(f"pack: {PACK}\nmode: exma\n", encoding="utf-8")
    db = str(tmp_path / "scores.sqlite3")
    code, _, err = run(capsys, "serve", "--db", db, "--lesson", str(file))
    assert code == 1 and f"{file}:2:7: error: unknown mode 'exma'" in err
    assert served == [] and "Traceback" not in err


def test_served_tabs_run_the_game_with_the_lesson_file() -> None:
    command = game.web.launcher.served_command(Path("/d/s.db"), Path("/l/monday.yaml"))
    assert command.endswith("--db /d/s.db --served --lesson /l/monday.yaml")


def test_play_plays_the_lesson_and_stores_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVIC_QUIZ_PACKS", str(CLASSIC))
    file = tmp_path / "monday-nato.yaml"
    file.write_text(
        "pack: nato-2016-classic\nmode: exam\nquestions: 2\nseed: 42\n", encoding="utf-8"
    )
    plan = GameSession(
        [load_pack(CLASSIC / "nato-2016-classic.yaml")], seed=42, questions=2, mode="exam"
    )
    lines = "".join(answer_line(p, right_answer(p)) + "\n" for p in plan.played)
    monkeypatch.setattr("sys.stdin", io.StringIO(lines + "submit\n"))  # from the exam's review
    db = tmp_path / "scores.sqlite3"
    argv = ("play", "--lesson", str(file), "--plain", "--player", "Ada", "--db", str(db))
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert "Question 2 of 2" in out
    with ScoreStore(db) as store:
        (played,) = store.games(GameFilter(player="Ada"))
    assert (played.pack_id, played.mode, played.seed, len(played.question_ids)) == (
        "nato-2016-classic",
        "exam",
        42,
        2,
    )
    assert played.lesson == "monday-nato"


def test_play_flags_win_over_the_lesson_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "monday.yaml"
    file.write_text(f"pack: {PACK}\nmode: exam\nquestions: 2\n", encoding="utf-8")
    # No answer: the game is stored when it starts, with the settings that won.
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    db = tmp_path / "scores.sqlite3"
    argv = ("play", "--lesson", str(file), "--plain", "--questions", "1", "--seed", "7")
    _, _, err = run(capsys, *argv, "--mode", "classic", "--player", "Bo", "--db", str(db))
    with ScoreStore(db) as store:
        (played,) = store.games(GameFilter(player="Bo"))
    assert (played.mode, played.seed, len(played.question_ids)) == ("classic", 7, 1), err
    assert played.lesson == "monday"


# -- issue 21, item 11: seeds are bounded where they are read ------------------------------

TOO_BIG = str(2**63)
LARGEST = str(2**63 - 1)


@pytest.mark.parametrize(
    "seed", [TOO_BIG, "-1", "0xff", pytest.param("9" * 5000, id="5000-digits"), "x"]
)
@pytest.mark.parametrize("command", ["play", "serve"])
def test_a_seed_out_of_bounds_on_the_command_line_is_a_usage_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    served: list[dict[str, Any]],
    command: str,
    seed: str,
) -> None:
    db = str(tmp_path / "scores.sqlite3")
    argv = [command, "--db", db, "--seed", seed]
    argv += ["--plain", PACK] if command == "play" else ["--pack", PACK]
    with pytest.raises(SystemExit) as exited:
        main(argv)
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert "--seed: a seed is a whole number from 0 to 9223372036854775807" in err
    assert "Traceback" not in err and served == []
    assert not Path(db).exists()  # nothing was started


def test_the_largest_seed_plays_and_is_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    db = tmp_path / "scores.sqlite3"
    code, _, err = run(capsys, "play", "--plain", "--db", str(db), "--seed", LARGEST, PACK)
    assert code == 3, err  # input ended: the game is kept
    with ScoreStore(db) as store:
        (played,) = store.games()
    assert played.seed == 2**63 - 1


def test_serve_takes_the_largest_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[dict[str, Any]]
) -> None:
    db = str(tmp_path / "scores.sqlite3")
    code, _, err = run(capsys, "serve", "--db", db, "--pack", PACK, "--seed", LARGEST)
    assert code == 0, err
    assert served[0]["lesson"].seed == 2**63 - 1  # as each tab reads it


@pytest.mark.parametrize("seed", ["0xffffffffffffffffffff", "-5", TOO_BIG])
@pytest.mark.parametrize("how", ["play", "serve", "tab"])
def test_a_lesson_file_with_a_seed_out_of_bounds_is_refused_where_it_is_read(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    served: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    seed: str,
) -> None:
    file = tmp_path / "monday.yaml"
    file.write_text(f"pack: {PACK}\nseed: {seed}\n", encoding="utf-8")
    db = str(tmp_path / "scores.sqlite3")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    argv = {
        "play": ["play", "--plain", "--db", db, "--lesson", str(file)],
        "serve": ["serve", "--db", db, "--lesson", str(file)],
        "tab": ["--db", db, "--served", "--lesson", str(file)],  # what each served tab runs
    }[how]
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert f"{file}:2:7: error: 'seed' should be a whole number from 0 to" in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert served == []
