"""Flags as players type them: reasons, notes and the errors that list the reasons."""

from __future__ import annotations

import pytest

from game.reports.flags import (
    FLAG_REASONS,
    MAX_NOTE,
    FlagError,
    check_reason,
    clean_note,
    parse_flag,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("flag wrong", ("wrong", "")),
        ("flag unclear", ("unclear", "")),
        ("FLAG Unclear", ("unclear", "")),
        ("flag out of date: the target is 5% now", ("out-of-date", "the target is 5% now")),
        ("flag out-of-date", ("out-of-date", "")),
        ("flag out of date", ("out-of-date", "")),
        ("  flag   wrong  :  it was 1949  ", ("wrong", "it was 1949")),
        ("flag wrong the year is 1949", ("wrong", "the year is 1949")),
        ("flag out of date since May", ("out-of-date", "since May")),
        ("wrong: typo", ("wrong", "typo")),
        ("flag wrong: a: b", ("wrong", "a: b")),
    ],
)
def test_good_flags_give_their_reason_and_note(text: str, expected: tuple[str, str]) -> None:
    assert parse_flag(text) == expected


def test_every_reason_can_be_typed_as_it_is_shown() -> None:
    for reason, label in FLAG_REASONS.items():
        assert parse_flag(f"flag {label}") == (reason, "")


@pytest.mark.parametrize("text", ["flag", "", "   ", "flag :", "flag : a note"])
def test_an_empty_flag_asks_what_and_lists_the_reasons(text: str) -> None:
    with pytest.raises(FlagError) as caught:
        parse_flag(text)
    assert "flag what?" in str(caught.value)
    assert "wrong, out of date, unclear" in str(caught.value)


def test_an_unknown_reason_is_named_with_the_reasons() -> None:
    with pytest.raises(FlagError) as caught:
        parse_flag("flag boring: too long")
    message = str(caught.value)
    assert "'boring' is not a reason" in message
    assert message.endswith("the reasons are: wrong, out of date, unclear")
    assert isinstance(caught.value, ValueError)


def test_a_note_longer_than_the_limit_is_refused_with_its_length() -> None:
    assert parse_flag("flag wrong: " + "x" * MAX_NOTE) == ("wrong", "x" * MAX_NOTE)
    with pytest.raises(FlagError, match=f"at most {MAX_NOTE} characters .this one has 501"):
        parse_flag("flag wrong: " + "x" * (MAX_NOTE + 1))


def test_a_note_loses_controls_bidi_marks_and_line_breaks() -> None:
    note = "a\x1b]0;title\x07b\nc\td\u202ee\u2066f\x9bg"
    cleaned = clean_note(note)
    assert cleaned == "a ]0;title b c d e f g"
    assert all(ch.isprintable() for ch in cleaned)
    assert parse_flag(f"flag wrong: {note}")[1] == cleaned


def test_check_reason_takes_the_stored_word_and_refuses_others() -> None:
    assert check_reason("out-of-date") == "out-of-date"
    assert check_reason("Out of Date") == "out-of-date"
    with pytest.raises(FlagError, match="'outdated' is not a reason"):
        check_reason("outdated")


def test_counts_by_reason_read_most_given_first() -> None:
    from game.reports.flags import count_reasons, counts_text

    counts = count_reasons(["wrong", "out-of-date", "unclear", "out-of-date", "newer-word"])
    assert counts == (("out-of-date", 2), ("wrong", 1), ("unclear", 1), ("newer-word", 1))
    assert counts_text(counts) == "2 out of date, 1 wrong, 1 unclear, 1 newer-word"
    assert counts_text({"unclear": 3}) == "3 unclear"
    assert counts_text(()) == ""
