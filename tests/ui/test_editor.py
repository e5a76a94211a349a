"""The pack editor's screen (issue 20), driven with Pilot: build a pack from nothing, edit
one field and save, save unchanged, problems next to their field, quotes from the source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, Static

from game.authoring.editing import autosave_path
from game.packs.loader import check_pack_file
from game.packs.yamlread import parse
from game.ui.editor.app import EditorApp
from game.ui.editor.screen import EditorScreen
from game.ui.widgets.question_list import QuestionList
from tests.ui.helpers import wait_for

QUESTIONS = Path(__file__).parents[2] / "questions"
NATO = "nato-us-europe-2016.yaml"


@pytest.fixture
def nato(tmp_path: Path) -> Path:
    shutil.copytree(QUESTIONS, tmp_path / "questions")
    return tmp_path / "questions" / NATO


def editor(app: EditorApp) -> EditorScreen:
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    return screen


async def opened(app: EditorApp, pilot) -> EditorScreen:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
    screen = editor(app)
    await wait_for(pilot, lambda: screen.document is not None and screen.checks >= 1)
    await wait_for(pilot, lambda: bool(screen.query("#field-prompt")))
    return screen


def problems_of(screen: EditorScreen, name: str) -> str:
    return str(screen.query_one(f"#problems-{name}", Static).render())


async def settled(pilot, screen: EditorScreen) -> None:  # type: ignore[no-untyped-def]
    """Wait until the typed edits are applied and checked."""
    await pilot.pause()
    await wait_for(pilot, lambda: screen.settled)
    await pilot.pause()


async def test_open_and_save_unchanged_is_identical(nato: Path) -> None:
    before = nato.read_bytes()
    app = EditorApp(nato)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.document.dirty  # type: ignore[union-attr]
    assert nato.read_bytes() == before
    assert not nato.with_name(NATO + ".bak").exists()


async def test_edit_one_field_and_save_changes_only_its_line(nato: Path) -> None:
    before = nato.read_text(encoding="utf-8")
    app = EditorApp(nato)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("enter")  # the first question's form, cursor in its first field
        prompt = screen.query_one("#field-prompt", Input)
        prompt.focus()
        await pilot.press("end", *" Really?")
        await settled(pilot, screen)
        assert "unsaved" in screen.sub_title
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: nato.read_text(encoding="utf-8") != before)
    old = "what was Jens Stoltenberg's job?\""
    assert nato.read_text(encoding="utf-8") == before.replace(old, old[:-1] + ' Really?"', 1)
    assert nato.with_name(NATO + ".bak").read_text(encoding="utf-8") == before
    assert not autosave_path(nato).exists()


async def test_problems_appear_next_to_their_field(nato: Path) -> None:
    app = EditorApp(nato)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("down", "down")  # the third question, `newspaper`
        await wait_for(pilot, lambda: screen.index == 2)
        await wait_for(pilot, lambda: bool(screen.query("#field-answer")))
        answer = screen.query_one("#field-answer", Input)
        answer.focus()
        await pilot.press("end", *" Weekly")
        await settled(pilot, screen)
        assert "is not one of the choices" in problems_of(screen, "answer")
        assert problems_of(screen, "prompt") == ""
        row = screen.query_one(QuestionList).get_option_at_index(2).prompt
        assert "\u26a01" in str(row)
        await pilot.press(*["backspace"] * 7)
        await settled(pilot, screen)
        assert problems_of(screen, "answer") == ""


async def test_build_a_pack_of_every_kind_from_nothing_with_quotes_from_the_source(
    tmp_path: Path,
) -> None:
    """One question of each of the nine kinds, typed into the form's fields as a teacher
    would (lists one item a line, a right option marked `* `, pairs `left => right`), each
    quote picked from the source pane; the saved pack validates with no error."""
    from game.kinds import names

    shutil.copytree(QUESTIONS / "sources", tmp_path / "sources")
    path = tmp_path / "mine.yaml"
    path.write_text(
        "format: civic-quiz/1\nid: mine\ntitle: Mine\nsource:\n"
        "  title: NATO\n  publisher: DW\n  published: 2016-11-13\n"
        "  file: sources/nato-us-europe-2016.txt\nquestions: []\n",
        encoding="utf-8",
    )
    app = EditorApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = editor_screen = await wait_open_empty(app, pilot)
        # A truefalse question: its prompt typed, its answer picked, its quote from the pane.
        await add_question(pilot, screen, "truefalse")
        await type_into(pilot, screen, "prompt", "Stoltenberg wrote in The Observer.")
        screen.query_one("#field-answer", Select).value = "true"
        await settled(pilot, screen)
        await pick_sentence(pilot, screen, "The secretary-general wrote in")
        # An evidence question: Enter on a sentence sets its supporting sentence.
        await add_question(pilot, screen, "evidence")
        await type_into(pilot, screen, "prompt", "Which sentence supports the claim?")
        await type_into(pilot, screen, "claim", "NATO helped the US after 9/11.")
        await pick_sentence(pilot, screen, "The only time NATO has invoked")
        # A claim question: Enter sets its statement.
        await add_question(pilot, screen, "claim")
        await type_into(pilot, screen, "prompt", "What kind of statement is this?")
        await type_into(pilot, screen, "answer", "opinion")
        await pick_sentence(pilot, screen, "We need Europeans to shoulder")
        # A choice question: its options typed one a line, the right one marked `* `.
        await add_question(pilot, screen, "choice")
        await type_into(pilot, screen, "prompt", "Where was the EU summit?")
        await type_lines(pilot, screen, "choices", ["* Brussels", "Paris", "Rome"])
        await pick_sentence(pilot, screen, "Stoltenberg's article came ahead")
        # A multi question: two right options.
        await add_question(pilot, screen, "multi")
        await type_into(pilot, screen, "prompt", "Who need each other, says Stoltenberg?")
        await type_lines(pilot, screen, "choices", ["* the US", "* Europe", "Russia", "China"])
        await pick_sentence(pilot, screen, "NATO leader Jens Stoltenberg warned")
        # A numeric question: a number and its unit.
        await add_question(pilot, screen, "numeric")
        await type_into(pilot, screen, "prompt", "What is NATO's spending target, in % of GDP?")
        await type_into(pilot, screen, "answer", "2")
        await type_into(pilot, screen, "unit", "percent")
        await pick_sentence(pilot, screen, "Many member nations have struggled")
        # A text question: the answers accepted, one a line.
        await add_question(pilot, screen, "text")
        await type_into(pilot, screen, "prompt", "In which newspaper did Stoltenberg write?")
        await type_lines(pilot, screen, "answer", ["The Observer", "Observer"])
        await pick_sentence(pilot, screen, "The secretary-general wrote in")
        # An order question: its items in their right order, one a line.
        await add_question(pilot, screen, "order")
        await type_into(pilot, screen, "prompt", "Put these in the order they happened.")
        await type_lines(
            pilot, screen, "items", ["The 9/11 attacks", "Trump's election", "The EU summit"]
        )
        await pick_sentence(pilot, screen, "Stoltenberg's article came ahead")
        # A match question: its pairs `left => right`.
        await add_question(pilot, screen, "match")
        await type_into(pilot, screen, "prompt", "Match each person to the role.")
        await type_lines(
            pilot,
            screen,
            "pairs",
            ["Jens Stoltenberg => NATO leader", "Donald Trump => US president-elect"],
        )
        await pick_sentence(pilot, screen, "Secretary-General Jens Stoltenberg has written")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not editor_screen.document.dirty)  # type: ignore[union-attr]
    questions = parse(path.read_text(encoding="utf-8")).data["questions"]
    by_kind = {q["type"]: q for q in questions}
    assert sorted(by_kind) == sorted(names()) and len(questions) == 9
    assert by_kind["truefalse"]["quote"].startswith("The secretary-general wrote in")
    assert by_kind["evidence"]["answer"].startswith('"The only time NATO has invoked')
    assert "quote" not in by_kind["evidence"]
    assert by_kind["claim"]["statement"].startswith('"We need Europeans to shoulder')
    # `"...," the former Norwegian prime minister said`: the speaker, by the draft rules.
    assert by_kind["claim"]["speaker"] == "Jens Stoltenberg"
    assert by_kind["choice"]["choices"] == [
        {"text": "Brussels", "correct": "true"},
        "Paris",
        "Rome",
    ]
    multi = by_kind["multi"]["choices"]
    assert [c["text"] for c in multi[:2]] == ["the US", "Europe"] and multi[2:] == [
        "Russia",
        "China",
    ]
    assert float(by_kind["numeric"]["answer"]) == 2 and by_kind["numeric"]["unit"] == "percent"
    assert by_kind["text"]["answer"] == ["The Observer", "Observer"]
    assert by_kind["order"]["items"][0] == "The 9/11 attacks"
    assert by_kind["match"]["pairs"][1] == {"left": "Donald Trump", "right": "US president-elect"}
    for kind in ("choice", "multi", "numeric", "text", "order", "match"):
        assert by_kind[kind]["quote"], kind
    checked = check_pack_file(path)
    assert checked.pack is not None and len(checked.pack.questions) == 9
    errors = [p for p in checked.errors]
    assert errors == [], [p.format() for p in errors]


async def wait_open_empty(app: EditorApp, pilot) -> EditorScreen:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
    screen = editor(app)
    await wait_for(pilot, lambda: screen.document is not None)
    return screen


async def add_question(pilot, screen: EditorScreen, kind: str) -> None:  # type: ignore[no-untyped-def]
    count = len(screen.document.questions())  # type: ignore[union-attr]
    screen.query_one(QuestionList).focus()
    await pilot.press("n")
    await wait_for(pilot, lambda: len(screen.document.questions()) == count + 1)  # type: ignore[union-attr]
    await wait_for(pilot, lambda: bool(screen.query("#field-type")))
    if screen.query_one("#field-type", Select).value != kind:
        screen.query_one("#field-type", Select).value = kind
        await wait_for(
            pilot,
            lambda: (
                screen.document.questions()[screen.index].get("type") == kind  # type: ignore[union-attr]
                and bool(screen.query("#field-prompt"))
            ),
        )
        await pilot.pause()


async def type_into(pilot, screen: EditorScreen, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    field = screen.query_one(f"#field-{name}", Input)
    field.focus()
    field.value = ""
    # The start goes in as a paste would, the last keys are pressed: each field is still
    # typed into key by key, without a minute of key presses for the nine kinds' texts.
    field.insert_text_at_cursor(text[:-4])
    await pilot.press(*text[-4:])
    await settled(pilot, screen)
    assert screen.document.questions()[screen.index].get(name) == text  # type: ignore[union-attr]


async def type_lines(pilot, screen: EditorScreen, name: str, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Type a list field's lines, Enter between them, as a teacher types them."""
    from textual.widgets import TextArea

    area = screen.query_one(f"#field-{name}", TextArea)
    area.focus()
    await pilot.press("ctrl+a") if area.text else None
    assert area.text == "", area.text
    for number, line in enumerate(lines):
        await pilot.press(*(["enter"] if number else []))
        area.insert(line[:-2])  # as in type_into: the start pasted, the last keys pressed
        await pilot.press(*line[-2:])
    await settled(pilot, screen)
    assert area.text == "\n".join(lines)
    assert screen.document.questions()[screen.index].get(name), name  # type: ignore[union-attr]


async def pick_sentence(pilot, screen: EditorScreen, start: str) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: screen.query_one("#sentences", OptionList).option_count > 0)
    await pilot.press("tab") if screen.part != "source-pane" else None
    while screen.part != "source-pane":
        await pilot.press("tab")
    sentences = screen.query_one("#sentences", OptionList)
    sentences.focus()
    index = next(
        n
        for n in range(sentences.option_count)
        if start in str(sentences.get_option_at_index(n).prompt)
    )
    sentences.highlighted = index
    await pilot.press("enter")
    await settled(pilot, screen)
    assert "\u25b6" in str(sentences.get_option_at_index(index).prompt)


async def test_narrow_terminal_shows_one_part_at_a_time(nato: Path) -> None:
    app = EditorApp(nato)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        assert screen.has_class("-narrow")
        assert screen.query_one("#question-list").display
        assert not screen.query_one("#source-pane").display
        await pilot.press("tab")
        await wait_for(pilot, lambda: screen.part == "question-form")
        assert screen.query_one("#question-form").display
        assert not screen.query_one("#question-list").display
        await pilot.press("tab")
        await wait_for(pilot, lambda: screen.query_one("#source-pane").display)
        await pilot.press("shift+tab", "shift+tab")
        await wait_for(pilot, lambda: screen.part == "question-list")


async def test_a_late_focus_event_does_not_take_the_part_back(nato: Path) -> None:
    """Tab and Shift+Tab pressed faster than focus events arrive: the focus event of the
    part left (here the source pane's, delivered after Shift+Tab) must not make it the
    current part again, which hid the form the key had just shown."""
    from textual.events import DescendantFocus

    app = EditorApp(nato)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("tab", "tab")
        await wait_for(pilot, lambda: screen.part == "source-pane")
        sentences = screen.query_one("#sentences", OptionList)
        await wait_for(pilot, lambda: screen.focused is sentences)
        screen.action_part(-1)
        screen.post_message(DescendantFocus(sentences))  # the late one
        await pilot.pause()
        await wait_for(pilot, lambda: screen.focused is not sentences)
        await pilot.pause()
        assert screen.part == "question-form"
        assert screen.query_one("#question-form").display
        assert not screen.query_one("#source-pane").display
        assert screen.focused is not None
        assert screen.query_one("#question-form") in screen.focused.ancestors


async def test_quitting_with_unsaved_changes_asks(nato: Path) -> None:
    before = nato.read_bytes()
    app = EditorApp(nato)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        screen.query_one("#field-prompt", Input).focus()
        await pilot.press("end", "!")
        await settled(pilot, screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, EditorScreen))
        await pilot.press("n")  # keep editing
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        assert screen.document.dirty  # type: ignore[union-attr]
    assert nato.read_bytes() == before


async def test_pack_check_links_to_the_question(nato: Path) -> None:
    app = EditorApp(nato)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        screen.query_one(QuestionList).focus()
        await pilot.press("c")  # a copy: its answer leaks into the original and back
        await wait_for(pilot, lambda: len(screen.document.questions()) == 25)  # type: ignore[union-attr]
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: bool(app.screen.query("#problem-list")))
        problems = app.screen.query_one("#problem-list", OptionList)
        target = next(
            n
            for n in range(problems.option_count)
            if "stoltenberg-office-2]" in str(problems.get_option_at_index(n).prompt)
        )
        problems.highlighted = target
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen) and screen.index == 1)


async def test_e_on_the_home_screen_opens_it_but_never_when_served(
    tmp_path: Path, packs: Path
) -> None:
    from textual.command import CommandPalette

    from game.ui.screens.home import HomeScreen
    from tests.ui.helpers import make_app, screen_text

    app = make_app(tmp_path, packs=packs)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, EditorScreen))
        screen = editor(app)
        assert screen.path == app.catalog.entries[0].path
        await wait_for(pilot, lambda: screen.document is not None)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
    served = make_app(tmp_path, packs=packs, served=True)
    async with served.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(served.screen, HomeScreen))
        await pilot.press("e")
        assert not any(isinstance(s, EditorScreen) for s in served.screen_stack)
        served.action_edit(served.catalog.entries[0].path)  # pushed at once, or never
        assert not any(isinstance(s, EditorScreen) for s in served.screen_stack)
        await pilot.press("ctrl+p", *"edit pack")
        await wait_for(pilot, lambda: isinstance(served.screen, CommandPalette))
        await wait_for(pilot, lambda: "No matches found" in screen_text(served))


async def test_a_killed_editor_loses_nothing(nato: Path) -> None:
    """Typing, then SIGKILL before saving (a real process of its own): the next editor
    offers the autosave with what differs, and recovering it keeps the typed text."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from game.ui.editor.dialogs import RecoveryDialog
    from tests.conftest import REPO
    from tests.ui.editor_worker import TYPED

    before = nato.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.editor_worker", str(nato)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )
    try:
        assert worker.stdout is not None
        deadline = time.monotonic() + 120
        line = ""
        while "AUTOSAVED" not in line and time.monotonic() < deadline:
            line = worker.stdout.readline()
            if not line and worker.poll() is not None:
                break
        assert "AUTOSAVED" in line, worker.stderr.read() if worker.stderr else ""
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    assert worker.returncode == -signal.SIGKILL
    assert nato.read_bytes() == before  # never saved

    app = EditorApp(nato)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RecoveryDialog))
        dialog = app.screen
        assert isinstance(dialog, RecoveryDialog)
        assert f'{TYPED}"' in dialog.diff and dialog.diff.count("\n+ ") <= 1
        await pilot.press("y")
        screen = await opened(app, pilot)
        assert TYPED in screen.document.questions()[0]["prompt"]  # type: ignore[union-attr]
        assert "unsaved" in screen.sub_title or screen.document.dirty  # type: ignore[union-attr]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: nato.read_bytes() != before)
    assert TYPED.encode() in nato.read_bytes()
    assert not autosave_path(nato).exists()


async def test_d_drafts_from_the_sentence_and_x_discards(nato: Path) -> None:
    app = EditorApp(nato)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        count = len(screen.document.questions())  # type: ignore[union-attr]
        await wait_for(pilot, lambda: screen.query_one("#sentences", OptionList).option_count > 0)
        sentences = screen.query_one("#sentences", OptionList)
        sentences.focus()
        sentences.highlighted = next(
            n
            for n in range(sentences.option_count)
            if "We need Europeans" in str(sentences.get_option_at_index(n).prompt)
        )
        await pilot.press("d")
        await wait_for(
            pilot,
            lambda: len(screen.document.questions()) > count,  # type: ignore[union-attr]
            seconds=30,
        )
        added = len(screen.document.questions()) - count  # type: ignore[union-attr]
        assert screen.index == 1  # below the question that was selected
        assert screen.document.questions()[1]["draft"] == "true"  # type: ignore[union-attr]
        assert "\u270e" in str(screen.query_one(QuestionList).get_option_at_index(1).prompt)
        screen.query_one(QuestionList).focus()
        await pilot.press("a")  # its explanation is still TODO: not accepted
        await pilot.pause()
        assert screen.document.questions()[1]["draft"] == "true"  # type: ignore[union-attr]
        for _ in range(added):
            await pilot.press("x")
        await wait_for(pilot, lambda: len(screen.document.questions()) == count)  # type: ignore[union-attr]
        assert not screen.document.dirty  # type: ignore[union-attr]


async def test_the_source_pane_follows_the_questions_source(nato: Path) -> None:
    app = EditorApp(nato)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        title = screen.query_one("#source-title", Static)
        await wait_for(pilot, lambda: str(title.render()).startswith("dw:"))
        questions = screen.document.questions()  # type: ignore[union-attr]
        treaty = next(n for n, q in enumerate(questions) if q.get("source") == "treaty")
        screen.query_one(QuestionList).highlighted = treaty
        await wait_for(pilot, lambda: str(title.render()).startswith("treaty:"), seconds=20)
        sentences = screen.query_one("#sentences", OptionList)
        await wait_for(
            pilot,
            lambda: any(
                "\u25b6" in str(sentences.get_option_at_index(n).prompt)
                for n in range(sentences.option_count)
            ),
        )


async def test_typing_relayouts_nothing(nato: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A key in a field repaints that field only: no layout of the whole screen (its cost
    grows with the pack), neither for the key nor for problems that did not change."""
    from textual.screen import Screen

    app = EditorApp(nato)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        prompt = screen.query_one("#field-prompt", Input)
        prompt.focus()
        await pilot.press("end")
        await settled(pilot, screen)
        await pilot.pause(0.2)
        layouts: list[int] = []
        real = Screen._refresh_layout

        def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(1)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        await pilot.press(*"abc")
        await pilot.pause()
        assert prompt.value.endswith("abc")
        assert layouts == []
        await settled(pilot, screen)
        assert screen.document.questions()[0]["prompt"].endswith("abc")  # type: ignore[union-attr]
        assert len(layouts) <= 1  # the list's row, at most


async def test_p_previews_the_question_and_stores_nothing(nato: Path) -> None:
    """p plays the question in the game's answer widget, shows the game's feedback, and
    closes back to the editor; no database file is created anywhere."""
    import os

    from game.ui.editor.preview import PreviewScreen
    from game.ui.widgets.choice import ChoiceAnswer
    from game.ui.widgets.feedback import FeedbackPanel

    home = Path(os.environ["HOME"])
    before = {p for p in home.rglob("*") if p.is_file()}
    app = EditorApp(nato)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        choices = preview.query_one(ChoiceAnswer)
        assert "Stoltenberg" in str(preview.query_one("#prompt", Static).render())
        right = preview.played.options.index("NATO Secretary-General") + 1
        assert app.focused is choices
        await pilot.press(str(right))
        await wait_for(pilot, lambda: bool(preview.query(FeedbackPanel)))
        verdict = str(preview.query_one(".verdict", Static).render())
        assert "Correct" in verdict and "Wrong" not in verdict
        assert preview.outcome is not None and preview.outcome.correct
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        # A wrong answer is said to be wrong.
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PreviewScreen))
        wrong = 1 if right != 1 else 2
        await pilot.press(str(wrong))
        await wait_for(pilot, lambda: bool(app.screen.query(FeedbackPanel)))
        assert "Wrong" in str(app.screen.query_one(".verdict", Static).render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
    after = {p for p in home.rglob("*") if p.is_file()}
    assert not [p for p in after - before if p.suffix in (".db", ".sqlite", ".sqlite3")]
    assert not list(nato.parent.rglob("*.db"))


def test_the_list_marks_unsourced_questions() -> None:
    from game.ui.widgets.question_list import row_text

    bare = {"id": "gift-1", "type": "choice", "prompt": "?"}
    assert "\u2205" in row_text(bare, None).plain
    assert "\u2205" not in row_text({**bare, "quote": "It was so."}, None).plain
    claim = {"id": "c", "type": "claim", "statement": "NATO is strong."}
    assert "\u2205" not in row_text(claim, None).plain


async def test_ctrl_o_adds_a_source_and_shows_it(nato: Path, tmp_path: Path) -> None:
    """ctrl+o runs `source add` on a text file: the report says what was found, the pack
    names the new source, and the source pane shows its sentences."""
    from game.authoring.editing import source_ids
    from game.ui.editor.dialogs import PathDialog, ReportDialog
    from game.ui.widgets.source_pane import SourcePane

    article = tmp_path / "summit.txt"
    article.write_text(
        "Leaders meet in Brussels\n\nThe leaders of the alliance met in Brussels on Monday."
        " They agreed to raise spending on defence over the next ten years.\n",
        encoding="utf-8",
    )
    app = EditorApp(nato)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        before = source_ids(screen.document)  # type: ignore[arg-type]
        # A missing file: one line, nothing changed.
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, PathDialog))
        app.screen.query_one("#path", Input).value = str(tmp_path / "gone.txt")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.pause(0.2)
        assert source_ids(screen.document) == before  # type: ignore[arg-type]
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, PathDialog))
        app.screen.query_one("#path", Input).value = str(article)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportDialog), seconds=20)
        report = "\n".join(app.screen.lines)  # type: ignore[attr-defined]
        assert "a text file; kept" in report and "added the source" in report
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        after = source_ids(screen.document)  # type: ignore[arg-type]
        assert len(after) == len(before) + 1
        new = after[-1]
        pane = screen.query_one(SourcePane)
        await wait_for(pilot, lambda: any("Brussels" in s.text for s in pane.sentences))
        assert str(screen.query_one("#source-title", Static).render()).startswith(new)
        # The question's quote is from the pack's first source: not flagged as missing here.
        status = str(screen.query_one("#source-status", Static).render())
        assert "this question quotes" in status and "not in the source" not in status
    assert new in nato.read_text(encoding="utf-8")


HOSTILE = (
    "The minister said \u202eesrever\u202c \x1b[2Jnothing"
    " \x1b]8;;http://evil.example\x07click\x1b]8;;\x07 and [bold]x[/bold] today."
)
"""A source sentence with a bidi override, a clear-screen, an OSC 8 link and markup."""


def shown_text(widget: Widget) -> str:
    """What a widget sends to the screen: its rendered lines' characters."""
    return "\n".join(
        "".join(segment.text for segment in widget.render_line(y))
        for y in range(widget.size.height)
    )


async def test_a_hostile_source_is_shown_as_text_never_interpreted(tmp_path: Path) -> None:
    """A source holding terminal escapes, a bidi override and markup: the source pane and
    the form show them as the app shows pack text (`\\x1b`, `\\u202e`, the brackets
    literally); none reaches the screen raw, and the quote picked from it gets validate's
    own error next to the field."""
    from game.util.textsafe import printable
    from tests.ui.helpers import screen_text

    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.txt").write_text(
        f"A title\n\n{HOSTILE} Then the talks ended on Monday.\n", encoding="utf-8"
    )
    path = tmp_path / "p.yaml"
    path.write_text(
        "format: civic-quiz/1\nid: p\ntitle: P\nsource:\n  title: A\n  publisher: X\n"
        "  published: 2016-11-13\n  file: sources/a.txt\nquestions:\n  - id: q1\n"
        '    type: truefalse\n    prompt: "Did the talks end?"\n    answer: true\n'
        '    quote: "Then the talks ended on Monday."\n',
        encoding="utf-8",
    )
    app = EditorApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await opened(app, pilot)
        await wait_for(pilot, lambda: screen.query_one("#sentences", OptionList).option_count > 2)
        sentences = screen.query_one("#sentences", OptionList)
        row = str(sentences.get_option_at_index(1).prompt)
        assert printable(HOSTILE) in row and "[bold]x[/bold]" in row
        await pick_sentence(pilot, screen, "The minister said")
        quote = screen.query_one("#field-quote", Input)
        assert quote.value == printable(HOSTILE)
        assert "said \\u202eesrever\\u202c \\x1b[2J" in shown_text(quote)
        on_screen = screen_text(app)
        assert "[bold]x[/bold]" in on_screen and "\\x1b]8;;http://evil.example\\x07" in on_screen
        for raw in ("\x1b", "\x07", "\u202e", "\u202c"):
            assert raw not in shown_text(quote) + shown_text(sentences), repr(raw)
            assert raw not in on_screen and raw not in app.export_screenshot(), repr(raw)
        # The document holds the sentence as picked: validate's refusal, next to the field.
        assert "control character ESC (U+001B)" in problems_of(screen, "quote")
        # A field shown escaped and left alone is not an edit.
        edits = screen.edits
        quote.focus()
        await pilot.press("end")
        await settled(pilot, screen)
        assert screen.edits == edits
