"""The `evidence` kind: sentences checked against the source, distractors drawn from it
(seeded, never the answer or a near-copy), grading, feedback in context, GIFT export."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core.grounding import normalise_passage
from game.exporters.gift import export_gift, general_feedback
from game.importers.gift import import_gift
from game.kinds import kind_of
from game.kinds.evidence import (
    DEFAULT_DISTRACTORS,
    EVIDENCE,
    MIN_WORDS,
    EvidenceQuestion,
    draw_distractors,
    near_copy,
)
from tests.kinds.media import CLAUSE, check_questions, errors, media_pack, source

CLAIM = "NATO's collective-defence clause has been used only once."


def question(**fields: object) -> EvidenceQuestion:
    data: dict[str, object] = {"id": "q", "type": "evidence", "claim": CLAIM, "answer": CLAUSE}
    return EvidenceQuestion.model_validate({**data, **fields})


def played_options(q: EvidenceQuestion, seed: int = 1) -> tuple[str, ...]:
    return EVIDENCE.options(q, random.Random(seed))


# --- the model ----------------------------------------------------------------------------


def test_the_claim_is_shown_after_the_standard_prompt() -> None:
    q = question()
    assert q.prompt == f"Which sentence of the article supports this claim? \u201c{CLAIM}\u201d"
    assert kind_of(q) is EVIDENCE
    # Read back from its dump (a stored or exported pack), the prompt is not doubled.
    assert EvidenceQuestion.model_validate(q.model_dump()).prompt == q.prompt


def test_an_own_prompt_is_kept() -> None:
    q = question(prompt="Where does the article say so?")
    assert q.prompt.startswith("Where does the article say so? \u201cNATO")


# --- the pack check ---------------------------------------------------------------------


def test_the_media_pack_loads_with_drawn_distractors_and_context() -> None:
    pack = media_pack()
    q = pack.question("clause-once")
    assert isinstance(q, EvidenceQuestion)
    assert len(q.option_texts) == 1 + DEFAULT_DISTRACTORS
    assert sum(q.is_answer(t) for t in q.option_texts) == 1
    assert q.context is not None
    before, sentence, after = q.context
    assert before is not None and before.startswith("Stoltenberg took the opportunity")
    assert normalise_passage(sentence) == normalise_passage(CLAUSE)
    assert after is not None and after.startswith("He did, however")
    sentences = source().sentences()
    assert all(t in sentences for t in q.option_texts)  # drawn verbatim


def test_a_sentence_not_in_the_source_is_located_with_the_closest_passage(
    tmp_path: Path,
) -> None:
    checked = check_questions(
        tmp_path,
        """\
        - id: e
          type: evidence
          claim: The clause was used once.
          answer: The only time NATO has used its self-defence clause was after 9/11.
          choices:
            - Donald Trump hinted on the campaign trail that he'd call for more money.
        """,
    )
    found = errors(checked)
    assert [(line, code) for line, code, _ in found] == [
        (12, "passage-not-in-source"),
        (14, "passage-not-in-source"),
    ]
    assert "closest passage" in found[0][2]
    assert "The only time NATO has invoked its self-defense clause" in found[0][2]
    assert "Donald Trump hinted on the campaign trail" in found[1][2]
    assert checked.pack is None


def test_an_evidence_question_needs_the_source_file(tmp_path: Path) -> None:
    header = "format: civic-quiz/1\nid: media-test\ntitle: Media test\nquestions:\n"
    checked = check_questions(
        tmp_path,
        f"""\
        - id: e
          type: evidence
          claim: The clause was used once.
          answer: '{CLAUSE}'
        """,
        header=header,
    )
    assert [(line, code) for line, code, _ in errors(checked)] == [(6, "no-source")]
    assert "needs the pack's source file" in errors(checked)[0][2]


def test_too_few_sentences_to_draw_from(tmp_path: Path) -> None:
    article = (
        "A headline\n\nThe only time NATO has invoked its clause was after 9/11 in the US."
        " Europe was asked to pay its fair share of the burden. It is short."
    )
    checked = check_questions(
        tmp_path,
        """\
        - id: e
          type: evidence
          claim: The clause was used once.
          answer: The only time NATO has invoked its clause was after 9/11 in the US.
          distractors: 2
        """,
        article=article,
    )
    found = errors(checked)
    assert [(line, code) for line, code, _ in found] == [(13, "too-few-sentences")]
    assert "only 1 other sentence" in found[0][2]


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        (
            "distractors: 2\nchoices: [He did, however, admit that the US could not]",
            "choices-and-distractors",
        ),
        (f"choices: ['{CLAUSE}']", "choice-is-answer"),
        (
            "choices:\n- 'Stoltenberg took the opportunity'\n- 'Stoltenberg took the opportunity'",
            "repeated-option",
        ),
    ],
)
def test_choices_are_other_sentences(tmp_path: Path, extra: str, code: str) -> None:
    lines = textwrap.indent(extra, "  ")
    checked = check_questions(
        tmp_path,
        f"""\
- id: e
  type: evidence
  claim: The clause was used once.
  answer: '{CLAUSE}'
{lines}
""",
    )
    assert [p.code for p in checked.errors] == [code]
    assert checked.errors[0].line >= 13


def test_a_question_needs_a_claim_or_a_prompt(tmp_path: Path) -> None:
    checked = check_questions(
        tmp_path,
        f"""\
        - id: e
          type: evidence
          answer: '{CLAUSE}'
        """,
    )
    assert [(p.line, p.code) for p in checked.errors] == [(9, "missing-key")]
    assert "needs a 'claim'" in checked.errors[0].message


def test_distractors_above_the_limit_are_refused(tmp_path: Path) -> None:
    checked = check_questions(
        tmp_path,
        f"""\
        - id: e
          type: evidence
          claim: x
          answer: '{CLAUSE}'
          distractors: 20
        """,
    )
    assert [(p.line, p.code) for p in checked.errors] == [(13, "wrong-value")]


# --- drawing distractors ------------------------------------------------------------------


def test_the_same_seed_draws_the_same_distractors() -> None:
    article = source()
    first = draw_distractors(article, CLAUSE, 3, "pack/q")
    assert first == draw_distractors(article, CLAUSE, 3, "pack/q")
    others = {draw_distractors(article, CLAUSE, 3, f"pack/q{n}") for n in range(10)}
    assert len(others) > 1  # the seed matters
    prepared = EVIDENCE.prepare(question(), article, "pack/q")
    assert prepared.wrong_options == first
    assert EVIDENCE.prepare(question(), article, "pack/q").option_texts == prepared.option_texts


@given(st.text(max_size=30), st.integers(min_value=1, max_value=8))
def test_drawn_distractors_are_never_the_answer_a_near_copy_or_repeated(
    seed: str, count: int
) -> None:
    article = source()
    drawn = draw_distractors(article, CLAUSE, count, seed)
    assert len(drawn) == count  # the article has enough long sentences for 8
    assert len(set(drawn)) == count
    for sentence in drawn:
        assert not near_copy(sentence, CLAUSE)
        assert len(sentence.split()) >= MIN_WORDS
        assert sentence in article.sentences()
    for a in drawn:
        assert sum(near_copy(a, b) for b in drawn) == 1  # only itself


def test_a_near_copy_of_the_answer_is_never_drawn() -> None:
    near = CLAUSE.replace("self-defense clause", "self-defence clause")
    text = source().text + "\n\n" + near + "\n"
    from game.core.grounding import SourceText

    article = SourceText(text)
    assert near in article.sentences() or near.strip('"') in " ".join(article.sentences())
    for seed in range(30):
        drawn = draw_distractors(article, CLAUSE, 8, str(seed))
        assert all(normalise_passage(near) not in normalise_passage(s) for s in drawn)


def test_options_shuffle_with_the_game_or_keep_the_article_order() -> None:
    article = source()
    prepared = EVIDENCE.prepare(question(), article, "s")
    orders = {played_options(prepared, seed) for seed in range(20)}
    assert len(orders) > 1
    assert all(sorted(o) == sorted(prepared.option_texts) for o in orders)
    kept = EVIDENCE.prepare(question(shuffle=False), article, "s")
    positions = [article.sentence_span(t) for t in played_options(kept)]
    assert positions == sorted(positions)  # type: ignore[type-var]


# --- playing -------------------------------------------------------------------------------


def test_grading_takes_the_right_sentence_only() -> None:
    prepared = EVIDENCE.prepare(question(), source(), "s")
    right = next(t for t in prepared.option_texts if prepared.is_answer(t))
    assert EVIDENCE.grade(prepared, right).correct
    assert EVIDENCE.grade(prepared, CLAUSE.replace('"', "\u201c", 1)).correct  # typography
    for wrong in prepared.wrong_options:
        assert EVIDENCE.grade(prepared, wrong).credit == 0.0
    with pytest.raises(TypeError):
        EVIDENCE.grade(prepared, 1)
    assert EVIDENCE.correct_text(prepared) == normalise_passage(CLAUSE)


def test_the_typography_of_the_options_tells_nothing() -> None:
    curly = CLAUSE.replace('"', "\u201c", 1).replace('"', "\u201d")
    prepared = EVIDENCE.prepare(question(answer=curly), source(), "s")
    assert not any("\u201c" in t or "\u201d" in t for t in prepared.option_texts)


def test_feedback_shows_the_right_sentence_in_its_context() -> None:
    prepared = EVIDENCE.prepare(question(), source(), "s")
    (line,) = EVIDENCE.feedback_lines(prepared, "anything")
    assert line.startswith("In the article: \u2026 Stoltenberg took the opportunity")
    assert f"\u00bb {CLAUSE} \u00ab" in line
    assert line.endswith("carry the financial burden alone. \u2026")
    assert EVIDENCE.feedback_lines(question(), "x") == []  # not prepared: nothing to show


def test_a_typed_number_picks_an_option() -> None:
    prepared = EVIDENCE.prepare(question(), source(), "s")

    class Shown:
        question = prepared
        options = played_options(prepared)
        lefts = ()

    assert EVIDENCE.parse(Shown(), "2") == Shown.options[1]
    assert EVIDENCE.instruction(Shown()) == "Answer with a number from 1 to 4."
    from game.kinds import InputProblem

    with pytest.raises(InputProblem):
        EVIDENCE.parse(Shown(), "5")


# --- GIFT ----------------------------------------------------------------------------------


def test_gift_writes_a_multiple_choice_question_that_reads_back() -> None:
    pack = media_pack()
    text, skipped = export_gift(pack)
    assert not [s for s in skipped if s.kind == "evidence"]
    result = import_gift(text)
    read = {q["id"] if "id" in q else q["prompt"]: q for q in result.questions}
    clause = next(q for q in read.values() if CLAIM in q["prompt"])
    assert clause["type"] == "choice"
    original = pack.question("clause-once")
    assert isinstance(original, EvidenceQuestion)
    texts = [c["text"] if isinstance(c, dict) else c for c in clause["choices"]]
    assert sorted(texts) == sorted(original.option_texts)
    right = [c for c in clause["choices"] if isinstance(c, dict) and c.get("correct")]
    named = clause.get("answer")
    assert (right and original.is_answer(right[0]["text"])) or original.is_answer(named)


def test_gift_cannot_write_an_unprepared_question_without_choices() -> None:
    from game.kinds import CannotExport

    class Writer:
        def text(self, text: str) -> str:
            return text

    with pytest.raises(CannotExport):
        EVIDENCE.gift(question(), Writer())


def test_an_author_may_not_write_what_the_game_fills_in(tmp_path: Path) -> None:
    checked = check_questions(
        tmp_path,
        f"""\
        - id: e
          type: evidence
          claim: x
          answer: '{CLAUSE}'
          prepared:
            drawn: [Stoltenberg took the opportunity]
        """,
    )
    assert [(p.line, p.code) for p in checked.errors] == [(14, "unknown-key")]


def test_the_drawn_sentences_survive_the_pack_cache(tmp_path: Path) -> None:
    from game.packs.catalog import load_catalog
    from tests.kinds.media import FOLDER

    cache = tmp_path / "cache"
    fresh = load_catalog([FOLDER], cache_dir=cache)
    entry = fresh.by_id("media-literacy")
    assert entry is not None
    first = fresh.load_pack(entry).question("clause-once")
    again = load_catalog([FOLDER], cache_dir=cache)  # read back from the cache this time
    cached_entry = again.by_id("media-literacy")
    assert cached_entry is not None
    cached = again.load_pack(cached_entry).question("clause-once")
    assert isinstance(first, EvidenceQuestion) and isinstance(cached, EvidenceQuestion)
    assert len(cached.option_texts) == 4
    assert cached.option_texts == first.option_texts
    assert cached.context == first.context


def test_gift_feedback_shows_the_sentence_in_its_context() -> None:
    pack = media_pack()
    question = pack.question("clause-once")
    assert isinstance(question, EvidenceQuestion)
    feedback = general_feedback(pack, question).splitlines()
    assert feedback[-1] == EVIDENCE.feedback_lines(question, None)[0]
    assert feedback[-1].startswith("In the article: \u2026 ") and "\u00bb " in feedback[-1]
