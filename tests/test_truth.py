"""Tests for game.packs.truth: the frame line, correction and updates a question shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from game.kinds.choice import ChoiceQuestion
from game.packs.model import PackInfo
from game.packs.truth import Truth, TruthNote, truth_lines, truth_of

DW = {
    "publisher": "DW (Deutsche Welle)",
    "title": "Trump and NATO",
    "published": dt.date(2016, 11, 13),
}
TREATY = {"id": "treaty", "title": "North Atlantic Treaty", "published": dt.date(1949, 4, 4)}


def info(**fields: Any) -> PackInfo:
    return PackInfo.model_validate({"format": "civic-quiz/1", "id": "p", "title": "P", **fields})


def question(**fields: Any) -> ChoiceQuestion:
    return ChoiceQuestion.model_validate(
        {
            "id": "q",
            "type": "choice",
            "prompt": "Which?",
            "choices": ["A", "B"],
            "answer": "A",
            **fields,
        }
    )


def test_no_frame_shows_nothing() -> None:
    truth = truth_of(info(source=DW), question())
    assert truth == Truth(None, None, ())
    assert truth_lines(truth) == []


def test_claim_names_the_publisher_and_the_date_of_the_questions_source() -> None:
    truth = truth_of(info(source=DW), question(frame="claim"))
    assert truth.frame_line == "According to DW (Deutsche Welle), 13 November 2016:"


def test_claim_names_the_question_s_own_source_and_falls_back_to_the_title() -> None:
    pack = info(sources=[{"id": "dw", **DW}, TREATY])
    assert truth_of(pack, question(frame="claim", source="treaty")).frame_line == (
        "According to North Atlantic Treaty, 4 April 1949:"
    )
    assert truth_of(pack, question(frame="claim")).frame_line.startswith("According to DW")


def test_claim_without_a_date_or_a_name() -> None:
    assert truth_of(info(source={"publisher": "DW"}), question(frame="claim")).frame_line == (
        "According to DW:"
    )
    assert truth_of(info(source={"file": "a.txt"}), question(frame="claim")).frame_line is None


def test_true_uses_the_question_s_date_then_the_pack_s_never_the_source_s() -> None:
    pack = info(source=DW, as_of=dt.date(2025, 6, 25))
    assert truth_of(pack, question(frame="true")).frame_line == "True as of 25 June 2025:"
    own = question(frame="true", as_of=dt.date(2024, 1, 2))
    assert truth_of(pack, own).frame_line == "True as of 2 January 2024:"
    assert truth_of(info(source=DW), question(frame="true")).frame_line == "True:"


def test_correction_and_updates_oldest_first_with_their_sources_citations() -> None:
    pack = info(sources=[{"id": "dw", **DW}, TREATY])
    q = question(
        frame="claim",
        correction={"text": "Article 5 binds all members.", "quote": "q", "source": "treaty"},
        updates=[
            {"date": dt.date(2025, 6, 25), "text": "Now 5 percent.", "quote": "q"},
            {"date": dt.date(2017, 5, 25), "text": "Earlier.", "quote": "q", "source": "treaty"},
        ],
    )
    truth = truth_of(pack, q)
    assert truth.correction == TruthNote(
        "Correction", "Article 5 binds all members.", "North Atlantic Treaty, 4 April 1949", "q"
    )
    assert [u.label for u in truth.updates] == ["Update, 25 May 2017", "Update, 25 June 2025"]
    assert truth_lines(truth) == [
        "Correction: Article 5 binds all members.",
        "  \u201cq\u201d (North Atlantic Treaty, 4 April 1949)",
        "Update, 25 May 2017: Earlier.",
        "  \u201cq\u201d (North Atlantic Treaty, 4 April 1949)",
        "Update, 25 June 2025: Now 5 percent.",
        "  \u201cq\u201d (DW (Deutsche Welle), Trump and NATO, 13 November 2016)",
    ]


def test_a_note_without_a_source_has_its_quote_but_no_citation() -> None:
    q = question(updates=[{"date": dt.date(2025, 6, 25), "text": "Now.", "quote": "q"}])
    assert truth_lines(truth_of(info(), q)) == ["Update, 25 June 2025: Now.", "  \u201cq\u201d"]
