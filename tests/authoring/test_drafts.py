"""Drafts drawn from an article by rules: what the NATO article gives, and that it is stable."""

from __future__ import annotations

import datetime as dt
from typing import Any

from game.authoring.drafts import draft_questions
from game.authoring.names import names_in, same_thing
from game.core.sentences import EXPLANATION_STUB, numbered_sentences
from tests.conftest import REPO

NATO_TEXT = (REPO / "questions" / "sources" / "nato-us-europe-2016.txt").read_text("utf-8")
PUBLISHED = dt.date(2016, 11, 13)
HEADLINE = "NATO: US, Europe need each other"


def nato_drafts() -> list[dict[str, Any]]:
    return draft_questions(NATO_TEXT, source_key="dw", published=PUBLISHED, title=HEADLINE)


def test_every_draft_is_marked_framed_dated_quoted_and_has_a_stub() -> None:
    drafts = nato_drafts()
    assert len(drafts) >= 10
    sentences = {s.text for s in numbered_sentences(NATO_TEXT)}
    for draft in drafts:
        assert draft["draft"] is True
        assert draft["frame"] == "claim" and draft["as_of"] == "2016-11-13"
        assert draft["source"] == "dw"
        assert draft["quote"] in sentences  # a whole sentence of the article
        assert draft["explanation"].startswith("TODO:")
        assert draft["id"].startswith("draft-")
    assert len({d["id"] for d in drafts}) == len(drafts)


def test_the_only_time_sentence_is_a_who_claim_with_its_evidence() -> None:
    drafts = nato_drafts()
    (claim,) = [
        d for d in drafts if d["type"] == "claim" and d["statement"].startswith("The only time")
    ]
    assert claim["ask"] == "who"
    assert claim["answer"] == "Jens Stoltenberg"
    assert "Donald Trump" in claim["choices"]
    assert claim["explanation"] == EXPLANATION_STUB
    (evidence,) = [d for d in drafts if d["type"] == "evidence" and "The only time" in d["answer"]]
    assert evidence["answer"] == claim["quote"]


def test_quoted_speech_with_its_speaker_resolves_the_description() -> None:
    drafts = nato_drafts()
    (burden,) = [d for d in drafts if d.get("statement", "").startswith("We need Europeans")]
    # "the former Norwegian prime minister wrote": the last person named, Stoltenberg.
    assert burden["statement"] == "We need Europeans to shoulder their fair share of the burden"
    assert burden["answer"] == "Jens Stoltenberg" and burden["ask"] == "who"


def test_the_two_percent_target_is_numeric_with_its_unit() -> None:
    (target,) = [d for d in nato_drafts() if d["type"] == "numeric" and "GDP" in d["quote"]]
    assert target["answer"] == 2 and target["unit"] == "percent"
    assert "_____ percent of GDP" in target["prompt"] and " 2 " not in target["prompt"]


def _names_drafts() -> dict[str, dict[str, Any]]:
    found = {}
    for draft in nato_drafts():
        if draft["type"] == "choice":
            found[draft["answer"]] = draft
        elif draft["type"] == "text":
            found[draft["answer"][0]] = draft
    return found


def test_the_observer_has_distractors_of_its_own_kind() -> None:
    observer = _names_drafts()["The Observer"]
    assert observer["type"] == "choice"
    others = [c for c in observer["choices"] if c != "The Observer"]
    assert len(others) >= 2
    headline_names = [n.text for n in names_in(HEADLINE)]
    for other in others:
        assert [n.label for n in names_in(f'a "{other}" newspaper')] == ["outlet"]
        assert other not in "The Observer" and "The Observer" not in other
        assert not any(same_thing(other, h) for h in headline_names)
        assert other not in observer["prompt"]
    assert "_____" in observer["prompt"] and "The Observer" not in observer["prompt"]


def test_the_former_norwegian_prime_minister_is_asked_by_name_kind() -> None:
    norwegian = _names_drafts()["Norwegian"]
    assert "the former _____ prime minister" in norwegian["prompt"]
    if norwegian["type"] == "choice":
        for other in norwegian["choices"][1:]:
            assert [n.label for n in names_in(other)] == ["group"]
            assert not same_thing(other, "Norwegian") and not same_thing(other, "Europe")
    else:
        assert norwegian["type"] == "text" and norwegian["answer"] == ["Norwegian"]


def test_no_name_of_the_headline_is_asked_or_offered() -> None:
    headline_names = [n.text for n in names_in(HEADLINE)]
    assert {"NATO", "US", "Europe"} <= set(headline_names)
    for draft in nato_drafts():
        if draft["type"] in ("choice", "text"):
            offered = draft["choices"] if draft["type"] == "choice" else draft["answer"]
            for name in offered:
                assert not any(same_thing(name, h) for h in headline_names), draft["id"]


def test_the_same_article_gives_the_same_drafts() -> None:
    assert nato_drafts() == nato_drafts()
    assert [d["id"] for d in nato_drafts()] == [d["id"] for d in nato_drafts()]


def test_names_by_rules() -> None:
    found = names_in(
        "Chancellor Olaf Scholz met officials of the European Union in Brussels, Reuters"
        " reported; German voters were not asked."
    )
    assert [(n.text, n.label) for n in found] == [
        ("Olaf Scholz", "person"),
        ("European Union", "organisation"),
        ("Brussels", "city"),
        ("Reuters", "outlet"),
        ("German", "group"),
    ]
    joined = names_in("It asked that Bosnia and Herzegovina and Albania be included.")
    assert [(n.text, n.label) for n in joined] == [
        ("Bosnia and Herzegovina", "country"),
        ("Albania", "country"),
    ]
    assert same_thing("Bosnia-Herzegovina", "Bosnia and Herzegovina")
    assert same_thing("US", "United States") and same_thing("Trump", "Donald Trump")
    assert not same_thing("EU", "Europe") and not same_thing("Brussels", "US")


def test_capitalised_words_are_a_person_only_with_a_role_a_verb_or_a_surname_again() -> None:
    sentence = '"We will not slow down," said Tanja Fajon, the Rapporteur on Visa Liberalization.'
    assert [(n.text, n.label) for n in names_in(sentence)] == [("Tanja Fajon", "person")]
    text = (
        "A title\n\nThe Foreign Affairs Committee met Anna Berg on Monday to talk about it."
        ' "The vote was a mistake, and everyone knows it," Berg wrote.'
        ' "Nothing changes for the people of the city today," Mark Olsen told reporters.'
    )
    drafts = draft_questions(text)
    (mistake,) = [d for d in drafts if d.get("statement", "").startswith("The vote")]
    assert mistake["answer"] == "Anna Berg" and mistake["choices"] == ["Anna Berg", "Mark Olsen"]


def test_one_name_draft_per_kind_of_name_in_a_sentence() -> None:
    text = (
        "Visas for the Balkans\n\n"
        "The proposal covers citizens of Serbia, Montenegro, and Macedonia from January.\n\n"
        "Albania and Kosovo must wait for a later decision by the ministers."
    )
    asked = [d["answer"] for d in draft_questions(text) if d["type"] == "choice"]
    assert asked == ["Serbia", "Albania"]  # not Montenegro nor Macedonia beside Serbia


def test_a_run_writes_at_most_the_limit_and_the_next_run_the_next_ones() -> None:
    first = draft_questions(NATO_TEXT, limit=5)
    assert len(first) == 5
    ids = {d["id"] for d in first}
    second = draft_questions(NATO_TEXT, limit=5, taken=ids)
    new = [d for d in second if d["id"] not in ids]
    assert len(new) == 5
    everything = [d["id"] for d in draft_questions(NATO_TEXT)]
    assert [d["id"] for d in first] + [d["id"] for d in new] == everything[:10]


def test_a_statement_of_an_organisation_or_an_unnamed_person_gets_no_speaker() -> None:
    text = (
        "A title\n\nMinister Anna Berg opened the session on Monday in the city hall.\n\n"
        '"The plan will cost far too much money," the European Commission said.\n\n'
        '"We were never asked about any of it," a spokesman for the unions said.\n\n'
        '"Nobody will lose their job over this plan," she added.'
    )
    statements = {d["statement"]: d for d in draft_questions(text) if d["type"] == "claim"}
    assert list(statements) == ["Nobody will lose their job over this plan"]
    assert statements["Nobody will lose their job over this plan"]["speaker"] == "Anna Berg"


def test_the_speaker_of_one_sentence() -> None:
    """The editor sets a claim's speaker from the sentence picked, by the draft rules."""
    from pathlib import Path

    from game.authoring.drafts import sentence_speaker
    from game.core.sentences import numbered_sentences

    source = (
        Path(__file__).parents[2] / "questions" / "sources" / "nato-us-europe-2016.txt"
    ).read_text(encoding="utf-8")
    by_start = {s.text[:20]: s.text for s in numbered_sentences(source)}
    shoulder = next(t for k, t in by_start.items() if k.startswith('"We need Europeans'))
    assert sentence_speaker(source, shoulder) == "Jens Stoltenberg"
    plain = next(t for k, t in by_start.items() if k.startswith("Donald Trump hinted"))
    assert sentence_speaker(source, plain) is None
    assert sentence_speaker(source, "Not a sentence of the source.") is None
