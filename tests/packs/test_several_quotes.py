"""A question may give several quotes, as a list under `quote`: each is checked in the
source, shown after the answer and fixed by --fix-quotes (issue 19, item 9)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from game.cli import main
from game.packs.fixquotes import fix_quotes
from game.packs.loader import check_pack_file, load_pack
from game.plain.play import render_feedback
from game.play.session import GameSession
from game.ui.formatting import explanation_text

SOURCE = Path(__file__).parents[2] / "questions" / "sources" / "nato-us-europe-2016.txt"

HEADER = """\
format: civic-quiz/1
id: several
title: Several quotes
as_of: 2016-11-13
source:
  publisher: DW
  published: 2016-11-13
  file: article.txt
questions:
"""

# Each pair comes from its own paragraph of the article.
MATCH = """\
- id: who-said
  type: match
  frame: claim
  prompt: Match each person with what the article says of them.
  pairs:
    - {left: Stoltenberg, right: wrote in The Observer}
    - {left: Trump, right: vowed not to support allies who do not pay}
    - {left: Foreign ministers, right: gather for informal talks}
  explanation: Three paragraphs of the article.
  quote:
    - The secretary-general wrote in "The Observer" newspaper
    - Donald Trump famously vowed on the campaign trail not to support allies
    - The bloc's foreign ministers are set to gather for informal talks
"""

QUOTES = [
    'The secretary-general wrote in "The Observer" newspaper',
    "Donald Trump famously vowed on the campaign trail not to support allies",
    "The bloc's foreign ministers are set to gather for informal talks",
]


def write(folder: Path, questions: str = MATCH) -> Path:
    shutil.copy(SOURCE, folder / "article.txt")
    path = folder / "pack.yaml"
    path.write_text(HEADER + textwrap.indent(questions, "  "), encoding="utf-8")
    return path


def test_a_match_question_with_three_quotes_from_three_paragraphs_validates(
    tmp_path: Path,
) -> None:
    path = write(tmp_path)
    checked = check_pack_file(path, display="pack.yaml", strict=True)
    assert checked.problems == [], [p.format() for p in checked.problems]
    assert checked.pack is not None
    question = checked.pack.questions[0]
    assert question.quote == QUOTES
    assert question.quotes() == QUOTES
    assert main(["validate", "--strict", str(path)]) == 0


def test_one_wrong_quote_is_an_error_at_that_item(tmp_path: Path) -> None:
    path = write(tmp_path, MATCH.replace("set to gather for informal", "set to meet for formal"))
    checked = check_pack_file(path, display="pack.yaml")
    (problem,) = checked.problems
    assert problem.code == "quote-not-in-source"
    # The third item of the list: line 22, column 9 (`      - The bloc's...`).
    assert (problem.line, problem.column) == (22, 9)
    assert problem.message.startswith("quote not found in the source 'article.txt'; the closest")
    assert "The bloc's foreign ministers are set to gather" in problem.message


def test_a_single_quote_still_works_and_keeps_its_hash(tmp_path: Path) -> None:
    single = MATCH.replace(
        '  quote:\n    - The secretary-general wrote in "The Observer" newspaper\n', "  quote: x\n"
    )
    single = single[: single.index("  quote: x")] + f"  quote: {QUOTES[1]}\n"
    pack = load_pack(write(tmp_path, single))
    assert pack.questions[0].quote == QUOTES[1]
    assert pack.questions[0].quotes() == [QUOTES[1]]
    # The hash is of the quote as written: a string stays a string.
    assert '"quote":"Donald Trump' in pack.model_dump_json()


def test_a_bad_list_of_quotes_gets_located_plain_messages(tmp_path: Path) -> None:
    empty = MATCH[: MATCH.index("  quote:")] + "  quote: []\n"
    checked = check_pack_file(write(tmp_path, empty), display="pack.yaml")
    (problem,) = checked.problems
    assert problem.format() == (
        "pack.yaml:19:12: error: 'quote' should have at least 1 items, not a list"
        " [question who-said]"
    )
    number = MATCH.replace("    - Donald Trump famously", "    - 42\n    - Donald Trump famously")
    checked = check_pack_file(write(tmp_path, number.replace("- 42", "- ''")), display="pack.yaml")
    (problem,) = checked.problems
    # No trace of how the model tells the two forms apart ('quote-list') in the message.
    assert problem.format() == (
        "pack.yaml:21:9: error: 'quote[1]' should not be empty [question who-said]"
    )


def test_every_quote_is_shown_after_the_answer(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path))
    session = GameSession([pack], seed=1)
    played = session.current
    shown = explanation_text(played).plain.splitlines()
    assert shown == [
        "Why: Three paragraphs of the article.",
        *(f"\u201c{q}\u201d" for q in QUOTES),
        "  \u2014 DW, 13 November 2016",
    ]
    lines = render_feedback(session.answer({"Stoltenberg": "x"}))
    sources = [line for line in lines if line.startswith("Source: ")]
    assert sources == [
        f'Source: "{QUOTES[0]}"',
        f'Source: "{QUOTES[1]}"',
        f'Source: "{QUOTES[2]}" (DW, 13 November 2016)',
    ]


def test_fix_quotes_fixes_each_item_of_a_list(tmp_path: Path) -> None:
    # Curly quotes where the article has straight ones, in the first and third items.
    typed = MATCH.replace('wrote in "The Observer"', "wrote in \u201cThe Observer\u201d").replace(
        "The bloc's", "The bloc\u2019s"
    )
    path = write(tmp_path, typed)
    assert check_pack_file(path).ok  # the check forgives typography
    report = fix_quotes(path)
    assert [(f.question_id, f.line) for f in report.fixed] == [("who-said", 20), ("who-said", 22)]
    assert report.written
    assert load_pack(path).questions[0].quote == QUOTES
    text = path.read_text(encoding="utf-8")
    assert "  # " not in text and "pairs:" in text  # the rest of the file as it was
