"""`host`, `join` and `scores --session` on the command line: their one-line errors and
the session's listing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from game.cli import main
from game.live.model import LiveError
from tests.sample_packs import right_answer

from .helpers import host_on, student_on


def test_host_needs_a_pack_or_a_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["host", "--plain"]) == 2
    assert capsys.readouterr().err == "civic-quiz host: name a PACK, or --resume CODE\n"


def test_join_plain_needs_a_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["join", "K7Q2", "--plain"]) == 2
    assert "--plain needs --player NAME" in capsys.readouterr().err


def test_a_wrong_code_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "scores.sqlite3"
    host_on(db)
    assert main(["join", "zz zz", "--player", "Ana", "--plain", "--db", str(db)]) == 1
    assert capsys.readouterr().err == "civic-quiz join: no class game has the code ZZZZ\n"
    assert main(["host", "--resume", "ZZZZ", "--plain", "--db", str(db)]) == 1
    assert capsys.readouterr().err == "civic-quiz host: no class game has the code ZZZZ\n"
    assert main(["scores", "--session", "ZZZZ", "--db", str(db)]) == 1
    assert capsys.readouterr().err == "civic-quiz: no class game has the code ZZZZ\n"


def test_scores_lists_one_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "scores.sqlite3"
    host = host_on(db, questions=2, time_limit=None)
    ana = student_on(db, host.code, "Ana")
    with pytest.raises(LiveError, match="cannot contain control characters"):
        student_on(db, host.code, "Ben\x1b[31m")  # names are checked as everywhere
    student_on(db, host.code, "Ben")
    host.start()
    ana.answer(right_answer(ana.view().state.presented))
    host.reveal()
    host.next()
    host.skip()
    assert main(["scores", "--session", host.code, "--format", "csv", "--db", str(db)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["player"] for r in rows] == ["Ana", "Ben"]
    assert all(r["mode"] == "live" and r["status"] for r in rows)
    assert int(rows[0]["score"]) > 0 and rows[1]["score"] == "0"
    args = ["scores", "--session", host.code.lower(), "--answers", "--format", "csv"]
    assert main([*args, "--db", str(db)]) == 0
    answers = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(answers) == 4
    assert [a["answer_text"] for a in answers if a["player"] == "Ana"][1] == (
        "(skipped by the teacher)"
    )
    assert main(["scores", "--session", host.code, "--db", str(db)]) == 0
    table = capsys.readouterr().out
    assert "Ana" in table and "\x1b" not in table
