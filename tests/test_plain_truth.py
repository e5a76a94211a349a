"""Plain mode shows what a question claims and what is true: the frame line above the prompt,
the correction and the dated updates after the answer and in the exam review."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import yaml

from game.packs.loader import load_pack
from game.packs.model import Pack
from game.plain.play import play_plain, render_feedback, render_question
from game.play.session import GameSession
from tests.conftest import REPO
from tests.sample_packs import right_answer, wrong_answer

ARTICLE = REPO / "questions" / "sources" / "nato-us-europe-2016.txt"

TREATY_TEXT = """\
The Example Treaty (made up for the tests of civic-quiz)

Article 3. The Parties will keep and develop their capacity to resist armed attack.

Article 9. Nothing in this treaty sets a share of national income that a Party must spend
on defence.

Declaration of 25 June 2025. Allies commit to spend 5 percent of GDP on defence by 2035.
"""

CLAIM: dict[str, Any] = {
    "id": "target-claim",
    "type": "truefalse",
    "frame": "claim",
    "prompt": "The spending target of 2 percent of GDP is obligatory under NATO's treaty.",
    "answer": True,
    "explanation": "The article says so.",
    "quote": "2 percent of GDP that is obligatory under the organization's treaty",
    "correction": {
        "text": "The treaty sets no spending target: 2 percent is a guideline agreed at summits.",
        "quote": "Nothing in this treaty sets a share of national income",
        "source": "treaty",
    },
    "updates": [
        {
            "date": "2025-06-25",
            "text": "Allies committed to 5 percent of GDP by 2035.",
            "quote": "Allies commit to spend 5 percent of GDP on defence by 2035.",
            "source": "treaty",
        }
    ],
}
"""A claim of the article with a correction and an update, both from the second source."""

FACT: dict[str, Any] = {
    "id": "resist-attack",
    "type": "choice",
    "frame": "true",
    "as_of": "2025-06-25",
    "source": "treaty",
    "prompt": "What will the Parties keep and develop?",
    "choices": [
        {"text": "Their capacity to resist armed attack", "correct": True},
        "A common currency",
        "A shared army",
    ],
    "explanation": "Article 3 says so.",
    "quote": "The Parties will keep and develop their capacity to resist armed attack.",
}
"""A fact, framed as true at a date, from the second source; no correction, no update."""

PLAIN: dict[str, Any] = {
    "id": "summit-city",
    "type": "text",
    "prompt": "In which city was the EU summit?",
    "answer": ["Brussels"],
    "explanation": "In Brussels.",
    "quote": "an EU summit in Brussels",
}
"""A question without a frame: shown as before issue 13."""


def truth_pack_data(pack_id: str, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """A pack of two sources, the DW article and the made-up treaty, with these questions."""
    return {
        "format": "civic-quiz/1",
        "id": pack_id,
        "title": "Truth over time",
        "sources": [
            {
                "id": "article",
                "title": "NATO: US, Europe need each other",
                "publisher": "DW (Deutsche Welle)",
                "published": "2016-11-13",
                "file": "sources/article.txt",
            },
            {
                "id": "treaty",
                "title": "The Example Treaty",
                "published": "1949-04-04",
                "file": "sources/treaty.txt",
            },
        ],
        "questions": questions,
    }


def write_truth_packs(folder: Path) -> Path:
    """`truth-claim` (the claim alone), `truth-fact` (the fact alone) and `truth-all` (the
    claim, the fact and a question without a frame, in that order of ids) with their two
    source files."""
    sources = folder / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ARTICLE, sources / "article.txt")
    (sources / "treaty.txt").write_text(TREATY_TEXT, encoding="utf-8")
    packs = {
        "truth-claim": [CLAIM],
        "truth-fact": [FACT],
        "truth-all": [CLAIM, FACT, PLAIN],
    }
    for pack_id, questions in packs.items():
        text = yaml.safe_dump(truth_pack_data(pack_id, questions), sort_keys=False)
        (folder / f"{pack_id}.yaml").write_text(text, encoding="utf-8")
    return folder


def truth_pack(tmp_path: Path, pack_id: str) -> Pack:
    return load_pack(write_truth_packs(tmp_path / "packs") / f"{pack_id}.yaml")


def test_a_claim_is_framed_above_its_prompt(tmp_path: Path) -> None:
    played = GameSession([truth_pack(tmp_path, "truth-claim")], seed=1).current
    lines = render_question(played, None)
    frame = lines.index("According to DW (Deutsche Welle), 13 November 2016:")
    assert lines[frame + 1] == CLAIM["prompt"]
    assert lines[frame - 1].startswith("Question 1 of 1")


def test_a_fact_is_framed_with_its_date(tmp_path: Path) -> None:
    played = GameSession([truth_pack(tmp_path, "truth-fact")], seed=1).current
    lines = render_question(played, None)
    assert lines[lines.index(FACT["prompt"]) - 1] == "True as of 25 June 2025:"


def test_a_question_without_frame_has_no_frame_line(tmp_path: Path) -> None:
    session = GameSession([truth_pack(tmp_path, "truth-all")], seed=1)
    (played,) = [p for p in session.played if p.key == "summit-city"]
    lines = render_question(played, None)
    assert lines[lines.index(PLAIN["prompt"]) - 1].startswith("Question ")
    assert not any(line.startswith(("According to", "True as of")) for line in lines)


def test_feedback_shows_the_correction_and_the_update_after_why(tmp_path: Path) -> None:
    session = GameSession([truth_pack(tmp_path, "truth-claim")], seed=1)
    lines = render_feedback(session.answer(True))
    why = lines.index("Why: The article says so.")
    assert lines[why + 1].startswith('Source: "2 percent of GDP')
    assert lines[why + 2 :] == [
        "Correction: The treaty sets no spending target: 2 percent is a guideline agreed at"
        " summits.",
        "  \u201cNothing in this treaty sets a share of national income\u201d"
        " (The Example Treaty, 4 April 1949)",
        "Update, 25 June 2025: Allies committed to 5 percent of GDP by 2035.",
        "  \u201cAllies commit to spend 5 percent of GDP on defence by 2035.\u201d"
        " (The Example Treaty, 4 April 1949)",
    ]


def test_feedback_of_a_question_without_notes_ends_with_its_source(tmp_path: Path) -> None:
    session = GameSession([truth_pack(tmp_path, "truth-fact")], seed=1)
    lines = render_feedback(session.answer(right_answer(session.current)))
    assert lines[-1].startswith('Source: "The Parties will keep')
    assert not any(line.startswith(("Correction", "Update")) for line in lines)


def test_a_whole_game_shows_frames_and_notes(tmp_path: Path) -> None:
    session = GameSession([truth_pack(tmp_path, "truth-all")], seed=3)
    lines = [answer_line(p) for p in session.played]
    out = io.StringIO()
    status = play_plain(session, io.StringIO("".join(f"{line}\n" for line in lines)), out)
    text = out.getvalue()
    assert status == 0
    assert text.count("According to DW (Deutsche Welle), 13 November 2016:") == 1
    assert text.count("True as of 25 June 2025:") == 1
    assert text.count("Correction: ") == 1 and text.count("Update, 25 June 2025: ") == 1


def test_the_exam_review_frames_each_question_and_shows_its_notes(tmp_path: Path) -> None:
    session = GameSession([truth_pack(tmp_path, "truth-all")], seed=3, mode="exam")
    lines = [answer_line(p) for p in session.played] + ["submit"]
    out = io.StringIO()
    status = play_plain(session, io.StringIO("".join(f"{line}\n" for line in lines)), out)
    assert status == 0
    game_part, review = out.getvalue().split("Review:")
    assert "Correction:" not in game_part and "Update," not in game_part
    claim = next(p for p in session.played if p.key == "target-claim")
    header = f"{claim.number}. According to DW (Deutsche Welle), 13 November 2016: "
    assert header + CLAIM["prompt"] in review
    assert review.count("Correction: The treaty sets no spending target") == 1
    assert review.count("Update, 25 June 2025: Allies committed") == 1


def answer_line(played: Any) -> str:
    """A typed answer: right for the claim and the fact, wrong for the unframed question."""
    q = played.question
    if q.type == "truefalse":
        return "t" if right_answer(played) else "f"
    if q.type == "choice":
        return str(list(played.options).index(right_answer(played)) + 1)
    return str(wrong_answer(played))


def test_timed_feedback_says_what_time_cost(tmp_path: Path) -> None:
    session = GameSession([truth_pack(tmp_path, "truth-fact")], mode="timed", seed=1)
    session.start()
    outcome = session.answer(right_answer(session.current), seconds=15.0)  # half of 30 s
    assert outcome.time_lost > 0
    first = render_feedback(outcome)[0]
    assert first == f"Correct. {outcome.points} points ({outcome.time_lost} lost to time)."
