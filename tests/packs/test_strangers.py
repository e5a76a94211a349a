"""Packs from strangers: a pack reads only its own source, and limits hold against every shape.

A pack may come from anyone. Its `source.file` must not let it read (and then show, as the
"closest passage" of a wrong quote) a file outside its folder; FIFOs, devices and huge sparse
files must be refused without hanging; every number has bounds; aliases cannot multiply a
large text; and checking stays linear in the size of the file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from game.core import limits
from game.packs import yamlread
from game.packs.catalog import load_catalog
from game.packs.discovery import pack_files
from game.packs.fixquotes import fix_quotes
from game.packs.loader import check_pack_file, check_pack_text
from game.packs.schema import pack_json_schema
from tests.packs.helpers import HEADER
from tests.packs.isolated import catalog_isolated, check_pack_isolated

SECRET = "TOPSECRET the launch codes are in the blue folder"

PACK = """\
format: civic-quiz/1
id: stranger
title: A stranger's pack
as_of: 2016-11-13
source:
  publisher: DW
  file: {file}
questions:
  - id: q
    type: truefalse
    prompt: p
    answer: true
    explanation: e
    quote: TOPSECRET the launch codes are in the red folder
"""
FILE_LINE, FILE_COLUMN = 7, 9
"""Where the `source.file` value starts in PACK."""


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the pack's folder, holding a secret."""
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    return secret


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    packs = tmp_path / "packs"
    packs.mkdir()
    return packs


def write(folder: Path, file: str, name: str = "pack.yaml") -> Path:
    path = folder / name
    path.write_text(PACK.format(file=file), encoding="utf-8")
    return path


def assert_refused_source(problems: list[Any], code: str) -> None:
    """One located error about `source.file`, showing nothing of any file."""
    shown = [p if isinstance(p, dict) else p.as_dict() for p in problems]
    errors = [p for p in shown if p["severity"] == "error"]
    assert [p["code"] for p in errors] == [code], errors
    (error,) = errors
    assert (error["line"], error["column"]) == (FILE_LINE, FILE_COLUMN)
    text = json.dumps(shown)
    assert "TOPSECRET the launch codes are in the blue" not in text
    assert "root:" not in text
    assert "blue folder" not in text


# --- 1. a source outside the pack's folder -------------------------------------------------


def test_a_source_inside_the_folder_is_read(folder: Path) -> None:
    (folder / "article.txt").write_text(SECRET, encoding="utf-8")
    checked = check_pack_file(write(folder, "article.txt"))
    assert [p.code for p in checked.errors] == ["quote-not-in-source"]
    assert "blue folder" in checked.errors[0].message  # its own source may be shown


def test_a_symlink_to_a_file_inside_the_folder_is_fine(folder: Path) -> None:
    (folder / "texts").mkdir()
    (folder / "texts" / "article.txt").write_text(SECRET, encoding="utf-8")
    (folder / "article.txt").symlink_to(folder / "texts" / "article.txt")
    checked = check_pack_file(write(folder, "article.txt"))
    assert [p.code for p in checked.errors] == ["quote-not-in-source"]


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink", "symlinked-folder"])
def test_a_source_outside_the_folder_is_refused_unread(
    folder: Path, outside: Path, kind: str
) -> None:
    if kind == "dotdot":
        name = "../" * 30 + str(outside).lstrip("/")
    elif kind == "absolute":
        name = str(outside)
    elif kind == "symlink":
        (folder / "article.txt").symlink_to(outside)
        name = "article.txt"
    else:
        (folder / "texts").symlink_to(outside.parent)
        name = "texts/secret.txt"
    checked = check_pack_file(write(folder, name), display="pack.yaml")
    assert_refused_source(checked.problems, "source-outside")
    assert checked.pack is None


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../../../../../etc/passwd"])
def test_system_files_are_refused(folder: Path, name: str) -> None:
    checked = check_pack_file(write(folder, name), display="pack.yaml")
    assert_refused_source(checked.problems, "source-outside")


def test_proc_self_environ_is_refused(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVIC_QUIZ_TEST_SECRET", SECRET)
    problems = check_pack_isolated(write(folder, "/proc/self/environ"))
    assert_refused_source(problems, "source-outside")


def test_the_catalog_and_its_cache_show_nothing_of_an_outside_file(
    folder: Path, outside: Path, tmp_path: Path
) -> None:
    write(folder, str(outside))
    cache = tmp_path / "cache"
    (entry,) = load_catalog([folder], cache_dir=cache).entries
    assert not entry.ok
    assert entry.error is not None and entry.error.startswith(f"{FILE_LINE}:{FILE_COLUMN}:")
    assert "blue folder" not in entry.error
    for file in cache.iterdir():
        assert "blue folder" not in file.read_text(encoding="utf-8")


def test_fix_quotes_does_not_read_an_outside_source(folder: Path, outside: Path) -> None:
    (folder / "article.txt").symlink_to(outside)
    path = write(folder, "article.txt")
    before = path.read_bytes()
    report = fix_quotes(path)
    assert report.refused
    assert not report.written
    assert [p.code for p in report.problems] == ["source-outside"]
    assert "blue folder" not in report.refused + json.dumps([p.as_dict() for p in report.problems])
    assert path.read_bytes() == before


def test_a_damaged_cache_naming_an_outside_source_is_not_hashed(
    folder: Path, outside: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.packs import catalog

    (folder / "article.txt").write_text(SECRET, encoding="utf-8")
    write(folder, "article.txt")
    cache = tmp_path / "cache"
    load_catalog([folder], cache_dir=cache)
    index = json.loads((cache / "index.json").read_text(encoding="utf-8"))
    for summary in index["entries"].values():
        summary["source_file"] = str(outside)
    (cache / "index.json").write_text(json.dumps(index), encoding="utf-8")
    hashed: list[str] = []
    real = catalog._sha256
    monkeypatch.setattr(catalog, "_sha256", lambda data: hashed.append(data) or real(data))
    load_catalog([folder], cache_dir=cache)
    assert all(SECRET.encode() not in data for data in hashed)


# --- 2. a NUL byte in the name -------------------------------------------------------------


def test_a_nul_byte_in_the_source_name_is_a_located_error(folder: Path) -> None:
    checked = check_pack_file(write(folder, '"a\\0b.txt"'), display="pack.yaml")
    codes = [p.code for p in checked.errors]
    assert "source-bad-name" in codes
    problem = next(p for p in checked.errors if p.code == "source-bad-name")
    assert (problem.line, problem.column) == (FILE_LINE, FILE_COLUMN)


def test_a_nul_byte_in_the_source_name_does_not_break_the_catalog(
    folder: Path, tmp_path: Path
) -> None:
    write(folder, '"a\\0b.txt"')
    (entry,) = load_catalog([folder], cache_dir=tmp_path / "cache").entries
    assert not entry.ok


def test_a_nul_byte_in_a_damaged_cache_does_not_break_the_catalog(
    folder: Path, tmp_path: Path
) -> None:
    (folder / "article.txt").write_text(SECRET, encoding="utf-8")
    write(folder, "article.txt").write_text(
        PACK.format(file="article.txt").replace("red folder", "blue folder"), encoding="utf-8"
    )
    cache = tmp_path / "cache"
    assert load_catalog([folder], cache_dir=cache).entries[0].ok
    index = json.loads((cache / "index.json").read_text(encoding="utf-8"))
    for summary in index["entries"].values():
        summary["source_file"] = "a\0b.txt"
    (cache / "index.json").write_text(json.dumps(index), encoding="utf-8")
    (entry,) = load_catalog([folder], cache_dir=cache).entries
    assert entry.ok


def test_a_nul_byte_in_the_pack_path_is_a_located_error() -> None:
    checked = check_pack_file("pa\0ck.yaml")
    (problem,) = checked.errors
    assert (problem.line, problem.column, problem.code) == (1, 1, "bad-name")


# --- 3. FIFOs, devices, sparse files -------------------------------------------------------


def test_a_fifo_source_is_refused_without_hanging(folder: Path) -> None:
    os.mkfifo(folder / "article.txt")
    problems = check_pack_isolated(write(folder, "article.txt"))
    assert_refused_source(problems, "source-not-regular")


def test_a_device_source_is_refused(folder: Path) -> None:
    (folder / "article.txt").symlink_to("/dev/zero")
    problems = check_pack_isolated(write(folder, "article.txt"))
    assert_refused_source(problems, "source-outside")


def test_a_folder_as_source_is_refused(folder: Path) -> None:
    (folder / "texts").mkdir()
    checked = check_pack_file(write(folder, "texts"), display="pack.yaml")
    assert_refused_source(checked.problems, "source-not-regular")


def test_a_huge_sparse_source_is_refused_unread(folder: Path) -> None:
    with open(folder / "article.txt", "wb") as file:
        file.truncate(2 * 1024 * 1024 * 1024)
    problems = check_pack_isolated(write(folder, "article.txt"))
    assert_refused_source(problems, "source-too-large")


@pytest.mark.parametrize("kind", ["fifo", "zero", "urandom", "sparse"])
def test_a_hostile_pack_file_is_refused(folder: Path, kind: str) -> None:
    path = folder / "pack.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "sparse":
        with open(path, "wb") as file:
            file.truncate(2 * 1024 * 1024 * 1024)
    else:
        path = Path(f"/dev/{kind}")
    (problem,) = check_pack_isolated(path)
    assert problem["severity"] == "error"
    assert (problem["line"], problem["column"]) == (1, 1)
    assert problem["code"] == ("too-large" if kind == "sparse" else "not-regular")


def test_the_catalog_skips_fifos_devices_and_symlink_loops(folder: Path, tmp_path: Path) -> None:
    (folder / "article.txt").write_text(SECRET, encoding="utf-8")
    write(folder, "article.txt")
    os.mkfifo(folder / "fifo.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "loop").symlink_to(folder)
    (folder / "deeper").mkdir()
    (folder / "deeper" / "back").symlink_to(folder)
    with open(folder / "sparse.yaml", "wb") as file:
        file.truncate(2 * 1024 * 1024 * 1024)
    entries = catalog_isolated(tmp_path / "cache", folder)
    names = sorted(Path(e["path"]).name for e in entries)
    assert names == ["pack.yaml", "sparse.yaml"]
    sparse = next(e for e in entries if e["path"].endswith("sparse.yaml"))
    assert not sparse["ok"]


def test_a_pack_folder_that_is_a_fifo_or_device_is_refused_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    entries = catalog_isolated(tmp_path / "cache", tmp_path / "fifo", Path("/dev/zero"))
    assert [e["ok"] for e in entries] == [False, False]
    assert all("not a regular file" in e["error"] for e in entries)


def test_the_walk_skips_pseudo_file_systems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.packs import discovery

    (tmp_path / "proc").mkdir()
    (tmp_path / "proc" / "a.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("x", encoding="utf-8")
    monkeypatch.setattr(discovery, "PSEUDO_FILE_SYSTEMS", (str(tmp_path / "proc"),))
    assert pack_files(tmp_path) == [tmp_path / "b.yaml"]
    assert pack_files(tmp_path / "proc") == []


def test_the_walk_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from game.packs import discovery

    for index in range(30):
        (tmp_path / f"d{index:02}").mkdir()
        (tmp_path / f"d{index:02}" / "p.yaml").write_text("x", encoding="utf-8")
    assert not pack_files(tmp_path).cut_short
    monkeypatch.setattr(discovery, "MAX_WALK_FOLDERS", 10)
    files = pack_files(tmp_path)
    assert len(files) < 10
    assert files.cut_short
    monkeypatch.setattr(discovery, "MAX_WALK_FOLDERS", 1000)
    monkeypatch.setattr(discovery, "MAX_PACK_FILES", 5)
    files = pack_files(tmp_path)
    assert len(files) == 5
    assert files.cut_short


def test_a_walk_cut_short_is_a_warning_naming_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.packs import discovery
    from game.packs.catalog import load_catalog

    for index in range(3):
        (tmp_path / f"p{index}.yaml").write_text("x", encoding="utf-8")
    monkeypatch.setattr(discovery, "MAX_PACK_FILES", 2)
    (warning,) = load_catalog([tmp_path], cache_dir=tmp_path / "cache").warnings
    assert (warning.file, warning.code) == (str(tmp_path), "too-many-files")
    assert "name a smaller folder" in warning.message


def test_walking_the_root_is_bounded_and_skips_proc() -> None:
    from tests.packs.isolated import run_isolated

    found = run_isolated(
        "import json\nfrom pathlib import Path\nfrom game.packs.discovery import pack_files\n"
        "print(json.dumps([str(p) for p in pack_files(Path('/'))]))"
    )
    assert not [p for p in found if p.startswith(("/proc/", "/sys/", "/dev/"))]


# --- 4. numbers have bounds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("points", "100000000000000000000"),
        ("points", "10001"),
        ("time_limit", "3601"),
        ("time_limit", "100000000000000000000"),
        ("answer", "1e300"),
        ("tolerance", "1e300"),
        ("range", "[0, 1e300]"),
    ],
)
def test_numbers_out_of_bounds_are_located_errors(tmp_path: Path, field: str, value: str) -> None:
    question = "  - {id: q, type: numeric, prompt: p, answer: 3, explanation: e}\n"
    if field == "answer":
        question = question.replace("answer: 3", f"answer: {value}")
    elif field == "range":
        question = question.replace("answer: 3", f"range: {value}")
    else:
        question = question.replace("}", f", {field}: {value}}}")
    checked = check_pack_text(HEADER + question, display="pack.yaml")
    (problem,) = checked.errors
    assert problem.code == "wrong-value"
    assert problem.line == 6
    assert problem.column > 5
    assert checked.pack is None


def test_default_numbers_are_bounded_too() -> None:
    text = HEADER.replace("questions:", "defaults: {points: 99999999999999999999}\nquestions:")
    text += "  - {id: q, type: truefalse, prompt: p, answer: true, explanation: e}\n"
    (problem,) = check_pack_text(text, display="pack.yaml").errors
    assert (problem.line, problem.code) == (5, "wrong-value")


def test_numbers_within_bounds_are_fine() -> None:
    text = HEADER + (
        "  - {id: q, type: numeric, prompt: p, answer: 8000000000, tolerance: 1000000,"
        " points: 10000, time_limit: 3600, explanation: e}\n"
    )
    assert check_pack_text(text).ok


def test_the_schema_shows_the_bounds() -> None:
    schema = json.dumps(pack_json_schema())
    defs = pack_json_schema()["$defs"]
    points = defs["Defaults"]["properties"]["points"]
    assert (points["minimum"], points["maximum"]) == (1, 10_000)
    limit = defs["Defaults"]["properties"]["time_limit"]
    assert (limit["minimum"], limit["maximum"]) == (1, 3600)
    assert '"maxItems"' in schema


def test_too_many_choices_is_a_located_error() -> None:
    choices = ", ".join(f"c{i}" for i in range(limits.MAX_ITEMS + 1))
    text = HEADER + f"  - {{id: q, type: choice, prompt: p, choices: [{choices}], answer: c1}}\n"
    (problem,) = check_pack_text(text).errors
    assert problem.code == "wrong-value"


# --- 5. aliases of large scalars -----------------------------------------------------------


def test_aliases_of_a_large_scalar_are_refused() -> None:
    big = "x" * 100_000
    questions = "".join(
        f"  - {{id: q{i}, type: truefalse, prompt: *big, answer: true}}\n" for i in range(200)
    )
    text = f"big: &big {big}\n" + HEADER + questions
    checked = check_pack_text(text, display="pack.yaml")
    (problem,) = checked.errors
    assert problem.code == "alias-bomb"
    assert problem.line > 6


def test_the_alias_limit_counts_characters_in_lists_too() -> None:
    big = "y" * 100_000
    text = f"a: &a [{big}, {big}]\n" + "".join(f"b{i}: *a\n" for i in range(60))
    with pytest.raises(yamlread.YamlRefused) as refused:
        yamlread.parse(text)
    assert refused.value.issues[0].code == "alias-bomb"


def test_modest_scalar_aliases_are_fine() -> None:
    questions = "".join(
        f"  - {{id: q{i}, type: truefalse, prompt: *p, answer: true, explanation: e}}\n"
        for i in range(500)
    )
    text = "p: &p A prompt used by every question\n" + HEADER + questions
    codes = [p.code for p in check_pack_text(text).errors]
    assert codes == ["unknown-key"]  # the anchor's own key, and nothing about aliases


# --- 6. linear work: no rescans per problem ------------------------------------------------


class CountingList(list):  # type: ignore[type-arg]
    """A list that counts how often it is walked."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        CountingList.walks += 1
        return super().__iter__()


def count_mapping_walks(monkeypatch: pytest.MonkeyPatch) -> None:
    from yaml.nodes import MappingNode, SequenceNode

    real = yamlread.yaml.compose

    def compose(*args: Any, **kwargs: Any) -> Any:
        root = real(*args, **kwargs)
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, MappingNode):
                node.value = CountingList(node.value)
                stack += [v for _, v in node.value]
            elif isinstance(node, SequenceNode):
                stack += node.value
        return root

    CountingList.walks = 0
    monkeypatch.setattr(yamlread.yaml, "compose", compose)


@pytest.mark.parametrize(
    "shape",
    ["unknown-top-level-keys", "duplicate-keys", "unknown-keys-in-one-question"],
)
def test_problems_are_located_without_rescanning_the_mapping(
    monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    count = 2000
    if shape == "unknown-top-level-keys":
        text = HEADER.replace("questions:", "".join(f"k{i}: v\n" for i in range(count)))
        text += "questions:\n  - {id: q, type: truefalse, prompt: p, answer: true}\n"
    elif shape == "duplicate-keys":
        text = HEADER + "  - {id: q, type: truefalse, prompt: p, answer: true}\n"
        text += "title: again\n" * count
    else:
        keys = "".join(f"    k{i}: v\n" for i in range(count))
        text = HEADER + "  - id: q\n    type: truefalse\n    prompt: p\n    answer: true\n"
        text += keys
    count_mapping_walks(monkeypatch)
    checked = check_pack_text(text, display="pack.yaml")
    assert checked.errors
    assert CountingList.walks < 50


def test_the_number_of_problems_is_bounded() -> None:
    text = HEADER.replace("questions:", "".join(f"k{i}: v\n" for i in range(5000)))
    text += "questions:\n  - {id: q, type: truefalse, prompt: p, answer: true, explanation: e}\n"
    checked = check_pack_text(text, display="pack.yaml")
    assert len(checked.problems) == limits.MAX_PROBLEMS + 1
    last = checked.problems[-1]
    assert last.code == "more-problems"
    # The 5,000 unknown keys, and the question marked unsourced (a warning).
    assert f"and {5000 - limits.MAX_PROBLEMS + 1:,} more problems" in last.message
    assert f"({5000 - limits.MAX_PROBLEMS:,} of them errors)" in last.message
    assert checked.pack is None


def test_a_long_unknown_key_is_shortened_in_the_message() -> None:
    key = "k" * 100_000
    text = HEADER.replace("questions:", f"? {key}\n: v\nquestions:")
    text += "  - {id: q, type: truefalse, prompt: p, answer: true, explanation: e}\n"
    (problem,) = check_pack_text(text).errors
    assert problem.code == "unknown-key"
    assert len(problem.message) < 200


def test_an_unreadable_pack_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text(HEADER, encoding="utf-8")
    real_open = os.open

    def refuse(name: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(name).endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    (problem,) = check_pack_file(path).errors
    assert (problem.code, problem.message) == (
        "unreadable",
        "cannot read the file: Permission denied",
    )
