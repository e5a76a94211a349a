"""Numbered sentences: one numbering for `civic-quiz sentences`, drafts and `#12` references."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game import cli
from game.core.sentences import numbered_sentences, sentence_number
from game.packs.fixquotes import fix_quotes
from game.packs.loader import check_pack_file
from tests.conftest import REPO

NATO_SOURCE = REPO / "questions" / "sources" / "nato-us-europe-2016.txt"
NATO_PACK = REPO / "questions" / "nato-us-europe-2016.yaml"


def test_sentences_are_exact_spans_of_the_source_numbered_from_one() -> None:
    text = NATO_SOURCE.read_text(encoding="utf-8")
    sentences = numbered_sentences(text)
    assert [s.number for s in sentences] == list(range(1, len(sentences) + 1))
    assert sentences[0].text == "NATO: US, Europe need each other"
    assert sentences[9].text.startswith('"The only time NATO has invoked')
    for sentence in sentences:
        span = text[sentence.start : sentence.end]
        assert " ".join(span.split()) == sentence.text  # the span, whitespace made one space
    assert sentences[-1].text == "es/rc (AP, Reuters)"


@pytest.mark.parametrize(
    ("value", "number"), [("#12", 12), (" #3 ", 3), ("#", None), ("#1a", None), ("12", None)]
)
def test_a_reference_is_a_hash_and_a_number(value: str, number: int | None) -> None:
    assert sentence_number(value) == number


def test_sentences_lists_them_numbered_and_grep_keeps_the_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["sentences", str(NATO_PACK)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(numbered_sentences(NATO_SOURCE.read_text(encoding="utf-8")))
    assert lines[9].startswith('#10  "The only time NATO')

    assert cli.main(["sentences", str(NATO_PACK), "--grep", "stoltenberg"]) == 0
    found = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in found] == ["#3", "#5", "#9", "#14"]
    assert cli.main(["sentences", str(NATO_PACK), "--grep", "nobody-says-this"]) == 1


def test_sentences_of_another_source_and_clear_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["sentences", str(NATO_PACK), "--source", "hague"]) == 0
    assert capsys.readouterr().out.startswith("#1  Excerpt of The Hague")

    assert cli.main(["sentences", str(NATO_PACK), "--source", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no source 'nope'; its sources are dw, treaty, hague" in err

    bare = tmp_path / "bare.yaml"
    bare.write_text("format: civic-quiz/1\nid: bare\ntitle: Bare\nquestions: []\n", "utf-8")
    assert cli.main(["sentences", str(bare)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"{bare}:1: error: the pack names no source")


def test_article_text_is_escaped_for_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("A title\n\nHe said \x1b[2J it was fine. Then left.\n", "utf-8")
    pack = tmp_path / "p.yaml"
    pack.write_text("format: civic-quiz/1\nid: p\ntitle: P\nsource:\n  file: a.txt\n", "utf-8")
    assert cli.main(["sentences", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[2J" in out


def test_fix_quotes_expands_a_reference_to_the_sentence_sentences_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(REPO / "questions" / "sources", tmp_path / "sources")
    text = NATO_PACK.read_text(encoding="utf-8")
    original_answer = (
        "    answer: \"Stoltenberg's article came ahead of an EU summit in Brussels to discuss"
        ' the Trump victory."\n'
    )
    assert original_answer in text
    referenced = text.replace(original_answer, '    answer: "#14"\n').replace(
        'quote: "es/rc (AP, Reuters)"', 'quote: "#16"'
    )
    pack = tmp_path / "nato.yaml"
    pack.write_text(referenced, encoding="utf-8")
    assert cli.main(["sentences", str(pack), "--grep", "EU summit"]) == 0
    listed = capsys.readouterr().out.split("  ", 1)[1].strip()

    report = fix_quotes(pack)
    assert report.written and not report.not_fixed
    assert [(f.field, f.old) for f in report.fixed] == [("answer", "#14"), ("quote", "#16")]
    assert report.fixed[0].new == listed
    checked = check_pack_file(pack)
    assert checked.ok and not checked.problems
    # Only the two values changed, each written as the pack had it: the original file again.
    assert pack.read_text(encoding="utf-8") == text


def test_fix_quotes_reports_a_reference_out_of_range_with_the_count(tmp_path: Path) -> None:
    shutil.copytree(REPO / "questions" / "sources", tmp_path / "sources")
    pack = tmp_path / "nato.yaml"
    before = NATO_PACK.read_text(encoding="utf-8").replace(
        'quote: "es/rc (AP, Reuters)"', 'quote: "#99"'
    )
    pack.write_text(before, encoding="utf-8")
    report = fix_quotes(pack)
    (skipped,) = report.not_fixed
    assert skipped.line == before.splitlines().index('    quote: "#99"') + 1
    assert "there is no sentence 99: the source has 16 sentence(s)" in skipped.reason
    assert pack.read_text(encoding="utf-8") == before


def test_fix_quotes_fixes_claim_statements_and_evidence_choices_near_verbatim(
    tmp_path: Path,
) -> None:
    shutil.copytree(REPO / "questions" / "sources", tmp_path / "sources")
    text = NATO_PACK.read_text(encoding="utf-8")
    statement = '    statement: "that is obligatory under the organization\'s treaty"\n'
    choice = '      - "He did, however, admit that the US could not be expected to carry'
    assert statement in text and text.count(choice) == 2
    typed = text.replace(statement, statement.replace("'", "\u2019")).replace(
        choice, choice.replace("did, however", "did,  however"), 1
    )
    pack = tmp_path / "nato.yaml"
    pack.write_text(typed, encoding="utf-8")
    assert check_pack_file(pack).ok  # typography is forgiven by the check; the fix makes it exact
    report = fix_quotes(pack)
    assert [(f.question_id, f.field) for f in report.fixed] == [
        ("target-obligatory", "statement"),
        ("before-eu-summit-evidence", "choices.1"),
    ]
    assert pack.read_text(encoding="utf-8") == text
