"""The domain core never imports Textual, so the CLI and tests stay fast and UI-free."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import game

CORE_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(game.__path__, prefix="game.")
    if not info.name.startswith("game.ui") and info.name != "game.__main__"
)


def test_core_modules_are_found() -> None:
    assert "game.packs.loader" in CORE_MODULES
    assert "game.cli" in CORE_MODULES


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual'); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_validate_does_not_import_textual_or_rapidfuzz_for_a_good_pack(tmp_path) -> None:
    from tests.conftest import REPO

    code = (
        "import sys; from game.cli import main; "
        f"main(['validate', {str(REPO / 'questions')!r}]); "
        "print('LOADED', sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('textual', 'rapidfuzz')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert "LOADED []" in result.stdout


def test_the_app_loads_the_game_engine_only_when_a_game_starts() -> None:
    """The home screen appears sooner without pydantic and rapidfuzz (bench_startup.py)."""
    code = (
        "import sys; import game.ui.app; "
        "print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('pydantic', 'rapidfuzz', 'yaml', 'fsrs')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_app_loads_dialogs_and_hashing_only_when_they_are_needed() -> None:
    """Most starts show no dialog, no unfinished game and no changed pack (bench_startup)."""
    lazy = (
        "game.ui.dialogs.confirm",
        "game.ui.dialogs.players",
        "game.ui.dialogs.store_problem",
        "game.ui.widgets.resume_offer",
        "hashlib",
    )
    code = f"import sys; import game.ui.app; print(sorted(set({lazy!r}) & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
