"""Helpers for pack tests: write a pack from text and check it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from game.packs.loader import CheckedPack, check_pack_file

HEADER = """\
format: civic-quiz/1
id: test-pack
title: Test pack
as_of: 2016-11-13
questions:
"""


def write_pack(folder: Path, text: str, name: str = "pack.yaml") -> Path:
    """Write dedented pack text to a file and return its path."""
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def check(folder: Path, text: str) -> CheckedPack:
    """Check dedented pack text written to `folder/pack.yaml`."""
    return check_pack_file(write_pack(folder, text), display="pack.yaml")


def with_questions(questions: str) -> str:
    """A full pack around question YAML (indented by two spaces under `questions:`)."""
    return HEADER + textwrap.indent(textwrap.dedent(questions), "  ")


def codes(checked: CheckedPack) -> list[str]:
    """The problem codes found, in file order."""
    return [p.code for p in checked.problems]
