"""Evidence and claim questions played everywhere the other kinds are: plain mode, hot-seat,
exam, timed and practice modes through the session, and the item analysis of stats."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from game.kinds import kind_of
from game.plain.play import play_plain
from game.play.practice import PracticeRecorder, plan_round
from game.play.session import GameSession, PlayedQuestion
from game.reports.stats import item_analysis
from game.store import ScoreStore
from tests.kinds.media import media_pack

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def right(played: PlayedQuestion) -> str:
    """The option that earns full credit."""
    kind = kind_of(played.question)
    return next(o for o in played.options if kind.grade(played.question, o).correct)


def wrong(played: PlayedQuestion) -> str:
    """An option that earns nothing."""
    kind = kind_of(played.question)
    return next(o for o in played.options if not kind.grade(played.question, o).correct)


def line_for(played: PlayedQuestion, option: str) -> str:
    return str(played.options.index(option) + 1)


def test_a_whole_plain_game_with_feedback_in_context(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([media_pack()], seed=3, store=store, players=["Ada"])
    session.start()
    lines = []
    for played in session.played:
        if played.key == "clause-once":
            lines.append("0")  # out of range: asked again
            lines.append(line_for(played, wrong(played)))
        else:
            lines.append(line_for(played, right(played)))
    out = io.StringIO()
    status = play_plain(session, io.StringIO("".join(f"{line}\n" for line in lines)), out)
    text = out.getvalue()
    assert status == 0
    assert "Please type 1 number from 1 to 4." in text
    assert "Which sentence of the article supports this claim? \u201cNATO's" in text
    assert "  4. " in text  # four numbered sentences
    assert "In the article: \u2026 Stoltenberg took the opportunity" in text
    assert 'The answer: "The only time NATO has invoked its self-defense clause' in text
    assert "Said by: Jens Stoltenberg" in text
    assert "Who said it? \u201cGoing it alone is not an option" in text
    assert "5 of 6 correct" in text
    (game,) = store.games()
    assert game.status == "finished" and game.correct == 5
    answers = {a.question_id: a for a in store.answers(game.id)}
    assert answers["famously"].answer_text == "The publication's own characterisation"
    assert answers["clause-once"].credit == 0.0


def test_hot_seat_players_answer_each_question_in_turn() -> None:
    session = GameSession([media_pack()], players=["Ada", "Ben"], seed=5)
    while not session.is_over:
        if session.state == "feedback":
            session.advance()
            continue
        played = session.current
        pick = right(played) if session.player.name == "Ada" else wrong(played)
        session.answer(pick, seconds=2)
    ada, ben = session.players
    assert ada.correct == 6 and ben.correct == 0
    assert ada.score > ben.score == 0


def test_exam_mode_gives_no_feedback_until_the_review(tmp_path: Path) -> None:
    session = GameSession([media_pack()], mode="exam", seed=2)
    # An exam ends in a list of the answers to change; `submit` ends it on purpose.
    lines = [*(line_for(p, right(p)) for p in session.played), "submit"]
    out = io.StringIO()
    assert play_plain(session, io.StringIO("".join(f"{x}\n" for x in lines)), out) == 0
    text = out.getvalue()
    before_review, review = text.split("Review:")
    assert "In the article:" not in before_review
    assert "In the article: \u2026" in review
    assert session.players[0].correct == 6


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_timed_mode_counts_the_time_of_long_sentences_too() -> None:
    clock = FakeClock()
    session = GameSession([media_pack()], mode="timed", seed=1, clock=clock)
    assert session.current.time_limit == 30
    clock.now += 10
    fast = session.answer(right(session.current))
    session.advance()
    clock.now += 31
    late = session.answer(right(session.current))
    assert fast.correct and fast.points > 0
    assert late.timed_out and late.points == 0


class MemoryCards:
    def __init__(self) -> None:
        self.rows: dict[str, object] = {}

    def cards(self, player: str, pack_id: str) -> dict:  # type: ignore[type-arg]
        return dict(self.rows)  # type: ignore[arg-type]

    def save_card(self, player: str, pack_id: str, card: object) -> None:
        self.rows[card.question_id] = card  # type: ignore[attr-defined]


def test_practice_schedules_the_media_questions() -> None:
    pack = media_pack()
    cards = MemoryCards()
    keys = plan_round(pack, cards.cards("Ada", pack.id), START)
    assert sorted(keys) == sorted(q.id for q in pack.questions)
    recorder = PracticeRecorder(cards, "Ada", pack, lambda: START)  # type: ignore[arg-type]
    session = GameSession(
        [pack], players=["Ada"], mode="practice", question_keys=keys, after_answer=recorder.record
    )
    while not session.is_over:
        if session.state == "feedback":
            session.advance()
            continue
        played = session.current
        session.answer(wrong(played) if played.key == "famously" else right(played), seconds=5)
    assert len(cards.rows) == 6
    again = plan_round(media_pack(), cards.cards("Ada", pack.id), START + dt.timedelta(hours=1))
    assert again[0] == "famously"  # answered wrong: due first; the pack loads the same cards


def test_the_item_analysis_covers_the_media_questions(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    for seed, player in enumerate(["Ada", "Ben", "Cleo"]):
        session = GameSession([media_pack()], seed=seed, store=store, players=[player])
        session.start()
        while not session.is_over:
            if session.state == "feedback":
                session.advance()
                continue
            played = session.current
            wrong_one = player != "Ada" and played.key == "clause-once"
            session.answer(wrong(played) if wrong_one else right(played), seconds=3)
    stats = item_analysis(store, "media-literacy")
    items = {item.question_id: item for item in stats.items}
    assert set(items) == {q.id for q in media_pack().questions}
    assert items["clause-once"].facility is not None
    assert round(items["clause-once"].facility) == 33
    assert items["famously"].facility == 100
    clause = media_pack().question("clause-once")
    assert items["clause-once"].common_wrong_answer in clause.option_texts  # type: ignore[attr-defined]
    assert not clause.is_answer(items["clause-once"].common_wrong_answer)  # type: ignore[attr-defined]
