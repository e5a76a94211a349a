"""Every kind's samples hold: its sample question is valid pack data, and its sample answers
earn full credit and none, for the media kinds too (whose questions need a source text)."""

from __future__ import annotations

import pytest

from game.kinds import KINDS, kind_of
from game.packs.loader import validate_pack_data
from game.play.session import GameSession
from tests.kinds.media import media_pack
from tests.ui.helpers import pack_data

SAMPLED = [name for name, kind in KINDS.items() if kind.sample() is not None]


def test_every_kind_but_those_that_need_a_source_has_a_sample() -> None:
    assert [name for name in KINDS if name not in SAMPLED] == ["evidence", "claim"]


@pytest.mark.parametrize("name", SAMPLED)
def test_the_sample_is_a_valid_question_named_after_its_kind(name: str) -> None:
    sample = KINDS[name].sample()
    assert sample is not None and (sample["id"], sample["type"]) == (name, name)
    checked = validate_pack_data(pack_data("samples", [sample]))
    assert checked.ok and checked.pack is not None, [p.format() for p in checked.problems]
    assert KINDS[name].sample() is not sample  # a fresh copy: a test may change its own


@pytest.mark.parametrize("name", SAMPLED)
def test_the_sample_answers_earn_all_and_nothing(name: str) -> None:
    sample = KINDS[name].sample()
    assert sample is not None
    checked = validate_pack_data(pack_data("samples", [sample]))
    assert checked.pack is not None
    played = GameSession([checked.pack], seed=5).current
    kind = kind_of(played.question)
    assert kind.grade(played.question, kind.sample_answer(played, True)).credit == 1.0
    assert kind.grade(played.question, kind.sample_answer(played, False)).credit == 0.0


def test_the_media_kinds_sample_answers_earn_all_and_nothing() -> None:
    session = GameSession([media_pack()], seed=5)
    seen: set[str] = set()
    while not session.is_over:
        played = session.current
        kind = kind_of(played.question)
        seen.add(kind.name)
        for right in (True, False):
            grade = kind.grade(played.question, kind.sample_answer(played, right))
            assert grade.credit == (1.0 if right else 0.0), (played.question.id, right)
        session.answer(kind.sample_answer(played, True))
        session.advance()
    assert seen == {"evidence", "claim"}
