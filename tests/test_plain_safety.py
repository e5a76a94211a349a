"""Plain mode neither stores a typed control sequence nor writes one: a line with control
characters is refused and asked again, and everything written is escaped (issue 10, item 8b)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.plain.play import InputProblem, parse_response, play_plain
from game.play.session import GameSession, PlayedQuestion
from game.store import ScoreStore
from tests.fuzzing import TITLE
from tests.sample_packs import every_type_pack, right_answer
from tests.test_plain import answer_line
from tests.test_textsafe import is_raw_free


def by_key(session: GameSession) -> dict[str, PlayedQuestion]:
    return {p.key: p for p in session.played}


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("text", f"x{TITLE}"),
        ("text", "NATO\x1b[2J"),
        ("text", "NA\rTO"),
        ("text", "NATO\u202e"),
        ("numeric", "2\x9b"),
        ("choice", "1\x1b[A"),  # an arrow key in a terminal that sends its escape sequence
    ],
)
def test_a_line_with_control_characters_is_refused(key: str, line: str) -> None:
    played = by_key(GameSession([every_type_pack()], seed=1))[key]
    with pytest.raises(InputProblem) as refused:
        parse_response(played, line + "\n")
    message = str(refused.value)
    assert "control character" in message
    assert is_raw_free(message)


def test_line_endings_and_tabs_are_not_control_characters_to_refuse() -> None:
    played = by_key(GameSession([every_type_pack()], seed=1))
    assert parse_response(played["text"], "NATO\r\n") == "NATO"
    assert parse_response(played["multi"], "1\t3\n") == [
        played["multi"].options[0],
        played["multi"].options[2],
    ]


def test_the_refused_line_is_asked_again_and_never_stored(tmp_path: Path) -> None:
    store = ScoreStore(tmp_path / "scores.sqlite3")
    session = GameSession([every_type_pack()], seed=4, store=store, players=["Ada"])
    session.start()
    lines = []
    for played in session.played:
        lines += [f"x{TITLE}", answer_line(played, right_answer(played))]
    out = io.StringIO()
    status = play_plain(session, io.StringIO("".join(f"{line}\n" for line in lines)), out)
    assert status == 0
    text = out.getvalue()
    assert is_raw_free(text)
    assert text.count("control character") == 7
    (game,) = store.games()
    assert game.correct == 7
    assert not any("\x1b" in a.answer_text for a in store.answer_rows())


def test_everything_written_is_escaped(tmp_path: Path) -> None:
    pack = every_type_pack()
    hostile = [
        q.model_copy(update={"prompt": f"{q.prompt}{TITLE}", "explanation": "Why\x1b[2J"})
        for q in pack.questions
    ]
    session = GameSession([pack.model_copy(update={"questions": hostile})], seed=4, mode="exam")
    lines = [answer_line(p, right_answer(p)) for p in session.played] + ["submit"]
    board = ["Leaderboard:", f"> 1. Eve{TITLE}: 700 (exam, 2024-05-01)"]  # a stored name
    out = io.StringIO()
    status = play_plain(
        session,
        io.StringIO("".join(f"{line}\n" for line in lines)),
        out,
        leaderboard=lambda: board,
    )
    assert status == 0
    text = out.getvalue()
    assert is_raw_free(text)
    assert "\\x1b]0;PWNED\\x07" in text and "Why\\x1b[2J" in text
    assert "> 1. Eve\\x1b]0;PWNED\\x07: 700" in text


def test_the_command_refuses_a_typed_escape_sequence(tmp_path: Path) -> None:
    db = tmp_path / "scores.sqlite3"
    env = {**os.environ, "CIVIC_QUIZ_DB": str(db)}
    # The reproduction of the issue: an answer with an OSC sequence, then end of input.
    result = subprocess.run(
        [sys.executable, "-m", "game", "play", "nato-us-europe-2016", "--plain"],
        input=f"x{TITLE}\n",
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 3
    assert is_raw_free(result.stdout) and is_raw_free(result.stderr)
    assert "control character" in result.stdout
    with ScoreStore(db) as store:
        assert store.answer_rows() == []


# -- issue 21, item 9: a broken pack's first problem is escaped as `validate` shows it ------

BROKEN_BY_RLO = {
    "an id": ("id: q1", "id: q\u202e1"),
    "a type": ("type: truefalse", "type: true\u202efalse"),
    "a quoted apostrophe": ("answer: true", "answer: 'it\u202e's'"),
}
"""Packs whose first problem quotes a bidi override (U+202E) from the pack."""


@pytest.mark.parametrize("where", sorted(BROKEN_BY_RLO))
def test_a_broken_packs_first_problem_is_escaped_in_plain_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    from game.cli import main
    from tests.packs.helpers import with_questions

    old, new = BROKEN_BY_RLO[where]
    pack = with_questions(
        "- id: q1\n  type: truefalse\n  prompt: NATO was founded in 1949.\n  answer: true\n"
    ).replace(old, new)
    path = tmp_path / "test-pack.yaml"
    path.write_text(pack, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(["play", "--plain", "--db", str(tmp_path / "scores.sqlite3"), str(path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert is_raw_free(out) and is_raw_free(err), repr(err)
    assert "\\u202e" in err  # as validate shows it
    assert len(err.splitlines()) == 1
    main(["validate", str(path)])
    shown = capsys.readouterr().out.splitlines()[0]
    assert shown.split(": error: ")[1].removesuffix(" [question q1]") in err


@pytest.mark.parametrize(
    "ref", ["test\u202epack", f"nato{TITLE}", "x\nnato.yaml:1:1: error: forged"]
)
def test_a_pack_name_from_the_command_line_is_escaped_in_plain_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, ref: str
) -> None:
    from game.cli import main

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code = main(["play", "--plain", "--db", str(tmp_path / "scores.sqlite3"), ref])
    out, err = capsys.readouterr()
    assert code == 1
    assert is_raw_free(out) and is_raw_free(err), repr(err)
    assert "no pack with id or path" in err
    assert len(err.splitlines()) == 1  # a newline cannot forge a line
