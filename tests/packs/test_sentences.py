"""A source split into sentences: abbreviations, quoted sentences, headlines and date lines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.grounding import SourceText, normalise_passage, split_sentences
from tests.conftest import REPO

NATO_TEXT = (REPO / "questions" / "sources" / "nato-us-europe-2016.txt").read_text("utf-8")


def test_the_nato_article_splits_into_its_sentences() -> None:
    sentences = SourceText(NATO_TEXT).sentences()
    assert sentences[0] == "NATO: US, Europe need each other"  # a headline without a stop
    assert sentences[1] == "November 13, 2016"  # a date line
    assert sentences[-1] == "es/rc (AP, Reuters)"
    assert (
        '"The only time NATO has invoked its self-defense clause, that an attack on one is an'
        " attack on all, was in support of the United States after the 9/11 terrorist"
        ' attacks."' in sentences
    )
    assert (
        '"We need Europeans to shoulder their fair share of the burden," the former Norwegian'
        " prime minister wrote." in sentences
    )
    assert len(sentences) == 16


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Europe relies on the U.S. The bloc must act.",
            ["Europe relies on the U.S.", "The bloc must act."],
        ),
        (
            "The U.S. president-elect met Mr. Smith and J. Doe at 9 a.m. on Sunday. He left.",
            ["The U.S. president-elect met Mr. Smith and J. Doe at 9 a.m. on Sunday.", "He left."],
        ),
        ("The U.S. Congress voted. It was 2.5 percent.", None),
        ('He said: "We wait." Then he left.', ['He said: "We wait."', "Then he left."]),
        ("\u201cWe wait.\u201d Then he left!", ["\u201cWe wait.\u201d", "Then he left!"]),
        ("Why? Because. After 9/11 it changed.", ["Why?", "Because.", "After 9/11 it changed."]),
        ("It grew... Then it fell.", ["It grew...", "Then it fell."]),
        ("See No. 10 for details.", ["See No. 10 for details."]),
        ("a sentence. lower case goes on", ["a sentence. lower case goes on"]),
    ],
)
def test_cut_at_sentence_ends_only(text: str, expected: list[str] | None) -> None:
    got = split_sentences(text)
    if expected is None:  # a dotted abbreviation before a name goes on
        assert got == ["The U.S. Congress voted.", "It was 2.5 percent."]
    else:
        assert got == expected


def test_a_line_on_its_own_is_a_sentence() -> None:
    text = "Headline without a stop\nMay 1, 2020\n\nBody text. More body."
    assert split_sentences(text) == [
        "Headline without a stop",
        "May 1, 2020",
        "Body text.",
        "More body.",
    ]


def test_hard_wrapped_lines_are_joined() -> None:
    text = (
        "Stoltenberg took the opportunity to remind the Republican leader that NATO\n"
        "had never hesitated to support the US in its time of need. He did, however,\n"
        "admit that the US could not be expected to carry the burden alone.\n"
    )
    assert split_sentences(text) == [
        "Stoltenberg took the opportunity to remind the Republican leader that NATO had never"
        " hesitated to support the US in its time of need.",
        "He did, however, admit that the US could not be expected to carry the burden alone.",
    ]


def test_a_short_line_above_wrapped_text_is_its_own_sentence() -> None:
    text = (
        "By Jane Doe\n"
        "Stoltenberg took the opportunity to remind the Republican leader that NATO\n"
        "had never hesitated to support the US in its time of need.\n"
    )
    assert split_sentences(text)[0] == "By Jane Doe"


def test_context_is_the_sentence_before_and_after() -> None:
    source = SourceText(NATO_TEXT)
    before, after = source.context("Going it alone is not an option")
    assert before is not None and before.startswith('"We need Europeans')
    assert after is not None and after.startswith("Stoltenberg's article came ahead")
    assert source.context("NATO: US, Europe need each other") == (None, "November 13, 2016")
    assert source.context("es/rc (AP, Reuters)")[1] is None
    assert source.context("not in the article") == (None, None)


def test_a_passage_across_sentences_spans_them() -> None:
    source = SourceText(NATO_TEXT)
    span = source.sentence_span("alone. \u201cWe need Europeans")
    assert span is not None
    first, last = span
    assert source.sentences()[first].startswith("He did, however")
    assert source.sentences()[last].startswith('"We need Europeans')


def test_whole_sentences_are_recognised_with_typography_forgiven() -> None:
    source = SourceText(NATO_TEXT)
    assert source.is_sentence(
        "\u201cGoing it alone is not an option, either for Europe or for the United States,\u201d"
        " he added."
    )
    assert not source.is_sentence("Going it alone is not an option")


@given(
    st.lists(
        st.sampled_from(
            [
                "Mr.",
                "U.S.",
                "A.",
                "He",
                "said",
                "9/11",
                '"',
                "\n",
                "\n\n",
                "it.",
                "No!",
                "Why?",
                "x",
                "\u2026",
                "  ",
            ]
        ),
        max_size=40,
    )
)
def test_sentences_put_together_are_the_normalised_text(words: list[str]) -> None:
    text = " ".join(words)
    source = SourceText(text)
    assert " ".join(s.normalised for s in source.sentence_list()) == source.normalised
    for sentence in source.sentence_list():
        assert source.normalised[sentence.start : sentence.end] == sentence.normalised
        assert sentence.normalised == normalise_passage(sentence.text)
