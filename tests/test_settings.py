"""The settings file: read leniently, written whole, other settings kept."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from game.util.settings import (
    MAX_BYTES,
    SETTINGS_ENV,
    default_settings_path,
    load_settings,
    save_setting,
)


def test_a_missing_file_gives_no_settings(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.json") == {}


def test_a_setting_is_saved_and_the_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "deeper" / "settings.json"
    save_setting(path, "theme", "nord")
    save_setting(path, "other", "kept")
    save_setting(path, "theme", "gruvbox")
    assert load_settings(path) == {"theme": "gruvbox", "other": "kept"}
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"theme": 3, "ok": "yes"}', b"x" * (MAX_BYTES + 1)],
)
def test_a_damaged_file_is_ignored_then_replaced(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded = load_settings(path)
    assert loaded in ({}, {"ok": "yes"})
    save_setting(path, "theme", "nord")
    assert json.loads(path.read_text(encoding="utf-8"))["theme"] == "nord"


def test_the_environment_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SETTINGS_ENV, str(tmp_path / "mine.json"))
    assert default_settings_path() == tmp_path / "mine.json"
    monkeypatch.delenv(SETTINGS_ENV)
    assert default_settings_path().name == "settings.json"
    assert "civic-quiz" in default_settings_path().parts


def test_a_settings_file_with_a_byte_order_mark_is_read_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b'\xef\xbb\xbf{"theme": "nord", "other": "kept"}')
    assert load_settings(path) == {"theme": "nord", "other": "kept"}
    save_setting(path, "theme", "gruvbox")
    assert load_settings(path) == {"theme": "gruvbox", "other": "kept"}


LOAD = """
import json, sys
from pathlib import Path
from game.util.settings import load_settings
print(json.dumps(load_settings(Path(sys.argv[1]))))
"""


@pytest.mark.parametrize("kind", ["fifo", "zero", "urandom", "sparse", "folder"])
def test_a_settings_path_that_is_not_a_regular_file_is_ignored(tmp_path: Path, kind: str) -> None:
    from tests.packs.isolated import run_isolated

    path = tmp_path / "settings.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "sparse":
        with open(path, "wb") as file:
            file.truncate(2 * 1024 * 1024 * 1024)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path(f"/dev/{kind}")
    assert run_isolated(LOAD, str(path)) == {}


def test_the_environment_naming_a_fifo_does_not_hang_the_start(tmp_path: Path) -> None:
    from tests.packs.isolated import run_isolated

    path = tmp_path / "settings.json"
    os.mkfifo(path)
    code = (
        "import json\nfrom game.util.settings import default_settings_path, load_settings\n"
        "print(json.dumps(load_settings(default_settings_path())))"
    )
    assert run_isolated(code, env={SETTINGS_ENV: str(path)}) == {}


def test_saving_over_a_fifo_is_refused_and_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    os.mkfifo(path)
    with pytest.raises(OSError):
        save_setting(path, "theme", "nord")
    assert stat.S_ISFIFO(os.stat(path).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_a_nul_byte_in_the_settings_path_is_ignored() -> None:
    assert load_settings(Path("settings\0.json")) == {}
