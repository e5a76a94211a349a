"""The `civic-quiz` command: validate, packs, schema and new, with their exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from game.cli import main
from tests.conftest import REPO
from tests.packs.helpers import with_questions

GOOD = with_questions("""\
- id: q1
  type: truefalse
  prompt: "[bold]NATO[/bold] was founded in 1949."
  answer: true
  explanation: e
""")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_good_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(tmp_path / "good.yaml"))
    assert code == 0
    assert "good.yaml: ok, 1 question" in out


def test_validate_reports_compiler_style_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("answer: true", "answer: maybe"), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 1
    assert f"{bad}:9:13: error: 'answer' should be true or false, not 'maybe' [question q1]" in out


def test_validate_recurses_into_folders_and_flags_duplicate_pack_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a" / "two.yml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text("not a pack", encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 0
    # The shared id, and each file's question marked unsourced (no source, no quote).
    assert "2 files checked: 0 errors, 3 warnings" in out
    assert out.count(": warning: unsourced: ") == 2
    assert "pack id 'test-pack' is also used by" in out
    assert "one.yaml" in out and "two.yml" in out
    code, out, _ = run(capsys, "validate", "--strict", str(tmp_path))
    assert code == 1


def test_strict_turns_warnings_into_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD.replace("  explanation: e\n", ""), encoding="utf-8")
    assert run(capsys, "validate", str(path))[0] == 0
    code, out, _ = run(capsys, "validate", "--strict", str(path))
    assert code == 1
    assert ":6:5: error: no 'explanation'" in out


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD.replace("answer: true", "answer: maybe"), encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--format", "json", str(path))
    assert code == 1
    (entry,) = json.loads(out)
    assert entry == {
        "file": str(path),
        "line": 9,
        "column": 13,
        "severity": "error",
        "code": "wrong-type",
        "question": "q1",
        "message": "'answer' should be true or false, not 'maybe'",
    }


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert "no such file or folder" in err


def test_unreadable_file_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text(GOOD, encoding="utf-8")
    real_open = os.open

    def refuse(name: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(name).endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    # The pack is read with os.open (never blocking on a FIFO), so refusing that call is
    # what a permission error looks like to the reader.
    monkeypatch.setattr(os, "open", refuse)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 2
    assert f"{path}:1:1: error: cannot read the file: Permission denied" in out


def test_no_arguments_to_validate_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2


def test_control_characters_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD.replace("answer: true", "answer: tr\x1b[2Jue"), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert "\x1b" not in out
    assert "ESC (U+001B)" in out


def test_schema_is_json_schema_of_the_model(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"format", "id", "title", "questions"} <= set(schema["required"])
    text = json.dumps(schema)
    for kind in ("choice", "multi", "truefalse", "numeric", "text", "order", "match"):
        assert f'"const": "{kind}"' in text


def test_schema_accepts_the_bundled_pack(capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema
    import yaml

    main(["schema"])
    schema = json.loads(capsys.readouterr().out)
    for path in (REPO / "questions").glob("*.yaml"):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        data = json.loads(json.dumps(data, default=str))
        jsonschema.validate(data, schema)


def test_new_writes_a_starter_pack_that_validates_but_for_its_placeholders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sub" / "My Pack.yaml"
    code, out, _ = run(capsys, "new", str(path))
    assert code == 0 and path.exists()
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0, out
    assert "ok, 9 questions" in out
    # Strict, the starter's placeholders are errors (tests/test_cli_source.py).
    code, out, _ = run(capsys, "validate", "--strict", str(path))
    assert code == 1
    text = path.read_text(encoding="utf-8")
    assert "id: my-pack" in text
    for kind in ("choice", "multi", "truefalse", "numeric", "text", "order", "match"):
        assert f"type: {kind}" in text
    code, _, err = run(capsys, "new", str(path))
    assert code == 2 and "already exists" in err
    assert run(capsys, "new", "--force", str(path))[0] == 0


def test_packs_lists_bundled_user_and_env_packs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "mine.yaml").write_text(GOOD.replace("test-pack", "mine"), encoding="utf-8")
    (extra / "broken.yaml").write_text("format: civic-quiz/1\n", encoding="utf-8")
    monkeypatch.setenv("CIVIC_QUIZ_PACKS", str(extra))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "packs", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    by_id = {row["id"]: row for row in rows}
    assert by_id["nato-us-europe-2016"]["questions"] >= 24
    assert by_id["mine"]["title"] == "Test pack"
    broken = next(row for row in rows if not row["ok"])
    assert "missing required key" in broken["error"]


def test_packs_table_shows_markup_literally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "m.yaml").write_text(
        GOOD.replace("title: Test pack", 'title: "[bold red]Loud[/]"'), encoding="utf-8"
    )
    monkeypatch.setenv("CIVIC_QUIZ_PACKS", str(extra))
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "packs")
    assert code == 0
    assert "[bold red]Loud[/]" in out


def test_python_dash_m_and_console_script_agree(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD.replace("answer: true", "answer: maybe"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "[question q1]" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    """`civic-quiz schema | head -1`: the pipe closes early; no traceback, status 141."""
    import subprocess
    import sys

    code = (
        "import os, sys; from game.cli import main; "
        "read, write = os.pipe(); os.close(read); os.dup2(write, 1); "
        "status = main(['schema']); sys.stderr.write(f'STATUS {status}')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert "STATUS 141" in result.stderr
