"""`draft: true` questions: validated and counted, never played, left out of the leak check,
and an explanation stub (`TODO: ...`) a located warning; `#12` references located errors."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from game import cli
from game.packs.catalog import listed, load_catalog
from game.packs.loader import check_pack_file
from game.play.launch import resolve_packs
from game.play.players import GameError
from game.play.practice import due_count, plan_round
from game.play.session import GameSession
from tests.conftest import REPO
from tests.packs.helpers import check, codes, with_questions, write_pack

ONE_PLAYABLE = with_questions(
    """\
    - id: ready
      type: truefalse
      prompt: "NATO has a Secretary-General."
      answer: true
      explanation: "It does."
    - id: candidate
      type: choice
      draft: true
      prompt: "Which alliance?"
      choices: [NATO, EU]
      answer: NATO
      explanation: "TODO: explain why the answer is right, in your own words."
    """
)

ALL_DRAFTS = with_questions(
    """\
    - id: candidate
      type: choice
      draft: true
      prompt: "Which alliance?"
      choices: [NATO, EU]
      answer: NATO
      explanation: "NATO."
    """
)


def test_a_draft_is_a_valid_question_counted_apart(tmp_path: Path) -> None:
    checked = check(tmp_path, ONE_PLAYABLE)
    assert checked.pack is not None and not checked.errors
    assert [q.id for q in checked.pack.playable_questions()] == ["ready"]
    assert checked.pack.draft_count == 1


def test_the_explanation_stub_is_a_located_warning_an_error_under_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checked = check(tmp_path, ONE_PLAYABLE)
    (stub,) = [p for p in checked.problems if p.code == "explanation-stub"]
    assert stub.severity == "warning" and stub.question == "candidate"
    lines = ONE_PLAYABLE.splitlines()
    assert "TODO:" in lines[stub.line - 1]

    path = tmp_path / "pack.yaml"
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: ok, 2 questions (1 draft)" in out
    assert cli.main(["validate", "--strict", str(path)]) == 1
    assert "error: the explanation is still a stub" in capsys.readouterr().out


def test_drafts_keep_the_hash_of_packs_that_do_not_use_them() -> None:
    pack = check_pack_file(REPO / "questions" / "nato-us-europe-2016.yaml").pack
    assert pack is not None
    assert '"draft"' not in pack.model_dump_json(exclude=pack._unset_since_v1())
    marked = pack.model_copy(
        update={"questions": [pack.questions[0].model_copy(update={"draft": True})]}
    )
    assert '"draft":true' in marked.model_dump_json(exclude=marked._unset_since_v1())


def test_a_game_and_a_practice_round_never_ask_a_draft(tmp_path: Path) -> None:
    pack = check(tmp_path, ONE_PLAYABLE).pack
    assert pack is not None
    session = GameSession([pack], seed=1)
    assert [p.question.id for p in session.played] == ["ready"]
    now = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    assert plan_round(pack, {}, now) == ["ready"]
    assert due_count(pack, {}, now) == 0


def test_a_pack_of_drafts_only_is_listed_but_cannot_be_started(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    write_pack(folder, ALL_DRAFTS, "drafts.yaml")
    catalog = load_catalog([folder], cache_dir=tmp_path / "cache")
    (entry,) = catalog.entries
    assert entry.ok and entry.questions == 0 and entry.drafts == 1
    assert listed(entry)["drafts"] == 1
    with pytest.raises(GameError, match="all of its 1 questions are drafts"):
        resolve_packs(["test-pack"], catalog)
    with pytest.raises(GameError, match="drafts"):
        resolve_packs([], catalog)  # the only pack, started without naming it
    with pytest.raises(GameError, match="draft"):
        GameSession([entry_pack(catalog)], seed=1)


def entry_pack(catalog: object) -> object:
    from game.packs.catalog import Catalog

    assert isinstance(catalog, Catalog)
    return catalog.load_pack(catalog.entries[0])


def test_packs_shows_the_draft_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    write_pack(folder, ONE_PLAYABLE, "one.yaml")
    monkeypatch.setenv("CIVIC_QUIZ_PACKS", str(folder))
    monkeypatch.setenv("COLUMNS", "200")
    assert cli.main(["packs"]) == 0
    assert "1 (+1 draft)" in capsys.readouterr().out


def test_a_draft_gives_away_nothing_in_the_leak_check(tmp_path: Path) -> None:
    text = with_questions(
        """\
        - id: paper
          type: text
          prompt: "In which newspaper did he write?"
          answer: The Observer
          explanation: "The Observer."
        - id: candidate
          type: truefalse
          draft: true
          prompt: "He wrote in The Observer."
          answer: true
          explanation: "TODO: say why."
        """
    )
    assert "answer-leak" not in codes(check(tmp_path, text))
    assert "answer-leak" in codes(check(tmp_path, text.replace("draft: true", "draft: false")))


NATO_HEADER = """\
format: civic-quiz/1
id: refs
title: Sentence references
source:
  publisher: DW
  published: 2016-11-13
  file: sources/nato-us-europe-2016.txt
questions:
"""


def _nato_folder(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "questions" / "sources", tmp_path / "sources")
    return tmp_path


@pytest.mark.parametrize(
    ("reference", "code", "words"),
    [
        ("#10", "sentence-reference", "--fix-quotes"),
        ("#99", "sentence-out-of-range", "the source has 16 sentences"),
    ],
)
def test_a_sentence_reference_is_a_located_error_never_shown(
    tmp_path: Path, reference: str, code: str, words: str
) -> None:
    folder = _nato_folder(tmp_path)
    text = NATO_HEADER + (
        "  - id: q\n"
        "    type: truefalse\n"
        '    prompt: "NATO has invoked Article 5 once."\n'
        "    answer: true\n"
        '    explanation: "Once."\n'
        f'    quote: "{reference}"\n'
    )
    checked = check(folder, text)
    (problem,) = checked.errors
    assert problem.code == code and words in problem.message
    assert problem.line == text.splitlines().index(f'    quote: "{reference}"') + 1
    assert checked.pack is None  # never played with "#10" as its quote


def test_serve_refuses_a_lesson_of_a_pack_of_drafts_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import game.web.launcher

    served: list[object] = []
    monkeypatch.setattr(game.web.launcher, "serve", lambda *a, **k: served.append(k))
    folder = tmp_path / "packs"
    folder.mkdir()
    write_pack(folder, ALL_DRAFTS, "drafts.yaml")
    monkeypatch.setenv("CIVIC_QUIZ_PACKS", str(folder))
    db = str(tmp_path / "scores.sqlite3")
    assert cli.main(["serve", "--db", db, "--pack", "test-pack"]) == 1
    err = capsys.readouterr().err
    assert "'test-pack' cannot be played: all of its 1 questions are drafts" in err
    assert served == []


def test_the_json_schema_has_the_draft_key_for_every_kind() -> None:
    import json

    from game.packs.schema import pack_json_schema

    schema = json.dumps(pack_json_schema())
    assert schema.count('"draft": {') >= 9  # one per kind's model
    assert "never played" in schema


def test_a_draft_is_not_exported_to_moodle(tmp_path: Path) -> None:
    from game.exporters.gift import export_gift

    pack = check(tmp_path, ONE_PLAYABLE).pack
    assert pack is not None
    text, skipped = export_gift(pack)
    assert "Which alliance?" not in text and "NATO has a Secretary-General" in text
    assert [s.reason for s in skipped] == [
        "question 'candidate': a draft (draft: true), not reviewed yet"
    ]
