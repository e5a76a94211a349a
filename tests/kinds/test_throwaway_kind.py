"""A kind is one module: a throwaway kind, defined here, is imported from CSV and GIFT and
played through the session, plain mode and the TUI (with the test helpers too), with no other
change to the game and no table edited (issues 12 and 22)."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, Literal

import pytest
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from game.core.grading import Grade
from game.core.grounding import SourceText
from game.core.importrules import RowError, split_cell
from game.core.model import QuestionBase
from game.exporters.gift import export_gift
from game.importers.csvfile import csv_template, import_csv, question_types
from game.importers.gift import import_gift
from game.kinds import (
    KINDS,
    Found,
    GiftAnswers,
    InputProblem,
    Kind,
    Loc,
    Presented,
    kind_named,
    register,
    unregister,
)
from game.packs.loader import check_pack_file, validate_pack_data
from game.packs.model import Pack
from game.packs.schema import pack_json_schema
from game.plain.play import play_plain
from game.play.session import GameSession
from game.ui.answers import AnswerEntry, entry_named
from game.ui.widgets.messages import AnswerGiven
from tests.ui.helpers import (
    asking,
    make_app,
    pack_data,
    play,
    showing_feedback,
    text_of,
    wait_for,
    write_pack,
)

# --- the throwaway kind: its core module... ----------------------------------------------------


class YearQuestion(QuestionBase):
    """Pick the year something happened, among a few years."""

    type: Literal["pick-a-year"]
    answer: int
    years: list[int]


class YearKind(Kind[YearQuestion]):
    """Pick a year."""

    name = "pick-a-year"
    model = YearQuestion
    answer_widget = "tests.kinds.test_throwaway_kind:YEAR_ANSWER"
    csv_columns = ("answer", "choices")
    csv_example = "When did the Berlin Wall fall?,1989,1991|1989|1961,On 9 November 1989.,,"
    gift_precedence = 15  # before choice (20): a choice among years is a year question

    def problems(self, question: YearQuestion) -> Iterator[Found]:
        if question.answer not in question.years:
            yield ("answer-not-a-year", ("answer",), f"{question.answer} is not one of the years")

    def options(self, question: YearQuestion, rng: random.Random) -> tuple[str, ...]:
        return tuple(str(year) for year in sorted(question.years))

    def grade(self, question: YearQuestion, response: Any) -> Grade:
        if not isinstance(response, str):
            raise TypeError("a year is picked as text")
        return Grade(1.0 if response == str(question.answer) else 0.0)

    def correct_text(self, question: YearQuestion) -> str:
        return f"in {question.answer}"

    def instruction(self, presented: Presented) -> str:
        return "Type the year."

    def parse(self, presented: Presented, text: str) -> Any:
        if text not in presented.options:
            raise InputProblem(f"Please type one of {', '.join(presented.options)}.")
        return text

    def from_csv(self, answer: str, choices: str) -> dict[str, Any]:
        years = split_cell(choices)
        if not all(_YEAR.fullmatch(y) for y in [answer, *years]):
            raise RowError(
                "write the years in 'choices', separated by '|', the right one in 'answer'"
            )
        return {"years": [int(y) for y in years], "answer": int(answer)}

    def from_gift(self, answers: GiftAnswers) -> dict[str, Any] | None:
        if not (answers.has("~") and answers.has("=")):
            return None
        body = answers.options(single=True)
        if not all(isinstance(c, str) and _YEAR.fullmatch(c) for c in body["choices"]):
            return None
        return {"years": [int(c) for c in body["choices"]], "answer": int(body["answer"])}

    def sample_answer(self, presented: Presented, right: bool) -> Any:
        answer = str(presented.question.answer)  # type: ignore[attr-defined]
        return answer if right else next(o for o in presented.options if o != answer)


_YEAR = re.compile(r"[0-9]{4}")


# --- ...and its widget --------------------------------------------------------------------------


class YearAnswer(Widget, can_focus=True):
    """The years; the key 1, 2... picks one."""

    DEFAULT_CSS = "YearAnswer { height: auto; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)
    ]

    def __init__(self, years: tuple[str, ...]) -> None:
        super().__init__(id="answer")
        self.years = years

    def compose(self) -> ComposeResult:
        for number, year in enumerate(self.years, 1):
            yield Static(f"{number}) {year}", markup=False)

    def action_pick(self, index: int) -> None:
        self.post_message(AnswerGiven(self.years[index], self))


INSTRUCTION = "Press the number of the year."

YEAR_ANSWER = AnswerEntry(
    lambda played: YearAnswer(played.options),
    INSTRUCTION,
    lambda played, response: [str(played.options.index(response) + 1)],
)
"""How the TUI takes a year: the entry the kind names, in the module of its widget."""

QUESTION = {
    "id": "wall",
    "type": "pick-a-year",
    "prompt": "When did the Berlin Wall fall?",
    "years": [1991, 1989, 1961],
    "answer": 1989,
    "explanation": "On 9 November 1989.",
}


@pytest.fixture
def year_kind() -> Iterator[YearKind]:
    kind = YearKind()
    register(kind)
    yield kind
    unregister("pick-a-year")


def year_pack() -> Pack:
    checked = validate_pack_data(pack_data("years", [QUESTION]))
    assert checked.ok, [p.format() for p in checked.problems]
    assert checked.pack is not None
    return checked.pack


def test_the_loader_and_the_model_take_the_registered_kind(year_kind: YearKind) -> None:
    pack = year_pack()
    (question,) = pack.questions
    assert isinstance(question, YearQuestion) and question.answer == 1989
    # The pack model dispatches by type too, and dumps the kind's own fields.
    again = Pack.model_validate(pack.model_dump())
    assert again.questions[0] == question
    assert again.content_hash() == pack.content_hash()
    # Its own checks are located problems like every other's.
    bad = validate_pack_data(pack_data("years", [{**QUESTION, "answer": 1990}]))
    assert [p.code for p in bad.errors] == ["answer-not-a-year"]


def test_the_schema_and_gift_know_the_kind(year_kind: YearKind) -> None:
    schema = pack_json_schema()
    assert "YearQuestion" in schema["$defs"]
    assert '"const": "pick-a-year"' in str(schema).replace("'", '"')
    _, skipped = export_gift(year_pack())
    assert [s.reason for s in skipped] == ["question 'wall': GIFT has no 'pick-a-year' questions"]


def test_the_kind_gets_an_editor_form_from_its_model(year_kind: YearKind) -> None:
    # Nothing declared: the form comes from the model, the kind's own fields after the prompt.
    form = {f.name: f for f in year_kind.form()}
    names = [f.name for f in year_kind.form()]
    assert names[:4] == ["id", "prompt", "answer", "years"]
    assert (form["answer"].widget, form["answer"].required, form["answer"].own) == (
        "number",
        True,
        True,
    )
    assert form["years"].widget == "items"
    assert form["explanation"].widget == "long-text" and not form["explanation"].own
    assert "type" not in form and "draft" not in form
    assert year_kind.quote_field == "quote"


def test_played_through_the_session(year_kind: YearKind) -> None:
    session = GameSession([year_pack()], seed=3)
    played = session.current
    assert played.options == ("1961", "1989", "1991")
    outcome = session.answer("1989")
    assert outcome.correct and outcome.points == 100
    assert outcome.correct_answer == "in 1989"
    assert outcome.response_text == "1989"


def test_played_in_plain_mode(year_kind: YearKind) -> None:
    session = GameSession([year_pack()], seed=3)
    out = io.StringIO()
    status = play_plain(session, io.StringIO("2000\n1991\n"), out)
    text = out.getvalue()
    assert status == 0
    assert "  2. 1989" in text and "Type the year." in text
    assert "Please type one of 1961, 1989, 1991." in text
    assert "Wrong. 0 points." in text and "The answer: in 1989" in text


async def test_played_in_the_tui(year_kind: YearKind, tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    write_pack(folder, pack_data("years", [QUESTION]))
    app = make_app(tmp_path, packs=folder, request=play("years"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        assert isinstance(app.screen.query_one("#answer"), YearAnswer)
        assert text_of(app.screen.query_one("#instructions")) == INSTRUCTION
        await pilot.press("2")
        await wait_for(pilot, lambda: showing_feedback(app))
        session = app.screen.session  # type: ignore[attr-defined]
        (outcome,) = session.player.outcomes
        assert outcome.response == "1989" and outcome.correct


class UnseenYearKind(YearKind):
    """The year kind naming no answer widget."""

    answer_widget = ""


@pytest.fixture
def unseen_year_kind() -> Iterator[UnseenYearKind]:
    kind = UnseenYearKind()
    register(kind)
    yield kind
    unregister("pick-a-year")


async def test_a_kind_without_a_widget_is_a_clear_message(
    unseen_year_kind: UnseenYearKind, tmp_path: Path
) -> None:
    folder = tmp_path / "packs"
    write_pack(folder, pack_data("years", [QUESTION]))
    app = make_app(tmp_path, packs=folder, request=play("years"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("#no-answer-widget")))
        message = text_of(app.screen.query_one("#no-answer-widget"))
        assert "'pick-a-year' questions cannot be answered in this window" in message


def test_every_registered_kind_has_a_widget_and_a_schema_part() -> None:
    schema = pack_json_schema()
    mapping = schema["properties"]["questions"]["items"]["discriminator"]["mapping"]
    for name, kind in KINDS.items():
        assert entry_named(kind.answer_widget) is not None, f"no answer widget for '{name}'"
        assert mapping[name] == f"#/$defs/{kind.model.__name__}"
        assert kind_named(name) is kind
    assert kind_named("pick-a-year") is None  # the throwaway kind is gone again


class QuotedYearKind(YearKind):
    """The year kind with a passage of the source of its own, completed once validated."""

    def passages(self, question: YearQuestion) -> Iterator[tuple[Loc, str]]:
        if question.explanation:
            yield ("explanation",), question.explanation

    def prepare(self, question: YearQuestion, source: SourceText | None, seed: str) -> YearQuestion:
        found = source is not None and source.contains("1989")
        return question.model_copy(update={"hint": f"{seed}: {found}"})


@pytest.fixture
def quoted_year_kind() -> Iterator[QuotedYearKind]:
    kind = QuotedYearKind()
    register(kind)
    yield kind
    unregister("pick-a-year")


def test_the_loader_checks_a_kinds_passages_and_prepares_it(
    quoted_year_kind: QuotedYearKind, tmp_path: Path
) -> None:
    (tmp_path / "article.txt").write_text("The Wall fell on 9 November 1989.", encoding="utf-8")
    data = pack_data("years", [{**QUESTION, "explanation": "The Wall fell on 9 November 1989."}])
    data["source"]["file"] = "article.txt"
    checked = check_pack_file(write_pack(tmp_path, data))
    assert checked.ok and checked.pack is not None
    (question,) = checked.pack.questions
    assert question.hint == "years/wall: True"  # the prepared question is the pack's
    data["questions"][0]["explanation"] = "The Wall fell in 1991."
    checked = check_pack_file(write_pack(tmp_path, data))
    (problem,) = checked.errors
    assert problem.code == "passage-not-in-source"
    assert problem.question == "wall"
    text = (tmp_path / "years.yaml").read_text(encoding="utf-8").splitlines()
    assert "explanation:" in text[problem.line - 1]
    assert 'the closest passage (85% alike) is: "The Wall fell on 9"' in problem.message


# --- import: CSV and GIFT ask the registry --------------------------------------------------------

YEAR_CSV = (
    "type,prompt,answer,choices\n"
    "pick-a-year,When did the Berlin Wall fall?,1989,1991|1989|1961\n"
    "pick-a-year,When did it go up?,soon,1961|1989\n"
)


def test_imported_from_csv(year_kind: YearKind) -> None:
    assert question_types()[-1] == "pick-a-year"
    result = import_csv(YEAR_CSV)
    assert result.questions == [
        {
            "type": "pick-a-year",
            "prompt": "When did the Berlin Wall fall?",
            "years": [1991, 1989, 1961],
            "answer": 1989,
        }
    ]
    (skipped,) = result.skipped
    assert (skipped.line, skipped.kind) == (3, "pick-a-year")
    assert skipped.reason.startswith("write the years in 'choices'")
    # The template shows the kind too, and imports into a valid pack.
    template = csv_template()
    assert "\npick-a-year,When did the Berlin Wall fall?,1989," in template
    imported = import_csv(template)
    assert not imported.skipped and imported.questions[-1]["type"] == "pick-a-year"
    questions = [{**q, "id": f"q{i}"} for i, q in enumerate(imported.questions)]
    checked = validate_pack_data(pack_data("template", questions))
    assert checked.ok, [p.format() for p in checked.problems]


def test_csv_knows_the_kind_only_while_it_is_registered() -> None:
    assert "pick-a-year" not in question_types()
    (skipped,) = import_csv(YEAR_CSV).skipped[:1]
    assert skipped.kind == "row" and "unknown question type 'pick-a-year'" in skipped.reason


YEAR_GIFT = (
    "When did the Berlin Wall fall? {=1989 ~1991 ~1961}\n\nWhere is NATO? {=Brussels ~Paris}\n"
)


def test_imported_from_gift(year_kind: YearKind) -> None:
    result = import_gift(YEAR_GIFT)
    assert not result.skipped
    year, place = result.questions
    assert (year["type"], year["years"], year["answer"]) == (
        "pick-a-year",
        [1989, 1991, 1961],
        1989,
    )
    assert (place["type"], place["answer"]) == ("choice", "Brussels")  # not years: still a choice


def test_gift_knows_the_kind_only_while_it_is_registered() -> None:
    assert [q["type"] for q in import_gift(YEAR_GIFT).questions] == ["choice", "choice"]


# --- the test helpers answer it like every other kind --------------------------------------------


def test_answered_through_the_sample_answers(year_kind: YearKind) -> None:
    from tests.sample_packs import right_answer, wrong_answer

    session = GameSession([year_pack()], seed=3)
    assert (right_answer(session.current), wrong_answer(session.current)) == ("1989", "1961")
    assert session.answer(wrong_answer(session.current)).points == 0


async def test_answered_in_the_tui_through_the_helpers(year_kind: YearKind, tmp_path: Path) -> None:
    from tests.ui.helpers import moved_on, right_keys, wrong_keys

    second = {**QUESTION, "id": "wall-up", "prompt": "When did the Wall go up?", "answer": 1961}
    folder = tmp_path / "packs"
    write_pack(folder, pack_data("years", [QUESTION, second]))
    app = make_app(tmp_path, packs=folder, request=play("years"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: asking(app))
        session = app.screen.session  # type: ignore[attr-defined]
        await pilot.press(*right_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: moved_on(app))
        await wait_for(pilot, lambda: asking(app))
        await pilot.press(*wrong_keys(session.current))
        await wait_for(pilot, lambda: showing_feedback(app))
        assert [o.correct for o in session.player.outcomes] == [True, False]
