"""Imported questions get readable ids made from their prompts, unique in the pack."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from game.core.model import QUESTION_ID_PATTERN
from game.importers.aiken import import_aiken
from game.importers.base import ID_CHARS, ImportResult, build_pack, prompt_id
from game.importers.csvfile import import_csv
from game.importers.gift import import_gift
from game.importers.opentdb import import_opentdb
from game.packs.loader import validate_pack_data


def ids(result: ImportResult) -> list[str]:
    return [q["id"] for q in build_pack(result, pack_id="p", title="P")["questions"]]


def test_every_importer_names_questions_after_their_prompts() -> None:
    aiken = import_aiken(
        "How many times has Article 5 been invoked?\nA. Once\nB. Never\nANSWER: A\n"
    )
    csv = import_csv("type,prompt,answer\ntruefalse,Is NATO's headquarters in Brussels?,true\n")
    opentdb = import_opentdb(
        '{"response_code": 0, "results": [{"category": "Politics", "type": "boolean",'
        ' "difficulty": "easy", "question": "NATO was founded in 1949.",'
        ' "correct_answer": "True", "incorrect_answers": ["False"]}]}'
    )
    gift = import_gift("Which city hosts NATO's headquarters?{=Brussels ~Paris}")
    assert ids(aiken) == ["how-many-times-has-article-5"]
    assert ids(csv) == ["is-nato-s-headquarters-in-brussels"]
    assert ids(opentdb) == ["nato-was-founded-in-1949"]
    assert ids(gift) == ["which-city-hosts-nato-s-headquarters"]


def test_a_gift_title_is_kept_as_the_id() -> None:
    result = import_gift("::target-obligatory::Is the 2% target obligatory?{T}")
    assert ids(result) == ["target-obligatory"]


def test_ids_are_short_folded_and_unique() -> None:
    result = import_csv(
        "type,prompt,answer\n"
        "truefalse,Où siège l'Organisation du traité de l'Atlantique Nord aujourd'hui?,true\n"
        "truefalse,Où siège l'Organisation du traité de l'Atlantique Nord aujourd'hui ?,true\n"
        "truefalse,Où siège l'Organisation du traité de l'Atlantique Nord aujourd'hui ??,true\n"
        "truefalse,12 + 30 = 42?,true\n"
        "truefalse,中国是北约成员吗?,false\n"
    )
    made = ids(result)
    assert made == [
        "ou-siege-l-organisation-du-traite",
        "ou-siege-l-organisation-du-traite-2",
        "ou-siege-l-organisation-du-traite-3",
        "q4",  # no letter to make an id of: numbered by its place
        "q5",  # no letter once folded to ASCII
    ]
    data = build_pack(import_csv("type,prompt,answer\ntruefalse,X?,true\n"), pack_id="p", title="P")
    assert validate_pack_data(data).pack is not None


def test_the_frame_line_of_an_export_is_not_the_id() -> None:
    assert prompt_id(
        "According to DW (Deutsche Welle), 13 November 2016:\nWhat is obligatory?"
    ) == ("what-is-obligatory")
    assert prompt_id("True as of 25 June 2025:\nHow much by 2035?") == "how-much-by-2035"
    # A prompt that merely starts with the words keeps them.
    assert (
        prompt_id("According to the treaty, who decides?") == "according-to-the-treaty-who-decides"
    )


def test_a_very_long_word_is_cut() -> None:
    assert prompt_id("Donaudampfschifffahrtsgesellschaftskapitänsmütze" * 2) == (
        "donaudampfschifffahrtsgesellschaftskapit"
    )


@given(st.text(max_size=200))
def test_any_prompt_makes_a_valid_id_or_none(prompt: str) -> None:
    made = prompt_id(prompt)
    if made:
        assert re.fullmatch(QUESTION_ID_PATTERN.strip("^$"), made)
        assert len(made) <= ID_CHARS and len(made.split("-")) <= 6
        assert re.search("[a-z]", made)
