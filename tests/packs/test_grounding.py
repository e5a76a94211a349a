"""The grounding check forgives typography only, and finds the closest passage."""

from __future__ import annotations

import pytest

from game.core.grounding import SourceText, normalise_passage

ARTICLE = (
    "Stoltenberg took the opportunity to remind the Republican leader that NATO had never\n"
    "hesitated to support the US in its time of need. \u201cThe only time NATO has invoked its\n"
    "self-defense clause, that an attack on one is an attack on all, was in support of the\n"
    "United States after the 9/11 terrorist attacks.\u201d He said it\u2019s \u2014 vital."
)


@pytest.mark.parametrize(
    "quote",
    [
        "NATO had never hesitated",
        "NATO had   never\nhesitated",
        '"The only time NATO has invoked its self-defense clause',
        "He said it's - vital.",
        "He said it\u2018s \u2013 vital.",
        "  support the US in its time of need.  ",
    ],
)
def test_typography_is_forgiven(quote: str) -> None:
    assert SourceText(ARTICLE).contains(quote)


@pytest.mark.parametrize(
    "quote",
    [
        "nato had never hesitated",  # case matters: it is a verbatim quote
        "NATO never hesitated",
        "the self-defence clause",  # spelling matters
        "NATO had never hesitated.",
        "",
        "   ",
    ],
)
def test_words_and_case_must_match(quote: str) -> None:
    assert not SourceText(ARTICLE).contains(quote)


def test_closest_passage_points_at_the_right_place() -> None:
    closest = SourceText(ARTICLE).closest("an attack on one is an attack on everyone")
    assert "an attack on one is an attack on all" in closest.text
    assert 70 < closest.similarity < 100


def test_closest_passage_is_limited_in_length() -> None:
    closest = SourceText(ARTICLE * 5).closest(ARTICLE[:200] + "x", limit=50)
    assert len(closest.text) <= 50
    assert closest.text.endswith("\u2026")


def test_normalise_passage() -> None:
    assert normalise_passage("\u201cA\u201d \u2014  b\u2026\n") == '"A" - b...'
