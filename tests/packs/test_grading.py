"""Tests for game.core.grading: one section per function, near misses included."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.grading import (
    TYPO_TOLERANCE,
    TYPO_TOLERANCE_LONG,
    Grade,
    format_number,
    normalise_text,
    parse_number,
)
from game.kinds import correct_answer_text, grade
from game.kinds.choice import ChoiceQuestion, grade_choice
from game.kinds.match import MatchQuestion, grade_match
from game.kinds.multi import MultiQuestion, grade_multi
from game.kinds.numeric import NumericQuestion, grade_numeric
from game.kinds.order import OrderQuestion, grade_order
from game.kinds.text import TextQuestion, grade_text
from game.kinds.truefalse import TrueFalseQuestion, grade_truefalse
from game.util.numbers import AmbiguousNumber, NotANumber, read_number

# --- Builders ---------------------------------------------------------------------------------


def choice(**kw: Any) -> ChoiceQuestion:
    fields: dict[str, Any] = {
        "id": "q",
        "type": "choice",
        "prompt": "p",
        "choices": ["a", {"text": "b", "correct": True}, "c"],
    }
    return ChoiceQuestion(**(fields | kw))


def multi(**kw: Any) -> MultiQuestion:
    fields: dict[str, Any] = {
        "id": "q",
        "type": "multi",
        "prompt": "p",
        "choices": [
            {"text": "a", "correct": True},
            {"text": "b", "correct": True},
            {"text": "c", "correct": True},
            "x",
            "y",
        ],
    }
    return MultiQuestion(**(fields | kw))


def truefalse(answer: bool) -> TrueFalseQuestion:
    return TrueFalseQuestion(id="q", type="truefalse", prompt="p", answer=answer)


def numeric(**kw: Any) -> NumericQuestion:
    return NumericQuestion(**({"id": "q", "type": "numeric", "prompt": "p"} | kw))


def text(answer: str | list[str], exact: bool = False) -> TextQuestion:
    return TextQuestion(id="q", type="text", prompt="p", answer=answer, exact=exact)


def order(items: list[str]) -> OrderQuestion:
    return OrderQuestion(id="q", type="order", prompt="p", items=items)


def match(pairs: dict[str, str]) -> MatchQuestion:
    return MatchQuestion(
        id="q",
        type="match",
        prompt="p",
        pairs=[{"left": left, "right": right} for left, right in pairs.items()],
    )


# --- Grade ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("credit", "correct"),
    [(1.0, True), (1.0 - 1e-12, True), (0.999, False), (0.5, False), (0.0, False)],
)
def test_grade_correct_means_full_credit(credit: float, correct: bool) -> None:
    assert Grade(credit).correct is correct


@pytest.mark.parametrize("credit", [-0.1, 1.1, math.nan, math.inf])
def test_grade_rejects_credit_outside_unit_interval(credit: float) -> None:
    with pytest.raises(ValueError):
        Grade(credit)


def test_grade_is_frozen_and_detail_defaults_to_empty() -> None:
    g = Grade(0.5)
    assert g.detail == ""
    with pytest.raises(AttributeError):
        g.credit = 1.0  # type: ignore[misc]


# --- normalise_text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Brüssel", "brussel"),
        ("  BRUSSELS  ", "brussels"),
        ("Straße", "strasse"),
        ("Ærø", "ærø"),  # letters, not letter + mark: kept
        ("São Tomé and Príncipe", "sao tome and principe"),
        ("U.S.A.", "u s a"),
        ("Saint-Étienne", "saint etienne"),
        ("rock 'n' roll!", "rock n roll"),
        ("a\t\n  b", "a b"),
        ("£5 + €3", "5 3"),
        ("Brus\u00adsels", "brussels"),  # soft hyphen dropped
        ("ﬁnance", "finance"),  # compatibility ligature
        ("", ""),
        ("  ?!  ", ""),
    ],
)
def test_normalise_text(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected


@given(st.text())
def test_normalise_text_is_idempotent(raw: str) -> None:
    once = normalise_text(raw)
    assert normalise_text(once) == once
    assert once == once.strip()
    assert "  " not in once


# --- parse_number -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("2", None, 2.0),
        ("2.0", None, 2.0),
        ("-3", None, -3.0),
        ("\u22123", None, -3.0),  # minus sign
        ("+4", None, 4.0),
        (" 2 ", None, 2.0),
        ("0", None, 0.0),
        (".5", None, 0.5),
        ("2 %", None, 2.0),
        ("2%", None, 2.0),
        ("2 percent", None, 2.0),
        ("2 Percent", None, 2.0),
        ("2 per cent", None, 2.0),
        ("2percent", None, 2.0),
        ("1,000,000", None, 1_000_000.0),
        ("1,000,000.5", None, 1_000_000.5),
        ("1.000.000", None, 1_000_000.0),
        ("1.000,5", None, 1000.5),
        ("-1,000,000", None, -1_000_000.0),
        ("31 000", None, 31000.0),
        ("1 000", None, 1000.0),
        ("1\u2009000", None, 1000.0),  # thin space
        ("1\u202f000\u202f000", None, 1_000_000.0),  # narrow no-break space
        ("1\u00a0000", None, 1000.0),  # no-break space
        ("1 000,5", None, 1000.5),
        ("2,5", None, 2.5),
        ("2,50", None, 2.5),
        ("2,5000", None, 2.5),
        ("0,001", None, 0.001),  # a leading 0 is no thousands group: a decimal
        ("0.125", None, 0.125),
        ("1234,567", None, 1234.567),  # four digits before: no thousands group
        ("1 000,500", None, 1000.5),  # grouped by spaces: the comma is the decimal one
        ("1,2340", None, 1.234),
        ("70 years", "years", 70.0),
        ("70 YEARS", "years", 70.0),
        ("70years", "years", 70.0),
        ("12 million people", "million people", 12.0),
        ("12 million   people", "million people", 12.0),
        ("5 km²", "km²", 5.0),
        ("2 percent", "years", 2.0),  # percent is always understood
    ],
)
def test_parse_number_accepts(raw: str, unit: str | None, expected: float) -> None:
    assert parse_number(raw, unit) == expected


@pytest.mark.parametrize(
    ("raw", "unit"),
    [
        ("", None),
        ("   ", None),
        ("two", None),
        ("nan", None),
        ("NaN", None),
        ("inf", None),
        ("-inf", None),
        ("infinity", None),
        ("1e3", None),
        ("1,00,0", None),
        ("1,0000,000", None),
        ("1,000 000", None),  # mixed grouping
        ("10 00", None),
        ("1.000,000.5", None),
        ("1,000", None),  # ambiguous: 1000 or 1
        ("1.200", None),  # ambiguous: 1200 or 1.2
        ("-12,500", None),  # ambiguous: -12500 or -12.5
        ("2.", None),
        ("- 3", None),
        ("--3", None),
        ("2 2", None),
        ("%", None),
        ("percent", None),
        ("2 pc", None),
        ("70 years", None),  # unit not given
        ("70 years", "days"),
        ("70 years old", "years"),
        ("years 70", "years"),
        ("9" * 400, None),  # overflows to inf
        ("١٢", None),  # non-ASCII digits
    ],
)
def test_parse_number_rejects(raw: str, unit: str | None) -> None:
    assert parse_number(raw, unit) is None


@given(st.text(), st.one_of(st.none(), st.text()))
def test_parse_number_never_raises(raw: str, unit: str | None) -> None:
    result = parse_number(raw, unit)
    assert result is None or math.isfinite(result)


@given(st.text(alphabet="0123456789,. %+-\u2009percntyas", max_size=20))
def test_parse_number_never_raises_on_numberish_text(raw: str) -> None:
    result = parse_number(raw, "years")
    assert result is None or math.isfinite(result)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_parse_number_reads_grouped_integers(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}".replace(",", " ")) == n
    if f"{n:,}".count(",") != 1:  # one comma then three digits is ambiguous (below)
        assert parse_number(f"{n:,}") == n
        assert parse_number(f"{n:,}".replace(",", ".")) == n


@pytest.mark.parametrize(
    ("raw", "whole", "fraction", "advice"),
    [
        ("1.200", 1200.0, 1.2, "Type it without the separator: 1200, or 1.2."),
        ("1,200", 1200.0, 1.2, "Type it without the separator: 1200, or 1,2."),
        ("12,500 years", 12500.0, 12.5, "12500, or 12,5."),
        ("-1,000", -1000.0, -1.0, "Did you mean -1000 or -1?"),
        ("1,234", 1234.0, 1.234, "1234, or 1,2340."),  # the decimal typed unambiguously
    ],
)
def test_read_number_asks_about_one_separator_and_three_digits(
    raw: str, whole: float, fraction: float, advice: str
) -> None:
    with pytest.raises(AmbiguousNumber) as asked:
        read_number(raw, "years")
    assert asked.value.readings == (whole, fraction)
    assert advice in str(asked.value)
    # Each way the message suggests typing it is read, without a question.
    suggested = str(asked.value).split(": ")[1].rstrip(".").split(", or ")
    assert [read_number(s) for s in suggested] == [whole, fraction]


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_read_number_never_guesses_between_thousands_and_decimals(whole: int, frac: int) -> None:
    for mark in ",.":
        with pytest.raises(AmbiguousNumber):
            read_number(f"{whole}{mark}{frac:03d}")


def test_read_number_says_why_text_is_not_a_number() -> None:
    with pytest.raises(NotANumber, match="groups of digits are uneven"):
        read_number("1,00,0")
    with pytest.raises(NotANumber, match="too large"):
        read_number("9" * 400)
    assert read_number("1e3", exponent=True) == 1000.0
    with pytest.raises(NotANumber):
        read_number("1e3")


# --- format_number ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.0, "2"),
        (-0.0, "0"),
        (2.5, "2.5"),
        (0.1, "0.1"),
        (1948.0, "1948"),
        (12500.0, "12 500"),  # spaces: a comma would read as ambiguous
        (1_000_000.5, "1 000 000.5"),
        (1e-05, "0.00001"),
        (-3.0, "-3"),
    ],
)
def test_format_number(value: float, expected: str) -> None:
    assert format_number(value) == expected


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_number_round_trips_through_parse_number(value: float) -> None:
    assert parse_number(format_number(value)) == value


# --- choice and truefalse ---------------------------------------------------------------------


@pytest.mark.parametrize(("picked", "credit"), [("b", 1.0), ("a", 0.0), ("B", 0.0), ("z", 0.0)])
def test_grade_choice(picked: str, credit: float) -> None:
    assert grade_choice(choice(), picked).credit == credit


def test_grade_choice_uses_answer_field() -> None:
    q = choice(choices=["a", "b", "c"], answer="c")
    assert grade_choice(q, "c").correct
    assert not grade_choice(q, "b").correct


@pytest.mark.parametrize(
    ("truth", "answer", "correct"),
    [(True, True, True), (True, False, False), (False, False, True), (False, True, False)],
)
def test_grade_truefalse(truth: bool, answer: bool, correct: bool) -> None:
    assert grade_truefalse(truefalse(truth), answer).correct is correct


# --- multi ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("picked", "credit"),
    [
        (["a", "b", "c"], 1.0),
        (["a", "b"], 2 / 3),
        (["a"], 1 / 3),
        ([], 0.0),
        (["a", "b", "c", "x"], 2 / 3),  # one wrong extra pick
        (["a", "x"], 0.0),
        (["a", "b", "x"], 1 / 3),
        (["a", "b", "c", "x", "y"], 1 / 3),  # everything picked
        (["a", "x", "y"], 0.0),  # floor at 0, never negative
        (["x", "y"], 0.0),
        (["a", "a", "a"], 1 / 3),  # duplicates count once
        (["x", "x", "a", "b", "c"], 2 / 3),
        (["a", "b", "c", "nonsense"], 2 / 3),  # not an option: a wrong pick
        ({"a", "b", "c"}, 1.0),
        (("a", "b", "c"), 1.0),
    ],
)
def test_grade_multi(picked: Any, credit: float) -> None:
    assert grade_multi(multi(), picked).credit == pytest.approx(credit)


def test_grade_multi_all_correct_is_exactly_correct() -> None:
    assert grade_multi(multi(), ["c", "b", "a"]).correct


def test_grade_multi_detail() -> None:
    assert grade_multi(multi(), ["a", "x"]).detail == "1 of 3 correct, 1 wrong"


def test_grade_multi_uses_answer_field() -> None:
    q = multi(choices=["a", "b", "c"], answer=["a", "c"])
    assert grade_multi(q, ["a", "c"]).correct
    assert grade_multi(q, ["a"]).credit == 0.5


def test_grade_multi_without_correct_options() -> None:
    q = multi(choices=["a", "b"])
    assert grade_multi(q, []).correct
    assert grade_multi(q, ["a"]).credit == 0.0


@given(st.lists(st.sampled_from(["a", "b", "c", "x", "y", "z", ""])))
def test_grade_multi_credit_in_unit_interval(picked: list[str]) -> None:
    assert 0.0 <= grade_multi(multi(), picked).credit <= 1.0


# --- numeric ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "given_", "correct"),
    [
        ({"answer": 2}, "2", True),
        ({"answer": 2}, 2, True),
        ({"answer": 2}, 2.0, True),
        ({"answer": 2}, "1.9", False),
        ({"answer": 2}, 1.9, False),
        ({"answer": 2, "tolerance": 0.1}, "1.9", True),  # 0.1 tolerance despite float error
        ({"answer": 2, "tolerance": 0.1}, "2.1", True),
        ({"answer": 2, "tolerance": 0.1}, "2.11", False),
        ({"answer": 2, "tolerance": 0.1}, "1.89", False),
        ({"answer": 0.3}, 0.1 + 0.2, True),
        ({"answer": 0.0}, 0.1 + 0.2 - 0.3, True),
        ({"range": (1, 3)}, "1", True),  # bounds inclusive
        ({"range": (1, 3)}, "3", True),
        ({"range": (1, 3)}, "2,5", True),
        ({"range": (1, 3)}, "0.99", False),
        ({"range": (1, 3)}, "3.01", False),
        ({"range": (0.1, 0.3)}, 0.1 + 0.2, True),
        ({"range": (3, 1)}, "2", True),  # reversed range still works
        ({"answer": 2, "unit": "percent"}, "2 percent", True),
        ({"answer": 2, "unit": "percent"}, "2 %", True),
        ({"answer": 2, "unit": "percent"}, "2%", True),
        ({"answer": 2, "unit": "%"}, "2 per cent", True),
        ({"answer": 1000}, "1 000", True),
        ({"answer": 1000}, "1,000", False),  # ambiguous: refused before grading in play
        ({"answer": 1.2}, "1.200", False),
        ({"answer": 1000}, "1 000", True),
        ({"answer": 2.5}, "2,5", True),
        ({"answer": 70, "unit": "years"}, "70 years", True),
        ({"answer": 70, "unit": "years"}, "70 Years", True),
        ({"answer": 70, "unit": "years"}, "71 years", False),
        ({"answer": 70, "unit": "years"}, "70 days", False),
        ({"answer": 2}, "two", False),
        ({"answer": 2}, "", False),
        ({"answer": 2}, "2 2", False),
        ({"answer": 2}, math.nan, False),
        ({"answer": 2}, math.inf, False),
        ({"answer": -3}, "-3", True),
        ({"answer": 2, "range": (5, 6)}, "2", True),  # either one accepts
        ({"answer": 2, "range": (5, 6)}, "5.5", True),
        ({"answer": 2, "range": (5, 6)}, "3", False),
    ],
)
def test_grade_numeric(fields: dict[str, Any], given_: str | float, correct: bool) -> None:
    assert grade_numeric(numeric(**fields), given_).correct is correct


def test_grade_numeric_unparseable_detail() -> None:
    result = grade_numeric(numeric(answer=2), "two")
    assert result.credit == 0.0
    assert result.detail == "not a number"


def test_grade_numeric_needs_answer_or_range() -> None:
    with pytest.raises(ValueError):
        grade_numeric(numeric(), "2")


@given(
    st.one_of(st.text(), st.floats(), st.integers(min_value=-(10**9), max_value=10**9)),
    st.floats(min_value=-1e6, max_value=1e6),
    st.floats(min_value=0, max_value=1e3),
)
def test_grade_numeric_credit_is_zero_or_one(given_: Any, answer: float, tolerance: float) -> None:
    result = grade_numeric(numeric(answer=answer, tolerance=tolerance, unit="years"), given_)
    assert result.credit in (0.0, 1.0)


@given(st.floats(min_value=-1e12, max_value=1e12))
def test_grade_numeric_accepts_its_own_answer_text(answer: float) -> None:
    q = numeric(answer=answer, unit="percent")
    assert grade_numeric(q, correct_answer_text(q)).correct


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "given_", "correct"),
    [
        ("Brüssel", "Brüssel", True),
        ("Brüssel", "brussel", True),
        ("Brüssel", "BRUSSEL", True),
        (["Brussels", "Brüssel"], " BRUSSELS ", True),
        (["Brussels", "Brüssel"], "brussel", True),
        ("Brussels", "Brusels", True),  # one typo, 8 letters
        ("Brussels", "Brusells", False),  # two edits at 8 letters: too many
        ("Parliament", "Parliment", True),
        ("Parliament", "Parlimant", True),  # two edits at 10 letters
        ("European Parliament", "Europian Parlament", True),
        ("European Parliament", "Europe", False),
        ("Austria", "Australia", False),  # two edits at 7 letters
        ("Slovenia", "Slovakia", False),
        ("Gambia", "Zambia", False),  # first character never tolerated
        ("EU", "EU", True),
        ("EU", "E.U.", True),  # spaces don't matter
        ("E.U.", "eu", True),
        ("New York", "newyork", True),
        ("EU", "EI", False),  # short answers must be exact
        ("NATO", "NAT0", False),
        ("Iran", "Iraq", False),
        ("1948", "1948", True),
        ("1948", "1949", False),  # digits never tolerated
        ("in 1948", "in 1949", False),
        ("the year 1948", "the yaer 1948", True),
        ("the year 1948", "the year 1984", False),
        ("G7", "G8", False),
        ("Group of Seven (G7)", "Group of Seven G8", False),
        ("Group of Seven (G7)", "Grop of Seven G7", True),
        ("Brussels", "", False),
        ("Brussels", "   ", False),
        ("Brussels", "!?", False),
        ("Saint-Étienne", "saint etienne", True),
        ("Straße", "STRASSE", True),
    ],
)
def test_grade_text(answers: str | list[str], given_: str, correct: bool) -> None:
    assert grade_text(text(answers), given_).correct is correct


@pytest.mark.parametrize(
    ("given_", "correct"),
    [("Parliament", True), ("parliament!", True), ("Parliment", False), ("Parlament", False)],
)
def test_grade_text_exact_has_no_typo_tolerance(given_: str, correct: bool) -> None:
    assert grade_text(text("Parliament", exact=True), given_).correct is correct


def test_grade_text_typo_detail_names_the_accepted_answer() -> None:
    result = grade_text(text("Parliament"), "Parliment")
    assert result.detail == "accepted as a typo of 'Parliament'"


def test_typo_tolerance_table_is_increasing() -> None:
    lengths = [length for length, _ in TYPO_TOLERANCE]
    edits = [e for _, e in TYPO_TOLERANCE] + [TYPO_TOLERANCE_LONG]
    assert lengths == sorted(lengths)
    assert edits == sorted(edits)
    assert TYPO_TOLERANCE[0][1] == 0


@given(st.text(), st.lists(st.text(min_size=1).filter(str.strip), min_size=1, max_size=3))
def test_grade_text_credit_is_zero_or_one(given_: str, answers: list[str]) -> None:
    assert grade_text(text(answers), given_).credit in (0.0, 1.0)


@given(st.lists(st.text(min_size=1), min_size=1, max_size=3))
def test_grade_text_accepts_its_own_answers(answers: list[str]) -> None:
    q = text(answers)
    for answer in answers:
        if normalise_text(answer):
            assert grade_text(q, answer).correct


# --- order ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sequence", "credit"),
    [
        (["a", "b", "c", "d"], 1.0),
        (["b", "a", "c", "d"], 0.5),  # two swapped
        (["a", "c", "b", "d"], 0.5),
        (["d", "c", "b", "a"], 0.0),
        (["b", "c", "d", "a"], 0.0),  # everything shifted by one
        (["a", "b"], 0.5),  # too short
        (["a", "b", "c", "d", "e"], 1.0),  # extra items ignored
        ([], 0.0),
        (["a", "a", "a", "a"], 0.25),
        (("a", "b", "c", "d"), 1.0),
    ],
)
def test_grade_order(sequence: list[str], credit: float) -> None:
    assert grade_order(order(["a", "b", "c", "d"]), sequence).credit == credit


def test_grade_order_three_items_one_swap() -> None:
    result = grade_order(order(["x", "y", "z"]), ["x", "z", "y"])
    assert result.credit == pytest.approx(1 / 3)
    assert result.detail == "1 of 3 in the right place"


@given(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=8))
def test_grade_order_credit_in_unit_interval(sequence: list[str]) -> None:
    assert 0.0 <= grade_order(order(["a", "b", "c", "d"]), sequence).credit <= 1.0


# --- match ------------------------------------------------------------------------------------

CAPITALS = {"France": "Paris", "Italy": "Rome", "Spain": "Madrid"}


@pytest.mark.parametrize(
    ("pairs", "credit"),
    [
        (CAPITALS, 1.0),
        ({"France": "Paris", "Italy": "Madrid", "Spain": "Madrid"}, 2 / 3),  # one wrong pair
        ({"France": "Rome", "Italy": "Paris", "Spain": "Madrid"}, 1 / 3),
        ({"France": "Paris"}, 1 / 3),  # missing pairs
        ({}, 0.0),
        (CAPITALS | {"Germany": "Berlin"}, 1.0),  # unknown left sides ignored
    ],
)
def test_grade_match(pairs: dict[str, str], credit: float) -> None:
    assert grade_match(match(CAPITALS), pairs).credit == pytest.approx(credit)


def test_grade_match_detail() -> None:
    wrong = CAPITALS | {"Italy": "Madrid"}
    assert grade_match(match(CAPITALS), wrong).detail == "2 of 3 pairs right"


@given(
    st.dictionaries(
        st.sampled_from([*CAPITALS, "Germany"]), st.sampled_from([*CAPITALS.values(), "Berlin"])
    )
)
def test_grade_match_credit_in_unit_interval(pairs: dict[str, str]) -> None:
    assert 0.0 <= grade_match(match(CAPITALS), pairs).credit <= 1.0


# --- grade (dispatch) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (choice(), "b"),
        (multi(), ["a", "b", "c"]),
        (multi(), frozenset({"a", "b", "c"})),
        (truefalse(True), True),
        (numeric(answer=2), "2"),
        (numeric(answer=2), 2),
        (numeric(answer=2), 2.0),
        (text("Brussels"), "brussels"),
        (order(["a", "b"]), ["a", "b"]),
        (order(["a", "b"]), ("a", "b")),
        (match(CAPITALS), CAPITALS),
    ],
)
def test_grade_dispatches(question: Any, response: Any) -> None:
    assert grade(question, response).correct


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (choice(), ["b"]),
        (choice(), 1),
        (multi(), "abc"),  # a str is a collection of characters: refused
        (multi(), [1, 2]),
        (multi(), None),
        (truefalse(True), "True"),
        (truefalse(True), 1),
        (numeric(answer=1), True),  # bool is an int, but not a number answer
        (numeric(answer=2), ["2"]),
        (numeric(answer=2), None),
        (text("x"), 1),
        (text("x"), ["x"]),
        (order(["a", "b"]), "ab"),
        (order(["a", "b"]), {"a", "b"}),  # unordered
        (order(["a", "b"]), [1, 2]),
        (match(CAPITALS), [("France", "Paris")]),
        (match(CAPITALS), {"France": 1}),
    ],
)
def test_grade_rejects_wrong_shape(question: Any, response: Any) -> None:
    with pytest.raises(TypeError):
        grade(question, response)


def test_grade_rejects_non_questions() -> None:
    with pytest.raises(TypeError):
        grade("not a question", "b")  # type: ignore[arg-type]


# --- correct_answer_text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (choice(), "b"),
        (choice(choices=["a", "b"], answer="a"), "a"),
        (multi(), "a; b; c"),
        (truefalse(True), "True"),
        (truefalse(False), "False"),
        (numeric(answer=2.0), "2"),
        (numeric(answer=2, unit="percent"), "2 percent"),
        (numeric(answer=2, unit="%"), "2%"),
        (numeric(answer=2.5), "2.5"),
        (numeric(answer=70, tolerance=0.5), "70 (± 0.5)"),
        (numeric(answer=70, tolerance=0.5, unit="years"), "70 years (± 0.5)"),
        (numeric(range=(1, 3), unit="percent"), "between 1 and 3 percent"),
        (numeric(range=(1.5, 3)), "between 1.5 and 3"),
        (numeric(answer=12500, unit="people"), "12 500 people"),
        (
            numeric(answer=2, range=(1, 3), unit="percent"),
            "2 percent (anything between 1 and 3 percent accepted)",
        ),
        (text("Brussels"), "Brussels"),
        (
            text(["Brussels", "Bruxelles", "Brussel"]),
            "Brussels (also accepted: Bruxelles, Brussel)",
        ),
        (order(["a", "b", "c"]), "1. a → 2. b → 3. c"),
        (match({"France": "Paris", "Italy": "Rome"}), "France → Paris; Italy → Rome"),
    ],
)
def test_correct_answer_text(question: Any, expected: str) -> None:
    assert correct_answer_text(question) == expected


def test_correct_answer_text_rejects_non_questions() -> None:
    with pytest.raises(TypeError):
        correct_answer_text("nope")  # type: ignore[arg-type]


# --- leading articles (issue 22) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "given_", "language", "correct"),
    [
        ("referendum", "a referendum", "en", True),
        ("Constitutional Court", "the constitutional court", "en", True),
        ("the Constitutional Court", "Constitutional Court", "en", True),  # both sides
        ("embargo", "an embargo", "en", True),
        ("The Hague", "Hague", "en", True),
        ("referendum", "the", "en", False),  # only an article is no answer
        ("referendum", "a", "en", False),
        ("referendum", "a referendu", "en", True),  # a typo after an article still counts
        ("Bundestag", "der Bundestag", "de", True),
        ("Bundestag", "der Bundestag", "en", False),  # "der" is no English article
        ("Bundestag", "der Bundestag", "de-AT", True),
        ("État", "l'état", "fr", True),
        ("Assemblée nationale", "l'Assemblée nationale", "fr", True),
        ("Congreso", "el Congreso", "es", True),
        ("referendum", "a referendum", "pl", False),  # no table for Polish: nothing ignored
        ("Theatre", "the", "en", False),  # an article is no prefix of a word
    ],
)
def test_leading_articles_are_ignored_on_both_sides(
    answers: str, given_: str, language: str, correct: bool
) -> None:
    assert grade_text(text(answers), given_, language=language).correct is correct


def test_a_typo_grade_carries_the_right_spelling() -> None:
    assert grade_text(text("Washington"), "Washingten").spelling == "Washington"
    assert grade_text(text("Washington"), "washington").spelling == ""  # exact: nothing to say
