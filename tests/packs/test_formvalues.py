"""The editor form's texts for values and back (issue 20)."""

from __future__ import annotations

import pytest

from game.authoring.formvalues import from_text, to_text


def test_lists_are_one_item_a_line() -> None:
    assert to_text("items", ["a", "b"]) == "a\nb"
    assert from_text("items", "a\n\n b \n") == ["a", "b"]


def test_choices_keep_marks_and_feedback() -> None:
    value = [{"text": "Brussels", "correct": "true", "feedback": "Yes."}, "Paris"]
    text = to_text("choices", value)
    assert text == "* Brussels // Yes.\nParis"
    assert from_text("choices", text) == value
    assert from_text("choices", "A\nB") == ["A", "B"]
    # A URL's // is not feedback.
    assert from_text("choices", "https://example.org\nB") == ["https://example.org", "B"]


def test_pairs_and_ranges() -> None:
    pairs = [{"left": "Article 5", "right": "collective defence"}]
    assert from_text("pairs", to_text("pairs", pairs)) == pairs
    with pytest.raises(ValueError, match="left => right"):
        from_text("pairs", "no arrow here")
    assert from_text("range", "1, 2") == ["1", "2"]
    with pytest.raises(ValueError, match="two numbers"):
        from_text("range", "1")


def test_mappings_are_little_yaml_read_safely() -> None:
    correction = {"text": "No target in the treaty.", "quote": "Article 3"}
    assert from_text("group", to_text("group", correction)) == correction
    with pytest.raises(ValueError, match="line"):
        from_text("group", "text: [unclosed")
    with pytest.raises(ValueError, match="key: value"):
        from_text("group", "- a list")


def test_an_empty_text_removes_the_field() -> None:
    assert from_text("text", "  ") is None
    assert from_text("quote", "one") == "one"
    assert from_text("quote", "one\ntwo") == ["one", "two"]
