"""Plain mode's share of issue 22: a typo's right spelling, and the exam's review."""

from __future__ import annotations

import io

from game.plain import play_plain
from game.session import GameSession
from tests.sample_packs import every_type_pack, right_answer
from tests.test_plain import answer_line


def lines_for(session: GameSession, typo: str = "Brusels") -> list[str]:
    """Right answers, with `typo` for the text question."""
    return [typo if p.key == "text" else answer_line(p, right_answer(p)) for p in session.played]


def test_a_typo_is_shown_with_its_right_spelling() -> None:
    session = GameSession([every_type_pack()], seed=4)
    out = io.StringIO()
    status = play_plain(session, io.StringIO("\n".join(lines_for(session)) + "\n"), out)
    assert status == 0
    assert "Correct (the right spelling: Brussels). " in out.getvalue()
