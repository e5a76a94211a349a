"""Where packs are found, and the warning when two files share a pack id."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.packs.catalog import load_catalog
from game.packs.discovery import (
    bundled_dir,
    pack_files,
    search_dirs,
    user_packs_dir,
)
from tests.packs.helpers import with_questions

PACK = with_questions("- {id: q, type: truefalse, prompt: p, answer: true, explanation: e}\n")


def test_bundled_packs_are_found() -> None:
    assert (bundled_dir() / "nato-us-europe-2016.yaml").is_file()


def test_search_order_and_env_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "questions").mkdir()
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    user = user_packs_dir()
    user.mkdir(parents=True)
    env = {"CIVIC_QUIZ_PACKS": f"{one}:{two}::{tmp_path / 'missing'}"}
    folders = search_dirs(env=env, cwd=tmp_path)
    assert folders == [bundled_dir(), tmp_path / "questions", user, one, two]


def test_the_same_folder_is_searched_once(tmp_path: Path) -> None:
    folders = search_dirs(env={"CIVIC_QUIZ_PACKS": str(bundled_dir())}, cwd=tmp_path)
    assert folders.count(bundled_dir()) == 1


def test_pack_files_recurse_and_skip_other_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/x.yaml", "a/b/y.yml", "a/notes.txt", "z.YAML.bak"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in pack_files(tmp_path)] == [
        "a/b/y.yml",
        "a/x.yaml",
    ]


def test_pack_files_sort_by_path_parts_and_follow_links_to_files(tmp_path: Path) -> None:
    # Sorted by parts, as paths compare: "a/x" before "a-b/x" although "-" < "/".
    for name in ("a-b/x.yaml", "a/x.yaml", "a.b/y.yml", "z.yaml", ".hidden/h.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "link.yaml").symlink_to(tmp_path / "z.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    assert [p.relative_to(tmp_path).as_posix() for p in pack_files(tmp_path)] == [
        ".hidden/h.yaml",
        "a/x.yaml",
        "a-b/x.yaml",
        "a.b/y.yml",
        "link.yaml",
        "z.yaml",
    ]


def test_duplicate_ids_warn_naming_both_files(tmp_path: Path) -> None:
    (tmp_path / "first.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "second.yaml").write_text(PACK, encoding="utf-8")
    found = load_catalog([tmp_path], cache_dir=tmp_path / "cache")
    (warning,) = found.warnings
    assert warning.file.endswith("second.yaml")
    assert "first.yaml" in warning.message
    first = found.by_id("test-pack")
    assert first is not None and first.path.name == "first.yaml"
    assert found.by_id("nope") is None
