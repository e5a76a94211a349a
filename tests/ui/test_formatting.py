"""game.ui.formatting on its own: verdicts, points, numbered options, question meta, answers,
explanations, durations, dates and plurals, on outcomes of real games."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from game.packs.loader import check_pack_text
from game.packs.model import Pack
from game.play.session import AnswerOutcome, GameSession
from game.ui.formatting import (
    HIGHLIGHT_MARK,
    MARKS,
    answer_lines,
    date_text,
    duration_text,
    explanation_text,
    frame_text,
    letter,
    numbered,
    plural,
    points_text,
    question_meta,
    truth_text,
    verdict_kind,
    verdict_text,
)
from tests.sample_packs import right_answer, wrong_answer
from tests.ui.helpers import MARKUP, QUESTIONS, FakeClock, pack_data


def make_pack(*kinds: str, **defaults: Any) -> Pack:
    """A pack of the helpers' questions of these kinds (sourced, dated 13 November 2016)."""
    data = pack_data("formatting", [QUESTIONS[k] for k in kinds], **defaults)
    checked = check_pack_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert checked.pack is not None, [p.format() for p in checked.problems]
    return checked.pack


def session_of(pack: Pack, *, mode: str = "classic") -> GameSession:
    session = GameSession([pack], players=["Ada"], mode=mode, seed=1, clock=FakeClock())
    session.start()
    return session


def outcome_of(pack: Pack, response: Any, *, mode: str = "classic") -> AnswerOutcome:
    """The outcome of answering the first question of a new game of `pack`."""
    return session_of(pack, mode=mode).answer(response, seconds=3.0)


# --- verdicts and points --------------------------------------------------------------------


def test_each_verdict_has_its_kind_mark_and_words() -> None:
    multi = make_pack("multi")
    right = outcome_of(multi, ["AP", "Reuters"])
    partly = outcome_of(multi, ["AP"])
    wrong = outcome_of(multi, ["AFP", "TASS"])
    timed_out = outcome_of(make_pack("multi"), None, mode="timed")
    assert [verdict_kind(o) for o in (right, partly, wrong, timed_out)] == [
        "correct",
        "partial",
        "wrong",
        "timeout",
    ]
    assert verdict_text(right) == "\u2713 Correct"
    assert verdict_text(partly) == "\u25d0 Partly correct"
    assert verdict_text(wrong) == "\u2717 Wrong"
    assert verdict_text(timed_out) == "\u25f7 Time is up"


def test_marks_are_distinct_and_never_colour_alone() -> None:
    assert len(set(MARKS.values())) == len(MARKS) == 4
    assert HIGHLIGHT_MARK not in MARKS.values()


def test_points_text_counts_points_and_streaks() -> None:
    session = session_of(make_pack("truefalse", "choice", "text"))
    first = session.answer(right_answer(session.current), seconds=1.0)
    assert points_text(first) == f"+{first.points} points"
    session.advance()
    second = session.answer(right_answer(session.current), seconds=1.0)
    assert second.streak == 2
    assert points_text(second) == f"+{second.points} points \u00b7 2 in a row"
    assert points_text(second, with_streak=False) == f"+{second.points} points"
    session.advance()
    none = session.answer(wrong_answer(session.current), seconds=1.0)
    assert points_text(none) == "+0 points"


def test_points_text_says_when_a_hint_was_used() -> None:
    session = session_of(make_pack("text"))
    assert session.use_hint() == "Its headquarters are in Brussels."
    outcome = session.answer("NATO", seconds=1.0)
    assert outcome.points > 0
    assert points_text(outcome) == f"+{outcome.points} points \u00b7 hint used, points halved"
    accuracy = session_of(make_pack("text", scoring="accuracy"))
    accuracy.use_hint()
    outcome = accuracy.answer("NATO", seconds=1.0)
    assert points_text(outcome) == (
        f"+{outcome.points} points \u00b7 hint used, no cost under accuracy scoring"
    )


def test_points_text_says_what_time_cost_in_timed_mode() -> None:
    session = session_of(make_pack("truefalse", "choice"), mode="timed")
    slow = session.answer(right_answer(session.current), seconds=15.0)  # half of 30 s
    assert slow.points == 75
    assert points_text(slow) == "+75 points (25 lost to time)"
    session.advance()
    wrong = session.answer(wrong_answer(session.current), seconds=15.0)
    assert points_text(wrong) == "+0 points"  # nothing earned, so nothing lost to time
    classic = outcome_of(make_pack("truefalse"), False)
    assert "lost to time" not in points_text(classic)


def test_one_point_is_singular() -> None:
    pack = make_pack("truefalse", points=1)
    outcome = outcome_of(pack, False)
    assert outcome.points == 1
    assert points_text(outcome) == "+1 point"


# --- options and questions ------------------------------------------------------------------


def test_numbered_keeps_the_text_literal_and_escapes_controls() -> None:
    text = numbered(3, MARKUP + "\x1b[2J")
    assert text.plain == f"3. {MARKUP}\\x1b[2J"
    assert [(s.start, s.end, str(s.style)) for s in text.spans] == [(0, 3, "bold")]


def test_letter_names_match_rows() -> None:
    assert [letter(i) for i in (0, 1, 25, 26, 27, 52)] == ["A", "B", "Z", "AA", "AB", "BA"]
    assert len({letter(i) for i in range(60)}) == 60  # every row its own label past Z


def test_question_meta_gives_the_date_points_and_time_limit() -> None:
    pack = make_pack("choice")
    (played,) = session_of(pack).played
    assert question_meta(played) == "as of 13 November 2016 \u00b7 100 points"
    (timed,) = session_of(pack, mode="timed").played
    assert timed.time_limit is not None
    assert question_meta(timed) == (
        f"as of 13 November 2016 \u00b7 100 points \u00b7 {timed.time_limit} seconds"
    )


def test_question_meta_without_a_date() -> None:
    data = pack_data("undated", [QUESTIONS["truefalse"]], points=1)
    del data["source"]
    checked = check_pack_text(yaml.safe_dump(data, sort_keys=False))
    assert checked.pack is not None, [p.format() for p in checked.problems]
    (played,) = session_of(checked.pack).played
    assert question_meta(played) == "1 point"


# --- answers and explanations ---------------------------------------------------------------


def test_a_right_answer_shows_what_was_answered_and_the_options_feedback() -> None:
    text = answer_lines(outcome_of(make_pack("choice"), "Brussels"))
    assert text.plain == "You answered: Brussels\nYes: Belgium's capital."


def test_a_wrong_answer_shows_the_right_one_too() -> None:
    text = answer_lines(outcome_of(make_pack("text"), MARKUP), who="Ben")
    assert text.plain == f"Ben answered: {MARKUP}\nThe answer: NATO (also accepted: OTAN)"
    bold = [text.plain[s.start : s.end] for s in text.spans if str(s.style) == "bold"]
    assert bold == ["Ben answered: ", "\nThe answer: "]


def test_explanation_text_gives_why_the_quote_and_its_source() -> None:
    (played,) = session_of(make_pack("choice")).played
    assert explanation_text(played).plain == (
        "Why: It was in Brussels.\n"
        "\u201can EU summit in Brussels\u201d\n"
        "  \u2014 DW, NATO: US, Europe need each other, 13 November 2016"
    )
    (unquoted,) = session_of(make_pack("multi")).played
    assert explanation_text(unquoted).plain == "Why: AP and Reuters."


def truth_pack(correction_text: str) -> Pack:
    """A pack of two sources (no files) with a claim corrected and updated, and a fact."""
    from tests.test_plain_truth import CLAIM, FACT, truth_pack_data

    claim = dict(CLAIM, correction=dict(CLAIM["correction"], text=correction_text))
    data = truth_pack_data("truth", [claim, FACT])
    for source in data["sources"]:
        del source["file"]
    checked = check_pack_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert checked.pack is not None, [p.format() for p in checked.problems]
    return checked.pack


def test_frame_text_is_a_quiet_literal_line_or_none() -> None:
    pack = truth_pack("Not so.")
    played = {p.question.id: p for p in session_of(pack).played}
    claim, fact = played["target-claim"], played["resist-attack"]
    frame = frame_text(claim)
    assert frame is not None
    assert frame.plain == "According to DW (Deutsche Welle), 13 November 2016:"
    assert str(frame.style) == "italic"
    fact_frame = frame_text(fact)
    assert fact_frame is not None and fact_frame.plain == "True as of 25 June 2025:"
    (unframed,) = session_of(make_pack("choice")).played
    assert frame_text(unframed) is None


def test_truth_text_labels_each_note_and_cites_its_source() -> None:
    pack = truth_pack(MARKUP)
    (claim,) = [p for p in session_of(pack).played if p.question.id == "target-claim"]
    text = truth_text(claim)
    assert text.plain == (
        f"Correction: {MARKUP}\n"
        "  \u201cNothing in this treaty sets a share of national income\u201d"
        " (The Example Treaty, 4 April 1949)\n"
        "Update, 25 June 2025: Allies committed to 5 percent of GDP by 2035.\n"
        "  \u201cAllies commit to spend 5 percent of GDP on defence by 2035.\u201d"
        " (The Example Treaty, 4 April 1949)"
    )
    bold = [text.plain[s.start : s.end] for s in text.spans if str(s.style) == "bold"]
    assert bold == ["Correction: ", "Update, 25 June 2025: "]
    (fact,) = [p for p in session_of(pack).played if p.question.id == "resist-attack"]
    assert truth_text(fact).plain == ""


# --- durations, dates, plurals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0 s"),
        (0.4, "0 s"),
        (0.5, "1 s"),
        (45, "45 s"),
        (59.4, "59 s"),
        (59.5, "1 min 00 s"),
        (125, "2 min 05 s"),
        (3599, "59 min 59 s"),
        (3600, "1 h 00 min"),
        (3720, "1 h 02 min"),
        (90061, "25 h 01 min"),
    ],
)
def test_duration_text(seconds: float, shown: str) -> None:
    assert duration_text(seconds) == shown


def test_date_text_is_the_local_date(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    assert date_text(None) == ""
    moment = dt.datetime(2024, 5, 1, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert date_text(moment) == "2024-05-01"
        monkeypatch.setenv("TZ", "Asia/Tokyo")  # UTC+9: already the next day
        time.tzset()
        assert date_text(moment) == "2024-05-02"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0 questions"), (1, "1 question"), (2, "2 questions")]
)
def test_plural(count: int, shown: str) -> None:
    assert plural(count, "question") == shown
