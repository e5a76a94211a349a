"""A game's maximum is real (issue 12, "1350 of 1000 points"): no way of playing a game, in
any mode or scoring, scores above `GameSession.max_score`, and a perfect game reaches it."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.packs.loader import check_pack_text
from game.packs.model import Pack
from game.play.scoring import MODES, SCORINGS, Mode, Scoring
from game.play.session import GameSession
from tests.sample_packs import EVERY_TYPE, right_answer, wrong_answer

QUESTIONS = EVERY_TYPE.count("    type: ")


def pack_with_points(points: list[int], scoring: Scoring) -> Pack:
    """The every-type pack with these points, one per question in file order."""
    values = iter(points)
    text = re.sub(
        r"(    type: \w+\n)",
        lambda match: f"{match.group(1)}    points: {next(values)}\n",
        EVERY_TYPE.format(pack_id="points"),
    )
    text = text.replace("questions:\n", f"defaults:\n  scoring: {scoring}\nquestions:\n", 1)
    checked = check_pack_text(text, display="points.yaml")
    assert checked.pack is not None, [p.format() for p in checked.problems]
    return checked.pack


TURN = st.tuples(
    st.sampled_from(["right", "wrong"]),
    st.booleans(),  # take the hint when there is one
    st.floats(min_value=0.0, max_value=90.0),  # seconds taken
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    points=st.lists(st.integers(min_value=1, max_value=500), min_size=QUESTIONS, max_size=7),
    mode=st.sampled_from([m for m in MODES if m != "practice"]),
    scoring=st.sampled_from(SCORINGS),
    players=st.integers(min_value=1, max_value=2),
    seed=st.integers(min_value=0, max_value=1000),
    turns=st.lists(TURN, min_size=16, max_size=16),  # 7 questions x 2, then reviews
)
def test_no_game_scores_above_its_maximum(
    points: list[int],
    mode: Mode,
    scoring: Scoring,
    players: int,
    seed: int,
    turns: list[tuple[str, bool, float]],
) -> None:
    session = GameSession(
        [pack_with_points(points, scoring)],
        players=[f"P{n}" for n in range(players)],
        mode=mode,
        seed=seed,
    )
    assert session.scoring == scoring
    moves = iter(turns)
    while not session.is_over:
        if session.state == "feedback":
            session.advance()
            continue
        if session.state == "review":
            # An exam's review: change the first answer with a move left, if any, then
            # submit; a changed answer counts the streaks again, within the maximum too.
            move = next(moves, None)
            if move is not None:
                first = session.review_outcomes()[0].played
                answer = right_answer if move[0] == "right" else wrong_answer
                session.change_answer(first.position, answer(first))
                assert 0 <= session.player.score <= session.max_score
            session.submit()
            continue
        kind, hint, seconds = next(moves)
        if hint:
            session.use_hint()
        answer = right_answer if kind == "right" else wrong_answer
        session.answer(answer(session.current), seconds=seconds)
    for player in session.players:
        assert 0 <= player.score <= session.max_score


def test_a_perfect_game_reaches_its_maximum_exactly() -> None:
    for scoring in SCORINGS:
        session = GameSession([pack_with_points([50, 100, 150, 200, 10, 20, 30], scoring)])
        while not session.is_over:
            if session.state == "feedback":
                session.advance()
            else:
                session.answer(right_answer(session.current), seconds=0.0)
        assert session.players[0].score == session.max_score
        plain_sum = sum(p.points for p in session.played)
        assert (session.max_score > plain_sum) == (scoring == "standard")
