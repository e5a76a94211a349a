"""What the commands write is safe: pack text, file names, player names and answers never send
a control sequence to the terminal, never forge a line, and never start a spreadsheet
formula (issue 10, items 8 and 9)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest

from game.cli import main
from game.store import ScoreStore
from tests.fuzzing import BIDI, C1, CLEAR, LINK, TITLE
from tests.games import Answer, play_game
from tests.packs.helpers import with_questions
from tests.test_textsafe import is_raw_free

HOSTILE = f"x{TITLE}{CLEAR}{LINK}{C1}{BIDI}"

NAME = f"Eve{TITLE}{CLEAR}"
"""A player name no game would accept, but another program (or an old version) might store."""
ANSWER = f"Paris{TITLE}{LINK}"

GOOD = with_questions("""\
- id: q1
  type: truefalse
  prompt: NATO was founded in 1949.
  answer: true
  explanation: e
  quote: The treaty was signed in 1949.
""")
"""A pack with no problem at all (its question quotes something, so it is not unsourced)."""

SOURCE_PACK = """\
format: civic-quiz/1
id: source-pack
title: Source pack
as_of: 2016-11-13
source:
  publisher: DW
  title: NATO
  published: 2016-11-13
  file: source.txt
questions:
  - id: q1
    type: truefalse
    prompt: NATO spends.
    answer: true
    explanation: e
    quote: "PWNED click NATO spends three percent"
"""
"""A pack whose quote is not in its source: the problem shows the source's closest passage."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_safe(*texts: str) -> None:
    for text in texts:
        assert is_raw_free(text), repr(text)


def source_pack(folder: Path) -> Path:
    """A pack whose closest-passage message quotes a source full of escape sequences."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(
        f"The allies met in Brussels.\n{TITLE}{CLEAR}{LINK}{C1} NATO spends two percent.\n",
        encoding="utf-8",
    )
    path = folder / "source-pack.yaml"
    path.write_text(SOURCE_PACK, encoding="utf-8")
    return path


# -- route (a): pack problem messages ------------------------------------------------------


def test_validate_writes_a_closest_passage_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = source_pack(tmp_path)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert_safe(out, err)
    code, out, err = run(capsys, "validate", "--format", "json", str(path))
    assert_safe(out, err)
    assert json.loads(out)[0]["code"] == "quote-not-in-source"


def test_packs_writes_a_broken_packs_message_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source_pack(tmp_path / "extra")
    monkeypatch.setenv("CIVIC_QUIZ_PACKS", str(tmp_path / "extra"))
    monkeypatch.setenv("COLUMNS", "300")
    code, out, err = run(capsys, "packs")
    assert code == 0
    assert_safe(out, err)
    assert "(broken)" in out
    _, out, err = run(capsys, "packs", "--format", "json")
    assert_safe(out, err)
    broken = next(row for row in json.loads(out) if not row["ok"])
    assert "closest passage" in broken["error"]


# -- route (c): file names -----------------------------------------------------------------


@pytest.mark.parametrize("name", [f"x{TITLE}.yaml", "a\nb.yaml", f"{BIDI}.yaml"])
def test_validate_names_an_odd_file_safely_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    (tmp_path / name).write_text(GOOD, encoding="utf-8")
    code, out, err = run(capsys, "validate", str(tmp_path / name))
    assert code == 0
    assert_safe(out, err)
    lines = out.splitlines()
    assert len(lines) == 2  # the ok line and the summary: no forged line
    assert lines[0].endswith(": ok, 1 question")
    assert lines[1] == "1 file checked: 0 errors, 0 warnings"


def test_validate_problem_lines_stay_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "a\nfake.yaml:1:1: error: forged"
    (tmp_path / name).write_text(GOOD.replace("answer: true", "answer: maybe"), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(tmp_path / name))
    assert code == 1
    assert not any(line.startswith("fake.yaml") for line in out.splitlines())
    assert len(out.splitlines()) == 2


def test_packs_lists_odd_file_names_safely(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / f"x{TITLE}.yaml").write_text(GOOD.replace("test-pack", "one"), encoding="utf-8")
    (extra / "a\nb.yaml").write_text(GOOD.replace("test-pack", "two"), encoding="utf-8")
    (extra / f"c{CLEAR}.yaml").write_text("format: civic-quiz/1\n", encoding="utf-8")
    monkeypatch.setenv("CIVIC_QUIZ_PACKS", str(extra))
    monkeypatch.setenv("COLUMNS", "300")
    code, out, err = run(capsys, "packs")
    assert code == 0
    assert_safe(out, err)
    assert "a\\nb.yaml" in out
    _, out, err = run(capsys, "packs", "--format", "json")
    assert_safe(out, err)
    paths = {Path(row["path"]).name for row in json.loads(out)}
    assert "a\nb.yaml" in paths  # JSON keeps the real name, escaped by JSON itself


# -- route (b): names and answers in the database ------------------------------------------


def hostile_store(db: Path, players: dict[str, str], *, score: int = 10) -> None:
    """One finished game of pack `civics` for each player, with that player's answer."""
    with ScoreStore(db) as store:
        for player, answer in players.items():
            play_game(
                store,
                player,
                pack_hash="sha256:abc",
                started_at=dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC),
                points_each=10,
                answers=[Answer(score / 10, answer)],
                answer_every=None,
            )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "scores.sqlite3"
    hostile_store(path, {NAME: ANSWER, f"Bob{BIDI}": f"Rome{C1}"}, score=0)
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["scores"],
        ["scores", "--format", "csv"],
        ["scores", "--format", "json"],
        ["scores", "--answers"],
        ["scores", "--answers", "--format", "json"],
        ["stats", "civics"],
        ["stats", "civics", "--format", "csv"],
        ["stats", "civics", "--format", "json"],
    ],
)
def test_names_and_answers_from_the_database_reach_the_terminal_safely(
    db: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    code, out, err = run(capsys, *argv, "--db", str(db))
    assert code == 0
    assert_safe(out, err)
    assert ("Eve" if argv[0] == "scores" else "Paris") in out


def test_json_keeps_the_stored_text_exactly(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "scores", "--answers", "--format", "json", "--db", str(db))
    rows = json.loads(out)
    assert {row["player"] for row in rows} == {NAME, f"Bob{BIDI}"}
    assert ANSWER in {row["answer_text"] for row in rows}


def test_the_scores_table_shows_escapes_visibly(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    _, out, _ = run(capsys, "scores", "--db", str(db))
    assert "Eve\\x1b]0;PWNED\\x07\\x1b[2J" in out
    _, out, _ = run(capsys, "stats", "civics", "--db", str(db))
    assert "Paris\\x1b]0;PWNED" in out or "Rome\\x9b31m" in out


# -- item 9: CSV formula injection ---------------------------------------------------------

STARTS = ["=", "+", "-", "@", "\t", "\r"]


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("start", STARTS)
def test_scores_csv_never_starts_a_formula_in_a_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], start: str
) -> None:
    db = tmp_path / "scores.sqlite3"
    name = f"{start}cmd|' /C calc'!A0"
    hostile_store(db, {name: "Paris"})
    code, out, _ = run(capsys, "scores", "--format", "csv", "--db", str(db))
    assert code == 0
    (row,) = csv_rows(out)
    assert row["player"].startswith("'")
    assert row["score"] == "10" and row["max_score"] == "10"


@pytest.mark.parametrize("start", STARTS)
def test_answers_csv_never_starts_a_formula_in_an_answer_or_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], start: str
) -> None:
    db = tmp_path / "scores.sqlite3"
    hostile_store(db, {f"{start}Ada": f'{start}HYPERLINK("http://x","y")'})
    code, out, _ = run(capsys, "scores", "--answers", "--db", str(db))
    assert code == 0
    (row,) = csv_rows(out)
    assert row["player"].startswith("'")
    assert row["answer_text"].startswith("'")
    assert row["points"] == "10" and row["credit"] == "1.0"


@pytest.mark.parametrize("start", STARTS)
def test_stats_csv_never_starts_a_formula_in_a_wrong_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], start: str
) -> None:
    db = tmp_path / "scores.sqlite3"
    hostile_store(db, {"Ada": f'{start}HYPERLINK("http://x","y")'}, score=0)
    code, out, _ = run(capsys, "stats", "civics", "--format", "csv", "--db", str(db))
    assert code == 0
    (row,) = csv_rows(out)
    assert row["common_wrong_answer"].startswith("'")
    assert row["attempts"] == "1" and row["facility"] == "0.0"


def test_numeric_columns_stay_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "scores.sqlite3"
    hostile_store(db, {"Ada": "-5"}, score=-5)  # a negative score, from a penalty
    _, out, _ = run(capsys, "scores", "--format", "csv", "--db", str(db))
    assert csv_rows(out)[0]["score"] == "-5"
    _, out, _ = run(capsys, "scores", "--answers", "--db", str(db))
    row = csv_rows(out)[0]
    assert row["points"] == "-5" and row["credit"] == "-0.5"
    assert row["answer_text"] == "'-5"  # typed text stays text, even when it looks numeric


def test_a_mode_written_by_another_program_is_shown_as_text_in_the_scores_table(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE games SET mode = ?", (f"[bold]exam[/bold]{CLEAR}",))
    conn.commit()
    conn.close()
    monkeypatch.setenv("COLUMNS", "300")
    code, out, err = run(capsys, "scores", "--db", str(db))
    assert code == 0
    assert_safe(out, err)
    assert "[bold]exam[/bold]" in out  # the brackets are text, not markup


# -- issue 21, item 8: every name given to `validate` is escaped, on one line ---------------

FORGED = "\nnato.yaml:1:1: error: forged"
"""A name holding a newline that would forge a report line of its own."""


def assert_no_forged_line(*texts: str) -> None:
    for text in texts:
        assert not any(line.startswith("nato.yaml") for line in text.splitlines()), text


@pytest.mark.parametrize("odd", [TITLE, CLEAR, FORGED, LINK.replace("/", ""), C1, BIDI])
@pytest.mark.parametrize("fix_quotes", [False, True])
def test_validate_escapes_every_name_it_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], odd: str, fix_quotes: bool
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "pack.yaml").write_text(GOOD, encoding="utf-8")
    broken = tmp_path / f"broken{odd}.yaml"
    broken.write_text(GOOD.replace("answer: true", "answer: maybe"), encoding="utf-8")
    empty = tmp_path / f"empty{odd}"  # a folder without packs
    empty.mkdir()
    (tmp_path / f"link{odd}").symlink_to(empty)  # a symlink to it
    (tmp_path / f"pack{odd}.yaml").symlink_to(good / "pack.yaml")  # a symlinked pack
    (tmp_path / f"dangling{odd}.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / f"in{odd}").mkdir()
    (tmp_path / f"in{odd}" / f"inner{odd}.yaml").write_text(GOOD, encoding="utf-8")
    names = [
        f"broken{odd}.yaml",
        f"empty{odd}",
        f"link{odd}",
        f"pack{odd}.yaml",
        f"dangling{odd}.yaml",
        f"in{odd}",
        f"missing{odd}.yaml",  # no such file
        f"missing{odd}",  # no such file, nor a pack id
    ]
    flags = ["--fix-quotes"] if fix_quotes else []
    code, out, err = run(capsys, "validate", *flags, *(str(tmp_path / n) for n in names))
    assert code == 2  # the missing names
    assert_safe(out, err)
    assert_no_forged_line(out, err)
    assert err.count("no such file or folder") == 3  # dangling and the two missing names
    assert err.count("no .yaml or .yml files in this folder") == 2  # the folder and its link
    if not fix_quotes:
        assert out.count(": ok, 1 question\n") == 2  # the symlinked pack and the inner one
        assert out.endswith("3 files checked: 1 error, 1 warning\n")  # the same id twice
        # Each problem or ok line starts with the name as given, escaped on one line.
        lines = out.splitlines()
        assert sum(line.startswith(str(tmp_path)) for line in lines) == len(lines) - 1
