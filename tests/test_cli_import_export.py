"""`import` and `export` with files from strangers: odd inputs, sizes, outputs and escapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.core import limits
from game.packs.loader import check_pack_file
from tests.conftest import REPO

GIFT = (
    "::q1::NATO was founded in 1949.{T}\n\n::q2::Where is NATO's headquarters?{=Brussels ~Paris}\n"
)
ESCAPES = "\x1b]0;pwned\x07\x1b[2J"
"""A terminal title change (OSC 0 ... BEL) and a screen clear (CSI 2 J)."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a child process with a timeout: a read that blocks fails the test
    instead of hanging the suite."""
    return subprocess.run(
        [sys.executable, "-m", "game", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=20,
        env={**os.environ, **(env or {})},
        check=False,
    )


# --- 1. only regular files are read, and only so much ---------------------------------------


def test_import_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "questions.gift"
    os.mkfifo(fifo)
    done = run_process("import", str(fifo))
    assert done.returncode == 2
    assert f"{fifo}: error:" in done.stderr and "pipe (FIFO)" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_import_refuses_a_device(device: str) -> None:
    if not os.path.exists(device):
        pytest.fail(f"{device} is expected on the test machines")
    done = run_process("import", device, "--from", "gift")
    assert done.returncode == 2
    assert f"{device}: error:" in done.stderr and "a device" in done.stderr
    assert "Traceback" not in done.stderr


def test_import_refuses_a_huge_sparse_file_before_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.gift"
    with huge.open("wb") as file:
        file.truncate(2 * 1024**3)  # sparse: takes no room on disk
    done = run_process("import", str(huge))
    assert done.returncode == 2
    assert f"{huge}: error:" in done.stderr and "larger than" in done.stderr
    assert "split" in done.stderr
    assert "Traceback" not in done.stderr


def test_import_refuses_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "import", str(tmp_path))
    assert code == 2 and out == ""
    assert f"{tmp_path}: error:" in err and "folder" in err


def test_import_of_a_missing_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "nope.gift"))
    assert code == 2
    assert "nope.gift: error:" in err and "does not exist" in err


# --- 3. a pack too large for the game is not written -------------------------------------------


def test_import_refuses_a_pack_over_the_size_limit_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "many.gift"
    source.write_text(
        "\n".join(f"::q{n}::Question number {n}?{{=yes ~no}}\n" for n in range(200)),
        encoding="utf-8",
    )
    monkeypatch.setattr(limits, "DEFAULT_MAX_BYTES", 4000)
    out = tmp_path / "many.yaml"
    code, stdout, err = run(capsys, "import", str(source), "-o", str(out))
    assert code == 1
    assert not out.exists() and stdout == ""
    assert "200 questions" in err and "over the limit" in err and "split" in err
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left either


def test_import_refuses_more_questions_than_a_pack_may_hold_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "many.gift"
    source.write_text(
        "\n".join(f"::q{n}::Question number {n}?{{=yes ~no}}\n" for n in range(30)),
        encoding="utf-8",
    )
    monkeypatch.setattr(limits, "MAX_QUESTIONS", 10)
    out = tmp_path / "many.yaml"
    code, stdout, err = run(capsys, "import", str(source), "-o", str(out))
    assert code == 1
    assert not out.exists() and stdout == ""
    assert "30 questions over the limit of 10 questions in a pack" in err
    assert "split the file into 3 or more parts of about 10 questions each" in err


def test_import_within_the_size_limit_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "two.gift"
    source.write_text(GIFT, encoding="utf-8")
    out = tmp_path / "two.yaml"
    code, _, err = run(capsys, "import", str(source), "-o", str(out))
    assert code == 0, err
    assert len(check_pack_file(out).pack.questions) == 2


# --- 4. no file replaced unasked, never half a file, never a FIFO ------------------------------


def test_import_does_not_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "two.gift"
    source.write_text(GIFT, encoding="utf-8")
    out = tmp_path / "mine.yaml"
    out.write_text("my own pack\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(source), "-o", str(out))
    assert code == 2
    assert f"{out}: error: already exists; use --force to overwrite it" in err
    assert out.read_text(encoding="utf-8") == "my own pack\n"
    code, _, err = run(capsys, "import", str(source), "-o", str(out), "--force")
    assert code == 0, err
    assert len(check_pack_file(out).pack.questions) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml", "two.gift"]


def test_import_onto_its_own_input_needs_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "two.gift"
    source.write_text(GIFT, encoding="utf-8")
    code, _, err = run(capsys, "import", str(source), "-o", str(source))
    assert code == 2
    assert "is the file being converted" in err and "--force" in err
    assert source.read_text(encoding="utf-8") == GIFT


def test_export_does_not_replace_its_own_pack_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "two.gift"
    source.write_text(GIFT, encoding="utf-8")
    pack = tmp_path / "p.yaml"
    assert run(capsys, "import", str(source), "-o", str(pack))[0] == 0
    before = pack.read_bytes()
    code, _, err = run(capsys, "export", str(pack), "-o", str(pack))
    assert code == 2
    assert f"{pack}: error:" in err and "is the file being converted" in err
    assert pack.read_bytes() == before
    # With --force it is the user's explicit choice.
    code, _, err = run(capsys, "export", str(pack), "-o", str(pack), "--force")
    assert code == 0, err
    assert pack.read_text(encoding="utf-8").startswith("// ")


def test_export_does_not_overwrite_another_file_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nato.gift"
    out.write_text("keep me\n", encoding="utf-8")
    code, _, err = run(capsys, "export", "nato-us-europe-2016", "-o", str(out))
    assert code == 2
    assert "already exists; use --force" in err
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert run(capsys, "export", "nato-us-europe-2016", "-o", str(out), "--force")[0] == 0
    assert "::" in out.read_text(encoding="utf-8")


def test_output_to_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    source = tmp_path / "two.gift"
    source.write_text(GIFT, encoding="utf-8")
    fifo = tmp_path / "out.yaml"
    os.mkfifo(fifo)
    for argv in (
        ("import", str(source), "-o", str(fifo)),
        ("import", str(source), "-o", str(fifo), "--force"),
        ("export", "nato-us-europe-2016", "-o", str(fifo), "--force"),
    ):
        done = run_process(*argv)
        assert done.returncode == 2, argv
        assert f"{fifo}: error:" in done.stderr and "pipe (FIFO)" in done.stderr
        assert "Traceback" not in done.stderr


def test_output_to_a_device_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "two.gift"
    source.write_text(GIFT, encoding="utf-8")
    code, _, err = run(capsys, "import", str(source), "-o", os.devnull, "--force")
    assert code == 2
    assert "a device" in err


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "two.gift"
    source.write_text(GIFT, encoding="utf-8")
    out = tmp_path / "p.yaml"
    out.write_text("old\n", encoding="utf-8")

    def crash(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    code, _, err = run(capsys, "import", str(source), "-o", str(out), "--force")
    assert code == 2
    assert "no space left on device" in err
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml", "two.gift"]


def test_a_new_output_gets_the_usual_permissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "two.gift"
    source.write_text(GIFT, encoding="utf-8")
    out = tmp_path / "p.yaml"
    assert run(capsys, "import", str(source), "-o", str(out))[0] == 0
    plain = tmp_path / "plain"
    plain.write_text("", encoding="utf-8")
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


# --- 5. terminal escapes in the file never reach the pack or the terminal ----------------------


def escape_inputs() -> dict[str, str]:
    gift = (
        f"// [tag:{ESCAPES}]\n$CATEGORY: top/{ESCAPES}\n"
        f"::{ESCAPES}::Which city{ESCAPES}?{{={ESCAPES}Brussels#{ESCAPES} ~Paris}}\n\n"
        f"[html]Which &#27;]0;x&#7; year?{{#1949####{ESCAPES}}}\n\n"
        f"Bad weights {ESCAPES}{{=a ~b ~%150%{ESCAPES}c}}\n"
    )
    aiken = (
        f"Which city{ESCAPES}?\nA. Brussels\nB. Paris\nANSWER: A\n\n"
        f"Fine?\nA. yes{ESCAPES}\nB. no\nANSWER: A\n\n"
        f"Good?\nA. yes\nB. no\nANSWER: {ESCAPES}\n\n"
        "Clean?\nA. yes\nB. no\nANSWER: A\n"
    )
    csv_text = (
        "type,prompt,answer,choices\n"
        f"choice,Which city{ESCAPES}?,Brussels,Brussels|Paris\n"
        f"{ESCAPES},Q,a,\n"
        f"choice,Q,{ESCAPES},Brussels|Paris\n"
        "text,Clean?,yes,\n"
    )
    results = [
        {
            "type": "multiple",
            "question": f"Which city{ESCAPES}?",
            "correct_answer": "Brussels",
            "incorrect_answers": ["Paris"],
        },
        {"type": ESCAPES, "question": "Q", "correct_answer": "True"},
        {"type": "boolean", "question": "Q&#27;[2J", "correct_answer": "True"},
        {"type": "boolean", "question": "Clean?", "correct_answer": ESCAPES},
        {"type": "boolean", "question": "Clean?", "correct_answer": "True"},
    ]
    opentdb = json.dumps({"response_code": 0, "results": results}, ensure_ascii=False)
    return {"q.gift": gift, "q.aiken": aiken, "q.csv": csv_text, "q.json": opentdb}


@pytest.mark.parametrize("name", ["q.gift", "q.aiken", "q.csv", "q.json"])
def test_terminal_escapes_reach_neither_the_pack_nor_the_terminal(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / name
    source.write_text(escape_inputs()[name], encoding="utf-8")
    code, out, err = run(capsys, "import", str(source))
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\x1b" not in err and "\x07" not in err
    assert "Imported" in err
    if name == "q.gift":
        # GIFT text is neutralised as Moodle reads it: control codes become spaces.
        assert "Which city ]0;pwned  [2J?" in out
        assert "over 100%" in err  # the skipped question's text is quoted without them
    else:
        # The other formats refuse such a question and say why, the character escaped.
        assert "skipped" in err and "ESC (U+001B)" in err


def test_a_file_name_with_escapes_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / f"q{ESCAPES}.txt"
    source.write_text("nothing to see\n", encoding="utf-8")
    code, _, err = run(capsys, "import", str(source))
    assert code == 1
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b" in err


def test_the_advice_to_split_keeps_each_part_within_both_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from game.importers.base import pack_too_large

    monkeypatch.setattr(limits, "MAX_QUESTIONS", 10)
    monkeypatch.setattr(limits, "DEFAULT_MAX_BYTES", 1000)
    assert pack_too_large(10, "x" * 1000) is None
    # 25 questions in 1.5 KB: the size alone asks for 3 parts of 9; the count for 3 of 9 too.
    assert "3 or more parts of about 9 questions" in (pack_too_large(25, "x" * 1500) or "")
    # 100 questions in 1.5 KB: the size would allow 3 parts of 34, the count needs 10 of 10.
    assert "10 or more parts of about 10 questions" in (pack_too_large(100, "x" * 1500) or "")
    # Without the text (not written out yet), only the count is known.
    assert pack_too_large(11) is not None and pack_too_large(10) is None
