"""Fair answers in the engine (issue 22): articles by the pack's language, typos shown with
their right spelling (also after resuming), and the exam's review before submitting."""

from __future__ import annotations

from pathlib import Path

from game.packs.loader import check_pack_text
from game.packs.model import Pack
from game.session import GameSession
from game.store import ScoreStore
from tests.sample_packs import EVERY_TYPE, every_type_pack, right_answer


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
