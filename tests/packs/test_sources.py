"""Several sources, a question's own source, frame, correction and updates (issue 13)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError

from game.packs.loader import CheckedPack, check_pack_file, validate_pack_data
from game.packs.model import Pack, PackInfo

ARTICLE = "Stoltenberg wrote a column. The target is obligatory under the treaty."
TREATY = (
    "The Parties agree that an armed attack against one or more of them shall be"
    " considered an attack against them all. This Treaty shall be ratified."
)
SUMMIT = "Allies commit to invest 5% of GDP annually by 2035."

TWO_SOURCES = """\
format: civic-quiz/1
id: two
title: Two
as_of: 2016-11-13
sources:
  - id: dw
    publisher: DW
    published: 2016-11-13
    file: article.txt
  - id: treaty
    title: North Atlantic Treaty
    published: 1949-04-04
    file: treaty.txt
  - id: hague
    title: The Hague Summit Declaration
    published: 2025-06-25
    file: summit.txt
questions:
"""

ONE_SOURCE = """\
format: civic-quiz/1
id: one
title: One
as_of: 2016-11-13
source:
  publisher: DW
  file: article.txt
questions:
"""


def write(folder: Path, header: str, questions: str) -> CheckedPack:
    """Write the three source texts and a pack, and check it."""
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "treaty.txt").write_text(TREATY, encoding="utf-8")
    (folder / "summit.txt").write_text(SUMMIT, encoding="utf-8")
    text = header + textwrap.indent(textwrap.dedent(questions), "  ")
    path = folder / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return check_pack_file(path, display="pack.yaml")


def lines(checked: CheckedPack) -> list[str]:
    return [p.format() for p in checked.problems]


def errors(checked: CheckedPack) -> list[str]:
    return [p.format() for p in checked.errors]


def line_of(checked: CheckedPack, text: str) -> int:
    """The 1-based line of the pack file that holds `text` first."""
    written = (checked.path).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(written, 1) if text in line)


TRUE_TREATY = """\
- id: attack
  type: truefalse
  source: treaty
  frame: "true"
  prompt: An armed attack against one ally is an attack against all.
  answer: true
  explanation: This is Article 5.
  quote: an armed attack against one or more of them
"""


# -- sources -----------------------------------------------------------------------------------


def test_a_pack_with_several_sources_checks_each_quote_in_its_own_source(
    tmp_path: Path,
) -> None:
    checked = write(
        tmp_path,
        TWO_SOURCES,
        TRUE_TREATY
        + """\
- id: column
  type: truefalse
  prompt: Stoltenberg wrote a column.
  answer: true
  explanation: e
  quote: Stoltenberg wrote a column
""",
    )
    assert checked.problems == [], lines(checked)
    pack = checked.pack
    assert pack is not None
    assert pack.source is None and [s.id for s in pack.all_sources()] == ["dw", "treaty", "hague"]
    assert pack.default_source is pack.sources[0]
    assert pack.source_for("treaty") is pack.sources[1]
    assert pack.source_for("nope") is None


def test_a_quote_not_in_its_own_source_names_that_source(tmp_path: Path) -> None:
    checked = write(tmp_path, TWO_SOURCES, TRUE_TREATY.replace("source: treaty", "source: dw"))
    (problem,) = checked.errors
    assert problem.code == "quote-not-in-source"
    assert problem.line == line_of(checked, "quote: an armed")
    assert problem.message.startswith(
        "quote not found in the source 'dw' ('article.txt'); the closest passage"
    )


def test_one_source_keeps_its_message_and_its_id_is_source(tmp_path: Path) -> None:
    question = """\
- id: q
  type: truefalse
  source: source
  prompt: p
  answer: true
  explanation: e
  quote: Stoltenberg wrote a book
"""
    checked = write(tmp_path, ONE_SOURCE, question)
    (problem,) = checked.errors
    assert problem.message.startswith("quote not found in the source 'article.txt'; the closest")
    assert checked.pack is None
    fixed = write(tmp_path, ONE_SOURCE, question.replace("a book", "a column"))
    assert fixed.problems == [], lines(fixed)
    assert fixed.pack is not None and fixed.pack.default_source is fixed.pack.source


def test_source_and_sources_together_is_a_located_error(tmp_path: Path) -> None:
    header = TWO_SOURCES.replace("sources:\n", "source:\n  publisher: DW\nsources:\n", 1)
    checked = write(tmp_path, header, TRUE_TREATY)
    (problem,) = checked.errors
    assert problem.code == "source-and-sources"
    assert (problem.line, problem.column) == (line_of(checked, "sources:"), 1)
    assert problem.message == (
        "give either 'source' (one) or 'sources' (several, each with an 'id'), not both;"
        f" 'source' is on line {line_of(checked, 'source:')}"
    )


def test_each_of_several_sources_needs_a_unique_id(tmp_path: Path) -> None:
    checked = write(tmp_path, TWO_SOURCES.replace("  - id: treaty\n    title", "  - title"), "")
    problem = next(p for p in checked.errors if p.code == "source-without-id")
    assert problem.line == line_of(checked, "- title: North")
    assert "sources[1] needs an 'id'" in problem.message
    checked = write(tmp_path, TWO_SOURCES.replace("id: hague", "id: dw"), TRUE_TREATY)
    (problem,) = checked.errors
    assert problem.code == "duplicate-source-id"
    assert problem.line == line_of(checked, "title: The Hague") - 1
    assert problem.message == "duplicate source id 'dw': it is also used on line 6"


def test_a_source_id_is_lowercase_letters_digits_and_dashes(tmp_path: Path) -> None:
    checked = write(tmp_path, TWO_SOURCES.replace("id: hague", "id: The Hague"), TRUE_TREATY)
    (problem,) = checked.errors
    assert problem.code == "wrong-value" and "sources[2].id" in problem.message


def test_the_model_refuses_source_and_sources_too() -> None:
    base = {"format": "civic-quiz/1", "id": "p", "title": "P"}
    with pytest.raises(ValidationError, match="either 'source' or 'sources'"):
        PackInfo.model_validate({**base, "source": {"title": "A"}, "sources": [{"id": "a"}]})
    with pytest.raises(ValidationError, match="duplicate source id 'a'"):
        PackInfo.model_validate({**base, "sources": [{"id": "a"}, {"id": "a"}]})


@pytest.mark.parametrize(
    ("where", "needle"),
    [
        ("question", "source: treaty"),
        ("correction", "source: hague"),
        ("update", "source: hague"),
    ],
)
def test_an_unknown_source_id_is_located_with_the_closest(
    tmp_path: Path, where: str, needle: str
) -> None:
    question = """\
- id: q
  type: truefalse
  source: treaty
  frame: claim
  prompt: The target is obligatory under the treaty.
  answer: true
  explanation: e
  quote: an armed attack
  correction:
    text: The treaty sets no spending target.
    quote: This Treaty shall be ratified.
    source: treaty
  updates:
    - date: 2025-06-25
      text: Allies committed to 5% by 2035.
      quote: invest 5% of GDP
      source: hague
"""
    wrong = {"question": "treati", "correction": "traety", "update": "hauge"}[where]
    if where == "question":
        question = question.replace("  source: treaty\n  frame", f"  source: {wrong}\n  frame")
    elif where == "correction":
        question = question.replace("    source: treaty", f"    source: {wrong}")
    else:
        question = question.replace("source: hague", f"source: {wrong}")
    assert needle  # the test's own sanity: the key being replaced exists
    checked = write(tmp_path, TWO_SOURCES, question)
    (problem,) = checked.errors
    assert problem.code == "unknown-source"
    assert problem.line == line_of(checked, f"source: {wrong}")
    expected = {"question": "treaty", "correction": "treaty", "update": "hague"}[where]
    assert problem.message == (
        f"unknown source '{wrong}' (did you mean '{expected}'?); the pack's sources are"
        " dw, treaty, hague"
    )


def test_a_source_named_in_a_pack_without_sources(tmp_path: Path) -> None:
    header = ONE_SOURCE.replace("source:\n  publisher: DW\n  file: article.txt\n", "")
    checked = write(tmp_path, header, TRUE_TREATY.replace('  frame: "true"\n', ""))
    (problem,) = checked.errors
    assert problem.message == ("source 'treaty' named, but the pack gives no 'source' or 'sources'")


def test_correction_and_update_quotes_are_checked_in_their_own_sources(
    tmp_path: Path,
) -> None:
    question = """\
- id: q
  type: truefalse
  frame: claim
  prompt: The target is obligatory under the treaty.
  answer: true
  explanation: e
  quote: The target is obligatory under the treaty.
  correction:
    text: The treaty sets no spending target.
    quote: This Treaty shall be ratified.
    source: treaty
  updates:
    - date: 2025-06-25
      text: Allies committed to 5% by 2035.
      quote: invest 5% of GDP
      source: hague
"""
    checked = write(tmp_path, TWO_SOURCES, question)
    assert checked.problems == [], lines(checked)
    # Each quote in another source than its own is not found there.
    swapped = question.replace("source: treaty", "source: hague").replace(
        "      source: hague", "      source: treaty"
    )
    checked = write(tmp_path, TWO_SOURCES, swapped)
    found = [(p.code, p.line) for p in checked.errors]
    assert found == [
        ("quote-not-in-source", line_of(checked, "quote: This Treaty")),
        ("quote-not-in-source", line_of(checked, "quote: invest")),
    ]
    assert "the source 'hague' ('summit.txt')" in checked.errors[0].message


def test_a_background_source_file_that_is_missing_is_located(tmp_path: Path) -> None:
    checked = write(
        tmp_path, TWO_SOURCES.replace("file: summit.txt", "file: gone.txt"), TRUE_TREATY
    )
    problem = next(p for p in checked.errors if p.code == "source-missing")
    assert problem.line == line_of(checked, "file: gone.txt")


def test_evidence_passages_come_from_the_questions_source(tmp_path: Path) -> None:
    question = """\
- id: e
  type: evidence
  source: treaty
  claim: An attack on one ally is an attack on all.
  answer: >-
    The Parties agree that an armed attack against one or more of them shall be
    considered an attack against them all.
  choices: [This Treaty shall be ratified.]
  explanation: e
"""
    checked = write(tmp_path, TWO_SOURCES, question)
    assert checked.problems == [], lines(checked)
    checked = write(tmp_path, TWO_SOURCES, question.replace("source: treaty", "source: dw"))
    codes = [p.code for p in checked.errors]
    assert codes == ["passage-not-in-source", "passage-not-in-source"]
    assert all("the source 'dw' ('article.txt')" in p.message for p in checked.errors)


# -- frame -------------------------------------------------------------------------------------


def test_frame_true_needs_a_quote_and_a_date_not_the_sources(tmp_path: Path) -> None:
    no_quote = TRUE_TREATY.replace("  quote: an armed attack against one or more of them\n", "")
    checked = write(tmp_path, TWO_SOURCES, no_quote)
    (problem,) = checked.errors
    assert problem.code == "true-without-quote"
    assert problem.line == line_of(checked, "frame:")
    assert problem.message == (
        "frame 'true' needs a 'quote': the passage of the source that shows it is true"
    )
    undated = TWO_SOURCES.replace("as_of: 2016-11-13\n", "")  # the sources have dates
    checked = write(tmp_path, undated, TRUE_TREATY)
    (problem,) = checked.errors
    assert problem.code == "true-without-date"
    assert problem.message == (
        "frame 'true' needs a date: give the question or the pack an 'as_of' (the source's"
        " 'published' date is when it was written, not when the fact held)"
    )
    own_date = TRUE_TREATY.replace("  frame:", "  as_of: 2025-07-01\n  frame:")
    assert write(tmp_path, undated, own_date).errors == []


def test_a_correction_goes_only_with_frame_claim(tmp_path: Path) -> None:
    question = """\
- id: q
  type: truefalse
  frame: "true"
  prompt: The target is obligatory under the treaty.
  answer: false
  explanation: e
  quote: The target is obligatory under the treaty.
  correction:
    text: The treaty sets no spending target.
    quote: This Treaty shall be ratified.
    source: treaty
"""
    checked = write(tmp_path, TWO_SOURCES, question)
    (problem,) = checked.errors
    assert problem.code == "correction-without-claim"
    assert (problem.line, problem.column) == (line_of(checked, "correction:"), 5)
    assert problem.message == (
        "a 'correction' goes with frame 'claim' (what the source claims, then what is true);"
        " this question has frame 'true'"
    )
    checked = write(tmp_path, TWO_SOURCES, question.replace('  frame: "true"\n', ""))
    assert checked.errors[0].message.endswith("this question has no 'frame'")
    assert write(tmp_path, TWO_SOURCES, question.replace('"true"', "claim")).errors == []


def test_frame_true_older_than_its_newest_update_warns(tmp_path: Path) -> None:
    question = """\
- id: target
  type: truefalse
  frame: "true"
  prompt: Allies agreed to spend 2% of GDP on defence.
  answer: true
  explanation: e
  quote: The target is obligatory
  updates:
    - date: 2025-06-25
      text: Allies committed to 5% by 2035.
      quote: invest 5% of GDP
      source: hague
    - date: 2014-09-05
      text: Reaffirmed in Wales.
      quote: The target is obligatory
"""
    checked = write(tmp_path, TWO_SOURCES, question)
    assert checked.errors == []
    (problem,) = checked.warnings
    assert problem.code == "true-out-of-date"
    assert problem.line == line_of(checked, "frame:")
    assert problem.message == (
        "frame 'true' holds as of 2016-11-13, but the update of 2025-06-25 (line"
        f" {line_of(checked, '- date: 2025')}) is newer: check the fact and move 'as_of' on,"
        " or make the frame 'claim'"
    )
    current = question.replace('  frame: "true"\n', '  frame: "true"\n  as_of: 2025-07-01\n')
    assert write(tmp_path, TWO_SOURCES, current).problems == []
    claim = question.replace('"true"', "claim")
    assert write(tmp_path, TWO_SOURCES, claim).problems == []


def test_updates_are_shown_oldest_first() -> None:
    data = {
        "id": "q",
        "type": "truefalse",
        "prompt": "p",
        "answer": True,
        "updates": [
            {"date": "2025-06-25", "text": "b", "quote": "q"},
            {"date": "2014-09-05", "text": "a", "quote": "q"},
        ],
    }
    checked = validate_pack_data(
        {"format": "civic-quiz/1", "id": "p", "title": "P", "questions": [data]}
    )
    assert checked.pack is not None
    assert [u.text for u in checked.pack.questions[0].updates_by_date()] == ["a", "b"]


def test_every_question_of_a_pack_with_sources_should_have_a_quote(tmp_path: Path) -> None:
    question = """\
- id: q
  type: truefalse
  prompt: p
  answer: true
  explanation: e
"""
    checked = write(tmp_path, TWO_SOURCES, question)
    (problem,) = checked.problems
    assert (problem.code, problem.severity) == ("no-quote", "warning")


def test_the_hash_of_a_pack_without_the_new_keys_is_unchanged(tmp_path: Path) -> None:
    # Stored games compare this hash: a pack must keep it when civic-quiz learns new keys.
    data = {
        "format": "civic-quiz/1",
        "id": "p",
        "title": "P",
        "source": {"publisher": "DW"},
        "questions": [{"id": "q", "type": "truefalse", "prompt": "p", "answer": True}],
    }
    assert Pack.model_validate(data).content_hash() == "c987be8a8b576c52"
    framed = {**data, "questions": [{**data["questions"][0], "frame": "claim"}]}
    assert Pack.model_validate(framed).content_hash() != "c987be8a8b576c52"


def test_frame_true_unquoted_means_the_same(tmp_path: Path) -> None:
    unquoted = write(tmp_path, TWO_SOURCES, TRUE_TREATY.replace('"true"', "true"))
    assert unquoted.problems == [], lines(unquoted)
    assert unquoted.pack is not None and unquoted.pack.questions[0].frame == "true"
    checked = write(tmp_path, TWO_SOURCES, TRUE_TREATY.replace('"true"', "false"))
    (problem,) = checked.errors
    assert problem.message == "'frame' should be 'claim' or 'true', not 'false'"


def test_the_json_schema_describes_and_accepts_the_new_keys(tmp_path: Path) -> None:
    import json

    import jsonschema
    import yaml

    from game.packs.schema import pack_json_schema

    schema = pack_json_schema()
    defs = schema["$defs"]
    assert "articles" in schema["properties"]["sources"]["description"]
    question = defs["TrueFalseQuestion"]["properties"]
    for key in ("source", "frame", "correction", "updates"):
        assert question[key].get("description"), key
    for model in ("Correction", "Update"):
        for key, field in defs[model]["properties"].items():
            assert field.get("description"), (model, key)
    assert defs["Source"]["properties"]["id"]["description"]
    text = TWO_SOURCES + textwrap.indent(
        TRUE_TREATY.replace('"true"', "true")
        + """\
- id: q
  type: truefalse
  frame: claim
  prompt: p
  answer: true
  quote: q
  correction: {text: t, quote: q, source: treaty}
  updates:
    - {date: 2025-06-25, text: t, quote: q, source: hague}
""",
        "  ",
    )
    data = json.loads(json.dumps(yaml.safe_load(text), default=str))
    jsonschema.validate(data, schema)
    data["questions"][1]["frame"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_a_claim_whose_source_names_no_one_warns(tmp_path: Path) -> None:
    question = """\
- id: q
  type: truefalse
  frame: claim
  prompt: p
  answer: true
  explanation: e
  quote: Stoltenberg wrote a column
"""
    header = ONE_SOURCE.replace("  publisher: DW\n", "")
    checked = write(tmp_path, header, question)
    (problem,) = checked.problems
    assert (problem.code, problem.severity) == ("claim-without-source", "warning")
    assert problem.line == line_of(checked, "frame: claim")
    assert problem.message == (
        "frame 'claim' shows who claims it ('According to ...'): give the question's source"
        " a 'publisher' or a 'title'"
    )
    assert write(tmp_path, ONE_SOURCE, question).problems == []
    unsourced = ONE_SOURCE.replace("source:\n  publisher: DW\n  file: article.txt\n", "")
    checked = write(
        tmp_path, unsourced, question.replace("  quote: Stoltenberg wrote a column\n", "")
    )
    assert [p.code for p in checked.problems] == ["unsourced", "claim-without-source"]


def test_an_undated_question_of_a_pack_with_sources_is_told_where_a_date_goes(
    tmp_path: Path,
) -> None:
    # No pack `as_of`, and the treaty the question names gives no `published`: the advice
    # names the source's date, not the `source.published` of a one-source pack.
    header = TWO_SOURCES.replace("as_of: 2016-11-13\n", "").replace(
        "    published: 1949-04-04\n", ""
    )
    question = """\
- id: q
  type: truefalse
  source: treaty
  prompt: p
  answer: true
  explanation: e
  quote: This Treaty shall be ratified.
"""
    checked = write(tmp_path, header, question)
    (problem,) = [p for p in checked.problems if p.code == "no-date"]
    assert problem.message == (
        "1 question(s) have no date for their facts (q): give the pack 'as_of', or their"
        " source a 'published' date, or each question its own 'as_of'"
    )
