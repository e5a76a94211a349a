"""`civic-quiz draft`: drafts appended after the pack's own bytes, valid, safe and not twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from game import cli
from game.authoring.append import _appended, read_back
from game.packs.loader import check_pack_file
from game.packs.yamlread import parse
from tests.conftest import REPO

NATO_PACK = REPO / "questions" / "nato-us-europe-2016.yaml"


def nato_copy(folder: Path) -> Path:
    shutil.copytree(REPO / "questions" / "sources", folder / "sources")
    pack = folder / "nato.yaml"
    shutil.copyfile(NATO_PACK, pack)
    return pack


def test_drafts_are_appended_after_the_packs_own_bytes_and_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = nato_copy(tmp_path)
    before = pack.read_bytes()
    assert cli.main(["draft", str(pack)]) == 0
    out = capsys.readouterr().out
    after = pack.read_bytes()
    assert after.startswith(before) and len(after) > len(before)

    checked = check_pack_file(pack)
    assert checked.pack is not None and not checked.errors
    drafts = checked.pack.draft_count
    assert drafts > 10 and f"added {drafts} draft(s)" in out
    assert len(checked.pack.playable_questions()) == 24  # the pack's own, still all playable
    stubs = [p for p in checked.warnings if p.code == "explanation-stub"]
    assert len(stubs) == drafts  # one located warning per draft, and nothing else
    assert len(checked.warnings) == drafts

    assert cli.main(["validate", str(pack)]) == 0
    assert f"ok, {24 + drafts} questions ({drafts} drafts)" in capsys.readouterr().out


def test_a_second_run_adds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = nato_copy(tmp_path)
    assert cli.main(["draft", str(pack)]) == 0
    once = pack.read_bytes()
    capsys.readouterr()
    assert cli.main(["draft", str(pack)]) == 0
    assert pack.read_bytes() == once
    assert "added 0 draft(s)" in capsys.readouterr().out


def test_drafting_is_deterministic(tmp_path: Path) -> None:
    first, second = nato_copy(tmp_path / "a"), nato_copy(tmp_path / "b")
    assert cli.main(["draft", str(first)]) == 0
    assert cli.main(["draft", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_a_dry_run_lists_the_drafts_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = nato_copy(tmp_path)
    before = pack.read_bytes()
    assert cli.main(["draft", "--dry-run", str(pack)]) == 0
    assert "would add" in capsys.readouterr().out
    assert pack.read_bytes() == before


HOSTILE = """\
Council votes: a test

The mayor said: "# not a comment, - not a list: {not: a map}, & no anchor," Anna Berg said.

- A line starting with a dash names Oslo, Paris and Berlin in one sentence today.

Anna Berg told reporters "it's 'fine' \\ really, with a backslash and a tab\there," she added.

The budget grew by 12 percent to \u20ac4 million, a rise of 300 workers, famously.

Peter Holm of the City Council said a bell \x07 rang in Rome, which no pack may hold.
"""

PACK = """\
format: civic-quiz/1
id: hostile
title: Hostile
source:
  publisher: Test News
  published: 2024-02-01
  file: article.txt
questions:
- id: first
  type: truefalse
  prompt: "Anna Berg is named."
  answer: true
  explanation: "She is."
  quote: "Anna Berg"
"""


def test_a_sentence_full_of_yaml_syntax_comes_back_as_the_same_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "article.txt").write_text(HOSTILE, encoding="utf-8")
    pack = tmp_path / "hostile.yaml"
    pack.write_text(PACK, encoding="utf-8")
    assert cli.main(["draft", str(pack)]) == 0
    checked = check_pack_file(pack)
    assert checked.pack is not None and not checked.errors
    drafts = [q for q in checked.pack.questions if q.draft]
    quotes = {q.quote for q in drafts}
    assert any(q and q.startswith('The mayor said: "# not a comment') for q in quotes)
    assert any(q and q.startswith("- A line starting with a dash") for q in quotes)
    assert not any(q and "\x07" in q for q in quotes)  # that sentence gives no draft
    numeric = [q for q in drafts if q.type == "numeric"]
    assert {(q.answer, q.unit) for q in numeric} >= {(12, "percent"), (4, "million euros")}
    text = pack.read_text(encoding="utf-8")
    assert text.startswith(PACK)
    assert "draft: true" in text[len(PACK) :]


@pytest.mark.parametrize(
    "value",
    [
        'He said: "yes" # no',
        "- dash first",
        "a\x07bell and \x1b[2J escape",
        "'single' and \"double\" quotes: {braces} [brackets] & *star !bang %pct @at `tick`",
        "trailing space ",
        "\u2028line separator and \ufeff BOM",
    ],
)
def test_the_emitter_round_trips_any_text(value: str) -> None:
    drafts = [{"id": "d", "type": "text", "draft": True, "prompt": value, "answer": [value]}]
    appended = _appended("questions:\n- id: x\n", drafts, 2)
    loaded = yaml.safe_load("questions:\n  - id: x\n" + appended)
    assert loaded["questions"][1] == drafts[0]
    # The pack reader keeps scalars as text (`true`), and reads the same texts back.
    read = parse("questions:\n  - id: x\n" + appended).data["questions"][1]
    assert read["draft"] == "true" and read_back(drafts[0], read)


def test_a_pack_with_errors_is_left_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = nato_copy(tmp_path)
    broken = pack.read_text(encoding="utf-8").replace("answer: 2\n", "answer: two\n")
    pack.write_text(broken, encoding="utf-8")
    assert cli.main(["draft", str(pack)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "fix the pack's errors before drafting" in err
    assert err.startswith(f"{pack}:{broken.splitlines().index('    answer: two') + 1}:")
    assert pack.read_text(encoding="utf-8") == broken


def test_questions_must_be_the_last_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "article.txt").write_text(HOSTILE, encoding="utf-8")
    pack = tmp_path / "late.yaml"
    text = PACK + "license: CC-BY-4.0\n"
    pack.write_text(text, encoding="utf-8")
    assert cli.main(["draft", str(pack)]) == 1
    err = capsys.readouterr().err
    line = text.splitlines().index("license: CC-BY-4.0") + 1
    assert err.startswith(f"{pack}:{line}: error: 'questions' must be the pack's last key")
    assert pack.read_text(encoding="utf-8") == text


def test_a_pack_with_a_bom_and_crlf_line_ends_keeps_them(tmp_path: Path) -> None:
    pack = nato_copy(tmp_path)
    before = b"\xef\xbb\xbf" + pack.read_bytes().replace(b"\n", b"\r\n")
    pack.write_bytes(before)
    assert cli.main(["draft", str(pack)]) == 0
    after = pack.read_bytes()
    assert after.startswith(before)
    assert after.count(b"\n") == after.count(b"\r\n")  # every appended line ends in CRLF too
    assert check_pack_file(pack).ok


def test_a_short_article_gives_evidence_drafts_that_validate(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(
        "Roads and schools\n\n"
        '"We will build the roads before the winter comes," Anna Berg said on Monday.\n\n'
        "The city council voted on 12 new roads for the northern districts.\n\n"
        "The city council voted on 12 new schools for the southern districts.\n",
        encoding="utf-8",
    )
    pack = tmp_path / "short.yaml"
    pack.write_text(PACK, encoding="utf-8")
    assert cli.main(["draft", str(pack)]) == 0
    checked = check_pack_file(pack)
    assert checked.pack is not None and not checked.errors
    drafts = {q.id: q for q in checked.pack.questions if q.draft}
    (evidence,) = [q for q in drafts.values() if q.type == "evidence"]
    # Three are drawn by default; the two council sentences are near-copies of each other,
    # never drawn together, and the headline is too short: one is all the article gives.
    assert getattr(evidence, "distractors", None) == 1
    numbers = sorted(qid for qid, q in drafts.items() if q.type == "numeric")
    assert numbers == [
        "draft-number-the-city-council-voted-on--12",
        "draft-number-the-city-council-voted-on--12-2",
    ]
