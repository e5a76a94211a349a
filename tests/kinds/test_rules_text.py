"""The rule text players read comes from the rules: hints under accuracy scoring (defect 1),
match rows past Z (defect 3) and numbers that could mean two things (defect 7)."""

from __future__ import annotations

import io
from pathlib import Path

from game.kinds.match import row_label
from game.packs.loader import validate_pack_data
from game.packs.model import Pack
from game.plain.play import parse_response, play_plain
from game.play.scoring import HINT_FACTOR, hint_cost
from game.play.session import GameSession
from game.ui.widgets.footer import QuizFooter
from tests.ui.helpers import (
    QUESTIONS,
    asking,
    make_app,
    pack_data,
    play,
    screen_text,
    showing_feedback,
    text_of,
    wait_for,
    write_pack,
)


def pack_of(*questions: dict[str, object], **defaults: object) -> Pack:
    checked = validate_pack_data(pack_data("rules", questions, **defaults))
    assert checked.pack is not None, [p.format() for p in checked.problems]
    return checked.pack


def plain_game(session: GameSession, *lines: str) -> str:
    out = io.StringIO()
    assert play_plain(session, io.StringIO("".join(f"{line}\n" for line in lines)), out) == 0
    return out.getvalue()


# --- defect 1: what a hint costs ------------------------------------------------------------


def test_hint_cost_follows_the_scoring_rule() -> None:
    assert HINT_FACTOR == 0.5
    assert hint_cost("standard") == "halves the points"
    assert "halves" not in hint_cost("accuracy") and "nothing" in hint_cost("accuracy")


def test_plain_mode_under_accuracy_scoring_does_not_say_a_hint_halves() -> None:
    accuracy = GameSession([pack_of(QUESTIONS["choice"], scoring="accuracy")], seed=1)
    right = str(accuracy.current.options.index("Brussels") + 1)
    out = plain_game(accuracy, "?", right)
    assert "halves" not in out and "halved" not in out
    assert "Type ? for a hint (it costs nothing: accuracy scoring)." in out
    assert "Correct. 100 points." in out  # and indeed it cost nothing
    standard = GameSession([pack_of(QUESTIONS["choice"])], seed=1)
    assert "Type ? for a hint (it halves the points)." in plain_game(standard, "?", right)


async def test_the_tui_under_accuracy_scoring_does_not_say_a_hint_halves(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    write_pack(folder, pack_data("typed", [QUESTIONS["text"]], scoring="accuracy"))
    app = make_app(tmp_path, packs=folder, request=play("typed"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        instructions = text_of(app.screen.query_one("#instructions"))
        assert "? and Enter: the hint (costs nothing: accuracy scoring)." in instructions
        labels = [b.description for b in app.screen._bindings.get_bindings_for_key("h")]
        assert labels == ["Hint (free)"]
        await pilot.press("?", "enter")
        await pilot.pause()
        hint = text_of(app.screen.query_one("#hint"))
        assert "Its headquarters are in Brussels." in hint and "halved" not in hint
        await pilot.press(*"NATO", "enter")
        await wait_for(pilot, lambda: showing_feedback(app))
        assert "hint used" in screen_text(app) and "halved" not in screen_text(app)
        assert app.screen.session.player.score == 100  # type: ignore[attr-defined]
        footer = app.screen.query_one(QuizFooter)
        assert not any("halves" in key.description for key in footer.keys)


async def test_the_tui_under_standard_scoring_says_a_hint_halves(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    write_pack(folder, pack_data("choice", [QUESTIONS["choice"]]))
    app = make_app(tmp_path, packs=folder, request=play("choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        footer = app.screen.query_one(QuizFooter)
        assert "Hint (halves points)" in [key.description for key in footer.keys]


# --- defect 3: match rows past Z --------------------------------------------------------------


def test_row_labels_go_on_past_z_like_spreadsheet_columns() -> None:
    assert [row_label(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
    assert len({row_label(i) for i in range(1000)}) == 1000
    assert all(row_label(i).isalpha() and row_label(i).isupper() for i in range(1000))


def test_a_match_of_30_pairs_in_plain_mode() -> None:
    pairs = [{"left": f"Country {i}", "right": f"Capital {i}"} for i in range(30)]
    question = {"id": "big", "type": "match", "prompt": "Match them.", "pairs": pairs}
    session = GameSession([pack_of(question)], seed=2)
    played = session.current
    right = [str(played.options.index(f"Capital {i}") + 1) for i in range(30)]
    assert parse_response(played, " ".join(right)) == {p["left"]: p["right"] for p in pairs}
    out = plain_game(session, " ".join(right))
    assert "  Z. Country 25" in out and "  AA. Country 26" in out and "  AD. Country 29" in out
    assert "[" not in out.split("Matches:")[0]
    assert "For A B C" in out and "Y Z AA AB AC AD in turn" in out
    assert "Correct. 100 points." in out


# --- defect 7: numbers that could mean two things -------------------------------------------


def test_plain_mode_asks_about_an_ambiguous_number_and_grades_the_next_line() -> None:
    question = {"id": "n", "type": "numeric", "prompt": "How many?", "answer": 1200}
    session = GameSession([pack_of(question)], seed=1)
    out = plain_game(session, "1.200", "1,200", "1200")
    assert out.count("Did you mean 1200 or 1.2? Type it without the separator: 1200") == 2
    (outcome,) = session.player.outcomes  # the ambiguous lines were neither graded nor kept
    assert outcome.response == "1200" and outcome.correct


def test_plain_mode_reads_unambiguous_groupings() -> None:
    question = {"id": "n", "type": "numeric", "prompt": "How many?", "answer": 31000}
    session = GameSession([pack_of(question)], seed=1)
    out = plain_game(session, "31 000")
    assert "Did you mean" not in out and "Correct." in out
