"""Fixtures of the app tests: every app runs on packs and a database in `tmp_path`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import write_packs


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    """A folder with the test packs (see `helpers.write_packs`)."""
    return write_packs(tmp_path / "packs")


@pytest.fixture(autouse=True)
def _no_colour_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots are taken in colour whatever the developer's terminal says."""
    monkeypatch.delenv("NO_COLOR", raising=False)
