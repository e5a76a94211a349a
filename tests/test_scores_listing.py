"""`civic-quiz scores` at a school's scale (issue 14): the newest 50 games by default with a
note of what is left out, `--all`, `--limit`, `--since`, and CSV and JSON written row by row
from the store's cursor (never a list of every game or answer)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from game.cli import main
from game.commands.scores import SCORE_COLUMNS, game_row, stream_csv, stream_json
from game.store import ANSWER_ROW_FIELDS, GameFilter, ScoreStore
from tests.games import Answer, play_game

T0 = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
PACK = "civics"


def _played(db: Path, games: int) -> None:
    """`games` finished games of two questions, one a day from T0, of players p0..p4."""
    with ScoreStore(db) as store:
        for n in range(games):
            started = T0 + dt.timedelta(days=n)
            text = f"=answer {n}" if n == 3 else f"answer {n}"
            answer = Answer(text=text, answer_json=json.dumps(f"answer {n}"))
            play_game(
                store,
                f"p{n % 5}",
                pack_id=PACK,
                seed=n,
                started_at=started,
                answers=[answer, answer],
                answer_every=dt.timedelta(seconds=1),
                finished_at=started + dt.timedelta(minutes=1),
            )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "scores.sqlite3"
    _played(path, 60)
    return path


def _run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    status = main(["scores", *args, "--db", str(db)])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_table_shows_the_newest_50_and_says_how_many_there_are(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    status, out, err = _run(capsys, db)
    assert status == 0
    assert err == "showing 50 of 60 games; --all for every game\n"
    assert "2026-03-05 08:00" in out  # the newest game (day 59)
    assert "2026-01-15 08:00" in out  # the 50th newest (day 10)
    assert "2026-01-14 08:00" not in out


def test_all_shows_every_game_without_a_note(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    status, out, err = _run(capsys, db, "--all", "--format", "csv")
    assert status == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 60
    assert rows[0]["started"].startswith("2026-03-05")  # newest first


def test_limit_and_its_note_in_every_format(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    status, out, err = _run(capsys, db, "--limit", "3", "--format", "json")
    assert status == 0
    assert [row["started"][:10] for row in json.loads(out)] == [
        "2026-03-05",
        "2026-03-04",
        "2026-03-03",
    ]
    assert err == "showing 3 of 60 games; --all for every game\n"
    status, out, err = _run(capsys, db, "--limit", "70", "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 60 and err == ""


def test_since_counts_and_lists_only_the_later_games(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    status, out, err = _run(capsys, db, "--since", "2026-02-24", "--limit", "5", "--format", "csv")
    assert status == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 5
    assert err == "showing 5 of 10 games; --all for every game\n"


def test_all_and_limit_together_are_refused(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["scores", "--all", "--limit", "5", "--db", str(db)])
    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["0", "-1", "many"])
def test_a_limit_below_one_is_refused(
    capsys: pytest.CaptureFixture[str], db: Path, bad: str
) -> None:
    with pytest.raises(SystemExit):
        main(["scores", "--limit", bad, "--db", str(db)])
    assert "--limit" in capsys.readouterr().err


def test_answers_show_the_newest_in_export_order_and_all_of_them_with_all(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    status, out, err = _run(capsys, db, "--answers", "--limit", "3")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["game_id"], r["position"]) for r in rows] == [("59", "1"), ("60", "0"), ("60", "1")]
    assert err == "showing the newest 3 of 120 answers; --all for every answer\n"
    status, out, err = _run(capsys, db, "--answers", "--all", "--format", "json")
    assert status == 0 and err == ""
    data = json.loads(out)
    assert len(data) == 120 and list(data[0]) == list(ANSWER_ROW_FIELDS)
    assert data[6]["answer_text"] == "=answer 3"  # JSON keeps the text as it is


def test_csv_export_escapes_formulas_as_before(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    _, out, _ = _run(capsys, db, "--answers", "--all")
    texts = [r["answer_text"] for r in csv.DictReader(io.StringIO(out))]
    assert "'=answer 3" in texts and "=answer 3" not in texts


def test_exports_never_build_the_whole_list(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every row comes from the store's streaming reads: the list methods, which hold every
    row in memory at once, are not called (at 100,000 games they took gigabytes)."""

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a list of every row was built")

    monkeypatch.setattr(ScoreStore, "games", refused)
    monkeypatch.setattr(ScoreStore, "answer_rows", refused)
    for args in (
        ["--all", "--format", "csv"],
        ["--all", "--format", "json"],
        ["--answers", "--all", "--format", "csv"],
        ["--answers", "--all", "--format", "json"],
        [],
    ):
        status, out, _ = _run(capsys, db, *args)
        assert status == 0 and out, args


def test_streamed_json_is_the_text_json_dumps_would_write(db: Path) -> None:
    with ScoreStore(db) as store:
        rows = [game_row(g) for g in store.games(GameFilter(limit=3))]
    for some in (rows, rows[:1], []):
        out = io.StringIO()
        assert stream_json(iter(some), out) == len(some)
        assert out.getvalue() == json.dumps(some, ensure_ascii=False, indent=2) + "\n"


def test_streamed_csv_of_no_rows_is_the_header() -> None:
    out = io.StringIO()
    assert stream_csv(iter([]), SCORE_COLUMNS, out) == 0
    assert out.getvalue() == ",".join(SCORE_COLUMNS) + "\n"


def _school_games(db: Path, packs: list[str]) -> None:
    """Games of players with long names on packs with long ids, as a school has them."""
    with ScoreStore(db) as store:
        for n, pack in enumerate(packs):
            started = T0 + dt.timedelta(days=n, hours=n)
            play_game(
                store,
                f"Student {1660 + n} Marie-Christine",
                pack_id=pack,
                mode="practice" if n % 2 else "classic",
                seed=n,
                question_ids=[f"q{q}" for q in range(37)],
                max_score=5400,
                started_at=started,
                end="abandoned",
            )


@pytest.mark.parametrize("packs", [1, 2], ids=["one-pack", "two-packs"])
def test_the_table_fits_80_columns_with_whole_dates_and_pack_ids(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    packs: int,
) -> None:
    db = tmp_path / "school.sqlite3"
    ids = ["nato-us-europe-2016", "eu-parliament-elections-2024"][:packs]
    _school_games(db, [ids[n % packs] for n in range(4)])
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = _run(capsys, db)
    assert status == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80, out
    assert "\u2026" not in out, out  # nothing cut short
    for n in range(4):
        started = T0 + dt.timedelta(days=n, hours=n)
        assert f"{started:%Y-%m-%d %H:%M}" in out, out  # each on one line
    assert "abandoned" in out and "0/5400" in out
    if packs == 1:
        assert lines[0].strip() == f"Games, pack {ids[0]}"  # shared: said once, whole
        return
    # Two packs: a column, each long id folded over lines, never cut: read back whole.
    header = next(n for n, line in enumerate(lines) if "started (UTC)" in line)
    start, end = lines[header].index("pack"), lines[header].index("mode")
    cells: list[str] = []
    for line in lines[header + 2 :]:
        if line.strip().startswith("Student"):
            cells.append("")
        if cells:
            cells[-1] += line[start:end].strip()
    assert cells == [ids[n % 2] for n in (3, 2, 1, 0)], out
    # Issue 22: at 80 columns a pack id as long as the NATO one or longer takes at most two
    # lines, and a player's name at most two.
    rows = [n for n, line in enumerate(lines) if line.strip().startswith("Student")]
    for first, after in zip(rows, [*rows[1:], len(lines)], strict=True):
        used = [line for line in lines[first:after] if line.strip()]
        assert len(used) <= 2, "\n".join(used)
