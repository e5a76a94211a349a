"""Hostile or broken files are refused with a located error, never a traceback."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from game.packs.loader import check_pack_file
from game.packs.yamlread import MAX_DEPTH, MAX_LIST_ENTRIES
from tests.packs.helpers import HEADER, with_questions

T = TypeVar("T")

GOOD = with_questions("""\
- id: q1
  type: truefalse
  prompt: NATO's self-defence clause has been invoked once.
  answer: true
  explanation: After 9/11.
""")


def check_bytes(tmp_path: Path, data: bytes, **kwargs):
    path = tmp_path / "hostile.yaml"
    path.write_bytes(data)
    return check_pack_file(path, display="hostile.yaml", **kwargs)


def test_the_good_pack_is_fine(tmp_path: Path) -> None:
    assert check_bytes(tmp_path, GOOD.encode()).ok


@pytest.mark.parametrize(
    "tagged",
    [
        "!!python/object/apply:os.system ['echo pwned']",
        "!!python/object:builtins.dict {}",
        "!!python/name:os.system",
        "!custom thing",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!<tag:example.com,2000:app/foo> bar",
    ],
)
def test_non_standard_tags_are_refused(tmp_path: Path, tagged: str) -> None:
    text = GOOD.replace("explanation: After 9/11.", f"explanation: {tagged}")
    checked = check_bytes(tmp_path, text.encode())
    (problem,) = checked.errors
    assert problem.code == "tag"
    assert (problem.line, problem.column) == (10, 18)
    assert checked.pack is None


def test_standard_tags_are_allowed(tmp_path: Path) -> None:
    text = GOOD.replace("explanation: After 9/11.", "explanation: !!str 9/11")
    checked = check_bytes(tmp_path, text.encode())
    assert checked.ok
    assert checked.pack.questions[0].explanation == "9/11"


def test_a_small_alias_bomb_is_refused_using_little_memory(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    bomb = "\n".join(lines) + "\n"
    assert len(bomb) < 1000
    tracemalloc.start()
    try:
        checked = check_bytes(tmp_path, bomb.encode())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    (problem,) = checked.errors
    assert problem.code == "alias-bomb"
    assert problem.line > 1
    assert peak < 20 * 1024 * 1024


def test_modest_aliases_are_fine(tmp_path: Path) -> None:
    text = (
        HEADER
        + """\
  - id: q1
    type: choice
    prompt: Which?
    choices: &options [Brussels, Paris, Rome]
    answer: Brussels
    explanation: e
  - id: q2
    type: choice
    prompt: Which again?
    choices: *options
    answer: Rome
    explanation: e
"""
    )
    checked = check_bytes(tmp_path, text.encode())
    assert checked.ok, [p.format() for p in checked.problems]
    assert [c.text for c in checked.pack.questions[1].choices] == ["Brussels", "Paris", "Rome"]


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    checked = check_bytes(tmp_path, b"a: &x [1, *x]\n")
    (problem,) = checked.errors
    assert problem.code == "recursive-alias"


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    text = "base: &b {points: 5}\n" + GOOD.replace(
        "  type: truefalse", "  <<: *b\n    type: truefalse"
    )
    codes = [p.code for p in check_bytes(tmp_path, text.encode()).errors]
    assert "merge-key" in codes


def test_files_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    padding = "# " + "x" * 1000 + "\n"
    data = (GOOD + padding * 11_000).encode()
    assert len(data) > 10 * 1024 * 1024
    (problem,) = check_bytes(tmp_path, data).errors
    assert problem.code == "too-large"
    assert "10 MB" in problem.message
    (problem,) = check_bytes(tmp_path, GOOD.encode(), max_bytes=100).errors
    assert problem.code == "too-large"
    assert "100 bytes" in problem.message


def test_invalid_utf8_gives_the_byte_offset(tmp_path: Path) -> None:
    data = GOOD.encode().replace(b"After", b"Aft\xe9r")
    (problem,) = check_bytes(tmp_path, data).errors
    offset = data.index(b"\xe9")
    assert problem.code == "encoding"
    assert f"byte offset {offset}" in problem.message
    assert (problem.line, problem.column) == (10, 21)


def test_utf16_is_named(tmp_path: Path) -> None:
    (problem,) = check_bytes(tmp_path, GOOD.encode("utf-16")).errors
    assert "UTF-16" in problem.message


def test_utf8_bom_and_crlf_line_ends_are_fine(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode()
    checked = check_bytes(tmp_path, data)
    assert checked.ok
    assert checked.pack.questions[0].explanation == "After 9/11."


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("\x1b[31m", "ESC"),
        ("\x00", "NUL"),
        ("\x07", "BEL"),
        ("\x9b", "U+009B"),
        ("\x7f", "DEL"),
        ("\x0b", "U+000B"),
    ],
)
def test_control_characters_in_the_file_are_refused(tmp_path: Path, raw: str, name: str) -> None:
    text = GOOD.replace("After 9/11.", f"After {raw}9/11.")
    (problem,) = check_bytes(tmp_path, text.encode()).errors
    assert problem.code == "control-character"
    assert name in problem.message
    assert (problem.line, problem.column) == (10, 24)


@pytest.mark.parametrize("escape", ["\\e[2J", "\\x1b]0;pwned\\x07", "\\u009b31m", "\\0", "\\r"])
def test_control_characters_from_escapes_are_refused(tmp_path: Path, escape: str) -> None:
    text = GOOD.replace("explanation: After 9/11.", f'explanation: "After {escape} 9/11."')
    (problem,) = check_bytes(tmp_path, text.encode()).errors
    assert problem.code == "control-character"
    assert (problem.line, problem.column) == (10, 18)


def test_tabs_and_newlines_in_text_are_fine(tmp_path: Path) -> None:
    text = GOOD.replace("explanation: After 9/11.", 'explanation: "After\\t9/11.\\nYes."')
    checked = check_bytes(tmp_path, text.encode())
    assert checked.pack.questions[0].explanation == "After\t9/11.\nYes."


@pytest.mark.parametrize("depth", [MAX_DEPTH + 5, 999, 5000])
def test_deep_nesting_is_refused(tmp_path: Path, depth: int) -> None:
    text = GOOD.replace("explanation: After 9/11.", "tags: " + "[" * depth + "]" * depth)
    (problem,) = check_bytes(tmp_path, text.encode()).errors
    assert problem.code in ("too-deep", "yaml-syntax")
    assert problem.line == 10


@pytest.mark.parametrize(
    "text",
    [
        "",
        "---\n",
        "just a string\n",
        "- a\n- b\n",
        "42\n",
        "---\na: 1\n---\nb: 2\n",
        "{a: 1, [b]: 2}\n",
        "key: 'unterminated\n",
        "\t- tab indented\n",
    ],
)
def test_odd_documents_get_one_located_error(tmp_path: Path, text: str) -> None:
    checked = check_bytes(tmp_path, text.encode())
    assert checked.pack is None
    assert checked.errors
    assert all(p.line >= 1 and p.column >= 1 for p in checked.errors)


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    checked = check_pack_file(tmp_path / "nope.yaml")
    (problem,) = checked.errors
    assert problem.code == "unreadable"


# -- issue 21, item 12: a plain list is refused while it is read, not once built ---------


def flat_list(items: int) -> str:
    """The issue's shape: one `choices` list of one-letter items (1.5 million in 3 MB)."""
    return GOOD.replace("explanation: After 9/11.", "choices: [" + ", ".join(["a"] * items) + "]")


def block_list(items: int) -> str:
    """The same as a block list, one `- a` line an item."""
    return GOOD.replace("explanation: After 9/11.", "choices:\n" + "    - a\n" * items)


def traced(call: Callable[[], T]) -> tuple[T, int]:
    """What `call()` returns, and the peak of the memory it traced."""
    tracemalloc.start()
    try:
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize(
    ("make", "items", "place"),
    [(flat_list, 1_500_000, (10, 14)), (block_list, 1_000_000, (11, 5))],
    ids=["flow", "block"],
)
def test_a_huge_plain_list_is_refused_early_with_its_place(
    tmp_path: Path, make: Callable[[int], str], items: int, place: tuple[int, int]
) -> None:
    data = make(items).encode()
    assert len(data) < 10 * 1024 * 1024  # under the size limit: the list must be stopped
    checked, peak = traced(lambda: check_bytes(tmp_path, data))
    (problem,) = checked.errors
    assert problem.code == "too-large"
    assert (problem.line, problem.column) == place  # where the list starts
    assert f"a list with more than {MAX_LIST_ENTRIES:,} items" in problem.message
    assert checked.pack is None
    # Read as a whole, the list took 745 MB: stopped at its 10,001st item, a few MB.
    assert peak < 50 * 1024 * 1024, peak


def test_a_list_of_the_most_entries_is_read_and_one_more_is_refused() -> None:
    from game.packs.yamlread import YamlRefused, parse

    def items(n: int) -> str:
        return "a: [" + ", ".join(["x"] * n) + "]\n"

    assert len(parse(items(MAX_LIST_ENTRIES)).data["a"]) == MAX_LIST_ENTRIES
    with pytest.raises(YamlRefused) as refused:
        parse(items(MAX_LIST_ENTRIES + 1))
    assert (refused.value.issues[0].line, refused.value.issues[0].column) == (1, 4)
    keys = "".join(f"k{i}: v\n" for i in range(MAX_LIST_ENTRIES + 1))
    with pytest.raises(YamlRefused, match=f"a mapping with more than {MAX_LIST_ENTRIES:,} keys"):
        parse(keys)
    assert len(parse(keys[: keys.index(f"k{MAX_LIST_ENTRIES}:")]).data) == MAX_LIST_ENTRIES


def test_lists_each_short_enough_are_refused_past_the_most_values_in_a_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import game.packs.yamlread as yamlread

    monkeypatch.setattr(yamlread, "MAX_NODES", 1_000)  # the edge, without half a million

    def lists(last: int) -> str:
        # The root mapping, then 9 keys each with a list: 1 + 8 * (2 + 100) + 2 + last.
        full = "".join(f"k{i}: [" + ", ".join(["x"] * 100) + "]\n" for i in range(8))
        return full + "k8: [" + ", ".join(["x"] * last) + "]\n"

    assert len(yamlread.parse(lists(181)).data) == 9  # 1,000 values
    with pytest.raises(yamlread.YamlRefused) as refused:
        yamlread.parse(lists(182))
    (issue,) = refused.value.issues
    assert issue.code == "too-large" and "more than 1,000 values" in issue.message
    assert (issue.line, issue.column) == (9, 6 + 3 * 181)  # the value one past the most


def test_the_packs_scan_refuses_a_huge_list_through_the_same_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.packs.catalog import load_catalog

    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "huge.yaml").write_text(flat_list(1_500_000), encoding="utf-8")
    monkeypatch.setenv("CIVIC_QUIZ_PACKS", str(folder))
    catalog, peak = traced(load_catalog)
    (entry,) = [e for e in catalog.entries if e.path.name == "huge.yaml"]
    assert not entry.ok and "a list with more than 10,000 items" in (entry.error or "")
    assert peak < 50 * 1024 * 1024, peak
