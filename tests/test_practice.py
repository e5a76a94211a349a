"""Practice mode: ratings from outcomes, rounds of due cards first, and cards that persist."""

from __future__ import annotations

import datetime as dt

import pytest
from fsrs import Rating

from game.play.practice import (
    PracticeRecorder,
    StoredCard,
    due_count,
    plan_round,
    question_hash,
    rating_for,
)
from game.play.session import GameSession
from tests.sample_packs import every_type_pack, right_answer, wrong_answer

DAY = dt.timedelta(days=1)
START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


class MemoryCards:
    """A CardStore kept in a dict, as the score store keeps it in a table."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], dict[str, StoredCard]] = {}

    def cards(self, player: str, pack_id: str) -> dict[str, StoredCard]:
        return dict(self.rows.get((player, pack_id), {}))

    def save_card(self, player: str, pack_id: str, card: StoredCard) -> None:
        self.rows.setdefault((player, pack_id), {})[card.question_id] = card


class Clock:
    def __init__(self, when: dt.datetime) -> None:
        self.when = when

    def __call__(self) -> dt.datetime:
        return self.when


def practise(
    store: MemoryCards,
    clock: Clock,
    answers: dict[str, bool],
    limit: int = 10,
    seconds: float = 12.0,
    hint: str | None = None,
) -> list[str]:
    """Play one practice round; `answers` says which question ids are answered right."""
    pack = every_type_pack()
    keys = plan_round(pack, store.cards("Ada", pack.id), clock(), limit)
    recorder = PracticeRecorder(store, "Ada", pack, clock)
    session = GameSession(
        [pack], players=["Ada"], mode="practice", question_keys=keys, after_answer=recorder.record
    )
    while not session.is_over:
        if session.state == "feedback":
            session.advance()
            continue
        played = session.current
        if played.key == hint:
            session.use_hint()
        good = answers.get(played.key, True)
        session.answer(right_answer(played) if good else wrong_answer(played), seconds=seconds)
    return keys


def outcome_of(correct: bool, seconds: float, hint: bool = False):
    session = GameSession([every_type_pack()], question_keys=["choice"])
    played = session.current
    if hint:
        assert session.use_hint() is not None
    return session.answer(
        right_answer(played) if correct else wrong_answer(played), seconds=seconds
    )


@pytest.mark.parametrize(
    ("correct", "seconds", "hint", "rating"),
    [
        (False, 1, False, Rating.Again),
        (True, 31, False, Rating.Hard),
        (True, 20, True, Rating.Hard),
        (True, 9.9, False, Rating.Easy),
        (True, 10, False, Rating.Good),
        (True, 30, False, Rating.Good),
    ],
)
def test_ratings_from_outcomes(correct: bool, seconds: float, hint: bool, rating: Rating) -> None:
    outcome = outcome_of(correct, seconds, hint)
    assert rating_for(outcome, 30) == rating


def test_a_first_round_serves_new_questions_up_to_the_limit() -> None:
    store = MemoryCards()
    keys = practise(store, Clock(START), {}, limit=4)
    assert keys == [q.id for q in every_type_pack().questions][:4]
    assert len(store.cards("Ada", "every-type")) == 4


def test_missed_questions_come_back_first() -> None:
    store, clock = MemoryCards(), Clock(START)
    missed = {"multi": False, "order": False}
    practise(store, clock, missed)
    clock.when = START + DAY
    keys = practise(store, clock, {})
    assert keys[:2] == ["multi", "order"]
    assert due_count(every_type_pack(), store.cards("Ada", "every-type"), clock()) == 0


def test_wrong_is_due_before_right_and_easy_intervals_grow() -> None:
    store, clock = MemoryCards(), Clock(START)
    practise(store, clock, {"choice": False}, seconds=5)  # the rest: right and fast (easy)
    cards = store.cards("Ada", "every-type")
    assert cards["choice"].due < cards["text"].due
    first_interval = cards["text"].due - START
    clock.when = cards["text"].due
    practise(store, clock, {}, seconds=5)
    second_interval = store.cards("Ada", "every-type")["text"].due - clock.when
    assert second_interval > first_interval


def test_nothing_due_the_next_minute_after_all_easy() -> None:
    store, clock = MemoryCards(), Clock(START)
    practise(store, clock, {}, seconds=5)
    clock.when = START + dt.timedelta(minutes=1)
    assert plan_round(every_type_pack(), store.cards("Ada", "every-type"), clock()) == []


def test_a_changed_question_starts_as_a_new_card() -> None:
    store, clock = MemoryCards(), Clock(START)
    practise(store, clock, {}, seconds=5)
    pack = every_type_pack()
    changed = pack.question("text").model_copy(update={"prompt": "Which city, again?"})
    assert question_hash(changed) != question_hash(pack.question("text"))
    pack = pack.model_copy(update={"questions": [changed, *pack.questions[1:]]})
    assert plan_round(pack, store.cards("Ada", "every-type"), START + DAY) == ["text"]


def test_a_damaged_card_row_starts_again() -> None:
    store = MemoryCards()
    pack = every_type_pack()
    question = pack.question("choice")
    store.save_card("Ada", pack.id, StoredCard("choice", question_hash(question), "{oops", START))
    assert plan_round(pack, store.cards("Ada", pack.id), START)[0] == "choice"


def test_cards_survive_a_restart_in_the_score_store(tmp_path) -> None:
    from game.store import ScoreStore

    db = tmp_path / "scores.sqlite3"
    clock = Clock(START)
    with ScoreStore(db) as store:
        practise(store, clock, {"numeric": False})
    clock.when = START + DAY
    with ScoreStore(db) as store:
        cards = store.cards("Ada", "every-type")
        assert set(cards) == {q.id for q in every_type_pack().questions}
        assert cards["numeric"].due < cards["choice"].due
        keys = practise(store, clock, {})
        assert keys[0] == "numeric"
        assert store.cards("Ben", "every-type") == {}


def test_two_days_of_practice_on_the_nato_pack_through_launch(tmp_path) -> None:
    from game.packs.catalog import load_catalog
    from game.play.launch import GameRequest, build_session, due_counts
    from game.store import ScoreStore
    from tests.conftest import REPO

    # The NATO pack as it was before issue 13 (seven classic types, which right_answer and
    # wrong_answer know): the practice schedule is the point, not the bundled pack's content.
    classic = REPO / "tests" / "packs" / "data" / "nato-2016-classic"
    catalog = load_catalog([classic], cache_dir=tmp_path / "cache")
    clock = Clock(START)
    request = GameRequest(
        packs=("nato-2016-classic",), players=("Ada",), mode="practice", questions=8
    )
    missed: list[str] = []
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        session = build_session(request, catalog, store, now=clock)
        for number in range(8):
            played = session.current
            if number % 3 == 0:
                missed.append(played.key)
                session.answer(wrong_answer(played), seconds=5)
            else:
                session.answer(right_answer(played), seconds=5)
            session.advance()
        assert session.is_over
        clock.when = START + DAY
        assert due_counts(store, catalog, "Ada", clock())["nato-2016-classic"] >= len(missed)
        tomorrow = build_session(request, catalog, store, now=clock)
        assert {p.key for p in tomorrow.played[: len(missed)]} == set(missed)


def test_plain_practice_says_when_questions_come_back(tmp_path) -> None:
    import io

    from game.packs.catalog import load_catalog
    from game.plain.play import play_plain
    from game.play.launch import GameRequest, build_session
    from game.store import ScoreStore
    from tests.ui.helpers import QUESTIONS, pack_data, write_pack

    packs = tmp_path / "packs"
    write_pack(packs, pack_data("two", [QUESTIONS["truefalse"], QUESTIONS["choice"]]))
    catalog = load_catalog([packs], cache_dir=tmp_path / "cache")
    request = GameRequest(packs=("two",), players=("Ada",), mode="practice")
    out = io.StringIO()
    with ScoreStore(tmp_path / "scores.sqlite3") as store:
        session = build_session(request, catalog, store, now=Clock(START))
        answers = "".join("f\n" if p.key == "truefalse" else "9\n1\n" for p in session.played)
        assert play_plain(session, io.StringIO(answers), out) == 0
    text = out.getvalue()
    assert "Game over" not in text and "best streak" not in text
    assert "Practice: Two" in text
    assert "Ada: 2 questions practised" in text
    assert text.count("Comes back in ") >= 2  # in each feedback
    assert "When each question comes back:" in text
