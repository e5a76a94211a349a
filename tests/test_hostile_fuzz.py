"""Fuzzing the routes hostile text and paths take: source paths, scalar aliases, text written
to terminals and CSV cells. Each property is what the Safety section of the README promises."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.packs.loader import check_pack_text
from game.util.textsafe import (
    FORMULA_STARTS,
    escape,
    one_line,
    printable,
    spreadsheet_cell,
    unsafe_characters,
)
from tests.fuzzing import HOSTILE_TEXT, fuzz_settings
from tests.packs.helpers import with_questions

SECRET = "a-secret-line-that-no-pack-may-show"


def _raw_controls(text: str) -> set[str]:
    return {c for c in text if (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F}


@given(HOSTILE_TEXT)
def test_printable_never_lets_a_control_or_bidi_character_through(text: str) -> None:
    shown = printable(text)
    assert not _raw_controls(shown)
    assert not unsafe_characters(shown)
    for char in unsafe_characters(text):  # each one is shown, as a visible escape
        assert escape(char) in shown
    if not unsafe_characters(text):
        assert shown == text  # ordinary text is shown as it is


@given(HOSTILE_TEXT)
def test_one_line_is_one_line(text: str) -> None:
    shown = one_line(text)
    assert "\n" not in shown and "\t" not in shown and not unsafe_characters(shown)
    assert shown.splitlines() in ([], [shown])


@given(st.lists(st.one_of(HOSTILE_TEXT, st.integers(), st.floats(allow_nan=False)), max_size=6))
def test_csv_cells_never_start_a_formula_and_numbers_stay_numbers(row: list[object]) -> None:
    out = io.StringIO()
    csv.writer(out).writerow([spreadsheet_cell(v) for v in row])
    (read,) = list(csv.reader(io.StringIO(out.getvalue()))) or [[]]
    for cell, value in zip(read, row, strict=True):
        if isinstance(value, str):
            assert not cell.lstrip(" ").startswith(FORMULA_STARTS)
            assert not unsafe_characters(cell)
        else:
            assert cell == str(value)  # a number is written as the number it is


# --- source paths: nothing outside the pack's folder is ever shown ----------------------------


@pytest.fixture(scope="module")
def pack_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack folder with a source inside, and a secret file beside the folder."""
    top = tmp_path_factory.mktemp("fuzz")
    (top / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    folder = top / "pack"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "article.txt").write_text("The summit was in Brussels.\n", "utf-8")
    (folder / "leak.txt").symlink_to(top / "secret.txt")
    return folder


_PATH_PARTS = st.sampled_from(
    ["..", ".", "/", "sources", "article.txt", "leak.txt", "secret.txt", "\x00", "/proc/self",
     "environ", "/dev/zero", "//", "\\", "~", "%2e%2e", " "]
)  # fmt: skip
SOURCE_NAMES = st.lists(_PATH_PARTS, min_size=1, max_size=8).map(lambda parts: "/".join(parts))


@given(SOURCE_NAMES)
# The fixture is a read-only folder, shared by the examples; 200 ms each, as by default.
@fuzz_settings(150, fixtures=True, deadline=200)
def test_no_source_path_shows_a_file_outside_the_pack(pack_home: Path, name: str) -> None:
    text = with_questions(
        f"- {{id: q, type: truefalse, prompt: p, answer: true, explanation: e,"
        f" quote: '{SECRET}'}}\n"
    ).replace("questions:", f'source:\n  title: t\n  file: "{_yaml_escaped(name)}"\nquestions:')
    checked = check_pack_text(text, display="pack.yaml", base_dir=pack_home)
    shown = "\n".join(p.format() for p in checked.problems)
    assert SECRET not in shown
    assert "quote-not-in-source" in {p.code for p in checked.problems} or checked.errors


def _yaml_escaped(name: str) -> str:
    return name.replace("\\", "\\\\").replace('"', '\\"').replace("\x00", "\\0")


# --- aliases: whatever they repeat, the loader refuses or accepts, within bounds --------------


@given(
    size=st.integers(min_value=1, max_value=300_000),
    uses=st.integers(min_value=1, max_value=80),
)
@fuzz_settings(40)
def test_aliases_of_a_scalar_are_counted_by_what_they_expand_to(size: int, uses: int) -> None:
    value = "x" * size
    anchor = f"description: &a {value}\n"
    uses_text = "tags:\n" + "".join("  - *a\n" for _ in range(uses))
    text = with_questions(
        "- {id: q, type: truefalse, prompt: p, answer: true, explanation: e}\n"
    ).replace("questions:", anchor + uses_text + "questions:")
    checked = check_pack_text(text, display="pack.yaml")
    expanded = size * uses
    codes = {p.code for p in checked.errors}
    if expanded > 10 * 1024 * 1024:
        assert "alias-bomb" in codes
    else:
        assert "alias-bomb" not in codes
