"""The settings file: read leniently, written whole, other settings kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.settings import (
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
