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


def _message_of(data: dict, code: str) -> str:
    from game.packs.loader import validate_pack_data

    checked = validate_pack_data({"format": "civic-quiz/1", "id": "p", "title": "P", **data})
    return next(p.message for p in checked.problems if p.code == code)


def _tf(qid: str, **fields: object) -> dict[str, object]:
    return {"id": qid, "type": "truefalse", "prompt": "p", "answer": True, "quote": "q", **fields}


TWO = {"sources": [{"id": "dw"}, {"id": "treaty"}]}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({**TWO, "questions": [_tf("article5", source="traety")]}, "unknown-source"),
        ({"questions": [_tf("article5", frame="true")]}, "true-without-date"),
        (
            {"questions": [_tf("article5", frame="true", correction={"text": "t", "quote": "q"})]},
            "correction-without-claim",
        ),
        (
            {
                "as_of": "2016-11-13",
                "questions": [
                    _tf(
                        "spending-target",
                        frame="true",
                        updates=[{"date": "2025-06-25", "text": "t", "quote": "q"}],
                    )
                ],
            },
            "true-out-of-date",
        ),
    ],
)
def test_the_guide_quotes_the_messages_of_is_it_true_as_the_game_words_them(
    data: dict, code: str
) -> None:
    message = _message_of(data, code)
    # The guide's example may have another line number in it: compare around it.
    pieces = re.split(r"line \d+", message)
    guide = GUIDE.read_text(encoding="utf-8")
    assert all(piece in guide for piece in pieces), message


def test_the_guide_has_a_fact_check_of_five_to_eight_points() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide.split("### A fact-check before class")[1].split("###")[0]
    bullets = [line for line in section.splitlines() if line.startswith("- ")]
    assert 5 <= len(bullets) <= 8
