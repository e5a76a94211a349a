"""`civic-quiz schema` covers the evidence and claim kinds: their keys, the media-literacy pack
validates against it, and what the game fills in itself is not part of it."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml

from game.cli import main
from tests.kinds.media import PACK


def schema(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["schema"]) == 0
    return json.loads(capsys.readouterr().out)


def pack_data() -> dict[str, Any]:
    data = yaml.load(PACK.read_text("utf-8"), Loader=yaml.SafeLoader)
    return json.loads(json.dumps(data, default=str))


def definition(full: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(
        d
        for d in full["$defs"].values()
        if d.get("properties", {}).get("type", {}).get("const") == kind
    )


def test_the_schema_has_both_kinds_and_their_keys(capsys: pytest.CaptureFixture[str]) -> None:
    full = schema(capsys)
    evidence = definition(full, "evidence")
    assert {"claim", "answer", "choices", "distractors", "shuffle"} <= set(evidence["properties"])
    assert "prepared" not in evidence["properties"]  # filled in by the game, not by authors
    assert set(evidence["required"]) == {"id", "type", "answer"}  # the prompt has a default
    claim = definition(full, "claim")
    assert {"statement", "ask", "categories", "choices", "speaker"} <= set(claim["properties"])
    assert set(claim["required"]) == {"id", "type", "statement", "answer"}


def test_the_media_pack_validates_against_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema.validate(pack_data(), schema(capsys))


@pytest.mark.parametrize(
    ("index", "change"),
    [
        (0, {"distractors": 0}),
        (0, {"prepared": {"drawn": []}}),
        (2, {"ask": "why"}),
        (2, {"statement": None}),
        (5, {"choices": ["only one"]}),
    ],
)
def test_the_schema_refuses_what_the_loader_refuses(
    capsys: pytest.CaptureFixture[str], index: int, change: dict[str, Any]
) -> None:
    data = pack_data()
    question = data["questions"][index]
    question.update(change)
    if question.get("statement", "") is None:
        del question["statement"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema(capsys))
