"""The pack editor's document (issue 20): located edits that keep the rest of a file byte for
byte, safe saves, autosave and recovery, and each question's problems by field."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from game.authoring import editing
from game.authoring.editing import (
    EditRefused,
    PackDocument,
    autosave_path,
    find_recovery,
)
from game.packs.loader import check_pack_file
from game.packs.yamlread import parse

QUESTIONS = Path(__file__).parents[2] / "questions"
NATO = "nato-us-europe-2016.yaml"


@pytest.fixture
def nato(tmp_path: Path) -> Path:
    """A copy of the NATO pack (commented, folded texts, several sources) and its sources."""
    shutil.copytree(QUESTIONS, tmp_path / "questions")
    return tmp_path / "questions" / NATO


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    """The lines only in `before` and the lines only in `after`, at the same places."""
    import difflib

    old, new = before.decode().splitlines(), after.decode().splitlines()
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    return removed, added


def test_open_and_save_unchanged_is_byte_identical(nato: Path) -> None:
    before = nato.read_bytes()
    document = PackDocument.open(nato)
    assert not document.dirty
    assert document.save() is False
    assert nato.read_bytes() == before
    assert not nato.with_name(NATO + ".bak").exists()


def test_one_field_edited_changes_only_its_lines(nato: Path) -> None:
    before = nato.read_bytes()
    document = PackDocument.open(nato)
    document.set_field(1, "prompt", "Which country had Stoltenberg led as prime minister?")
    assert document.save() is True
    removed, added = changed_lines(before, nato.read_bytes())
    assert removed == ['    prompt: "Jens Stoltenberg had been prime minister of which country?"']
    assert added == ['    prompt: "Which country had Stoltenberg led as prime minister?"']
    assert nato.with_name(NATO + ".bak").read_bytes() == before
    assert check_pack_file(nato).ok


def test_a_folded_text_stays_folded(nato: Path) -> None:
    before = nato.read_bytes()
    document = PackDocument.open(nato)
    explanation = document.questions()[0]["explanation"]
    document.set_field(0, "explanation", "He was NATO's Secretary-General from 2014 to 2024.")
    document.save()
    removed, added = changed_lines(before, nato.read_bytes())
    # Only the folded lines of the old explanation go; its `>-` line stays.
    assert len(removed) > 1 and " ".join(line.strip() for line in removed) == explanation
    assert added == ["      He was NATO's Secretary-General from 2014 to 2024."]
    assert document.questions()[0]["explanation"].startswith("He was NATO's")


def test_a_new_field_goes_after_the_last_in_the_files_quoting(nato: Path) -> None:
    before = nato.read_bytes()
    document = PackDocument.open(nato)
    document.set_field(1, "hint", 'A "Nordic" country: yes')
    document.save()
    removed, added = changed_lines(before, nato.read_bytes())
    assert removed == []
    assert added == ['    hint: "A \\"Nordic\\" country: yes"']
    assert document.questions()[1]["hint"] == 'A "Nordic" country: yes'


def test_lists_and_deleted_fields(nato: Path) -> None:
    before = nato.read_bytes()
    document = PackDocument.open(nato)
    document.set_field(2, "choices", ["The Observer", "The Times"])
    document.set_field(2, "tags", ["media", "uk"])
    document.delete_field(2, "difficulty")
    document.save()
    old_block = (
        '      - "The Times"\n      - "The Observer"\n      - "The Daily Telegraph"\n'
        '      - "The Guardian"\n'
    )
    expected = (
        before.decode()
        .replace(old_block, '      - "The Observer"\n      - "The Times"\n', 1)
        .replace("    difficulty: easy\n    tags: [media]\n", "    tags: [media, uk]\n", 1)
    )
    assert nato.read_text(encoding="utf-8") == expected
    question = PackDocument.open(nato).questions()[2]
    assert question["choices"] == ["The Observer", "The Times"]
    assert "difficulty" not in question


def test_add_duplicate_move_delete(nato: Path) -> None:
    document = PackDocument.open(nato)
    ids = [q["id"] for q in document.questions()]
    at = document.add_question(
        {"id": "new-one", "type": "truefalse", "prompt": "NATO exists.", "answer": "true"},
        after=0,
    )
    assert at == 1 and document.questions()[1]["id"] == "new-one"
    # Written as the file writes questions: the same indentation, a blank line between.
    assert '\n\n  - id: new-one\n    type: truefalse\n    prompt: "NATO exists."\n' in document.text
    copy_at = document.duplicate(0)
    assert document.questions()[copy_at]["id"] == f"{ids[0]}-2"
    assert document.move(copy_at, 1) == copy_at + 1
    assert [q["id"] for q in document.questions()][:4] == [ids[0], "new-one", f"{ids[0]}-2", ids[1]]
    document.delete_question(2)
    document.delete_question(1)
    assert [q["id"] for q in document.questions()] == ids
    assert document.text == nato.read_text(encoding="utf-8")
    assert not document.dirty


def test_moving_the_last_question_up_and_back(nato: Path) -> None:
    document = PackDocument.open(nato)
    last = len(document.questions()) - 1
    ids = [q["id"] for q in document.questions()]
    assert document.move(last, -1) == last - 1
    assert [q["id"] for q in document.questions()][-2:] == [ids[-1], ids[-2]]
    document.move(last - 1, 1)
    assert not document.dirty


def test_change_kind_keeps_shared_fields(nato: Path) -> None:
    document = PackDocument.open(nato)
    before = dict(document.questions()[0])
    document.change_kind(0, "text")
    after = document.questions()[0]
    assert after["type"] == "text"
    assert "choices" not in after  # a text question has no options
    for key in ("id", "prompt", "explanation", "quote", "tags", "frame", "answer"):
        assert after[key] == before[key]


def test_a_save_that_drops_a_question_is_refused(nato: Path) -> None:
    before = nato.read_bytes()
    document = PackDocument.open(nato)
    start, end = document._block(2)  # the lines of a question, as an editing slip would lose them
    lines = document.text.split("\n")
    document.text = "\n".join(lines[:start] + lines[end:])
    with pytest.raises(EditRefused, match="question"):
        document.save()
    assert nato.read_bytes() == before


def test_a_save_that_breaks_the_yaml_is_refused(nato: Path) -> None:
    before = nato.read_bytes()
    document = PackDocument.open(nato)
    document.text += "  - [unclosed\n"
    with pytest.raises(EditRefused, match="not be valid YAML"):
        document.save()
    assert nato.read_bytes() == before


def test_a_file_changed_meanwhile_is_not_overwritten(nato: Path) -> None:
    document = PackDocument.open(nato)
    document.set_field(0, "hint", "Look at the title.")
    nato.write_bytes(nato.read_bytes() + b"# someone else\n")
    with pytest.raises(EditRefused, match="changed on disk"):
        document.save()
    assert nato.read_bytes().endswith(b"# someone else\n")


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    text = (QUESTIONS / NATO).read_text(encoding="utf-8").replace("\n", "\r\n")
    shutil.copytree(QUESTIONS / "sources", tmp_path / "sources")
    path = tmp_path / NATO
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    document = PackDocument.open(path)
    document.set_field(0, "hint", "Look at the title.")
    document.add_question({"id": "x", "type": "truefalse", "prompt": "P", "answer": "true"})
    document.save()
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert [q["id"] for q in PackDocument.open(path).questions()][-1] == "x"


def test_a_pack_from_nothing(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("format: civic-quiz/1\nid: mine\ntitle: Mine\nquestions: []\n")
    document = PackDocument.open(path)
    document.add_question({"id": "one", "type": "truefalse", "prompt": "Yes?", "answer": "true"})
    document.add_question(
        {"id": "two", "type": "choice", "prompt": "Which?", "choices": ["a", "b"], "answer": "a"}
    )
    document.save()
    assert [q["id"] for q in parse(path.read_text()).data["questions"]] == ["one", "two"]
    document.delete_question(1)
    document.delete_question(0)
    document.save()
    assert parse(path.read_text()).data["questions"] == []


def test_autosave_and_recovery(nato: Path) -> None:
    document = PackDocument.open(nato)
    assert document.autosave() is None  # nothing unsaved
    document.set_field(1, "hint", "Fjords.")
    where = document.autosave()
    assert where == nato.with_name(f".{NATO}.autosave")
    recovery = find_recovery(nato)
    assert recovery is not None
    assert '+    hint: "Fjords."' in recovery.diff
    recovered = PackDocument.open(nato, text=recovery.text)
    assert recovered.dirty and recovered.questions()[1]["hint"] == "Fjords."
    recovered.save()
    assert not where.exists() and find_recovery(nato) is None


def test_an_older_autosave_is_not_offered(nato: Path) -> None:
    document = PackDocument.open(nato)
    document.set_field(1, "hint", "Fjords.")
    where = document.autosave()
    assert where is not None
    os.utime(where, (1, 1))
    assert find_recovery(nato) is None


def test_autosave_in_the_data_folder_when_the_pack_folder_is_read_only(
    nato: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = nato.parent
    document = PackDocument.open(nato)
    document.set_field(1, "hint", "Fjords.")
    # Root may write into a read-only folder: the folder is made read-only, and the check of
    # it answers as it would for any other user.
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.setattr(
        editing,
        "_writable",
        lambda where: os.access(where, os.W_OK) and (where.stat().st_mode & stat.S_IWUSR != 0),
    )
    try:
        where = document.autosave()
        assert where is not None and folder not in where.parents
        assert "civic-quiz" in str(where) and find_recovery(nato) is not None
        assert autosave_path(nato) == where
    finally:
        folder.chmod(stat.S_IRWXU)


def test_question_problems_by_field(nato: Path) -> None:
    document = PackDocument.open(nato)
    assert document.question_problems(2) == []
    document.set_field(2, "choices", ["A", "B"])
    document.set_field(2, "quote", "words that are not in the article")
    found = {(p.field, p.problem.code) for p in document.question_problems(2)}
    assert ("answer", "answer-not-a-choice") in found
    assert ("quote", "quote-not-in-source") in found
    # The same messages as validate's, at the file's own lines.
    checked = check_pack_text_of(document)
    validate = {(p.line, p.message) for p in checked if p.question == "newspaper"}
    mine = {(p.problem.line, p.problem.message) for p in document.question_problems(2)}
    assert mine == validate


def check_pack_text_of(document: PackDocument) -> list:  # type: ignore[type-arg]
    from game.packs.loader import check_pack_text

    return check_pack_text(
        document.text, display=str(document.path), base_dir=document.path.parent
    ).problems


def test_pack_problems_link_to_their_question(nato: Path) -> None:
    document = PackDocument.open(nato)
    document.duplicate(0)
    linked = [p for p in document.pack_problems() if p.problem.code == "answer-leak"]
    assert linked and {p.index for p in linked} == {0, 1}


def test_hostile_input_is_refused_with_a_location(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"format: civic-quiz/1\nquestions: [\n")
    with pytest.raises(EditRefused, match=r"bad.yaml:\d+: error:"):
        PackDocument.open(path)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (11 * 1024 * 1024) + b"\n")
    with pytest.raises(EditRefused, match=r"big.yaml:1: error: the file"):
        PackDocument.open(big)
    escapes = tmp_path / "esc.yaml"
    escapes.write_bytes(b"format: civic-quiz/1\nid: x\ntitle: \x1b[31mred\nquestions: []\n")
    with pytest.raises(EditRefused, match="control character"):
        PackDocument.open(escapes)


def test_drafts_from_one_sentence_then_accepted(nato: Path) -> None:
    from game.authoring.editing import accept_draft, sentence_drafts
    from game.authoring.source import read_pack_source
    from game.core.sentences import numbered_sentences

    document = PackDocument.open(nato)
    source = read_pack_source(nato, "dw")
    sentence = next(
        s for s in numbered_sentences(source.text) if s.text.startswith('"We need Europeans')
    )
    drafts = sentence_drafts(document, "dw", source.text, sentence.text)
    assert drafts and all(d["quote"] == sentence.text and d["draft"] == "true" for d in drafts)
    assert {d["type"] for d in drafts} >= {"claim", "evidence"}
    at = document.add_question(drafts[0], after=0)
    with pytest.raises(EditRefused, match="explanation"):
        accept_draft(document, at)
    document.set_field(at, "explanation", "Stoltenberg said it: DW quotes him.")
    accept_draft(document, at)
    assert "draft" not in document.questions()[at]
    document.save()
    checked = check_pack_file(nato)
    assert not [p for p in checked.errors if p.question == drafts[0]["id"]]
    # The same sentence again: the draft taken is not offered twice.
    again = sentence_drafts(PackDocument.open(nato), "dw", source.text, sentence.text)
    assert drafts[0]["id"] not in {d["id"] for d in again}


def _marks(node: object) -> list[tuple[int, int, int]]:
    """Every node's start and end (index, line, column), in tree order."""
    from yaml.nodes import MappingNode, SequenceNode

    found: list[tuple[int, int, int]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        for mark in (current.start_mark, current.end_mark):  # type: ignore[attr-defined]
            found.append((mark.index, mark.line, mark.column))
        if isinstance(current, MappingNode):
            for key, value in reversed(current.value):
                stack += [value, key]
        elif isinstance(current, SequenceNode):
            stack += list(reversed(current.value))
    return found


def test_an_edit_inside_one_question_parses_that_question_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing on a large pack must not re-parse the whole file on each edit: the question's
    lines are parsed alone and the later positions shifted, to the same tree a full parse
    gives."""
    import sys

    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    from make_pack import write_pack

    path = write_pack(tmp_path, 60)
    document = PackDocument.open(path)
    parsed: list[int] = []
    real_parse = editing.parse

    def counting(text: str):  # type: ignore[no-untyped-def]
        parsed.append(len(text))
        return real_parse(text)

    monkeypatch.setattr(editing, "parse", counting)
    document.set_field(30, "prompt", "A longer prompt,\nnow on two lines? " + "x" * 90)
    document.set_field(30, "hint", "A new hint")
    document.delete_field(30, "tags")
    document.set_field(59, "prompt", "The last question's prompt?")
    problems = document.question_problems(30)
    assert parsed and max(parsed) < len(document.text) // 10
    fresh = real_parse(document.text)
    assert document.questions() == fresh.data["questions"]
    assert _marks(document._parse().root) == _marks(fresh.root)
    assert document.questions()[30]["hint"] == "A new hint"
    assert "tags" not in document.questions()[30]
    assert [p.problem.code for p in problems] == [
        p.problem.code for p in PackDocument.open(path, text=document.text).question_problems(30)
    ]
    document.save()
    saved = check_pack_file(path).pack
    assert saved is not None and saved.questions[59].prompt == "The last question's prompt?"


def test_an_edit_that_would_change_the_next_question_is_refused(nato: Path) -> None:
    document = PackDocument.open(nato)
    before = document.text
    # A value that only the whole file's parse would read differently is refused, not kept.
    document.set_field(0, "hint", "ends with a colon: and a # hash")
    assert document.questions()[0]["hint"] == "ends with a colon: and a # hash"
    assert document.questions()[1] == PackDocument.open(nato).questions()[1]
    assert document.text != before


def test_question_pack_for_the_preview(nato: Path) -> None:
    document = PackDocument.open(nato)
    qid = document.questions()[2]["id"]
    pack, question = document.question_pack(2)
    assert question.id == qid and [q.id for q in pack.questions] == [qid]
    document.set_field(2, "prompt", "")
    with pytest.raises(EditRefused, match="cannot preview"):
        document.question_pack(2)
