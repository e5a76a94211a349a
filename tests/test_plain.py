"""The plain-text game: numbered options on stdout, one answer a line, the same store."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.packs.loader import load_pack
from game.plain.play import InputProblem, parse_response, play_plain
from game.play.session import GameSession, PlayedQuestion
from game.store import GameFilter, ScoreStore
from tests.conftest import REPO
from tests.sample_packs import every_type_pack, right_answer

NATO = REPO / "questions" / "nato-us-europe-2016.yaml"


def answer_line(played: PlayedQuestion, response: object) -> str:
    """What a player types for a response, in plain mode's notation."""
    q = played.question
    options = list(played.options)
    if q.type in ("choice", "claim", "evidence"):
        return str(options.index(response) + 1)
    if q.type == "multi":
        return " ".join(str(options.index(r) + 1) for r in response) or "-"
    if q.type == "truefalse":
        return "t" if response else "f"
    if q.type == "order":
        return " ".join(str(options.index(r) + 1) for r in response)
    if q.type == "match":
        return " ".join(str(options.index(response[left]) + 1) for left in played.lefts)
    return str(response)


def by_key(session: GameSession) -> dict[str, PlayedQuestion]:
    return {p.key: p for p in session.played}


@pytest.mark.parametrize(
    ("key", "line", "expected"),
    [
        ("truefalse", "T", True),
        ("truefalse", " no ", False),
        ("numeric", "2 %", "2 %"),
        ("text", "  Brussels ", "Brussels"),
        ("multi", "-", []),
    ],
)
def test_parse_response(key: str, line: str, expected: object) -> None:
    played = by_key(GameSession([every_type_pack()], seed=1))[key]
    assert parse_response(played, line) == expected


def test_parse_numbers_for_options_order_and_match() -> None:
    played = by_key(GameSession([every_type_pack()], seed=1))
    assert parse_response(played["choice"], "2") == played["choice"].options[1]
    assert parse_response(played["multi"], "3, 1 1") == [
        played["multi"].options[2],
        played["multi"].options[0],
    ]
    order = played["order"]
    assert parse_response(order, "3 1 2") == [order.options[2], order.options[0], order.options[1]]
    match = played["match"]
    assert parse_response(match, "1 1 2") == dict(
        zip(match.lefts, [match.options[0], match.options[0], match.options[1]], strict=True)
    )


@pytest.mark.parametrize(
    ("key", "line", "message"),
    [
        ("choice", "4", "from 1 to 3"),
        ("choice", "Brussels", "from 1 to 3"),
        ("choice", "1 2", "1 number"),
        ("truefalse", "maybe", "t (true) or f (false)"),
        ("numeric", "two", "type a number"),
        ("text", "   ", "type an answer"),
        ("order", "1 1 2", "each number once"),
        ("order", "1 2", "3 numbers"),
        ("match", "1 2", "3 numbers"),
    ],
)
def test_bad_lines_explain_the_expected_form(key: str, line: str, message: str) -> None:
    played = by_key(GameSession([every_type_pack()], seed=1))[key]
    with pytest.raises(InputProblem, match=re.escape(message)):
        parse_response(played, line)


def scripted_game(session: GameSession, lines: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    status = play_plain(session, io.StringIO("".join(line + "\n" for line in lines)), out)
    return status, out.getvalue()


def test_a_whole_game_with_a_typo_a_hint_and_feedback(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([every_type_pack()], seed=4, store=store, players=["Ada"])
    session.start()
    lines = []
    for played in session.played:
        if played.key == "choice":
            lines += ["nine", "?"]
        lines.append(answer_line(played, right_answer(played)))
    status, out = scripted_game(session, lines)
    assert status == 0
    assert "Please type 1 number from 1 to 3." in out
    assert "Hint: Capital of Belgium." in out
    assert "Correct. " in out and "Why: It was in Brussels." in out
    assert 'Source: "an EU summit in Brussels" (DW, NATO: US, Europe need each other,' in out
    assert "as of 13 November 2016" in out
    assert "Ada: " in out and "7 of 7 correct" in out
    (game,) = store.games()
    assert game.status == "finished"
    assert len(store.answers(game.id)) == 7
    assert [a.hint_used for a in store.answers(game.id)].count(True) == 1


def test_end_of_input_leaves_the_game_unfinished_and_resumable(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([every_type_pack()], seed=4, store=store)
    session.start()
    first_two = [answer_line(p, right_answer(p)) for p in session.played[:2]]
    status, out = scripted_game(session, first_two)
    assert status == 3
    assert "saved as unfinished" in out
    (game,) = store.unfinished_games()
    assert len(store.answers(game.id)) == 2
    resumed = GameSession.resume(store, [game], [every_type_pack()])
    assert resumed.position == 2 and resumed.players[0].score == 210
    rest = [answer_line(p, right_answer(p)) for p in resumed.played[2:]]
    status, out = scripted_game(resumed, rest)
    assert status == 0
    assert store.game(game.id).status == "finished"
    assert store.game(game.id).correct == 7


def test_exam_mode_prints_feedback_only_in_the_review() -> None:
    session = GameSession([every_type_pack()], seed=4, mode="exam")
    lines = [answer_line(p, right_answer(p)) for p in session.played] + ["submit"]
    status, out = scripted_game(session, lines)
    assert status == 0
    game_part, review = out.split("Review:")
    assert "Why:" not in game_part
    assert review.count("Why:") == 7


def test_hot_seat_prompt_names_whose_turn_it_is() -> None:
    session = GameSession([every_type_pack()], seed=4, players=["Ada", "Ben"], questions=1)
    played = session.played[0]
    status, out = scripted_game(session, [answer_line(played, right_answer(played))] * 2)
    assert status == 0
    assert out.index("Ada's turn.") < out.index("Ben's turn.")
    assert "Ada: 100 of 100" in out and "Ben: 100 of 100" in out


def test_the_nato_pack_in_plain_mode_through_the_command(tmp_path: Path) -> None:
    pack = load_pack(NATO)
    plan = GameSession([pack], seed=2016, questions=12)
    lines = [answer_line(p, right_answer(p)) for p in plan.played]
    hinted = next(i for i, p in enumerate(plan.played) if p.question.hint)
    lines.insert(hinted, "?")
    db = tmp_path / "scores.sqlite3"
    env = {**os.environ, "CIVIC_QUIZ_DB": str(db)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "play",
            "nato-us-europe-2016",
            "--plain",
            "--seed",
            "2016",
            "--questions",
            "12",
            "--player",
            "Ada",
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Question 12 of 12" in result.stdout
    assert "12 of 12 correct" in result.stdout
    assert "Hint: " in result.stdout
    assert "Leaderboard:" in result.stdout and "> 1. Ada" in result.stdout
    assert "Traceback" not in result.stderr
    with ScoreStore(db) as store:
        (game,) = store.games(GameFilter(player="Ada"))
        assert (game.status, game.correct, game.pack_id) == ("finished", 12, "nato-us-europe-2016")
    scores = subprocess.run(
        [sys.executable, "-m", "game", "scores", "--format", "csv"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    header, row = scores.stdout.strip().splitlines()
    assert header.startswith("player,pack,mode,score,max_score,correct,total,status")
    assert row.startswith("Ada,nato-us-europe-2016,classic,")


def test_input_ending_mid_question_keeps_its_time_in_timed_mode(tmp_path: Path) -> None:
    class Clock:
        now = 100.0

        def __call__(self) -> float:
            return self.now

    clock = Clock()
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([every_type_pack()], mode="timed", seed=4, store=store, clock=clock)
    session.start()

    class SlowInput(io.StringIO):
        """The player thinks for 20 seconds, then input ends."""

        def readline(self, *args: object) -> str:
            clock.now += 20
            return ""

    status = play_plain(session, SlowInput(), io.StringIO())
    assert status == 3
    (game,) = store.unfinished_games()
    assert (game.pending_position, game.pending_seconds) == (0, pytest.approx(20))

    clock.now = 7.0  # another process, another monotonic origin
    resumed = GameSession.resume(store, [game], [every_type_pack()], clock=clock)
    first = resumed.current
    assert resumed.time_left() == pytest.approx(10)
    status, out = scripted_game(resumed, [answer_line(first, right_answer(first))])
    assert "10 seconds left" in out
    (answer, *_) = store.answers(game.id)
    assert answer.seconds == pytest.approx(20)


def test_a_resumed_question_whose_time_ran_out_is_no_answer(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([every_type_pack()], mode="timed", seed=4, store=store)
    session.start()
    session.release()
    store.keep_time(session.players[0].game_id, 0, 31.0)  # type: ignore[arg-type]
    (game,) = store.unfinished_games()
    resumed = GameSession.resume(store, [game], [every_type_pack()])
    status, out = scripted_game(resumed, [])
    assert status == 3
    assert "Time is up" in out
    (answer,) = store.answers(game.id)
    assert answer.answer_json == "null" and answer.points == 0


def test_the_word_flag_flags_the_question_and_asks_it_again(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([every_type_pack()], seed=4, store=store, players=["Ada"], questions=2)
    session.start()
    first, second = session.played
    lines = [
        "flag out of date: the summit moved",
        answer_line(first, right_answer(first)),
        "FLAG unclear",
        answer_line(second, right_answer(second)),
    ]
    status, out = scripted_game(session, lines)
    assert status == 0
    assert "To flag a question for your teacher, type flag" in out.splitlines()[1]
    assert "Flagged as out of date: thank you." in out
    assert "Flagged as unclear: thank you." in out
    assert "2 of 2 correct" in out
    saved = sorted(store.flags(), key=lambda f: f.id)
    assert [(f.question_id, f.reason, f.note) for f in saved] == [
        (first.question.id, "out-of-date", "the summit moved"),
        (second.question.id, "unclear", ""),
    ]
    (game,) = store.games()
    assert len(store.answers(game.id)) == 2  # a flag is not an answer
    # The flag comes before the question's feedback: the question was asked again.
    assert out.index("Flagged as out of date") < out.index("Correct. ")


def test_a_bad_flag_line_says_why_and_asks_again(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([every_type_pack()], seed=4, store=store, questions=1)
    session.start()
    (played,) = session.played
    status, out = scripted_game(
        session, ["flag boring", "flag", answer_line(played, right_answer(played))]
    )
    assert status == 0
    assert (
        "Not flagged: 'boring' is not a reason to flag a question; the reasons are: wrong,"
        " out of date, unclear." in out
    )
    assert "Not flagged: flag what?; the reasons are: wrong, out of date, unclear." in out
    assert store.flags() == []
    assert "1 of 1 correct" in out


def test_a_flag_that_cannot_be_saved_is_said_and_the_game_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.store import StoreError

    def refuse(self: ScoreStore, **_: object) -> int:
        raise StoreError("the disk is full")

    monkeypatch.setattr(ScoreStore, "add_flag", refuse)
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([every_type_pack()], seed=4, store=store, questions=1)
    session.start()
    (played,) = session.played
    status, out = scripted_game(session, ["flag wrong", answer_line(played, right_answer(played))])
    assert status == 0
    assert "The flag could not be saved: the disk is full. The game goes on." in out
    assert "Flagged as" not in out
    assert "1 of 1 correct" in out


def test_a_game_not_saved_does_not_offer_flags_and_says_why_it_cannot() -> None:
    session = GameSession([every_type_pack()], seed=4, questions=1)
    (played,) = session.played
    status, out = scripted_game(session, ["flag wrong", answer_line(played, right_answer(played))])
    assert status == 0
    assert "To flag a question" not in out
    assert "Not flagged: this game is played without saving scores" in out
    assert "1 of 1 correct" in out


def test_a_text_answer_that_only_starts_like_flag_is_an_answer() -> None:
    session = GameSession([every_type_pack()], seed=4, questions=7)
    text = next(p for p in session.played if p.question.type == "text")
    lines = ["flagship" if p is text else answer_line(p, right_answer(p)) for p in session.played]
    status, out = scripted_game(session, lines)
    assert status == 0
    assert "Not flagged" not in out and "You answered: flagship" in out
