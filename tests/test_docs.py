"""The docs stay true: every YAML example of the guide validates (or fails, when it shows a
mistake), its quick start names real commands, and the README's commands are the CI's."""

from __future__ import annotations

import re
import shlex
import textwrap
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

from game.cli import COMMANDS, build_parser
from game.core.model import QuestionBase
from game.packs.loader import CheckedPack, check_pack_text
from game.packs.model import PackInfo
from tests.conftest import REPO

GUIDE = REPO / "docs" / "authoring.md"
QUESTIONS = REPO / "questions"
YAML_BLOCK = re.compile(r"^([ \t]*)```yaml\n(.*?)^\1```", re.DOTALL | re.MULTILINE)
INVALID_MARK = "<!-- invalid example -->"
"""The line before a block that shows a mistake: it must fail, or it teaches nothing."""

FRAGMENT_PACK = """\
format: civic-quiz/1
id: guide-example
title: Guide example
source:
  title: "NATO: US, Europe need each other"
  publisher: DW
  published: 2016-11-13
  file: sources/nato-us-europe-2016.txt
questions:
"""
"""The pack a list of questions of the guide is checked in: the NATO article as its source."""

SOURCES_PACK = """\
format: civic-quiz/1
id: guide-example
title: Guide example
sources:
  - id: dw
    title: "NATO: US, Europe need each other"
    publisher: DW
    published: 2016-11-13
    file: sources/nato-us-europe-2016.txt
  - id: treaty
    title: The North Atlantic Treaty
    published: 1949-04-04
    file: sources/north-atlantic-treaty-1949.txt
  - id: hague
    title: The Hague Summit Declaration
    publisher: NATO
    published: 2025-06-25
    file: sources/hague-summit-declaration-2025.txt
questions:
"""
"""The pack for questions that name the shipped pack's other sources (`source: treaty`): the
same article first, so it stays the default."""

NAMES_A_SOURCE = re.compile(r"^\s*source: (?:dw|treaty|hague)\b", re.MULTILINE)

A_QUESTION: dict[str, Any] = {
    "id": "guide-question",
    "type": "truefalse",
    "prompt": "Jens Stoltenberg had been Norway's prime minister.",
    "answer": True,
    "quote": "the former Norwegian prime minister wrote",
}
"""A valid question, for a block of pack-level keys or of one question's keys."""


@dataclass(frozen=True)
class Example:
    """A ```yaml block of the guide: where it starts, its text, whether it shows a mistake."""

    line: int
    text: str
    invalid: bool

    def __str__(self) -> str:
        return f"line {self.line}"

    @property
    def name(self) -> str:
        """The file name its problems are reported under."""
        return f"authoring.md-line-{self.line}.yaml"


def _examples() -> list[Example]:
    guide = GUIDE.read_text(encoding="utf-8")
    found: list[Example] = []
    for match in YAML_BLOCK.finditer(guide):
        before = guide[: match.start()].rstrip("\n").rsplit("\n", 1)[-1].strip()
        line = guide.count("\n", 0, match.start()) + 1
        text = textwrap.dedent(match.group(2))
        found.append(Example(line, text, before == INVALID_MARK))
    return found


def _checked(example: Example) -> CheckedPack:
    """The example checked as the pack it is, or inside the smallest pack it fits in: a list
    of questions in a pack with the NATO article as source; keys of a pack or of a question
    merged into a valid one; comments at the top of a valid one."""
    text = example.text
    header = SOURCES_PACK if NAMES_A_SOURCE.search(text) else FRAGMENT_PACK
    if "format: civic-quiz/1" in text:
        pack_text = text
    elif text.startswith("- id:"):
        pack_text = header + textwrap.indent(text, "  ")
    else:
        keys = yaml.safe_load(text)
        base = yaml.safe_load(header + "  []\n")
        if keys is None:  # only comments, such as the schema line an editor reads
            base["questions"] = [A_QUESTION]
            pack_text = text + yaml.safe_dump(base, allow_unicode=True, sort_keys=False)
            return check_pack_text(pack_text, display=example.name, base_dir=QUESTIONS)
        assert isinstance(keys, dict), f"guide {example}: neither a pack, questions, nor keys"
        if set(keys) <= set(PackInfo.model_fields):  # `source:` is the pack's, first
            if "sources" in keys:
                del base["source"]
            base = {**base, **keys, "questions": [A_QUESTION]}
        else:
            assert set(keys) <= set(QuestionBase.model_fields), (
                f"guide {example}: keys {sorted(keys)} belong to no pack and to no question of"
                " every type: write the whole question, `- id: ...`"
            )
            base["questions"] = [{**A_QUESTION, **keys}]
        pack_text = yaml.safe_dump(base, allow_unicode=True, sort_keys=False)
    return check_pack_text(pack_text, display=example.name, base_dir=QUESTIONS)


def test_the_guide_has_examples_of_every_shape() -> None:
    examples = _examples()
    assert any("format: civic-quiz/1" in e.text for e in examples)
    assert any(e.text.startswith("- id:") for e in examples)
    assert any(e.invalid for e in examples)


@pytest.mark.parametrize("example", [e for e in _examples() if not e.invalid], ids=str)
def test_every_yaml_example_in_the_guide_is_valid(example: Example) -> None:
    checked = _checked(example)
    assert not checked.errors, [f"guide {example}: {p.format()}" for p in checked.errors]


@pytest.mark.parametrize("example", [e for e in _examples() if e.invalid], ids=str)
def test_every_invalid_example_in_the_guide_fails(example: Example) -> None:
    # A block marked as a mistake that validates would teach a mistake that is none.
    checked = _checked(example)
    assert checked.errors, f"guide {example} is marked {INVALID_MARK} but is valid"


# --- The quick start ------------------------------------------------------------------------

QUICK_START_COMMANDS = ["source", "draft", "sentences", "new", "validate", "play"]
"""The commands the quick start walks a teacher through (`source add` for a second source)."""


def _quick_start() -> str:
    guide = GUIDE.read_text(encoding="utf-8")
    return guide.split("## Quick start: from a saved page to a checked pack")[1].split("\n## ")[0]


def _quick_start_lines() -> list[list[str]]:
    """Every `civic-quiz ...` command of the quick start, in code spans and code blocks."""
    spans = re.findall(r"`(civic-quiz [^`\n]+)`", _quick_start())
    blocks = re.findall(r"^[ \t]*(civic-quiz [^\n`]+)$", _quick_start(), re.MULTILINE)
    return [shlex.split(line)[1:] for line in dict.fromkeys(spans + blocks)]


def _commands() -> set[str]:
    """The command names the parser knows."""
    parser = build_parser()
    (subparsers,) = [a for a in parser._actions if a.choices and a.dest == "command"]
    assert isinstance(subparsers.choices, dict)
    return set(subparsers.choices)


def test_the_quick_start_names_its_commands() -> None:
    named = {argv[0] for argv in _quick_start_lines()}
    assert set(QUICK_START_COMMANDS) <= named, set(QUICK_START_COMMANDS) - named
    assert "Checklist before class" in _quick_start()


def test_the_quick_start_commands_that_exist_parse() -> None:
    # Only the commands registered in COMMANDS: the others are checked, all of them, by
    # test_quick_start_commands_exist. Options unknown to the parser are left to that merge.
    known = _commands()
    assert len(COMMANDS) >= 1 and {"new", "validate", "play"} <= known
    for argv in _quick_start_lines():
        if argv[0] not in known:
            continue
        args, _ = build_parser().parse_known_args(argv)
        assert args.command == argv[0] and callable(args.handler), argv


def test_quick_start_commands_exist() -> None:
    # Fails until the commands `source`, `draft` and `sentences` are merged.
    missing = [name for name in QUICK_START_COMMANDS if name not in _commands()]
    assert not missing, f"the quick start names commands the parser lacks: {missing}"


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
