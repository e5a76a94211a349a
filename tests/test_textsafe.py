"""The one helper that makes outside text safe for terminals, one-line reports and CSV."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from game.util.textsafe import (
    escape,
    json_text,
    one_line,
    printable,
    spreadsheet_cell,
    unsafe_characters,
)

HOSTILE = [
    "\x1b]0;PWNED\x07",  # OSC 0: retitles the window
    "\x1b[2J",  # CSI: clears the screen
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8: a forged link
    "\x9b31m",  # an 8-bit CSI (C1), read as ESC [ by some terminals
    "\x00\x08\x7f\r",  # NUL, backspace, DEL, carriage return
    "abc\u202edcba",  # a right-to-left override: `abcabcd` would display reversed
    "\u2066isolated\u2069 \u202a\u202b\u202c\u202d",  # isolates and embeddings
]


RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""A character a terminal could take as a command (all C0 but tab and newline, DEL, C1), or
a bidi control."""


def is_raw_free(text: str) -> bool:
    """No character of `RAW` in `text`."""
    return RAW.search(text) is None


@pytest.mark.parametrize("text", HOSTILE)
def test_printable_shows_every_control_as_a_visible_escape(text: str) -> None:
    shown = printable(text)
    assert is_raw_free(shown)
    for char in unsafe_characters(text):
        assert escape(char) in shown


def test_printable_keeps_ordinary_text_newlines_and_tabs() -> None:
    text = "Zürich, «NATO» 2 %\tdone\nnext line — ok ✓ עברית"
    assert printable(text) == text
    assert printable("a\x1bb") == "a\\x1bb"
    assert printable("\u202e") == "\\u202e"
    assert printable("a\rb") == "a\\rb"  # a carriage return could overwrite the line


def test_one_line_escapes_line_breaks_too() -> None:
    assert one_line("a\nb\tc\rd") == "a\\nb\\tc\\rd"
    assert one_line("x\x1b]0;T\x07.yaml") == "x\\x1b]0;T\\x07.yaml"
    assert one_line("line\u2028separator") == "line\\u2028separator"
    assert "\n" not in one_line("a\n" * 10)
    assert one_line("plain name") == "plain name"


def test_unsafe_characters_names_each_once_in_order() -> None:
    assert unsafe_characters("a\x1b[1m\x1b[0m\x07") == ["\x1b", "\x07"]
    assert unsafe_characters("fine\ttext\n") == []


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_would_be_a_formula_is_made_text(start: str) -> None:
    value = f'{start}HYPERLINK("http://x","y")'
    cell = spreadsheet_cell(value)
    assert isinstance(cell, str) and cell.startswith("'")
    assert is_raw_free(cell)


def test_formula_rule_also_sees_through_leading_spaces() -> None:
    assert spreadsheet_cell("  =1+1") == "'  =1+1"


def test_numbers_and_plain_text_cells_are_unchanged() -> None:
    assert spreadsheet_cell(-5) == -5
    assert spreadsheet_cell(-0.5) == -0.5
    assert spreadsheet_cell(None) is None
    assert spreadsheet_cell(True) is True
    assert spreadsheet_cell("Ada") == "Ada"
    assert spreadsheet_cell("2024-05-01T12:00:00") == "2024-05-01T12:00:00"
    assert spreadsheet_cell("a=b") == "a=b"  # only the first character starts a formula


def test_spreadsheet_cells_are_printable_and_round_trip_through_csv() -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spreadsheet_cell("=cmd|' /C calc'!A0"), spreadsheet_cell("x\x1b[2J"), -5])
    assert is_raw_free(out.getvalue())
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [
        "'=cmd|' /C calc'!A0",
        "x\\x1b[2J",
        "-5",
    ]


def test_json_text_escapes_what_json_dumps_leaves_raw_and_keeps_the_value() -> None:
    data = {"name": "a\x1b]0;T\x07\x9b2J\x7f\u202eb", "n": -5}
    dumped = json.dumps(data, ensure_ascii=False)
    assert not is_raw_free(dumped)  # json.dumps escapes C0 only
    safe = json_text(dumped)
    assert is_raw_free(safe)
    assert json.loads(safe) == data
