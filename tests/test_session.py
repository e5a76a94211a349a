"""The game engine: seeded order, turns, feedback, hints, timing, streaks and modes."""

from __future__ import annotations

import pytest

from game.play.players import GameError, check_player_name
from game.play.session import GameSession, response_text
from tests.sample_packs import every_type_pack, right_answer, wrong_answer


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def play_through(session: GameSession, answer=right_answer) -> None:
    while not session.is_over:
        if session.state == "feedback":
            session.advance()
        else:
            session.answer(answer(session.current), seconds=1.0)


def test_the_seed_fixes_question_and_option_order() -> None:
    pack = every_type_pack()
    first = GameSession([pack], seed=42)
    again = GameSession([pack], seed=42)
    other = GameSession([pack], seed=7)
    assert [p.key for p in first.played] == [p.key for p in again.played]
    assert [p.options for p in first.played] == [p.options for p in again.played]
    assert ([p.key for p in first.played], [p.options for p in first.played]) != (
        [p.key for p in other.played],
        [p.options for p in other.played],
    )
    assert sorted(p.key for p in first.played) == sorted(q.id for q in pack.questions)


def test_order_and_match_are_never_shown_solved() -> None:
    pack = every_type_pack()
    for seed in range(30):
        session = GameSession([pack], seed=seed)
        by_key = {p.key: p for p in session.played}
        assert list(by_key["order"].options) != list(pack.question("order").items)
        rights = [p.right for p in pack.question("match").pairs]
        assert list(by_key["match"].options) != rights
        assert sorted(by_key["match"].options) == sorted(rights)


def test_shuffle_false_keeps_the_option_order() -> None:
    pack = every_type_pack()
    question = pack.question("choice").model_copy(update={"shuffle": False})
    pack = pack.model_copy(update={"questions": [question]})
    for seed in range(10):
        assert GameSession([pack], seed=seed).current.options == ("Brussels", "Paris", "Rome")


def test_classic_game_gives_feedback_then_finishes() -> None:
    session = GameSession([every_type_pack()], seed=1)
    outcome = session.answer(right_answer(session.current), seconds=2)
    assert session.state == "feedback"
    assert outcome.correct and outcome.verdict == "Correct"
    session.advance()
    assert session.state == "question" and session.position == 1
    play_through(session)
    player = session.players[0]
    assert session.is_over
    assert player.correct == 7
    assert player.best_streak == 7
    # streak bonus: 100, 110, 120, ... capped at 150
    assert [o.points for o in player.outcomes] == [100, 110, 120, 130, 140, 150, 150]
    assert player.score == 900
    assert session.max_score == 900  # a perfect game scores its maximum, never more (issue 12)


def test_exam_mode_has_no_feedback_state() -> None:
    session = GameSession([every_type_pack()], mode="exam", seed=1)
    states = []
    while session.state == "question":
        session.answer(wrong_answer(session.current), seconds=1)
        states.append(session.state)
    assert "feedback" not in states and states[-1] == "review"
    session.submit()
    assert session.is_over
    assert session.players[0].score == 0
    assert session.players[0].correct == 0


def test_wrong_and_partial_answers_break_the_streak() -> None:
    session = GameSession([every_type_pack()], seed=3, questions=3)
    session.answer(right_answer(session.current), seconds=1)
    session.advance()
    wrong = session.answer(wrong_answer(session.current), seconds=1)
    assert wrong.verdict == "Wrong" and wrong.points == 0 and wrong.streak == 0
    session.advance()
    again = session.answer(right_answer(session.current), seconds=1)
    assert again.streak == 1 and again.points == 100


def test_partial_credit_is_scored_and_named() -> None:
    pack = every_type_pack()
    session = GameSession([pack.model_copy(update={"questions": [pack.question("multi")]})])
    outcome = session.answer(["AP"], seconds=1)
    assert outcome.verdict == "Partly correct"
    assert outcome.points == 50
    assert outcome.correct_answer == "AP; Reuters"


def test_questions_limits_the_game() -> None:
    session = GameSession([every_type_pack()], seed=5, questions=3)
    assert len(session.played) == 3
    assert session.max_score == 100 + 110 + 120  # with the streak bonus
    assert [p.number for p in session.played] == [1, 2, 3]


def test_a_hint_halves_the_points_of_its_question_only() -> None:
    pack = every_type_pack()
    session = GameSession([pack], seed=1)
    while session.current.key != "choice":
        session.answer(wrong_answer(session.current), seconds=1)
        session.advance()
    assert session.use_hint() == "Capital of Belgium."
    outcome = session.answer("Brussels", seconds=1)
    assert outcome.hint_used and outcome.points == 50
    session.advance()
    if not session.is_over:
        assert not session.hint_used
        assert session.current.question.hint is None
        assert session.use_hint() is None


def test_timed_mode_uses_the_clock() -> None:
    clock = FakeClock()
    session = GameSession([every_type_pack()], mode="timed", seed=1, clock=clock)
    assert session.current.time_limit == 30
    clock.now += 15
    assert session.time_left() == pytest.approx(15)
    assert session.answer(right_answer(session.current)).points == 75
    session.advance()
    clock.now += 31
    assert session.time_left() == 0
    late = session.answer(right_answer(session.current))
    assert late.points == 0 and late.timed_out
    session.advance()
    timeout = session.answer(None)
    assert timeout.verdict == "Time is up" and timeout.response_text == "(no answer)"


def test_no_answer_in_classic_mode_is_not_a_timeout() -> None:
    session = GameSession([every_type_pack()], seed=1)
    assert session.answer(None).verdict == "No answer"
    assert session.time_left() is None


def test_hot_seat_players_take_turns_and_feedback_waits_for_all() -> None:
    session = GameSession([every_type_pack()], players=["Ada", "Ben"], seed=2, questions=2)
    assert session.player.name == "Ada"
    session.answer(right_answer(session.current), seconds=1)
    assert session.state == "question" and session.player.name == "Ben"
    session.answer(wrong_answer(session.current), seconds=1)
    assert session.state == "feedback"
    session.advance()
    assert session.player.name == "Ada" and session.position == 1
    play_through(session)
    ada, ben = session.players
    assert (ada.correct, ben.correct) == (2, 1)


def test_wrong_response_shape_changes_nothing() -> None:
    session = GameSession([every_type_pack()], seed=1)
    while session.current.key != "multi":
        session.answer(None)
        session.advance()
    before = (session.position, session.state, session.players[0].score)
    with pytest.raises(TypeError):
        session.answer("AP")
    assert (session.position, session.state, session.players[0].score) == before


def test_answering_out_of_turn_is_an_error() -> None:
    session = GameSession([every_type_pack()], seed=1)
    session.answer(None)
    with pytest.raises(GameError):
        session.answer(None)
    with pytest.raises(GameError):
        GameSession([every_type_pack()]).advance()


@pytest.mark.parametrize(
    ("players", "message"),
    [
        ([], "1 to 8"),
        (["A"] * 9, "1 to 8"),
        (["Ada", "ada"], "different"),
        ([" "], "empty"),
        (["x" * 41], "at most"),
        (["bad\x1bname"], "control"),
    ],
)
def test_bad_players_are_refused(players: list[str], message: str) -> None:
    with pytest.raises(GameError, match=message):
        GameSession([every_type_pack()], players=players)


def test_names_are_tidied_and_markup_kept_literally() -> None:
    assert check_player_name("  Ada   Lovelace ") == "Ada Lovelace"
    assert check_player_name("[bold]Ada[/]") == "[bold]Ada[/]"


def test_several_packs_prefix_question_keys_and_join_ids() -> None:
    session = GameSession([every_type_pack("one"), every_type_pack("two")], seed=1)
    assert session.pack_id == "one+two"
    assert len(session.played) == 14
    assert all("/" in p.key for p in session.played)


def test_pack_defaults_can_ask_for_accuracy_scoring() -> None:
    session = GameSession([every_type_pack(scoring="accuracy")], seed=1)
    assert session.scoring == "accuracy"
    play_through(session)
    assert session.players[0].score == session.max_score == 700


def test_as_of_and_source_line_come_from_the_pack() -> None:
    played = GameSession([every_type_pack()], seed=1).current
    assert played.as_of_text == "as of 13 November 2016"
    assert played.source_line == "DW, NATO: US, Europe need each other, 13 November 2016"


def test_response_text_is_readable() -> None:
    session = GameSession([every_type_pack()], seed=1)
    by_key = {p.key: p for p in session.played}
    assert response_text(by_key["truefalse"], False) == "False"
    assert response_text(by_key["multi"], []) == "(nothing picked)"
    assert response_text(by_key["order"], ["b", "a"]) == "b \u2192 a"
    match = response_text(by_key["match"], {"Trump": "USA", "Stoltenberg": "NATO"})
    assert match.startswith("Stoltenberg \u2192 NATO; Trump \u2192 USA")


@pytest.mark.parametrize("bad", [{"mode": "speedy"}, {"questions": 0}, {"scoring": "fun"}])
def test_bad_options_are_refused(bad: dict) -> None:
    with pytest.raises(GameError):
        GameSession([every_type_pack()], **bad)
    with pytest.raises(GameError):
        GameSession([])


def test_standings_share_places_on_equal_scores() -> None:
    from game.play.session import PlayerState, standings

    players = [
        PlayerState("Ada", score=200, correct=2),
        PlayerState("Bo", score=300, correct=3),
        PlayerState("Cy", score=200, correct=1),
        PlayerState("Di", score=0),
    ]
    assert [(s.place, s.name, s.score) for s in standings(players)] == [
        (1, "Bo", 300),
        (2, "Ada", 200),
        (2, "Cy", 200),
        (4, "Di", 0),
    ]
    assert standings([]) == []


def timed_game_left_after(tmp_path, spent: float, *, players=("Ada",)):
    """A timed game whose first question was left unanswered after `spent` seconds, and its
    store."""
    from game.store import ScoreStore

    store = ScoreStore(tmp_path / "scores.sqlite3")
    clock = FakeClock()
    session = GameSession(
        [every_type_pack()], mode="timed", seed=1, store=store, clock=clock, players=players
    )
    session.start()
    session.restart_clock()
    clock.now += spent
    session.release()
    return store, session


def test_time_spent_on_a_left_question_is_kept_across_a_resume(tmp_path) -> None:
    store, _ = timed_game_left_after(tmp_path, 20)
    (game,) = store.unfinished_games()
    assert (game.pending_position, game.pending_seconds) == (0, pytest.approx(20))
    clock = FakeClock()
    clock.now = 5.0  # a fresh process: another monotonic origin
    resumed = GameSession.resume(store, [game], [every_type_pack()], clock=clock)
    resumed.restart_clock()
    assert resumed.time_left() == pytest.approx(10)
    clock.now += 4
    outcome = resumed.answer(right_answer(resumed.current))
    assert outcome.seconds == pytest.approx(24)
    reference = GameSession([every_type_pack()], mode="timed", seed=1)
    assert outcome.points == reference.answer(right_answer(reference.current), seconds=24).points
    # The next question starts with its full time.
    resumed.advance()
    resumed.restart_clock()
    assert resumed.time_left() == pytest.approx(resumed.current.time_limit)


def test_a_left_question_whose_time_ran_out_is_at_once_out_of_time(tmp_path) -> None:
    store, _ = timed_game_left_after(tmp_path, 45)
    (game,) = store.unfinished_games()
    resumed = GameSession.resume(store, [game], [every_type_pack()], clock=FakeClock())
    resumed.restart_clock()
    assert resumed.time_left() == 0
    outcome = resumed.answer(None)
    assert outcome.timed_out and outcome.verdict == "Time is up" and outcome.points == 0


def test_kept_time_belongs_to_the_player_whose_turn_it_is(tmp_path) -> None:
    store, session = timed_game_left_after(tmp_path, 0, players=("Ada", "Bob"))
    clock = FakeClock()
    games = sorted(store.unfinished_games(), key=lambda g: g.id)  # in the order of play
    session = GameSession.resume(store, games, [every_type_pack()], clock=clock)
    session.answer(right_answer(session.current))  # Ada, at once
    session.restart_clock()
    clock.now += 12
    session.release()  # Bob leaves after 12 s
    games = sorted(store.unfinished_games(), key=lambda g: g.id)
    assert [g.player for g in games] == ["Ada", "Bob"]
    assert games[1].pending_seconds == pytest.approx(12)
    resumed = GameSession.resume(store, games, [every_type_pack()], clock=FakeClock())
    assert resumed.player.name == "Bob"
    assert resumed.time_left() == pytest.approx(18)


def test_a_store_failure_while_keeping_time_does_not_stop_the_game(tmp_path) -> None:
    from game.store import StoreError

    store, _ = timed_game_left_after(tmp_path, 0)
    clock = FakeClock()
    session = GameSession.resume(store, store.unfinished_games(), [every_type_pack()], clock=clock)

    def broken(*args: object) -> None:
        raise StoreError("disk gone")

    store.keep_time = broken  # type: ignore[method-assign]
    clock.now += 3
    session.release()
    assert session.save_error is not None and "disk gone" in session.save_error


def test_keeping_time_every_few_seconds_writes_only_when_due(tmp_path) -> None:
    store, _ = timed_game_left_after(tmp_path, 0)
    clock = FakeClock()
    session = GameSession.resume(store, store.unfinished_games(), [every_type_pack()], clock=clock)
    clock.now += 3
    session.keep_time(every=5)
    assert store.unfinished_games()[0].pending_seconds == 0  # not due: nothing written
    clock.now += 3
    session.keep_time(every=5)
    assert store.unfinished_games()[0].pending_seconds == pytest.approx(6)


def test_a_question_cites_its_own_source() -> None:
    from game.packs.model import Source

    pack = every_type_pack()
    sources = [
        Source(id="dw", publisher="DW", title="NATO article"),
        Source(id="treaty", title="North Atlantic Treaty", published="1949-04-04"),
    ]
    questions = [q.model_copy(update={"source": "treaty"}) for q in pack.questions]
    several = pack.model_copy(update={"source": None, "sources": sources, "questions": questions})
    assert GameSession([several], seed=1).current.source_line == (
        "North Atlantic Treaty, 4 April 1949"
    )
    unnamed = several.model_copy(update={"questions": pack.questions})
    assert GameSession([unnamed], seed=1).current.source_line == "DW, NATO article"


# -- flags ---------------------------------------------------------------------------------


def stored_game(tmp_path, packs=None, *, players=("Ada",)):
    from game.store import ScoreStore

    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession(packs or [every_type_pack()], seed=1, store=store, players=players)
    session.start()
    return store, session


def test_a_flag_is_stored_for_the_question_asked_and_its_player(tmp_path) -> None:
    store, session = stored_game(tmp_path)
    pack = session.packs[0]
    asked = session.current.question.id
    session.flag("out-of-date", "the target is 5% now")
    (flag,) = store.flags()
    assert (flag.pack_id, flag.pack_hash, flag.question_id) == (
        pack.id,
        pack.content_hash(),
        asked,
    )
    assert (flag.player, flag.reason, flag.note) == ("Ada", "out-of-date", "the target is 5% now")
    assert flag.game_id == session.players[0].game_id is not None
    # Flagging changes nothing in the game: the same question still waits for its answer.
    assert session.state == "question" and session.position == 0
    store.close()


def test_a_flag_during_feedback_is_on_the_question_just_answered(tmp_path) -> None:
    store, session = stored_game(tmp_path)
    answered = session.current.question.id
    session.answer(right_answer(session.current), seconds=1)
    assert session.state == "feedback"
    session.flag("unclear")
    session.advance()
    session.flag("wrong", "typo")
    newest, oldest = store.flags()
    assert (oldest.question_id, oldest.reason) == (answered, "unclear")
    assert newest.question_id == session.current.question.id != answered
    store.close()


def test_in_hot_seat_the_flag_is_the_player_whose_turn_it_is(tmp_path) -> None:
    store, session = stored_game(tmp_path, players=("Ada", "Ben"))
    session.answer(right_answer(session.current), seconds=1)
    session.flag("wrong")
    (flag,) = store.flags()
    assert flag.player == "Ben"
    assert flag.game_id == session.players[1].game_id != session.players[0].game_id
    store.close()


def test_a_flag_in_a_game_of_several_packs_is_filed_under_the_questions_pack(tmp_path) -> None:
    first = every_type_pack()
    second = first.model_copy(update={"id": "second-pack"})
    store, session = stored_game(tmp_path, [first, second])
    played = session.current
    session.flag("wrong")
    (flag,) = store.flags()
    assert flag.pack_id == played.pack.id and flag.pack_id != session.pack_id
    assert flag.question_id == played.question.id != played.key
    assert flag.pack_hash == played.pack.content_hash()
    store.close()


def test_a_flag_needs_a_known_reason_a_short_note_and_a_saved_game(tmp_path) -> None:
    from game.reports.flags import MAX_NOTE, FlagError

    store, session = stored_game(tmp_path)
    with pytest.raises(FlagError, match="the reasons are"):
        session.flag("boring")
    with pytest.raises(FlagError, match=f"at most {MAX_NOTE}"):
        session.flag("wrong", "x" * (MAX_NOTE + 1))
    assert store.flags() == []
    store.close()
    unsaved = GameSession([every_type_pack()], seed=1)
    with pytest.raises(FlagError, match="without saving scores"):
        unsaved.flag("wrong")


def test_a_flag_the_store_cannot_keep_is_a_store_error_and_the_game_goes_on(tmp_path) -> None:
    from game.store import StoreError

    store, session = stored_game(tmp_path)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        session.flag("wrong")
    assert session.state == "question" and session.save_error is None
