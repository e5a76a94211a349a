"""Fair answers in the engine (issue 22): articles by the pack's language, typos shown with
their right spelling (also after resuming), and the exam's review before submitting."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.packs.loader import check_pack_text
from game.packs.model import Pack
from game.play.players import GameError
from game.play.session import GameSession
from game.store import ScoreStore
from tests.sample_packs import EVERY_TYPE, every_type_pack, right_answer, wrong_answer


def german_pack() -> Pack:
    """The pack of every type, said to be in German."""
    text = EVERY_TYPE.format(pack_id="jede-art").replace("title:", "language: de\ntitle:", 1)
    checked = check_pack_text(text, display="jede-art.yaml")
    assert checked.pack is not None
    return checked.pack


def to_question(session: GameSession, key: str) -> None:
    """Answer rightly until the question `key` is asked."""
    while session.current.key != key:
        if session.state == "feedback":
            session.advance()
        else:
            session.answer(right_answer(session.current), seconds=1.0)
    if session.state == "feedback":
        session.advance()


def test_a_leading_article_is_ignored_by_the_packs_language() -> None:
    english = GameSession([every_type_pack()], seed=1, questions=None)
    to_question(english, "text")
    assert english.answer("the Brussels", seconds=1).correct
    german = GameSession([german_pack()], seed=1)
    to_question(german, "text")
    assert not german.answer("the Brussels", seconds=1).correct  # "the" is no German article


def test_a_typo_shows_the_right_spelling_in_the_verdict(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([every_type_pack()], seed=1, store=store)
    session.start()
    to_question(session, "text")
    outcome = session.answer("Brusels", seconds=1)
    assert outcome.correct
    assert outcome.verdict == "Correct (the right spelling: Brussels)"
    session.release()
    # Resumed, the stored answer still shows it (an exam's results come after resuming).
    (game,) = store.unfinished_games()
    resumed = GameSession.resume(store, [game], [every_type_pack()])
    (typo,) = [o for o in resumed.players[0].outcomes if o.played.key == "text"]
    assert typo.verdict == "Correct (the right spelling: Brussels)"
    resumed.release()


def test_an_exact_answer_has_no_spelling_note() -> None:
    session = GameSession([every_type_pack()], seed=1)
    to_question(session, "text")
    assert session.answer("brussels", seconds=1).verdict == "Correct"


# --- the exam's review --------------------------------------------------------------------


def exam_in_review(store: ScoreStore | None = None) -> GameSession:
    """An exam of every type answered wrongly, in its review."""
    session = GameSession([every_type_pack()], seed=1, mode="exam", store=store)
    session.start()
    while session.state == "question":
        session.answer(wrong_answer(session.current), seconds=2.0)
    return session


def test_an_exam_ends_in_review_and_finishes_only_when_submitted(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = exam_in_review(store)
    assert session.in_review and not session.is_over
    assert [o.played.position for o in session.review_outcomes()] == list(range(7))
    (game,) = store.games()
    assert game.status == "active"  # not finished by the last answer
    session.submit()
    assert session.is_over and store.game(game.id).status == "finished"


def test_a_changed_answer_is_stored_before_it_counts(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = exam_in_review(store)
    (game,) = store.games()
    first, second = session.played[0], session.played[1]
    changed = session.change_answer(first.position, right_answer(first))
    assert changed.correct and changed.points == 100 and changed.streak == 1
    assert session.players[0].score == 100 and session.players[0].correct == 1
    stored = store.answers(game.id)[first.position]
    assert stored.credit == 1.0 and stored.points == 100
    assert (store.game(game.id).score, store.game(game.id).correct) == (100, 1)
    # The next one right too: its streak bonus (+10%) is counted, as in play.
    session.change_answer(second.position, right_answer(second))
    assert [o.points for o in session.review_outcomes()][:2] == [100, 110]
    assert store.game(game.id).score == 210 == session.players[0].score
    # Changed back to wrong, the first one takes the second's bonus away, in the store too.
    session.change_answer(first.position, wrong_answer(first))
    assert [o.points for o in session.review_outcomes()][:2] == [0, 100]
    assert [a.points for a in store.answers(game.id)][:2] == [0, 100]
    assert store.game(game.id).score == 100 and store.game(game.id).correct == 1
    assert len(store.answers(game.id)) == 7  # replaced, never added
    session.submit()
    assert store.game(game.id).status == "finished"


class FailingStore:
    """A store whose changes of answers fail."""

    def __init__(self, store: ScoreStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    def replace_answers(self, *args: object, **kwargs: object) -> None:
        from game.store import StoreError

        raise StoreError("the disk is full")


def test_a_change_that_cannot_be_saved_changes_nothing(tmp_path: Path) -> None:
    from game.play.session import AnswerNotSaved

    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = exam_in_review(store)
    session.store = FailingStore(store)  # type: ignore[assignment]
    first = session.played[0]
    with pytest.raises(AnswerNotSaved, match="the disk is full"):
        session.change_answer(first.position, right_answer(first))
    assert session.players[0].score == 0 and not session.review_outcomes()[0].correct
    assert session.in_review


def test_answers_change_only_in_review_and_only_answered_ones() -> None:
    session = GameSession([every_type_pack()], seed=1, mode="exam")
    with pytest.raises(GameError, match="review"):
        session.change_answer(0, right_answer(session.played[0]))
    with pytest.raises(GameError, match="no review"):
        session.submit()
    session = exam_in_review()
    with pytest.raises(GameError, match="question 8"):
        session.change_answer(7, "x")
    text = next(p for p in session.played if p.key == "text")
    with pytest.raises(TypeError):
        session.change_answer(text.position, 42)  # the wrong shape: nothing changes
    assert session.players[0].score == 0


def test_a_game_left_in_review_resumes_in_review(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = exam_in_review(store)
    first = session.played[0]
    session.change_answer(first.position, right_answer(first))
    session.release()
    (game,) = store.unfinished_games()
    resumed = GameSession.resume(store, [game], [every_type_pack()])
    assert resumed.in_review and resumed.players[0].score == 100
    assert resumed.review_outcomes()[0].correct
    resumed.submit()
    assert store.game(game.id).status == "finished"


def test_hot_seat_players_each_review_then_the_game_is_over() -> None:
    session = GameSession([every_type_pack()], seed=1, mode="exam", players=["Ada", "Ben"])
    while session.state == "question":
        session.answer(wrong_answer(session.current), seconds=1.0)
    assert session.in_review and session.player.name == "Ada"
    session.submit()
    assert session.in_review and session.player.name == "Ben"
    first = session.played[0]
    session.change_answer(first.position, right_answer(first))
    assert [p.score for p in session.players] == [0, 100]
    session.submit()
    assert session.is_over
