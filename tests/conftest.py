"""Shared fixtures: every test runs with the user's own packs, data and config kept out."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("CIVIC_QUIZ_PACKS", raising=False)
    monkeypatch.delenv("CIVIC_QUIZ_DB", raising=False)
    monkeypatch.delenv("CIVIC_QUIZ_SETTINGS", raising=False)


REPO = Path(__file__).resolve().parent.parent
"""The source tree (tests read the bundled packs from it)."""
