"""Under --strict every question of a sourced pack is framed (its own frame or the pack's
default), and words that date a `true` fact are warned about (issue 19, item 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from game.packs.loader import check_pack_file, load_pack, validate_pack_data
from game.packs.truth import truth_of
from tests.packs.test_sources import ARTICLE, ONE_SOURCE, write

CLASSIC = Path(__file__).parent / "data" / "nato-2016-classic" / "nato-2016-classic.yaml"

UNFRAMED = """\
- id: target
  type: truefalse
  prompt: The target is obligatory, DW says.
  answer: true
  explanation: It says so.
  quote: The target is obligatory under the treaty.
"""


def strict(path: Path) -> list[str]:
    return [p.format() for p in check_pack_file(path, display="pack.yaml", strict=True).problems]


def test_a_question_without_a_frame_is_an_error_only_under_strict(tmp_path: Path) -> None:
    checked = write(tmp_path, ONE_SOURCE, UNFRAMED)
    assert checked.problems == []  # not strict: nothing to say
    assert strict(tmp_path / "pack.yaml") == [
        "pack.yaml:9:5: error: no 'frame' (--strict): add 'frame: claim' (shown as what the"
        " source says) or 'frame: \"true\"' (shown as a fact, with a quote and a date), or give"
        " the pack a default in 'defaults: frame' [question target]"
    ]


def test_the_validate_command_reports_it_under_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, ONE_SOURCE, UNFRAMED)
    path = str(tmp_path / "pack.yaml")
    assert main(["validate", path]) == 0
    assert main(["validate", "--strict", path]) == 1
    assert f"{path}:9:5: error: no 'frame' (--strict)" in capsys.readouterr().out


def test_a_pack_default_frame_frames_every_question(tmp_path: Path) -> None:
    header = ONE_SOURCE.replace("questions:\n", "defaults:\n  frame: claim\nquestions:\n")
    write(tmp_path, header, UNFRAMED)
    assert strict(tmp_path / "pack.yaml") == []
    pack = load_pack(tmp_path / "pack.yaml")
    assert pack.defaults.frame == "claim"
    question = pack.questions[0]
    assert question.frame is None and pack.frame_for(question) == "claim"
    # Shown framed, as if the question said `frame: claim` itself.
    assert truth_of(pack, question).frame_line == "According to DW:"


def test_a_question_s_own_frame_wins_over_the_default(tmp_path: Path) -> None:
    header = ONE_SOURCE.replace("questions:\n", "defaults:\n  frame: claim\nquestions:\n")
    write(tmp_path, header, UNFRAMED + '  frame: "true"\n')
    pack = load_pack(tmp_path / "pack.yaml")
    assert pack.frame_for(pack.questions[0]) == "true"
    assert truth_of(pack, pack.questions[0]).frame_line == "True as of 13 November 2016:"


def test_the_default_frame_gets_the_checks_of_its_frame(tmp_path: Path) -> None:
    # A default `true` frame needs a quote, as the question's own would.
    header = ONE_SOURCE.replace("questions:\n", 'defaults:\n  frame: "true"\nquestions:\n')
    checked = write(tmp_path, header, UNFRAMED.replace("  quote: The target", "  hint: The t"))
    assert "true-without-quote" in [p.code for p in checked.errors]


def test_a_pack_without_a_source_needs_no_frame(tmp_path: Path) -> None:
    # Nothing to quote and no one to cite: such a pack needs no quotes, and no frames.
    (tmp_path / "pack.yaml").write_text(
        ONE_SOURCE.replace("source:\n  publisher: DW\n  file: article.txt\n", "")
        + "  "
        + UNFRAMED.replace("\n", "\n  ").replace(
            "  quote: The target is obligatory under the treaty.\n", ""
        ),
        encoding="utf-8",
    )
    # Its question is only marked unsourced: a warning, even under --strict.
    found = strict(tmp_path / "pack.yaml")
    assert len(found) == 1 and ": warning: unsourced:" in found[0]


def test_a_wrong_default_frame_is_a_located_error(tmp_path: Path) -> None:
    header = ONE_SOURCE.replace("questions:\n", "defaults:\n  frame: fact\nquestions:\n")
    checked = write(tmp_path, header, UNFRAMED)
    (problem,) = checked.errors
    assert (problem.line, problem.code) == (9, "wrong-value")
    assert "'defaults.frame' should be 'claim' or 'true', not 'fact'" in problem.message


def test_an_unset_default_frame_keeps_the_hash_of_stored_games() -> None:
    # The NATO pack as it was bundled, its hash pinned before `defaults.frame` existed:
    # stored games compare this hash.
    pack = load_pack(CLASSIC)
    assert pack.content_hash() == "5ec889b2b4c72768"
    framed = pack.model_copy(
        update={"defaults": pack.defaults.model_copy(update={"frame": "claim"})}
    )
    assert framed.content_hash() != "5ec889b2b4c72768"


# --- dating words -------------------------------------------------------------------------

DATED = """\
- id: target
  type: truefalse
  frame: "true"
  prompt: Allies currently spend 2% of GDP.
  answer: true
  explanation: >-
    Today the target is obligatory, and this
    year all allies meet it.
  quote: The target is obligatory under the treaty.
"""


def dating(checked) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.message) for p in checked.problems if p.code == "dating-word"]


def test_dating_words_in_a_true_question_are_located_warnings(tmp_path: Path) -> None:
    checked = write(tmp_path, ONE_SOURCE, DATED)
    found = dating(checked)
    assert [(line, column) for line, column, _ in found] == [(12, 20), (15, 7), (15, 43)]
    assert found[0][2] == (
        "'currently' in the prompt of a frame 'true' question dates its fact, which may"
        " change: give the question its own 'as_of' (the day you checked it) or say when"
        ' ("in 2016") instead'
    )
    assert found[1][2].startswith("'Today' in the explanation")
    assert found[2][2].startswith("'this year' in the explanation")
    assert all(p.severity == "warning" for p in checked.problems if p.code == "dating-word")
    assert checked.ok


def test_no_dating_warning_with_the_question_s_own_as_of(tmp_path: Path) -> None:
    checked = write(tmp_path, ONE_SOURCE, DATED + "  as_of: 2016-11-13\n")
    assert dating(checked) == []


def test_no_dating_warning_for_a_claim(tmp_path: Path) -> None:
    checked = write(tmp_path, ONE_SOURCE, DATED.replace('frame: "true"', "frame: claim"))
    assert dating(checked) == []
    assert checked.ok


@pytest.mark.parametrize("word", ["now", "At present", "nowadays", "NOW"])
def test_each_dating_word_is_found_as_a_whole_word(tmp_path: Path, word: str) -> None:
    prompt = f"Allies spend 2% {word}, known to all."
    checked = write(
        tmp_path, ONE_SOURCE, DATED.replace("Allies currently spend 2% of GDP.", prompt)
    )
    assert [m.split("'")[1] for _, _, m in dating(checked)] == [word, "Today", "this year"]


def test_words_that_only_contain_a_dating_word_are_not_warned(tmp_path: Path) -> None:
    checked = write(
        tmp_path,
        ONE_SOURCE,
        DATED.replace("Allies currently spend 2% of GDP.", "Known snowy todays years?").replace(
            "Today the target is obligatory, and this\n    year", "The target is obligatory, and"
        ),
    )
    assert dating(checked) == []


def test_a_dating_word_in_data_built_in_memory_is_warned_at_1_1() -> None:
    data = {
        "format": "civic-quiz/1",
        "id": "p",
        "title": "P",
        "as_of": "2016-11-13",
        "questions": [
            {
                "id": "q",
                "type": "truefalse",
                "frame": "true",
                "prompt": "NATO has 28 members now.",
                "answer": True,
                "explanation": "e",
                "quote": ARTICLE,
            }
        ],
    }
    checked = validate_pack_data(data)
    assert [(p.code, p.line) for p in checked.problems] == [("dating-word", 1)]


def test_a_default_true_frame_gets_the_dating_word_check_too(tmp_path: Path) -> None:
    header = ONE_SOURCE.replace("questions:\n", 'defaults:\n  frame: "true"\nquestions:\n')
    checked = write(tmp_path, header, DATED.replace('  frame: "true"\n', ""))
    assert [m.split("'")[1] for _, _, m in dating(checked)] == ["currently", "Today", "this year"]
