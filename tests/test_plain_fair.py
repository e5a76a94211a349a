"""Plain mode's share of issue 22: a typo's right spelling, and the exam's review."""

from __future__ import annotations

import io
from pathlib import Path

from game.plain.play import play_plain
from game.play.session import GameSession
from game.store import ScoreStore
from tests.sample_packs import every_type_pack, right_answer, wrong_answer
from tests.test_plain import answer_line


def lines_for(session: GameSession, typo: str = "Brusels") -> list[str]:
    """Right answers, with `typo` for the text question."""
    return [typo if p.key == "text" else answer_line(p, right_answer(p)) for p in session.played]


def test_a_typo_is_shown_with_its_right_spelling() -> None:
    session = GameSession([every_type_pack()], seed=4)
    out = io.StringIO()
    status = play_plain(session, io.StringIO("\n".join(lines_for(session)) + "\n"), out)
    assert status == 0
    assert "Correct (the right spelling: Brussels). " in out.getvalue()


def test_an_exam_review_changes_an_answer_then_submits(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([every_type_pack()], seed=4, mode="exam", store=store)
    session.start()
    text = next(p for p in session.played if p.key == "text")
    lines = [answer_line(p, wrong_answer(p)) for p in session.played]
    lines += ["9", "nonsense", str(text.number), "Brussels", "submit"]
    out = io.StringIO()
    status = play_plain(session, io.StringIO("\n".join(lines) + "\n"), out)
    printed = out.getvalue()
    assert status == 0
    before, after = printed.split("Game over.")
    assert "Your answers, before you submit them:" in before
    assert f"  {text.number}. Which city?\n     You answered: Nowhere at all" in before
    assert "Type a number from 1 to 7, or submit." in before  # 9 and nonsense
    assert "Changed: you answered Brussels." in before
    assert "Why:" not in before  # nothing is given away before submitting
    assert "1 of 7 correct" in after
    (game,) = store.games()
    assert game.status == "finished" and game.correct == 1
    assert store.answers(game.id)[text.position].answer_text == "Brussels"


def test_an_exam_left_in_review_resumes_in_review(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([every_type_pack()], seed=4, mode="exam", store=store)
    session.start()
    lines = [answer_line(p, right_answer(p)) for p in session.played]
    status = play_plain(session, io.StringIO("\n".join(lines) + "\n"), io.StringIO())
    assert status == 3  # input ended in the review: kept, unfinished
    (game,) = store.unfinished_games()
    resumed = GameSession.resume(store, [game], [every_type_pack()])
    out = io.StringIO()
    status = play_plain(resumed, io.StringIO("submit\n"), out)
    assert status == 0
    assert out.getvalue().index("before you submit them") < out.getvalue().index("Game over.")
    assert store.game(game.id).status == "finished" and store.game(game.id).correct == 7


def test_an_empty_line_keeps_the_answer() -> None:
    session = GameSession([every_type_pack()], seed=4, mode="exam")
    lines = [answer_line(p, right_answer(p)) for p in session.played] + ["1", "", "submit"]
    out = io.StringIO()
    assert play_plain(session, io.StringIO("\n".join(lines) + "\n"), out) == 0
    assert "Your answer is kept." in out.getvalue()
    assert "7 of 7 correct" in out.getvalue()
