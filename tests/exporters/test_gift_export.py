"""The GIFT exporter: what it writes, and that import_gift reads it back into the same questions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from game.cli import main
from game.core.model import QuestionBase
from game.exporters.gift import (
    MOODLE_SHARES,
    escape,
    export_gift,
    general_feedback,
    left_out,
    question_text,
)
from game.importers.base import build_pack, slug
from game.importers.gift import import_gift
from game.kinds.choice import ChoiceQuestion
from game.kinds.match import MatchQuestion
from game.kinds.multi import MultiQuestion
from game.kinds.numeric import NumericQuestion
from game.kinds.text import TextQuestion
from game.kinds.truefalse import TrueFalseQuestion
from game.packs.loader import load_pack, validate_pack_data
from game.packs.model import Pack
from tests.conftest import REPO
from tests.fuzzing import fuzz_settings

NATO = REPO / "questions" / "nato-us-europe-2016.yaml"
CLASSIC_NATO = REPO / "tests" / "packs" / "data" / "nato-2016-classic" / "nato-2016-classic.yaml"
"""The NATO pack as it was before issue 13: 37 questions of the seven types GIFT round-trips."""

MOODLE_GRADES = {
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0,
    20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0, 0.0,
}  # fmt: skip
"""Moodle's list of grades (question_bank::fraction_options); their negatives are allowed too."""


def pack_of(*questions: dict[str, Any]) -> Pack:
    data = {"format": "civic-quiz/1", "id": "p", "title": "P", "questions": list(questions)}
    checked = validate_pack_data(data)
    assert checked.pack is not None, [p.format() for p in checked.errors]
    return checked.pack


def reimport(text: str) -> Pack:
    """The pack import_gift makes of exported GIFT (failing if it is not a valid pack)."""
    return pack_of(*build_pack(import_gift(text), pack_id="p", title="P")["questions"])


def view(question: QuestionBase, pack: Pack | None = None) -> dict[str, Any]:
    """What GIFT can hold of a question, trimmed as GIFT trims texts; with its `pack`, the
    prompt and explanation as the export writes them (frame line above the prompt; quote,
    correction and updates after the explanation)."""
    seen: dict[str, None] = {}
    for tag in question.tags:
        if tag.strip() and not re.search(r"[<>`\\\x00-\x1f\x7f]", tag):
            seen.setdefault(tag.strip())
    shown: dict[str, Any] = {
        "type": question.type,
        "prompt": question.prompt.strip(),
        "explanation": (question.explanation or "").strip() or None,
        **(
            {"prompt": question_text(pack, question)}
            | {"explanation": general_feedback(pack, question) or None}
            if pack is not None
            else {}
        ),
        "tags": list(seen),
    }
    if isinstance(question, ChoiceQuestion | MultiQuestion):
        correct = set(question.correct_texts())
        shown["choices"] = [
            (c.text.strip(), c.text in correct, (c.feedback or "").strip() or None)
            for c in question.choices
        ]
    elif isinstance(question, TrueFalseQuestion):
        shown["answer"] = question.answer
    elif isinstance(question, TextQuestion):
        shown["answer"] = list(dict.fromkeys(a.strip() for a in question.answer))
    elif isinstance(question, NumericQuestion):
        shown["answer"] = question.answer
        shown["tolerance"] = question.tolerance
        shown["range"] = question.range
    elif isinstance(question, MatchQuestion):
        shown["pairs"] = [(p.left.strip(), p.right.strip()) for p in question.pairs]
    return shown


def weights(text: str) -> list[float]:
    return [float(w) for w in re.findall(r"^~%(-?[\d.]+)%", text, re.MULTILINE)]


# --- The NATO pack ------------------------------------------------------------------------------


def test_the_nato_pack_comes_back_the_same() -> None:
    pack = load_pack(CLASSIC_NATO)
    text, skipped = export_gift(pack)
    orders = [q for q in pack.questions if q.type == "order"]
    assert len(orders) == 3
    assert [(s.kind, s.line) for s in skipped] == [
        ("order", pack.questions.index(q) + 1) for q in orders
    ]
    assert all(q.id in s.reason for q, s in zip(orders, skipped, strict=True))
    back = reimport(text)
    kept = [q for q in pack.questions if q.type != "order"]
    assert [q.id for q in back.questions] == [q.id for q in kept]
    for original, imported in zip(kept, back.questions, strict=True):
        assert view(imported) == view(original, pack), original.id


def test_the_nato_export_uses_only_grades_moodle_accepts() -> None:
    text, _ = export_gift(load_pack(NATO))
    found = weights(text)
    assert found and all(abs(w) in MOODLE_GRADES for w in found)
    assert text.startswith("// NATO: the US and Europe need each other (2016)\n")
    assert text.endswith("}\n")
    assert "\n\n\n" not in text


# --- What is written ----------------------------------------------------------------------------


def test_escape() -> None:
    assert escape("a~b=c#d{e}f:g\\h\ni\r\nj") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni\\nj"


def test_a_choice_question_with_feedback_and_explanation() -> None:
    pack = pack_of(
        {
            "id": "q1",
            "type": "choice",
            "prompt": "Who leads NATO: {name}?",
            "choices": [
                {"text": "Stoltenberg", "correct": True, "feedback": "Yes #1"},
                {"text": "Trump", "feedback": "No."},
                "%50% of them",
            ],
            "explanation": "Line one\nline two",
        }
    )
    text, skipped = export_gift(pack)
    assert not skipped
    assert (
        "::q1::Who leads NATO\\: \\{name\\}?{\n=Stoltenberg#Yes \\#1\n~Trump#No.\n"
        "~%0%%50% of them\n####Line one\\nline two\n}\n"
    ) in text


@pytest.mark.parametrize(("correct", "share"), list(MOODLE_SHARES.items()))
def test_multi_shares_are_moodle_grades(correct: int, share: str) -> None:
    choices = [{"text": f"c{i}", "correct": i < correct} for i in range(correct + 1)]
    text, skipped = export_gift(
        pack_of({"id": "m", "type": "multi", "prompt": "Pick.", "choices": choices})
    )
    assert not skipped
    found = weights(text)
    assert found == [float(share)] * correct + [-float(share)]
    assert abs(sum(w for w in found if w > 0) - 100) < 0.001
    assert float(share) in MOODLE_GRADES
    (question,) = reimport(text).questions
    assert isinstance(question, MultiQuestion)
    assert question.correct_texts() == [c["text"] for c in choices if c["correct"]]


def test_a_multi_question_with_more_than_ten_correct_options_is_skipped() -> None:
    choices = [{"text": f"c{i}", "correct": i < 11} for i in range(12)]
    text, skipped = export_gift(
        pack_of({"id": "m", "type": "multi", "prompt": "Pick.", "choices": choices})
    )
    assert [(s.line, s.kind) for s in skipped] == [(1, "multi")]
    assert "at most 10" in skipped[0].reason
    assert "::m::" not in text


def test_truefalse_text_numeric_and_match() -> None:
    pack = pack_of(
        {"id": "tf", "type": "truefalse", "prompt": "True?", "answer": False, "explanation": "X"},
        {"id": "t", "type": "text", "prompt": "City?", "answer": ["Brussels", "%1", "a*b"]},
        {"id": "n1", "type": "numeric", "prompt": "N?", "answer": 2.5, "tolerance": 0.5},
        {"id": "n2", "type": "numeric", "prompt": "N?", "answer": -3, "unit": "km"},
        {"id": "n3", "type": "numeric", "prompt": "N?", "range": [1, 1e15]},
        {
            "id": "m",
            "type": "match",
            "prompt": "Match.",
            "pairs": [{"left": "a=1", "right": "b -> c"}, {"left": "d", "right": "e"}],
        },
    )
    text, skipped = export_gift(pack)
    assert not skipped
    for expected in [
        "::tf::True?{\nFALSE\n####X\n}",
        "::t::City?{\n=Brussels\n=%100%%1\n=a\\\\*b\n}",
        "::n1::N?{\n#2.5:0.5\n}",
        "::n2::N?{\n#-3\n}",
        "::n3::N?{\n#1..1000000000000000.0\n}",
        "::m::Match.{\n=a\\=1 -> b -> c\n=d -> e\n}",
    ]:
        assert expected in text
    assert [view(q) for q in reimport(text).questions] == [view(q) for q in pack.questions]


def test_html_like_text_and_format_markers_are_protected_with_plain() -> None:
    pack = pack_of(
        {"id": "a", "type": "truefalse", "prompt": "Is <b>this</b> bold?", "answer": True},
        {"id": "b", "type": "truefalse", "prompt": "[html]Is this a marker?", "answer": True},
        {
            "id": "c",
            "type": "choice",
            "prompt": "Plain?",
            "choices": ["x", "y &amp; z"],
            "answer": "x",
        },
        {"id": "d", "type": "text", "prompt": "Type.", "answer": ["[markdown]x"]},
        {"id": "e", "type": "truefalse", "prompt": "Is 3 < 5 & 6?", "answer": True},
    )
    text, _ = export_gift(pack)
    assert "::a::[plain]Is <b>this</b> bold?{" in text
    assert "::b::[plain][html]Is this a marker?{" in text
    assert "::c::[plain]Plain?{" in text
    assert "::d::[plain]Type.{\n=[plain][markdown]x\n}" in text
    assert "::e::Is 3 < 5 & 6?{" in text  # nothing HTML would change: Moodle's default
    assert [view(q) for q in reimport(text).questions] == [view(q) for q in pack.questions]


def test_tags_become_moodle_tag_comments() -> None:
    pack = pack_of(
        {
            "id": "a",
            "type": "truefalse",
            "prompt": "P?",
            "answer": True,
            "tags": ["nato", "a]b", "<script>", "c\\d"],
        },
    )
    text, _ = export_gift(pack)
    assert "// [tag:nato]\n// [tag:a\\]b]\n::a::" in text
    assert "<script>" not in text and "c\\d" not in text
    assert reimport(text).questions[0].tags == ["nato", "a]b"]


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ({"type": "order", "items": ["a", "b"]}, "no 'order' questions"),
        ({"type": "text", "answer": ["a -> b"]}, "contains '->'"),
        (
            {
                "type": "match",
                "pairs": [{"left": "a->b", "right": "1"}, {"left": "c", "right": "2"}],
            },
            "contains '->'",
        ),
        (
            {"type": "match", "pairs": [{"left": "a", "right": "1"}, {"left": "a ", "right": "2"}]},
            "left sides read the same",
        ),
        ({"type": "choice", "choices": ["a", " a"], "answer": "a"}, "options read the same"),
        ({"type": "choice", "choices": ["a", " "], "answer": "a"}, "empty text"),
        ({"type": "truefalse", "answer": True, "prompt": "  "}, "prompt is empty"),
    ],
)
def test_what_gift_cannot_hold_is_skipped(question: dict[str, Any], words: str) -> None:
    pack = pack_of(
        {"id": "ok", "type": "truefalse", "prompt": "P?", "answer": True},
        {"id": "bad", "prompt": "Q?", **question},
    )
    text, skipped = export_gift(pack)
    assert [(s.line, s.kind) for s in skipped] == [(2, question["type"])]
    assert words in skipped[0].reason and "'bad'" in skipped[0].reason
    assert "::ok::" in text and "::bad::" not in text
    assert [q.id for q in reimport(text).questions] == ["ok"]


# --- Generated packs ----------------------------------------------------------------------------

AWKWARD = [
    "a", "Brussels", " ", "~", "=", "#", "{", "}", ":", "\\", "\n", "->", "%", "%50%", "[html]",
    "[plain]", "<b>", "</b>", "&amp;", "&", "<", "//", "::", "####", "\\n", "*", "é", "中", "😀",
    "\t", "T", "TRUE", "..", "$CATEGORY:", "[tag:x]", "\u00a0", "\u2028", "_____", "-",
]  # fmt: skip

texts = st.lists(st.sampled_from(AWKWARD), min_size=1, max_size=10).map("".join)
texts = texts.filter(lambda t: bool(t.strip()))
numbers = st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def questions(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["choice", "multi", "truefalse", "text", "numeric", "match"]))
    question: dict[str, Any] = {"type": kind, "prompt": draw(texts)}
    if draw(st.booleans()):
        question["explanation"] = draw(texts)
    if draw(st.booleans()):
        question["tags"] = draw(st.lists(texts, max_size=3))
    if draw(st.booleans()):
        question["quote"] = draw(texts)
    if draw(st.booleans()):  # a claim of the source, maybe corrected and updated
        question["frame"] = "claim"
        if draw(st.booleans()):
            question["correction"] = {"text": draw(texts), "quote": draw(texts)}
        if draw(st.booleans()):
            question["updates"] = [
                {"date": "2025-06-25", "text": draw(texts), "quote": draw(texts)}
            ]
    if kind in ("choice", "multi"):
        options = draw(st.lists(texts, min_size=2, max_size=12, unique_by=str.strip))
        correct = (
            {draw(st.sampled_from(options))}
            if kind == "choice"
            else set(draw(st.lists(st.sampled_from(options), min_size=1, unique=True)))
        )
        question["choices"] = [
            {
                "text": text,
                **({"correct": True} if text in correct else {}),
                **({"feedback": draw(texts)} if draw(st.booleans()) else {}),
            }
            for text in options
        ]
    elif kind == "truefalse":
        question["answer"] = draw(st.booleans())
    elif kind == "text":
        question["answer"] = draw(st.lists(texts, min_size=1, max_size=4))
    elif kind == "numeric":
        if draw(st.booleans()):
            low, high = sorted([draw(numbers), draw(numbers)])
            question["range"] = [low, high]
        else:
            question["answer"] = draw(numbers)
            question["tolerance"] = abs(draw(numbers))
    else:
        lefts = draw(st.lists(texts, min_size=2, max_size=5, unique_by=str.strip))
        rights = draw(
            st.lists(texts, min_size=len(lefts), max_size=len(lefts), unique_by=str.strip)
        )
        question["pairs"] = [{"left": a, "right": b} for a, b in zip(lefts, rights, strict=True)]
    return question


ALLOWED_SKIPS = ("contains '->'", "at most 10", "read the same", "empty")


@fuzz_settings(300, slow=True)
@given(st.lists(questions(), min_size=1, max_size=6), texts)
def test_generated_packs_come_back_the_same(drawn: list[dict[str, Any]], publisher: str) -> None:
    data = {
        "format": "civic-quiz/1",
        "id": "generated",
        "title": "Generated {pack}: ~=#\nsecond line",
        "source": {"publisher": publisher, "title": "T{:}", "published": "2016-11-13"},
        "questions": [{"id": f"q{n}", **q} for n, q in enumerate(drawn, start=1)],
    }
    checked = validate_pack_data(data)
    assume(checked.pack is not None)
    pack = checked.pack
    text, skipped = export_gift(pack)
    for item in skipped:
        assert any(words in item.reason for words in ALLOWED_SKIPS), item
    left_out = {item.line for item in skipped}
    kept = [q for n, q in enumerate(pack.questions, start=1) if n not in left_out]
    assert all(abs(w) in MOODLE_GRADES for w in weights(text))
    if not kept:
        return
    result = import_gift(text)
    assert not [s for s in result.skipped if s.kind in ("invalid", "essay", "description")]
    back = reimport(text)
    assert [q.id for q in back.questions] == [slug(q.id) for q in kept]
    for original, imported in zip(kept, back.questions, strict=True):
        assert view(imported) == view(original, pack)


# --- What makes a question true ------------------------------------------------------------------


def gift_block(text: str, question_id: str) -> str:
    """The lines GIFT holds for one question, from its title to its closing brace."""
    start = text.index(f"::{question_id}::")
    return text[start : text.index("\n}\n", start) + 2]


def test_the_nato_export_keeps_the_frame_the_correction_and_the_update() -> None:
    pack = load_pack(NATO)
    text, _ = export_gift(pack)
    # The article's error is framed as DW's claim, and corrected from the treaty.
    obligatory = gift_block(text, "target-obligatory")
    assert obligatory.startswith(
        "::target-obligatory::According to DW (Deutsche Welle), 13 November 2016\\:\\nDW writes"
    )
    assert "\\nCorrection\\: The North Atlantic Treaty sets no spending target." in obligatory
    assert (
        "\\n  \u201cby means of continuous and effective self-help and mutual aid, will maintain"
        in obligatory
    )
    assert "(North Atlantic Treaty, 4 April 1949)\n}" in obligatory
    # The 2% of 2016 is followed by the dated commitment of 2025.
    target = gift_block(text, "spending-target")
    assert "\\nUpdate, 25 June 2025\\: At their summit in The Hague the allies committed" in target
    assert "(NATO, The Hague Summit Declaration, 25 June 2025)" in target
    # A fact from the treaty says when it was checked.
    assert gift_block(text, "article5-duties").startswith(
        "::article5-duties::True as of 25 June 2025\\:\\n"
    )


def test_the_nato_export_reads_back_with_its_frames_and_notes_in_the_text() -> None:
    # What Moodle gets is what `import` gets back: the frame line above the prompt, the
    # explanation, quote, correction and updates in the explanation, ids from the titles.
    pack = load_pack(NATO)
    text, skipped = export_gift(pack)
    written = [
        q for n, q in enumerate(pack.questions, start=1) if n not in {s.line for s in skipped}
    ]
    back = reimport(text)
    assert [q.id for q in back.questions] == [q.id for q in written]
    for original, imported in zip(written, back.questions, strict=True):
        assert imported.prompt == question_text(pack, original), original.id
        assert imported.explanation == general_feedback(pack, original), original.id
    obligatory = back.question("target-obligatory")
    assert obligatory.prompt.startswith("According to DW (Deutsche Welle), 13 November 2016:\n")
    assert obligatory.explanation is not None
    assert "Correction: The North Atlantic Treaty sets no spending target." in (
        obligatory.explanation
    )


def test_without_titles_the_frame_line_does_not_name_the_questions() -> None:
    # A GIFT file whose `::id::` titles were removed (by hand, or by another tool): the ids
    # come from the question after the frame line, not from "According to DW...".
    text, _ = export_gift(load_pack(NATO))
    untitled = re.sub(r"^::[^:]*::", "", text, flags=re.MULTILINE)
    ids = [q["id"] for q in build_pack(import_gift(untitled), pack_id="p", title="P")["questions"]]
    assert not [i for i in ids if i.startswith(("according-to", "true-as-of"))]
    assert "dw-writes-that-nato-s-military" in ids


def test_a_correction_with_gift_specials_is_escaped_and_reads_back() -> None:
    awkward = "Not 2% {of GDP}: ~3.5% = core #defence, see C:\\treaty\\art3"
    data = {
        "format": "civic-quiz/1",
        "id": "p",
        "title": "P",
        "source": {"publisher": "A{B}: C", "title": "T=~#", "published": "2016-11-13"},
        "questions": [
            {
                "id": "claimed",
                "type": "truefalse",
                "prompt": "The target is 2% {x}.",
                "answer": True,
                "frame": "claim",
                "quote": "2 percent",
                "explanation": "DW says so.",
                "correction": {"text": awkward, "quote": "self-help: #1"},
                "updates": [{"date": "2025-06-25", "text": "5% by 2035 ~ {all}", "quote": "5%"}],
            }
        ],
    }
    checked = validate_pack_data(data)
    assert checked.pack is not None, [p.format() for p in checked.errors]
    text, skipped = export_gift(checked.pack)
    assert not skipped
    assert (
        "::claimed::According to A\\{B\\}\\: C, 13 November 2016\\:\\nThe target is 2% \\{x\\}.{"
        in text
    )
    assert (
        "Correction\\: Not 2% \\{of GDP\\}\\: \\~3.5% \\= core \\#defence,"
        " see C\\:\\\\treaty\\\\art3" in text
    )
    (question,) = reimport(text).questions
    assert question.prompt == "According to A{B}: C, 13 November 2016:\nThe target is 2% {x}."
    assert question.explanation == (
        "DW says so.\n"
        'Source: "2 percent" (A{B}: C, T=~#, 13 November 2016)\n'
        f"Correction: {awkward}\n"
        "  \u201cself-help: #1\u201d (A{B}: C, T=~#, 13 November 2016)\n"
        "Update, 25 June 2025: 5% by 2035 ~ {all}\n"
        "  \u201c5%\u201d (A{B}: C, T=~#, 13 November 2016)"
    )


def test_what_gift_leaves_out_is_named_once_a_question() -> None:
    pack = pack_of(
        {"id": "plain", "type": "truefalse", "prompt": "P?", "answer": True},
        {"id": "hinted", "type": "truefalse", "prompt": "P?", "answer": True, "hint": "Think."},
        {
            "id": "percent",
            "type": "numeric",
            "prompt": "How much?",
            "answer": 2,
            "unit": "percent",
            "hint": "One digit.",
            "tags": ["ok", "<b>"],
        },
        {
            "id": "fixed",
            "type": "choice",
            "prompt": "Which?",
            "choices": ["a", "b", "None of the above"],
            "answer": "a",
            "shuffle": False,
        },
        {"id": "dated", "type": "truefalse", "prompt": "P?", "answer": True, "as_of": "2025-06-25"},
        {"id": "steps", "type": "order", "prompt": "Order.", "items": ["a", "b"], "hint": "h"},
    )
    _, skipped = export_gift(pack)
    notes = left_out(pack, skipped)
    assert [(n.line, n.kind, n.reason) for n in notes] == [
        (2, "truefalse", "question 'hinted': its hint"),
        (
            3,
            "numeric",
            "question 'percent': its hint; its unit 'percent'; tags Moodle refuses: '<b>'",
        ),
        (4, "choice", "question 'fixed': the options' fixed order (shuffle: false)"),
        (5, "truefalse", "question 'dated': its date (as of 25 June 2025)"),
    ]  # `steps` is not written at all: it is among the skipped, not here


def test_export_prints_one_notice_a_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nato.gift"
    assert main(["export", "nato-us-europe-2016", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    notices = [line for line in err.splitlines() if line.startswith("left out of GIFT: ")]
    assert "left out of GIFT: question 'spending-target': its hint; its unit 'percent'" in notices
    assert "left out of GIFT: question 'target-obligatory': its hint" in notices
    assert len(notices) == len({line.split("'")[1] for line in notices})


def test_several_quotes_each_reach_the_general_feedback_cited_after_the_last() -> None:
    checked = validate_pack_data(
        {
            "format": "civic-quiz/1",
            "id": "p",
            "title": "P",
            "source": {"title": "T", "publisher": "DW"},
            "questions": [
                {
                    "id": "q",
                    "type": "truefalse",
                    "prompt": "NATO's leader wrote in a newspaper.",
                    "answer": True,
                    "quote": ["He wrote in a paper.", "It was The Observer."],
                }
            ],
        }
    )
    assert checked.pack is not None, [p.format() for p in checked.errors]
    feedback = general_feedback(checked.pack, checked.pack.questions[0])
    assert feedback.splitlines() == [
        'Source: "He wrote in a paper."',
        'Source: "It was The Observer." (DW, T)',
    ]
