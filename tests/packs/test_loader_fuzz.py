"""Fuzzing: random bytes and mutated packs only ever give a pack or the loader's own errors."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from game.packs.loader import CheckedPack, check_pack_bytes, check_pack_file, load_pack
from game.packs.model import Pack
from game.packs.problems import PackError
from tests.conftest import REPO
from tests.fuzzing import fuzz_settings, mutated
from tests.packs.helpers import with_questions

SEED_PACK = with_questions("""\
- id: c
  type: choice
  prompt: Where was the summit?
  choices: [Brussels, {text: Paris, feedback: No}]
  answer: Brussels
  explanation: e
- id: m
  type: multi
  prompt: Which?
  choices: [a, b, c]
  answer: [a, b]
  explanation: e
- id: n
  type: numeric
  prompt: How much?
  answer: 2
  tolerance: 0.5
  unit: percent
  explanation: e
- id: r
  type: numeric
  prompt: Range?
  range: [1, 3]
  explanation: e
- id: t
  type: text
  prompt: City?
  answer: [Brussels, "Brüssel"]
  explanation: e
- id: o
  type: order
  prompt: Order?
  items: [x, y, z]
  explanation: e
- id: p
  type: match
  prompt: Match?
  pairs: [{left: a, right: b}, {left: c, right: d}]
  explanation: e
- id: b
  type: truefalse
  prompt: True?
  answer: yes
  explanation: e
""")
NATO = REPO / "questions" / "nato-us-europe-2016.yaml"
SEEDS = [SEED_PACK] + ([NATO.read_text(encoding="utf-8")] if NATO.exists() else [])

YAML_BITS = st.sampled_from(
    [
        ":",
        " ",
        "\n",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "!!str ",
        "!x ",
        "|",
        ">",
        "#",
        "'",
        '"',
        "\\",
        "\t",
        "~",
        "null",
        "true",
        "no",
        "1e9",
        "-1",
        "---",
        "...",
        "? ",
        "<<: ",
        "\x1b",
        "\x00",
        "\u2028",
        "é",
        "\ufeff",
        "  ",
        "type: ",
        "id: ",
        "answer: ",
    ]
)


def assert_outcome(checked: CheckedPack) -> None:
    assert isinstance(checked, CheckedPack)
    if checked.pack is not None:
        assert isinstance(checked.pack, Pack)
        assert not checked.errors
    else:
        assert checked.errors
    for problem in checked.problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message


@fuzz_settings(300)
@given(st.binary(max_size=2000))
def test_random_bytes(raw: bytes) -> None:
    assert_outcome(check_pack_bytes(raw))


@fuzz_settings(300)
@given(st.text(max_size=500))
def test_random_text(text: str) -> None:
    assert_outcome(check_pack_bytes(text.encode("utf-8", "surrogatepass")))


def mutated_pack() -> st.SearchStrategy[str]:
    """A seed pack with a few edits, biased towards YAML's own syntax."""
    return mutated(SEEDS, YAML_BITS)


@fuzz_settings(400, slow=True)
@given(mutated_pack())
def test_mutated_packs(text: str) -> None:
    assert_outcome(check_pack_bytes(text.encode("utf-8", "surrogatepass")))


@fuzz_settings(50, fixtures=True)  # each example writes the same file anew
@given(mutated_pack())
def test_load_pack_raises_only_pack_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        pack = load_pack(path)
    except PackError as error:
        assert error.problems
    else:
        assert isinstance(pack, Pack)
    assert_outcome(check_pack_file(path))


def test_the_seed_pack_itself_is_valid() -> None:
    checked = check_pack_bytes(SEED_PACK.encode())
    assert checked.ok, [p.format() for p in checked.problems]
