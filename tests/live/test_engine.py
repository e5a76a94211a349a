"""The live class game's engine on both stores: codes, joining, answering, scoring, the
records each student keeps, removal, extra time, the host leaving and coming back."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from game.live import engine
from game.live.host import CODE_LETTERS, LiveHost
from game.live.model import LiveError
from game.live.watch import Watcher, waiting_sessions
from game.store import ScoreStore
from tests.sample_packs import right_answer, wrong_answer

from .helpers import PACK, host_on, student_on


def test_a_join_code_is_short_unambiguous_and_offered_while_open(any_db: Path) -> None:
    host = host_on(any_db)
    assert len(host.code) == 4
    assert set(host.code) <= set(CODE_LETTERS)
    assert not set("0O1I") & set(CODE_LETTERS)
    assert waiting_sessions(host.store) == [(host.code, "Every type")]
    host.end()
    assert waiting_sessions(host.store) == []


def test_a_class_game_whose_host_is_long_gone_is_no_longer_offered(any_db: Path) -> None:
    """A game the teacher closed without ending it (yesterday's lesson) must not invite
    today's students to wait for nobody; the teacher resuming it offers it again, and its
    code still joins it."""
    from game.store import live as db

    host = host_on(any_db)
    gone = 24 * 3600.0  # a day

    def host_last_seen_long_ago(c: db._Conn) -> None:
        c.execute(
            "UPDATE live_sessions SET host_seen = host_seen - ?, created_at = created_at - ?"
            " WHERE code = ?",
            (gone, gone, host.code),
        )

    db.write(host.store, host_last_seen_long_ago)
    assert waiting_sessions(host.store) == []
    ana = student_on(any_db, host.code, "Ana")  # the code itself still joins
    assert [p.name for p in host.state().players] == ["Ana"]
    assert ana.view().state.phase == "lobby"
    host._heartbeat(force=True)  # the teacher is back (`host --resume`)
    assert waiting_sessions(host.store) == [(host.code, "Every type")]


def test_a_whole_class_game_scores_and_stores_each_students_game(any_db: Path) -> None:
    host = host_on(any_db, mode="classic", time_limit=None)
    ana = student_on(any_db, host.code, "Ana")
    ben = student_on(any_db, host.code.lower(), " Ben ")
    assert [p.name for p in host.state().players] == ["Ana", "Ben"]
    host.start()
    for number in range(3):
        view = ana.view()
        assert view.state.phase == "question" and view.state.index == number
        assert view.deadline is None  # --no-timer
        ana.answer(right_answer(view.state.presented))
        ben.view()
        ben.answer(wrong_answer(view.state.presented))
        state = host.state()  # everyone answered: the host reveals by itself
        assert state.phase == "reveal"
        assert sum(bar.count for bar in state.bars) >= 1
        assert any(bar.correct for bar in state.bars)
        assert state.answer_text
        mine = ana.view()
        assert mine.correct is True and mine.points_won and mine.place == 1
        assert ben.view().correct is False and ben.view().points_won == 0
        host.next()
    final = host.state()
    assert final.phase == "podium"
    assert [s.name for s in final.top] == ["Ana", "Ben"]
    # 100 points a question, with the streak bonus of 0%, 10%, 20%.
    assert final.top[0].points == 100 + 110 + 120
    games = {g.player: g for g in ScoreStore(any_db).games()}
    assert games["Ana"].mode == "live" and games["Ana"].status == "finished"
    assert games["Ana"].score == 330 and games["Ana"].correct == 3 and games["Ana"].total == 3
    assert games["Ben"].score == 0 and games["Ben"].total == 3


def test_a_wrong_or_ended_code_is_refused_in_one_line(any_db: Path) -> None:
    host = host_on(any_db)
    with pytest.raises(LiveError, match=r"^no class game has the code ZZZZ$"):
        student_on(any_db, "zzzz", "Ana")
    host.end()
    with pytest.raises(LiveError, match=rf"^the class game {host.code} has ended$"):
        student_on(any_db, host.code, "Ana")
    with pytest.raises(LiveError, match="has ended"):
        LiveHost.resume(ScoreStore(any_db), host.code, [PACK])


def test_a_taken_name_is_refused_and_a_left_player_rejoins_with_the_points(any_db: Path) -> None:
    host = host_on(any_db, time_limit=None)
    ana = student_on(any_db, host.code, "Ana")
    with pytest.raises(LiveError, match=r"^the name Ana is taken: choose another$"):
        student_on(any_db, host.code, "ANA")
    with pytest.raises(LiveError):
        student_on(any_db, host.code, "")  # a bad name, cleaned as everywhere
    host.start()
    ana.view()
    ana.answer(right_answer(ana.view().state.presented))
    host.reveal()
    points = ana.view().points
    assert points > 0
    ana.leave()
    assert not host.state().players[0].connected
    again = student_on(any_db, host.code, "ana")
    assert again.name == "Ana" and again.view().points == points
    assert host.state().players[0].connected


def test_an_answer_may_change_until_the_reveal_and_not_after(any_db: Path) -> None:
    host = host_on(any_db, time_limit=None)
    ana = student_on(any_db, host.code, "Ana")
    student_on(any_db, host.code, "Ben")  # still to answer: no reveal by itself
    host.start()
    played = ana.view().state.presented
    ana.answer(wrong_answer(played))
    ana.answer(right_answer(played))
    assert host.state().answered == 1
    host.reveal()
    assert ana.view().correct is True
    with pytest.raises(LiveError, match="time is up"):
        ana.answer(wrong_answer(played))


def test_an_answer_after_the_time_limit_is_refused_by_the_databases_clock(any_db: Path) -> None:
    host = host_on(any_db, time_limit=0.5)
    ana = student_on(any_db, host.code, "Ana")
    host.start()
    played = ana.view().state.presented
    time.sleep(0.7)
    with pytest.raises(LiveError, match=r"^time is up$"):
        ana.answer(right_answer(played))
    assert host.state().phase == "reveal"  # time is up: the host reveals


def test_extra_time_doubles_one_students_limit(any_db: Path) -> None:
    host = host_on(any_db, time_limit=0.6)
    ana = student_on(any_db, host.code, "Ana")
    host.give_extra_time("ana")
    host.start()
    view = ana.view()
    assert view.deadline is not None and view.state.deadline is not None
    assert (view.deadline - view.state.deadline).total_seconds() == pytest.approx(0.6, abs=0.01)
    time.sleep(0.8)
    ana.answer(right_answer(view.state.presented))  # within twice the limit
    assert [p.extra_time for p in host.state().players] == [True]


def test_a_late_joiner_starts_at_the_next_question_when_time_is_up(any_db: Path) -> None:
    host = host_on(any_db, time_limit=0.3)
    student_on(any_db, host.code, "Ana")
    host.start()
    time.sleep(0.5)
    late = student_on(any_db, host.code, "Cem")
    view = late.view()
    assert not view.playing
    with pytest.raises(LiveError):
        late.answer(right_answer(view.state.presented))
    host.state()  # reveals
    host.next()
    assert late.view().playing
    late.answer(right_answer(late.view().state.presented))


def test_a_late_joiner_with_time_left_answers_the_current_question(any_db: Path) -> None:
    host = host_on(any_db, time_limit=30)
    student_on(any_db, host.code, "Ana")
    host.start()
    late = student_on(any_db, host.code, "Cem")
    assert late.view().playing
    late.answer(right_answer(late.view().state.presented))
    assert host.state().answered == 1


def test_a_removed_player_cannot_rejoin_under_that_name(any_db: Path) -> None:
    host = host_on(any_db)
    ana = student_on(any_db, host.code, "Ana")
    host.remove("Ana")
    assert host.state().players == ()
    assert ana.view().removed
    ana.leave()
    with pytest.raises(
        LiveError, match=r"^the name Ana was removed from this game by the teacher$"
    ):
        student_on(any_db, host.code, "Ana")
    with pytest.raises(LiveError, match="no player named Zoe"):
        host.remove("Zoe")


def test_the_host_gone_mid_question_is_resumed_and_students_wait(
    any_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = host_on(any_db, time_limit=None)
    ana = student_on(any_db, host.code, "Ana")
    student_on(any_db, host.code, "Ben")
    host.start()
    host.store.close()  # the teacher's window closed mid-question
    monkeypatch.setattr(engine, "HOST_AWAY", 0.2)
    time.sleep(0.3)
    view = ana.view()
    assert view.state.host_away and view.state.phase == "question"
    ana.answer(right_answer(view.state.presented))  # answering still works
    back = LiveHost.resume(ScoreStore(any_db), host.code.lower(), [PACK])
    state = back.state()
    assert state.index == 0 and state.answered == 1 and not state.host_away
    back.reveal()
    assert ana.view().correct is True


def test_pause_stops_answers_and_gives_the_time_back(any_db: Path) -> None:
    host = host_on(any_db, time_limit=1.0)
    ana = student_on(any_db, host.code, "Ana")
    student_on(any_db, host.code, "Ben")
    host.start()
    host.pause()
    played = ana.view().state.presented
    with pytest.raises(LiveError, match="paused"):
        ana.answer(right_answer(played))
    time.sleep(1.1)  # longer than the limit, paused
    host.resume_play()
    ana.answer(right_answer(played))
    assert host.state().phase == "question"


def test_skip_moves_on_and_stores_the_question_as_skipped(any_db: Path) -> None:
    host = host_on(any_db, questions=2, time_limit=None)
    student_on(any_db, host.code, "Ana")
    host.start()
    host.skip()
    assert host.state().index == 1
    host.skip()
    assert host.state().phase == "podium"
    store = ScoreStore(any_db)
    (game,) = store.games()
    assert game.status == "finished"
    assert [a.answer_text for a in store.answers(game.id)] == ["(skipped by the teacher)"] * 2


def test_a_response_of_the_wrong_form_is_refused(any_db: Path) -> None:
    host = host_on(any_db, time_limit=None, questions=7)
    ana = student_on(any_db, host.code, "Ana")
    host.start()
    while ana.view().state.presented.question.type != "choice":
        host.skip()
    with pytest.raises(LiveError, match=r"^that is not an answer to this question"):
        ana.answer(["Brussels"])
    assert host.state().answered == 0


def test_the_watcher_wakes_on_changes_and_a_student_only_on_stages(any_db: Path) -> None:
    host = host_on(any_db, time_limit=None)
    ana = student_on(any_db, host.code, "Ana")
    student_on(any_db, host.code, "Ben")
    everything = Watcher(ScoreStore(any_db), host.code)
    stages = Watcher(ScoreStore(any_db), host.code, "stage")
    assert not everything.wait(0.3)
    host.start()
    assert everything.wait(2.0) and stages.wait(2.0)
    ana.answer(right_answer(ana.view().state.presented))
    assert everything.wait(2.0)
    assert not stages.wait(0.4)  # a classmate's answer is not a stage
    host.reveal()
    assert stages.wait(2.0)
    everything.close()
    stages.close()


def test_a_student_whose_process_is_gone_is_marked_away(
    any_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.live import host as host_module

    monkeypatch.setattr(host_module, "HEARTBEAT", 0.0)
    host = host_on(any_db, time_limit=None)
    ana = student_on(any_db, host.code, "Ana")
    ben = student_on(any_db, host.code, "Ben")
    host.start()
    ben.store.close()  # as if killed: its claim on its game is gone with it
    assert all(p.connected for p in host.state().players)  # not at the first look
    state = host.state()
    assert [(p.name, p.connected) for p in state.players] == [("Ana", True), ("Ben", False)]
    ana.answer(right_answer(ana.view().state.presented))
    assert host.state().phase == "reveal"  # everyone still there has answered
    again = student_on(any_db, host.code, "Ben")
    assert again.view().state.players[1].connected


def test_a_students_unfinished_class_game_is_not_offered_to_resume_alone(any_db: Path) -> None:
    from game.packs.catalog import load_catalog
    from game.play.launch import resume_session
    from game.play.players import GameError

    host = host_on(any_db, time_limit=None)
    student_on(any_db, host.code, "Ana")
    host.start()
    store = ScoreStore(any_db)
    [game] = [g for g in store.games() if g.player == "Ana"]
    assert game.mode == "live" and game.status == "active"
    # The home screen and `play --resume` offer the games a player goes on with alone.
    assert store.unfinished_games("Ana") == []
    with pytest.raises(GameError, match="join the class game again"):
        resume_session(store, load_catalog([]), game.id)
    store.close()
