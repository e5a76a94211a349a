"""`civic-quiz edit` before its screen opens: a missing file created only once confirmed, and
a pack it cannot edit refused with a located line, nothing changed."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from game.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_app(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    opened: list[Path] = []

    def fake_run(self: Any) -> int:
        opened.append(self.path)
        return 0

    monkeypatch.setattr("game.ui.editor.app.EditorApp.run", fake_run)
    return opened


def test_a_missing_file_is_not_created_without_a_terminal_or_yes(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    no_app: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    path = tmp_path / "mine.yaml"
    code, _, err = run(capsys, "edit", str(path))
    assert code != 0 and "--yes creates it" in err and "Traceback" not in err
    assert not path.exists() and no_app == []


def test_a_missing_file_is_created_when_confirmed(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    no_app: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "mine.yaml"
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    code, _, _ = run(capsys, "edit", str(path))
    assert code != 0 and not path.exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    code, out, _ = run(capsys, "edit", str(path))
    assert code == 0 and path.exists() and f"wrote {path}" in out
    assert no_app == [path]


def test_yes_creates_it_without_asking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_app: list[Path]
) -> None:
    path = tmp_path / "new.yaml"
    code, _, _ = run(capsys, "edit", str(path), "--yes")
    assert code == 0 and path.exists() and no_app == [path]


def test_a_pack_the_editor_cannot_open_is_refused_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_app: list[Path]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(b"format: civic-quiz/1\nid: x\ntitle: \x1b[2Jgone\nquestions: []\n")
    before = path.read_bytes()
    code, _, err = run(capsys, "edit", str(path))
    assert code != 0 and no_app == []
    assert f"{path}:3: error:" in err and "\x1b" not in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_an_unknown_id_says_so(capsys: pytest.CaptureFixture[str], no_app: list[Path]) -> None:
    code, _, err = run(capsys, "edit", "no-such-pack")
    assert code != 0 and "no pack with that id" in err and no_app == []


def _big(path: Path) -> None:
    head = b"format: civic-quiz/1\nid: big\ntitle: Big\nquestions: []\n"
    path.write_bytes(head + b"# " + b"x" * (10 * 1024 * 1024) + b"\n")


def _not_utf8(path: Path) -> None:
    path.write_bytes(b"format: civic-quiz/1\nid: bad\ntitle: \xff\xfe\nquestions: []\n")


def _fifo(path: Path) -> None:
    import os

    os.mkfifo(path)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_big, "packs are limited to 10,485,760 bytes (10 MB)"),
        (_not_utf8, "invalid UTF-8 at byte offset 36"),
        (_fifo, "a pipe (FIFO), not a regular file"),
    ],
    ids=["10MB", "not-utf8", "fifo"],
)
def test_hostile_files_are_refused_as_validate_refuses_them(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    no_app: list[Path],
    make: Any,
    says: str,
) -> None:
    """A pack over the size limit, one that is not UTF-8, a FIFO: `edit` says what
    `validate` says, in one line naming the file, with its exit status, and writes
    nothing (no .bak, no autosave)."""
    path = tmp_path / "big.yaml"
    make(path)
    checked, checked_out, _ = run(capsys, "validate", str(path))
    code, out, err = run(capsys, "edit", str(path))
    assert no_app == [] and out == ""
    assert code == checked != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:"), err
    assert says in lines[0] and says in checked_out
    # The same message as validate's, but for its column.
    message = lines[0].split(": error: ", 1)[1]
    assert f": error: {message}" in checked_out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.yaml"]
