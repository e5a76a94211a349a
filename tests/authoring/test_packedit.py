"""Adding a source to a pack's text: the rest of the file byte for byte as it was."""

from __future__ import annotations

import pytest

from game.authoring.packedit import EditRefused, Entry, add_source, derive_id, valid_id
from game.packs.loader import check_pack_text
from game.packs.yamlread import parse

ENTRY = Entry(
    id="courier-night-bus-2024",
    title='Town council votes: "keep the night bus"',
    publisher="The Riverside Courier",
    published="2024-03-14",
    url="https://courier.example/news/night-bus",
    file="sources/courier-night-bus-2024.txt",
)
ENTRY_LINES = (
    "  id: courier-night-bus-2024\n"
    '  title: "Town council votes: \\"keep the night bus\\""\n'
    "  publisher: The Riverside Courier\n"
    "  published: 2024-03-14\n"
    "  url: https://courier.example/news/night-bus\n"
    "  file: sources/courier-night-bus-2024.txt\n"
)

NO_SOURCE = """\
# My pack: comments, odd quoting and key order are the teacher's own.
format: 'civic-quiz/1'
title:   "Night buses"   # spaces kept
id: night-buses
authors: [ Ada ,  Ben ]

# The questions.
questions:
  - id: q1   # first
    type: truefalse
    prompt: The night bus runs every night.
    answer: yes
"""


def test_a_pack_without_source_gets_one_before_its_questions_and_nothing_else_changes() -> None:
    result = add_source(NO_SOURCE, ENTRY)
    block = "source:\n" + ENTRY_LINES + "\n"
    assert block in result
    assert result.replace(block, "", 1) == NO_SOURCE
    assert result.index("source:") < result.index("# The questions.")
    assert parse(result).data["source"]["title"] == ENTRY.title


ONE_SOURCE = """\
format: civic-quiz/1
id: night-buses
title: Night buses
source:
  title: "Old article"   # kept
  publisher: Courier
  published: 2023-01-02
  file: sources/old.txt
defaults: {points: 50}
questions:
  - id: q1
    type: truefalse
    prompt: The night bus runs every night.
    answer: true
"""


def test_a_second_source_turns_source_into_sources_with_ids() -> None:
    result = add_source(ONE_SOURCE, ENTRY)
    data = parse(result).data
    assert "source" not in data
    assert [s["id"] for s in data["sources"]] == ["courier-old-article-2023", ENTRY.id]
    assert data["sources"][0]["file"] == "sources/old.txt"
    # The lines before and after the converted block are untouched.
    before, after = ONE_SOURCE.split("source:\n")[0], ONE_SOURCE.split("file: sources/old.txt\n")[1]
    assert result.startswith(before + "sources:\n  - id: courier-old-article-2023\n")
    assert '    title: "Old article"   # kept\n' in result
    assert result.endswith(after)


def test_the_first_source_keeps_the_id_source_when_a_question_names_it() -> None:
    text = ONE_SOURCE.replace("    answer: true\n", "    answer: true\n    source: source\n")
    data = parse(add_source(text, ENTRY)).data
    assert [s["id"] for s in data["sources"]] == ["source", ENTRY.id]


SOURCES = """\
format: civic-quiz/1
id: night-buses
title: Night buses
sources:
- id: old   # indentless list
  file: sources/old.txt

  # a comment between items
- id: older
  file: sources/older.txt
# after the sources
questions:
  - id: q1
    type: truefalse
    prompt: The night bus runs every night.
    answer: true
"""


def test_a_source_is_appended_to_sources_at_their_indentation() -> None:
    result = add_source(SOURCES, ENTRY)
    item = "- " + ENTRY_LINES[2:].replace("\n  ", "\n  ")
    assert item in result
    assert result.replace(item, "", 1) == SOURCES
    assert [s["id"] for s in parse(result).data["sources"]] == ["old", "older", ENTRY.id]


def test_the_result_validates_with_the_new_source(tmp_path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "courier-night-bus-2024.txt").write_text("The night bus runs.\n")
    checked = check_pack_text(add_source(NO_SOURCE, ENTRY), base_dir=tmp_path)
    assert not checked.errors, [p.format() for p in checked.errors]


def test_windows_line_ends_are_kept() -> None:
    text = NO_SOURCE.replace("\n", "\r\n")
    result = add_source(text, ENTRY)
    assert "\n" not in result.replace("\r\n", "")
    assert result.replace(("source:\n" + ENTRY_LINES + "\n").replace("\n", "\r\n"), "") == text


@pytest.mark.parametrize(
    "text",
    [
        "{format: civic-quiz/1, id: x, title: X, questions: []}\n",
        NO_SOURCE.replace("authors", "sources: [{id: a}]\nauthors"),
        NO_SOURCE.replace("authors", "source: {title: A}\nauthors"),
        "- just\n- a list\n",
    ],
)
def test_a_pack_written_so_that_no_safe_edit_exists_is_refused(text: str) -> None:
    with pytest.raises(EditRefused):
        add_source(text, ENTRY)


def test_derived_ids_are_short_lowercase_and_unique() -> None:
    assert derive_id("NATO: US, Europe need each other", "DW", 2016, set()) == (
        "dw-nato-us-europe-need-each-other-2016"
    )
    long = derive_id("Ça coûte cher: the very long headline of an article " * 3, None, 2020, set())
    assert (
        len(long) <= 40
        and valid_id(long)
        and long.startswith("ca-coute-cher-")
        and long.endswith("-2020")
    )
    taken = {"dw-budget-2016"}
    assert derive_id("Budget", "DW", 2016, taken) == "dw-budget-2016-2"
    assert derive_id(None, None, None, set()) == "article"
    # Cut at 40 characters, it does not end on a small word.
    assert derive_id("Town council votes to keep the night bus", None, 2024, set()) == (
        "town-council-votes-to-keep-2024"
    )
    assert not valid_id("Bad Id") and not valid_id("x" * 41) and valid_id("a-1")
