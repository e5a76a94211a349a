"""`--fix-quotes` rewrites typography-only quote differences to the source's exact passage."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.grounding import normalise_passage
from game.packs.fixquotes import (
    BLOCK_SCALAR,
    BLOCK_TEXT,
    NO_EXACT_PASSAGE,
    UNSAFE,
    WORDS_DIFFER,
    FixedQuote,
    SourcePassages,
    block_header_supported,
    block_scalar,
    double_quoted,
    fix_quotes,
)
from game.packs.loader import check_pack_file
from game.packs.yamlread import parse

ARTICLE = (
    "NATO leader Jens Stoltenberg warned on Sunday that NATO had never hesitated to support"
    " the US.\n"
    '"The only time NATO has invoked its self-defense clause was after 9/11," he wrote.\n'
    "The secretary-general \u2014 a former prime minister \u2014 wrote in a newspaper.\n"
    "It's the alliance's duty, he said.\n"
    "\u201cWe need Europeans to shoulder their fair share,\u201d he added.\n"
)

PACK = """\
# A pack whose quotes differ from the article in typography.
format: civic-quiz/1
id: test-pack
title: Test pack
as_of: 2016-11-13
source:
  file: article.txt   # one paragraph a line
questions:
  # Curly quotes in the pack, straight in the source: the plain scalar needs quotes now.
  - id: curly
    type: truefalse
    prompt: Did NATO invoke its self-defense clause after 9/11?
    answer: true
    explanation: Only once.
    quote: \u201cThe only time NATO has invoked its self-defense clause

  - id: spaces   # extra whitespace, over two lines
    type: truefalse
    prompt: Did NATO hesitate?
    answer: false
    explanation: Never.
    quote: 'NATO had  never
      hesitated'   # a comment after the quote

  - id: dash
    type: truefalse
    prompt: Was he a prime minister?
    answer: true
    explanation: Of Norway.
    quote: "The secretary-general - a former prime minister - wrote"  # hyphens for dashes

  - id: apostrophe
    type: truefalse
    prompt: Is it a duty?
    answer: true
    explanation: He said so.
    quote: 'It\u2019s the alliance\u2019s duty'

  - id: escaped
    type: truefalse
    prompt: Should Europeans pay their share?
    answer: true
    explanation: He said so.
    quote: "\\"We need Europeans to shoulder their fair share,\\" he added."

  - id: wrong
    type: truefalse
    prompt: Did NATO hesitate?
    answer: false
    explanation: It did not.
    quote: NATO always hesitated

  - id: folded
    type: truefalse
    prompt: Who wrote in a newspaper?
    answer: true
    explanation: The secretary-general.
    quote: >-   # folded, re-wrapped when fixed
      The secretary-general - a former
      prime minister - wrote in a newspaper.

  - id: literal
    type: truefalse
    prompt: Whose duty is it?
    answer: true
    explanation: The alliance's.
    quote: |
      It\u2019s the alliance\u2019s duty

  - id: exact
    type: truefalse
    prompt: Did he warn on Sunday?
    answer: true
    explanation: He did.
    quote: NATO leader Jens Stoltenberg warned on Sunday   # already verbatim
"""

REPLACEMENTS = [
    (
        "quote: \u201cThe only time NATO has invoked its self-defense clause",
        'quote: "\\"The only time NATO has invoked its self-defense clause"',
    ),
    (
        "quote: 'NATO had  never\n      hesitated'   # a comment",
        "quote: 'NATO had never hesitated'   # a comment",
    ),
    (
        'quote: "The secretary-general - a former prime minister - wrote"',
        'quote: "The secretary-general \u2014 a former prime minister \u2014 wrote"',
    ),
    (
        "quote: 'It\u2019s the alliance\u2019s duty'",
        "quote: 'It''s the alliance''s duty'",
    ),
    (
        'quote: "\\"We need Europeans to shoulder their fair share,\\" he added."',
        'quote: "\u201cWe need Europeans to shoulder their fair share,\u201d he added."',
    ),
    (
        "quote: >-   # folded, re-wrapped when fixed\n"
        "      The secretary-general - a former\n"
        "      prime minister - wrote in a newspaper.\n",
        "quote: >-   # folded, re-wrapped when fixed\n"
        "      The secretary-general \u2014 a former prime\n"
        "      minister \u2014 wrote in a newspaper.\n",
    ),
]

FIXED = PACK
for _old, _new in REPLACEMENTS:
    FIXED = FIXED.replace(_old, _new)
"""The pack after the fix: only the six quote scalars differ."""


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def write(folder: Path, pack: str = PACK, article: str = ARTICLE) -> Path:
    (folder / "article.txt").write_text(article, encoding="utf-8")
    path = folder / "pack.yaml"
    path.write_bytes(pack.encode("utf-8"))
    return path


def quotes(path: Path) -> dict[str, str]:
    data = parse(path.read_text(encoding="utf-8")).data
    return {q["id"]: q["quote"] for q in data["questions"]}


def test_each_replacement_in_the_expected_text_is_found_once() -> None:
    # a guard on the test itself
    for old, new in REPLACEMENTS:
        assert PACK.count(old) == 1
        assert FIXED.count(new) == 1


def test_typography_only_quotes_become_the_exact_passage(tmp_path: Path) -> None:
    path = write(tmp_path)
    before = check_pack_file(path)
    assert [(p.code, p.question) for p in before.errors] == [("quote-not-in-source", "wrong")]

    report = fix_quotes(path)

    assert report.refused is None
    assert report.written
    assert path.read_bytes() == FIXED.encode("utf-8")
    assert report.fixed == [
        FixedQuote(
            "curly",
            line_of(PACK, "quote: \u201cThe only"),
            "\u201cThe only time NATO has invoked its self-defense clause",
            '"The only time NATO has invoked its self-defense clause',
        ),
        FixedQuote(
            "spaces",
            line_of(PACK, "quote: 'NATO had"),
            "NATO had  never hesitated",
            "NATO had never hesitated",
        ),
        FixedQuote(
            "dash",
            line_of(PACK, 'quote: "The secretary'),
            "The secretary-general - a former prime minister - wrote",
            "The secretary-general \u2014 a former prime minister \u2014 wrote",
        ),
        FixedQuote(
            "apostrophe",
            line_of(PACK, "quote: 'It"),
            "It\u2019s the alliance\u2019s duty",
            "It's the alliance's duty",
        ),
        FixedQuote(
            "escaped",
            line_of(PACK, 'quote: "\\"We need'),
            '"We need Europeans to shoulder their fair share," he added.',
            "\u201cWe need Europeans to shoulder their fair share,\u201d he added.",
        ),
        FixedQuote(
            "folded",
            line_of(PACK, "quote: >-"),
            "The secretary-general - a former prime minister - wrote in a newspaper.",
            "The secretary-general \u2014 a former prime minister \u2014 wrote in a newspaper.",
        ),
    ]
    assert [(s.question_id, s.line, s.reason) for s in report.not_fixed] == [
        ("wrong", line_of(PACK, "quote: NATO always"), WORDS_DIFFER),
        ("literal", line_of(PACK, "quote: |"), BLOCK_SCALAR),
    ]
    assert report.not_fixed[0].passage is None
    assert report.not_fixed[1].passage == "It's the alliance's duty"
    # every fixed quote is now in the source verbatim
    fixed_quotes = quotes(path)
    for fix in report.fixed:
        assert fixed_quotes[fix.question_id] == fix.new
        assert fix.new in ARTICLE
    assert fixed_quotes["literal"] == "It\u2019s the alliance\u2019s duty\n"  # untouched
    # the pack validates as before: the wrong quote is still its only error, nothing new
    after = check_pack_file(path)
    assert [(p.code, p.question) for p in after.errors] == [("quote-not-in-source", "wrong")]
    assert [p.code for p in after.warnings] == [p.code for p in before.warnings]
    assert not list(tmp_path.glob(".pack.yaml.*"))  # no temporary file left behind


def test_a_pack_with_only_fixable_quotes_validates_afterwards(tmp_path: Path) -> None:
    text = PACK.replace("quote: NATO always hesitated", "quote: NATO had never hesitated")
    path = write(tmp_path, text)
    report = fix_quotes(path)
    assert report.written
    assert len(report.fixed) == 6
    # the literal block scalar is left for the author, but it validates: only typography
    assert [s.question_id for s in report.not_fixed] == ["literal"]
    assert check_pack_file(path).ok
    assert check_pack_file(path).errors == []


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path)
    fix_quotes(path)
    once = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    again = fix_quotes(path)
    assert again.fixed == []
    assert not again.written
    assert [s.question_id for s in again.not_fixed] == ["wrong", "literal"]
    assert path.read_bytes() == once
    assert path.stat().st_mtime_ns == stamp


def test_a_pack_with_other_errors_is_not_touched(tmp_path: Path) -> None:
    broken = PACK.replace("  - id: dash\n    type: truefalse", "  - id: dash\n    type: trufalse")
    path = write(tmp_path, broken)
    report = fix_quotes(path)
    assert report.refused is not None
    assert "errors other than quotes" in report.refused
    assert [p.code for p in report.problems] == ["unknown-type"]
    assert report.fixed == [] and not report.written
    assert path.read_bytes() == broken.encode("utf-8")
    assert "errors other than quotes" in report.lines()[0]


def test_a_pack_without_a_source_file_is_not_touched(tmp_path: Path) -> None:
    text = PACK.replace("source:\n  file: article.txt   # one paragraph a line\n", "")
    path = write(tmp_path, text)
    report = fix_quotes(path)
    assert report.refused is not None and "no source file" in report.refused
    assert path.read_bytes() == text.encode("utf-8")


def test_a_missing_source_file_is_an_other_error(tmp_path: Path) -> None:
    path = write(tmp_path)
    (tmp_path / "article.txt").unlink()
    report = fix_quotes(path)
    assert [p.code for p in report.problems] == ["source-missing"]
    assert path.read_bytes() == PACK.encode("utf-8")


def test_dry_run_reports_without_writing(tmp_path: Path) -> None:
    path = write(tmp_path)
    report = fix_quotes(path, dry_run=True)
    assert len(report.fixed) == 6
    assert not report.written
    assert path.read_bytes() == PACK.encode("utf-8")
    assert report.lines()[-1].endswith("would fix 6 quote(s); 2 left as they are")


def test_report_lines_name_file_line_and_question(tmp_path: Path) -> None:
    path = write(tmp_path)
    lines = fix_quotes(path).lines()
    curly = line_of(PACK, "quote: \u201c")
    wrong = line_of(PACK, "quote: NATO always")
    assert lines[0].startswith(f"{path}:{curly}: question curly: quote ")
    assert f"{path}:{wrong}: question wrong: {WORDS_DIFFER}" in lines
    assert "    source passage: \"It's the alliance's duty\"" in lines
    assert lines[-1] == f"{path}: fixed 6 quote(s); 2 left as they are"


def test_a_byte_order_mark_and_crlf_line_ends_are_kept(tmp_path: Path) -> None:
    text = PACK.replace("\n", "\r\n")
    path = write(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = fix_quotes(path)
    assert report.written
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode("utf-8")


def test_file_permissions_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path)
    os.chmod(path, 0o640)
    fix_quotes(path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_plain_quote_stays_plain_when_it_can(tmp_path: Path) -> None:
    text = PACK.replace(
        "quote: NATO always hesitated", "quote: It\u2019s the alliance\u2019s duty, he said"
    )
    path = write(tmp_path, text)
    fix_quotes(path)
    assert "    quote: It's the alliance's duty, he said\n" in path.read_text(encoding="utf-8")


def test_a_quote_in_a_flow_mapping_is_fixed_in_place(tmp_path: Path) -> None:
    flow = (
        "  - {id: flow, type: truefalse, prompt: Whose duty?, answer: true, explanation: E,"
        " quote: It\u2019s the alliance\u2019s duty}   # flow style\n"
    )
    path = write(tmp_path, PACK + flow)
    report = fix_quotes(path)
    assert "flow" in {f.question_id for f in report.fixed}
    assert path.read_text(encoding="utf-8").endswith(
        "explanation: E, quote: It's the alliance's duty}   # flow style\n"
    )
    assert quotes(path)["flow"] == "It's the alliance's duty"


def test_an_aliased_quote_is_not_rewritten(tmp_path: Path) -> None:
    # The quote is also the explanation (a YAML alias): rewriting it would change both.
    text = PACK.replace(
        "    explanation: Of Norway.\n"
        '    quote: "The secretary-general - a former prime minister - wrote"',
        '    explanation: &q "The secretary-general - a former prime minister - wrote"\n'
        "    quote: *q",
    )
    path = write(tmp_path, text)
    report = fix_quotes(path)
    (skipped,) = [s for s in report.not_fixed if s.question_id == "dash"]
    assert skipped.reason == UNSAFE
    assert '&q "The secretary-general - a former' in path.read_text(encoding="utf-8")
    assert "dash" not in {f.question_id for f in report.fixed}


def test_the_bundled_pack_quotes_are_verbatim(tmp_path: Path) -> None:
    from tests.conftest import REPO

    folder = tmp_path / "questions"
    shutil.copytree(REPO / "questions", folder)
    (path,) = folder.glob("*.yaml")
    original = path.read_bytes()
    report = fix_quotes(path)
    assert report.refused is None
    assert (report.fixed, report.not_fixed) == ([], []), "run civic-quiz validate --fix-quotes"
    assert not report.written
    assert path.read_bytes() == original
    # Its source has no-break spaces; copying them would change seven quotes invisibly.
    exact = fix_quotes(path, dry_run=True, keep_source_whitespace=True)
    assert any("\xa0" in fix.new for fix in exact.fixed)
    for fix in exact.fixed:
        assert normalise_passage(fix.old) == normalise_passage(fix.new)
        assert fix.new.replace("\xa0", " ") == fix.old


ARTICLE_WITH_SPACES = "It was\u00a0\u201cno time\u201d\nto question   the value.\n"


def test_source_whitespace_becomes_one_space_by_default(tmp_path: Path) -> None:
    text = PACK.replace(
        "quote: NATO always hesitated", "quote: 'was \"no time\" to question the value'"
    )
    path = write(tmp_path, text, ARTICLE + ARTICLE_WITH_SPACES)
    report = fix_quotes(path)
    (fix,) = [f for f in report.fixed if f.question_id == "wrong"]
    # the curly quotes are copied; the no-break space, line break and run of spaces are not
    assert fix.new == "was \u201cno time\u201d to question the value"
    assert "quote: 'was \u201cno time\u201d to question the value'\n" in path.read_text(
        encoding="utf-8"
    )
    assert fix_quotes(path).fixed == []  # and that counts as done


def test_source_whitespace_can_be_kept_exactly(tmp_path: Path) -> None:
    text = PACK.replace(
        "quote: NATO always hesitated", "quote: 'was \"no time\" to question the value'"
    )
    path = write(tmp_path, text, ARTICLE + ARTICLE_WITH_SPACES)
    report = fix_quotes(path, keep_source_whitespace=True)
    (fix,) = [f for f in report.fixed if f.question_id == "wrong"]
    assert fix.new == "was\u00a0\u201cno time\u201d\nto question   the value"
    # a line break cannot stay in a single-quoted scalar on one line: double quotes it is
    assert 'quote: "was\u00a0\u201cno time\u201d\\nto question   the value"\n' in path.read_text(
        encoding="utf-8"
    )
    assert quotes(path)["wrong"] == fix.new
    assert fix.new in ARTICLE_WITH_SPACES
    assert fix_quotes(path, keep_source_whitespace=True).fixed == []


def test_a_literal_block_scalar_with_strip_chomping_is_fixed(tmp_path: Path) -> None:
    text = PACK.replace("quote: |\n", "quote: |-\n")
    path = write(tmp_path, text)
    report = fix_quotes(path)
    assert "literal" in {f.question_id for f in report.fixed}
    assert "    quote: |-\n      It's the alliance's duty\n\n  - id: exact" in path.read_text(
        encoding="utf-8"
    )


def test_a_block_scalar_cannot_take_a_passage_with_line_breaks(tmp_path: Path) -> None:
    text = PACK.replace(
        "    quote: |\n      It\u2019s the alliance\u2019s duty\n",
        "    quote: |-\n      Our alliance's\n      future\n",
    )
    # the source splits the passage over two lines, and the whitespace is kept exactly
    path = write(tmp_path, text, ARTICLE + "Our alliance\u2019s\nfuture\n")
    report = fix_quotes(path, keep_source_whitespace=True)
    (skipped,) = [s for s in report.not_fixed if s.question_id == "literal"]
    assert skipped.reason == BLOCK_TEXT
    assert skipped.passage == "Our alliance\u2019s\nfuture"
    # by default the line break is one space, which fits on the block's one line
    assert "literal" in {f.question_id for f in fix_quotes(path).fixed}
    assert quotes(path)["literal"] == "Our alliance\u2019s future"


# -- the pieces ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "passage"),
    [
        ("NATO had  never\nhesitated", "NATO had never hesitated"),
        ("It\u2019s the alliance\u2019s", "It's the alliance's"),
        ("secretary-general - a former", "secretary-general \u2014 a former"),
        ("  wrote in a newspaper.  ", "wrote in a newspaper."),
        ('"We need Europeans', "\u201cWe need Europeans"),
        ("NATO always hesitated", None),
        ("nato leader", None),
        ("", None),
    ],
)
def test_exact_passage(quote: str, passage: str | None) -> None:
    assert SourcePassages(ARTICLE).exact(quote) == passage


def test_exact_passage_keeps_the_sources_whitespace() -> None:
    source = SourcePassages("one  two\n\tthree four")
    assert source.exact("two three") == "two\n\tthree"
    assert source.normalised == "one two three four"


def test_a_match_half_way_into_an_ellipsis_is_not_a_passage() -> None:
    # "wait." matches the start of the normalised "wait..." but the source has an ellipsis,
    # which is three characters, not one: that is not a typography-only difference.
    source = SourcePassages("We wait\u2026 and wait.")
    assert source.exact("wait.") == "wait."
    assert source.exact("We wait.") is None
    assert source.exact("We wait...") == "We wait\u2026"
    assert source.contains("We wait.")  # the grounding check itself accepts it


def test_no_exact_passage_is_reported(tmp_path: Path) -> None:
    article = ARTICLE + "We wait\u2026 and see.\n"
    text = PACK.replace("quote: NATO always hesitated", "quote: We wait.")
    path = write(tmp_path, text, article)
    report = fix_quotes(path)
    (skipped,) = [s for s in report.not_fixed if s.question_id == "wrong"]
    assert skipped.reason == NO_EXACT_PASSAGE


@pytest.mark.parametrize(
    "value",
    ['say "hi"', "back\\slash", "tab\there", "line\nbreak", "nel\x85", "ls\u2028", "\ufeffbom"],
)
def test_double_quoted_round_trips(value: str) -> None:
    written = double_quoted(value)
    assert "\n" not in written
    assert parse(f"quote: {written}\n").data == {"quote": value}


@pytest.mark.parametrize(
    ("span", "value", "expected"),
    [
        (">-\n  a b\n", "c d", ">-\n  c d\n"),
        (">-  # note\n    a\n    b\n\n", "x", ">-  # note\n    x\n\n"),
        (">-\r\n  a\r\n  b\r\n", "x y", ">-\r\n  x y\r\n"),
        ("|-\n  a\n", "one two", "|-\n  one two\n"),
        (">-\n  a", "x", ">-\n  x"),  # at the end of a file without a final line break
        ("|\n  a\n", "x", None),
        (">\n  a\n", "x", None),
        (">+\n  a\n", "x", None),
        (">2-\n  a\n", "x", None),
        (">-\n  a\n", "two  spaces", None),
        (">-\n  a\n", "line\nbreak", None),
        ("|-\n  a\n", " leading", None),
    ],
)
def test_block_scalar(span: str, value: str, expected: str | None) -> None:
    assert block_scalar(span, value) == expected
    assert block_header_supported(span) == span.startswith((">-", "|-"))


def test_a_folded_scalar_is_wrapped_about_as_wide_as_it_was() -> None:
    words = " ".join(f"word{n}" for n in range(30))
    span = ">-\n" + "    " + "x" * 70 + "\n"
    written = block_scalar(span, words)
    assert written is not None
    lines = written.split("\n")[1:-1]
    assert len(lines) > 1
    assert all(len(line) <= 74 and line.startswith("    word") for line in lines)
    assert parse("q: " + written).data == {"q": words}


_ALPHABET = "ab '\"-.\u2019\u201c\u201d\u2014\u2013\u2026\u00a0\n\t"


@settings(deadline=None, derandomize=True, max_examples=300)
@given(text=st.text(alphabet=_ALPHABET, max_size=40), cut=st.tuples(st.integers(), st.integers()))
def test_exact_passage_normalises_like_the_quote(text: str, cut: tuple[int, int]) -> None:
    source = SourcePassages(text)  # raises if its map disagrees with normalise_passage
    assert source.normalised == normalise_passage(text)
    size = len(text) + 1
    low, high = sorted((cut[0] % size, cut[1] % size))
    quote = text[low:high]
    passage = source.exact(quote)
    if passage is not None:
        assert normalise_passage(passage) == normalise_passage(quote)
        assert passage in text
    elif normalise_passage(quote) and "\u2026" not in text:
        # without an ellipsis every piece of the source has its passage
        raise AssertionError(f"no passage for {quote!r} in {text!r}")


MULTI_SOURCE_PACK = """\
format: civic-quiz/1
id: two-sources
title: Two sources
as_of: 2016-11-13
sources:
  - id: dw
    publisher: DW
    file: article.txt
  - id: treaty
    title: The treaty
    file: treaty.txt
questions:
  - id: from-article
    type: truefalse
    prompt: Did NATO hesitate?
    answer: false
    quote: NATO had  never hesitated
  - id: from-treaty
    type: truefalse
    source: treaty
    prompt: Is an attack on one an attack on all?
    answer: true
    quote: "an armed attack against one \u2026 shall be considered an attack against them all"
  - id: treaty-typography
    type: truefalse
    source: treaty
    prompt: Do the parties agree?
    answer: true
    quote: "The Parties agree - in good faith"
"""

TREATY = (
    "Article 5\nThe Parties agree \u2014 in good faith \u2014 that an armed attack against one"
    " or more of them shall be considered an attack against them all.\n"
)


def test_each_quote_is_fixed_from_its_own_source(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "treaty.txt").write_text(TREATY, encoding="utf-8")
    pack = tmp_path / "pack.yaml"
    pack.write_text(MULTI_SOURCE_PACK, encoding="utf-8")
    report = fix_quotes(pack)
    assert report.refused is None
    fixed = {f.question_id: f.new for f in report.fixed}
    # Whitespace fixed from the article; the dashes from the treaty, the only one that has
    # "in good faith". The elided treaty quote differs in words: left, and reported.
    assert fixed == {
        "from-article": "NATO had never hesitated",
        "treaty-typography": "The Parties agree \u2014 in good faith",
    }
    assert [q.question_id for q in report.not_fixed] == ["from-treaty"]
    assert report.not_fixed[0].reason == WORDS_DIFFER
    assert "The Parties agree \u2014 in good faith" in pack.read_text(encoding="utf-8")
