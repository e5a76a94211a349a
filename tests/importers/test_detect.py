"""Format detection: by extension first, then by content, and a helpful failure otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.importers.base import ImportFailed
from game.importers.csvfile import csv_template
from game.importers.detect import FORMATS, detect_format, formats_in
from tests.fuzzing import fuzz_settings

DATA = Path(__file__).parent / "data"
GIFT = "::Seat:: Where is NATO's headquarters? {=Brussels ~Paris ~Vienna}\n"
GIFT_TF = "NATO was founded in 1949. {T}\n"
AIKEN = "Where is NATO based?\nA. Brussels\nB. Paris\nANSWER: A\n"
OPENTDB = '{"response_code": 0, "results": []}'


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("quiz.gift", "gift"),
        ("QUIZ.GIFT", "gift"),
        ("quiz.aiken", "aiken"),
        ("quiz.csv", "csv"),
        ("quiz.CSV", "csv"),
        ("quiz.json", "opentdb"),
    ],
)
def test_the_extension_decides_when_it_names_a_format(name: str, expected: str) -> None:
    # even when the content is nothing like it: the importer then says what is wrong
    assert detect_format(Path(name), "whatever") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GIFT, "gift"),
        (GIFT_TF, "gift"),
        ("// a comment\n::Q1::What is the EU?{}\n", "gift"),
        (AIKEN, "aiken"),
        ("\ufeff" + AIKEN.replace("\n", "\r\n"), "aiken"),
        (csv_template(), "csv"),
        ("Prompt;Answer\nWhere?;Here\n", "csv"),
        (OPENTDB, "opentdb"),
        ('[{"question": "Q?", "correct_answer": "A"}]', "opentdb"),
    ],
)
def test_the_content_decides_for_txt_and_other_names(text: str, expected: str) -> None:
    assert detect_format(Path("quiz.txt"), text) == expected
    assert detect_format(Path("quiz"), text) == expected
    assert formats_in(text) == [expected]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("eu-nato.aiken.txt", "aiken"),
        ("broken.aiken.txt", "aiken"),
        ("moodle-docs.aiken.txt", "aiken"),
        ("eu-nato.csv", "csv"),
        ("eu-semicolon.csv", "csv"),
        ("broken.csv", "csv"),
        ("eu-nato.json", "opentdb"),
        ("eu-nato-base64.json", "opentdb"),
        ("broken.json", "opentdb"),
    ],
)
def test_the_data_files_are_recognised_by_content_too(name: str, expected: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert detect_format(DATA / name, text) == expected
    assert detect_format(Path("renamed.txt"), text) == expected


def test_an_unrecognisable_file_fails_and_mentions_from() -> None:
    with pytest.raises(ImportFailed) as failed:
        detect_format(Path("notes.txt"), "Just some notes about the EU.\n")
    message = failed.value.message
    assert "cannot tell which format notes.txt is in" in message
    assert "--from gift" in message and "--from opentdb" in message
    assert failed.value.line is None


def test_json_that_is_not_trivia_is_not_opentdb() -> None:
    assert formats_in('{"name": "a package"}') == []
    assert formats_in("[1, 2, 3]") == []
    assert formats_in("{not json") == []


def test_a_file_that_looks_like_two_formats_asks_for_from() -> None:
    with pytest.raises(ImportFailed) as failed:
        detect_format(Path("mixed.txt"), GIFT + "\n" + AIKEN)
    assert "could be gift or aiken" in failed.value.message
    assert "--from gift or --from aiken" in failed.value.message


def test_a_pack_is_not_imported() -> None:
    with pytest.raises(ImportFailed, match="looks like a pack already"):
        detect_format(Path("pack.yaml"), "format: civic-quiz/1\n")


def test_the_formats_list_matches_the_literal() -> None:
    assert FORMATS == ("gift", "aiken", "csv", "opentdb")


@fuzz_settings(300)
@given(st.text(max_size=300), st.sampled_from(["x.txt", "x", "x.dat", "x.yaml", "x.csv"]))
def test_random_text_only_ever_fails_with_import_failed(text: str, name: str) -> None:
    try:
        found = detect_format(Path(name), text)
    except ImportFailed as failed:
        assert "--from" in failed.message
    else:
        assert found in FORMATS
