"""The docs stay true: their example packs validate, and the README's commands are the CI's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.packs.loader import check_pack_text
from tests.conftest import REPO

GUIDE = REPO / "docs" / "authoring.md"
YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def _example_packs() -> list[str]:
    blocks = YAML_BLOCK.findall(GUIDE.read_text(encoding="utf-8"))
    return [b for b in blocks if "format: civic-quiz/1" in b]


def test_the_guide_has_example_packs() -> None:
    assert len(_example_packs()) >= 1


@pytest.mark.parametrize("example", _example_packs())
def test_every_example_pack_in_the_guide_is_valid(example: str, tmp_path: Path) -> None:
    source = REPO / "questions" / "sources"
    checked = check_pack_text(
        example, display="example.yaml", base_dir=REPO / "questions" if source.exists() else None
    )
    assert not checked.errors, [p.format() for p in checked.errors]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme, re.DOTALL)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in ci.splitlines()
