"""At 70x16 every kind of question can be answered with keys alone: the body scrolls, the
row the arrows reach stays on screen, and a match's "missing" message is seen; snapshots of a
match, a long choice list and the hot-seat dialog at 70x16, 80x24 and 120x40."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import OptionList

from game.ui.app import QuizApp
from game.ui.widgets.feedback import FeedbackPanel
from game.ui.widgets.sentences import SentenceAnswer
from tests.ui.helpers import (
    TYPES,
    asking,
    make_app,
    pack_data,
    play,
    right_keys,
    screen_text,
    showing_feedback,
    text_of,
    wait_for,
    write_pack,
    write_packs,
)
from tests.ui.test_media_kinds import key_of, media_packs

SMALL = (70, 16)
Snap = Callable[..., bool]

LONG_CHOICE: dict[str, Any] = {
    "id": "long-choice",
    "type": "choice",
    "prompt": "Which of these did the op-ed say about Europe's defence spending and NATO's"
    " future, in the words of its author?",
    "choices": [
        {
            "text": "Going it alone is not an option for Europe or for the United States",
            "correct": True,
        },
        "Europe should build an army of its own without the United States, at once",
        "NATO has no future after the American election of November 2016",
        "Defence spending should fall to one percent of GDP by the end of the decade",
        "The alliance should move its headquarters from Brussels to Washington",
        "Only the United Kingdom spends enough on defence among the European allies",
    ],
    "explanation": "As written.",
}

LONG_MATCH: dict[str, Any] = {
    "id": "long-match",
    "type": "match",
    "prompt": "Match each person named in the op-ed with the country or body they led.",
    "pairs": [
        {"left": "Stoltenberg", "right": "NATO"},
        {"left": "Trump", "right": "USA"},
        {"left": "Juncker", "right": "European Commission"},
        {"left": "Merkel", "right": "Germany"},
        {"left": "Hollande", "right": "France"},
    ],
    "explanation": "As in the article.",
}

MISSING_BCDE = "Give every row a match first (missing: B, C, D, E)."


@pytest.fixture
def small_packs(tmp_path: Path) -> Path:
    folder = write_packs(tmp_path / "packs")
    write_pack(folder, pack_data("long-choice", [LONG_CHOICE], title="Long choice"))
    write_pack(folder, pack_data("long-match", [LONG_MATCH], title="Long match"))
    return folder


def on_screen(app: QuizApp, text: str) -> bool:
    """Whether `text` is shown whole on one line of the screen."""
    return any(text in line for line in screen_text(app).splitlines())


def highlighted_text(app: QuizApp) -> str:
    """The first words of the focused list's highlighted row (as it is drawn)."""
    options = app.focused
    assert isinstance(options, OptionList) and options.highlighted is not None
    if isinstance(options, SentenceAnswer):  # a sentence wraps: its first words
        return f"{options.highlighted + 1}. {options.texts[options.highlighted][:20]}"
    prompt = options.get_option_at_index(options.highlighted).prompt
    assert isinstance(prompt, Text), prompt
    return prompt.plain[:30]


async def answer_and_check(pilot: Any, app: QuizApp, keys: list[str]) -> None:
    """Press the keys; every row the arrows reach is on screen; then the verdict is."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        if key in ("up", "down") and isinstance(app.focused, OptionList):
            assert on_screen(app, highlighted_text(app)), screen_text(app)
    await wait_for(pilot, lambda: showing_feedback(app))
    panel = app.screen.query_one(FeedbackPanel)
    assert text_of(panel.query_one(".verdict")).startswith("\u2713 Correct")
    assert on_screen(app, "\u2713 Correct"), screen_text(app)


@pytest.mark.parametrize("kind", TYPES)
async def test_every_kind_is_answered_with_keys_at_70x16(
    tmp_path: Path, small_packs: Path, kind: str
) -> None:
    app = make_app(tmp_path, packs=small_packs, request=play(f"one-{kind}"))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: asking(app))
        await pilot.pause()
        assert app.session is not None
        if isinstance(app.focused, OptionList):
            assert on_screen(app, highlighted_text(app)), screen_text(app)
        else:  # a typed answer: its input is on screen
            assert app.focused is not None and app.focused.region.bottom <= SMALL[1] - 1
        await answer_and_check(pilot, app, right_keys(app.session.current))


async def test_a_long_choice_list_is_walked_with_the_arrows_at_70x16(
    tmp_path: Path, small_packs: Path
) -> None:
    app = make_app(tmp_path, packs=small_packs, request=play("long-choice"))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: asking(app))
        await pilot.pause()
        assert app.session is not None
        options = list(app.session.current.options)
        right = options.index(LONG_CHOICE["choices"][0]["text"])
        keys = ["down"] * (len(options) - 1) + ["up"] * (len(options) - 1 - right) + ["enter"]
        await answer_and_check(pilot, app, keys)


async def test_a_long_match_shows_its_rows_and_what_is_missing_at_70x16(
    tmp_path: Path, small_packs: Path
) -> None:
    app = make_app(tmp_path, packs=small_packs, request=play("long-match"))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: asking(app))
        await pilot.pause()
        assert app.session is not None
        played = app.session.current
        assert on_screen(app, highlighted_text(app)), screen_text(app)
        await pilot.press("1", "enter")  # one row matched, four missing
        await wait_for(pilot, lambda: on_screen(app, MISSING_BCDE))
        await pilot.press("up")
        keys = right_keys(played)
        await answer_and_check(pilot, app, keys)


@pytest.mark.parametrize("question", ["clause-once", "going-alone", "fair-share"])
async def test_evidence_and_claims_are_answered_at_70x16(tmp_path: Path, question: str) -> None:
    folder = media_packs(tmp_path / "media")
    app = make_app(tmp_path, packs=folder, request=play(f"one-{question}"))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: asking(app))
        await pilot.pause()
        assert app.session is not None
        played = app.session.current
        right = int(key_of(played, True))
        options = app.focused
        assert isinstance(options, OptionList)
        start = -1 if options.highlighted is None else options.highlighted  # none yet: -1
        last = len(played.options) - 1
        keys = ["down"] * (last - start) + ["up"] * (last - (right - 1))
        await answer_and_check(pilot, app, [*keys, "enter"])


SIZES = [(70, 16), (80, 24), (120, 40)]


def settled(condition: Callable[[QuizApp], bool]) -> Callable[[Any], Any]:
    """A snapshot's `run_before`: wait for the state, then for the scroll that follows."""

    async def run_before(pilot: Any) -> None:
        await wait_for(pilot, lambda: condition(pilot.app))
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("pack", ["long-match", "long-choice"])
def test_snapshot_of_a_long_question(
    snap_compare: Snap, tmp_path: Path, small_packs: Path, pack: str, size: tuple[int, int]
) -> None:
    app = make_app(tmp_path, packs=small_packs, request=play(pack))
    assert snap_compare(app, terminal_size=size, run_before=settled(asking))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_snapshot_of_the_hot_seat_dialog(
    snap_compare: Snap, tmp_path: Path, small_packs: Path, size: tuple[int, int]
) -> None:
    from game.ui.dialogs.players import PlayersDialog

    app = make_app(tmp_path, packs=small_packs)

    async def run_before(pilot: Any) -> None:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayersDialog))
        await pilot.press("ctrl+u", *"Ada", "enter", *"ada", "enter", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
