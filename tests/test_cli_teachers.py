"""The teachers' commands: import, export, stats, scores --answers and validate --fix-quotes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from game.cli import main
from game.packs.loader import check_pack_file
from game.session import GameSession
from game.store import ScoreStore
from tests.conftest import REPO
from tests.sample_packs import every_type_pack, right_answer, wrong_answer

DATA = REPO / "tests" / "importers" / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "name", ["eu-nato-civics.gift", "eu-nato.aiken.txt", "eu-nato.csv", "eu-nato.json"]
)
def test_import_writes_a_valid_pack(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "imported.yaml"
    code, _, err = run(
        capsys,
        "import",
        str(DATA / name),
        "-o",
        str(out),
        "--id",
        "imported",
        "--title",
        "Imported",
    )
    assert code == 0, err
    assert "Imported " in err
    checked = check_pack_file(out)
    assert checked.ok, [p.format() for p in checked.errors]
    assert checked.pack.id == "imported"


def test_import_reports_skipped_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", str(DATA / "broken.csv"), "-o", str(tmp_path / "o.yaml"))
    assert code == 0
    assert f"{DATA / 'broken.csv'}:3: skipped row: unknown question type 'quiz'" in err


def test_a_failed_import_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.yaml"
    code, _, err = run(capsys, "import", str(DATA / "malformed.json"), "-o", str(out))
    assert code == 1
    assert "malformed.json:10: error: not valid JSON" in err
    assert not out.exists()
    empty = tmp_path / "empty.csv"
    empty.write_text("type,prompt,answer,choices,explanation,quote,tags\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(empty), "-o", str(out))
    assert code == 1 and "nothing written" in err and not out.exists()
    code, _, err = run(capsys, "import", str(tmp_path / "missing.gift"))
    assert code == 2


def test_import_template_and_detection_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "import", "--template", "csv")
    assert code == 0 and out.startswith("type,prompt,answer,choices")
    odd = tmp_path / "notes.txt"
    odd.write_text("just some notes\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(odd))
    assert code == 1 and "--from" in err


def test_export_gift_round_trips_the_nato_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gift = tmp_path / "nato.gift"
    code, _, err = run(capsys, "export", "nato-us-europe-2016", "--to", "gift", "-o", str(gift))
    assert code == 0
    assert "skipped 3" in err and "GIFT has no 'order' questions" in err
    back = tmp_path / "back.yaml"
    assert run(capsys, "import", str(gift), "-o", str(back))[0] == 0
    assert len(check_pack_file(back).pack.questions) == 34
    assert run(capsys, "export", "no-such-pack")[0] == 1


def played_store(db: Path) -> None:
    pack = every_type_pack()
    with ScoreStore(db) as store:
        for number, name in enumerate(["Ada", "Ben", "Cy"]):
            session = GameSession([pack], players=[name], seed=1, store=store)
            session.start()
            while not session.is_over:
                played = session.current
                good = number == 0 or played.key != "numeric"
                session.answer(right_answer(played) if good else wrong_answer(played), seconds=2)
                session.advance()


def test_stats_and_answer_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "scores.sqlite3"
    played_store(db)
    monkeypatch.setenv("CIVIC_QUIZ_DB", str(db))
    code, out, _ = run(capsys, "stats", "every-type", "--format", "json")
    assert code == 0
    items = {row["question_id"]: row for row in json.loads(out)["questions"]}
    assert items["numeric"]["facility"] == pytest.approx(100 / 3, abs=0.01)
    assert items["numeric"]["common_wrong_answer"] == "999"
    assert items["choice"]["facility"] == 100
    code, out, _ = run(capsys, "stats", "every-type", "--format", "csv")
    assert code == 0 and len(list(csv.DictReader(io.StringIO(out)))) == 7
    code, out, _ = run(capsys, "stats", "every-type")
    assert code == 0 and "numeric" in out
    code, out, _ = run(capsys, "scores", "--answers", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 21
    assert {"player", "question_id", "answer_text", "credit", "seconds"} <= set(rows[0])
    code, out, _ = run(capsys, "scores", "--since", "2999-01-01", "--format", "json")
    assert json.loads(out) == []
    with pytest.raises(SystemExit):
        main(["scores", "--since", "yesterday"])


def test_fix_quotes_rewrites_typography_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "article.txt").write_text(
        "He said \u201cgoing it alone\u201d \u2014 no.", encoding="utf-8"
    )
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "# my pack\nformat: civic-quiz/1\nid: p\ntitle: P\nsource:\n  file: article.txt\n"
        "  published: 2016-11-13\nquestions:\n  - id: q\n    type: truefalse\n"
        "    prompt: p\n    answer: true\n    explanation: e\n"
        "    quote: 'He said \"going it alone\" - no.'\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "validate", "--fix-quotes", str(pack))
    assert code == 0, out
    text = pack.read_text(encoding="utf-8")
    assert text.startswith("# my pack\n")
    assert "\u201cgoing it alone\u201d \u2014 no." in text
    assert check_pack_file(pack).ok
