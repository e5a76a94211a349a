"""Helpers for the app tests: small packs written to a folder, a fake clock, the keys that
answer a question, and waiting on a condition."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import html
import re
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from rich.cells import cell_len
from textual._compositor import LayoutUpdate
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget

from game.kinds import KINDS, kind_of
from game.play.launch import GameRequest
from game.play.lesson import Lesson
from game.play.session import PlayedQuestion
from game.ui import factory
from game.ui.answers import answer_entry
from game.ui.app import QuizApp

AppT = TypeVar("AppT", bound=App[Any])

NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
"""The fixed time of every test game (noon UTC: the same date in any time zone)."""

QUESTIONS: dict[str, dict[str, Any]] = {
    name: question for name, kind in KINDS.items() if (question := kind.sample()) is not None
}
"""One question of each kind that needs no source text (`Kind.sample`), in the pack format."""

TYPES = tuple(QUESTIONS)
"""Those kinds' names, in the registry's order."""

MARKUP = "[bold]x[/bold] [@click=app.quit]y[/]"
"""Text that Textual would obey if it were ever read as markup."""


def pack_data(
    pack_id: str, questions: Iterable[dict[str, Any]], *, title: str | None = None, **defaults: Any
) -> dict[str, Any]:
    """A pack as data: a source of 13 November 2016 and the questions given."""
    data: dict[str, Any] = {
        "format": "civic-quiz/1",
        "id": pack_id,
        "title": title or pack_id.replace("-", " ").capitalize(),
        "source": {
            "publisher": "DW",
            "title": "NATO: US, Europe need each other",
            "published": dt.date(2016, 11, 13),
        },
    }
    if defaults:
        data["defaults"] = defaults
    data["questions"] = [copy.deepcopy(q) for q in questions]
    return data


def write_pack(folder: Path, data: dict[str, Any]) -> Path:
    """Write a pack as YAML into `folder`, named after its id."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_packs(folder: Path) -> Path:
    """The test packs: `one-<type>` for each type, `every-type`, and a broken pack."""
    for kind in TYPES:
        write_pack(folder, pack_data(f"one-{kind}", [QUESTIONS[kind]], title=f"Only {kind}"))
    write_pack(folder, pack_data("every-type", QUESTIONS.values(), title="Every type"))
    (folder / "broken.yaml").write_text(
        "format: civic-quiz/1\nid: broken\ntitle: Broken\nquestions:\n"
        "  - id: q1\n    type: choice\n    promt: Where?\n",
        encoding="utf-8",
    )
    return folder


class FakeClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.now += seconds


def start_game(
    db_path: Path,
    packs: Path,
    pack_id: str,
    player: str,
    *,
    answers: int | None = None,
    mode: str = "classic",
    right: bool = True,
    submit: bool = True,
) -> int:
    """Play a game through the core (no UI), for the screens that list games: `answers`
    questions (all of them by default, finishing it: an exam is submitted from its review
    unless `submit` is False); returns the player's score."""
    from game.packs.catalog import load_catalog
    from game.play.launch import build_session
    from game.store import ScoreStore
    from tests.sample_packs import right_answer, wrong_answer

    answer = right_answer if right else wrong_answer
    request = GameRequest(packs=(pack_id,), players=(player,), mode=mode, seed=7)  # type: ignore[arg-type]
    with ScoreStore(db_path) as store:
        catalog = load_catalog([packs])
        session = build_session(request, catalog, store, clock=FakeClock(), now=lambda: NOW)
        left = len(session.played) if answers is None else answers
        while not session.is_over and (left or session.state == "feedback"):
            if session.state == "feedback":
                session.advance()
                continue
            session.answer(answer(session.current))
            left -= 1
        if session.in_review and submit:
            session.submit()
        return session.player.score


def make_app(
    tmp_path: Path,
    *,
    request: GameRequest | None = None,
    packs: Path | None = None,
    clock: FakeClock | None = None,
    db_path: Path | None = None,
    served: bool = False,
    lesson: Lesson | None = None,
) -> QuizApp:
    """An app on a database and packs in `tmp_path`, with a fake clock and a fixed date,
    built by the factory the command line uses (`game.ui.factory.make_app`)."""
    folder = packs if packs is not None else tmp_path / "packs"
    if packs is None and not folder.exists():
        write_packs(folder)
    app = factory.make_app(
        db_path=db_path or tmp_path / "scores.sqlite3",
        pack_folders=[folder],
        request=request,
        clock=clock or FakeClock(),
        now=lambda: NOW,
        served=served,
        settings_path=tmp_path / "settings.toml",
        lesson=lesson,
    )
    return record_notifications(app)


def play(pack: str, *, mode: str = "classic", players: tuple[str, ...] = ("Ada",)) -> GameRequest:
    """A request for a game of one pack with a fixed seed."""
    return GameRequest(packs=(pack,), players=players, mode=mode, seed=7)  # type: ignore[arg-type]


def right_keys(played: PlayedQuestion) -> list[str]:
    """The keys that give the fully correct answer to a question on screen."""
    return answer_entry(played).keys(played, kind_of(played.question).sample_answer(played, True))


def wrong_keys(played: PlayedQuestion) -> list[str]:
    """The keys that give an answer worth nothing."""
    return answer_entry(played).keys(played, kind_of(played.question).sample_answer(played, False))


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], *, seconds: float = 5) -> None:
    """Let the app run until `condition` holds (AssertionError after `seconds`)."""
    step = 0.02
    for _ in range(int(seconds / step)):
        if condition():
            return
        await pilot.pause(step)
    assert condition(), "the app never reached the expected state"


SCREENSHOT_TEXT = re.compile(
    r'<text class="[^"]*" x="([0-9.]+)" y="[0-9.]+" textLength="[0-9.]+"'
    r' clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)
"""A run of text in Textual's SVG screenshot: its x, its line and its (escaped) characters."""
CELL_WIDTH = 12.2
"""The width of one cell in the screenshot (Rich's 20 px font, 0.61 of it a cell)."""


def screen_text(app: App[Any]) -> str:
    """The characters on screen, line by line (what a player sees, without styles): the
    full update `App.export_screenshot` renders (a dialog over the screen below it), read
    as text rather than drawn as SVG and parsed back, which took 25 times as long, in
    every wait for a text. `svg_screen_text` reads the screenshot itself, and a test
    checks that the two agree."""
    screen = app.screen
    update = screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, LayoutUpdate)
    rows = ("".join(strip.text for strip in line) for line in update.strips)
    return "\n".join(row.replace("\xa0", " ") for row in rows)


def svg_screen_text(app: App[Any]) -> str:
    """`screen_text`, read from Textual's public SVG screenshot of the screen."""
    width, height = app.size
    rows: list[list[str]] = [[" "] * width for _ in range(height)]
    for x, line, escaped in SCREENSHOT_TEXT.findall(app.export_screenshot()):
        row, column = rows[int(line)], round(float(x) / CELL_WIDTH)
        for char in html.unescape(escaped).replace("\xa0", " "):  # spaces are drawn as NBSP
            if column < width:
                row[column] = char
            if cell_len(char) == 2 and column + 1 < width:
                row[column + 1] = ""  # the right half of a wide character
            column += cell_len(char)
    return "\n".join("".join(row) for row in rows)


_NOTIFIED: weakref.WeakKeyDictionary[App[Any], list[str]] = weakref.WeakKeyDictionary()


def record_notifications(app: AppT) -> AppT:
    """Keep the message of every notification the app is asked for (`App.notify`, which
    `Widget.notify` calls too): a test app shows none, since `run_test` turns them off."""
    notified = _NOTIFIED.setdefault(app, [])
    notify = app.notify

    def recording(message: str, *args: Any, **kwargs: Any) -> None:
        notified.append(str(message))
        notify(message, *args, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return app


def notifications(app: App[Any]) -> list[str]:
    """The messages of the notifications an app made by `make_app` was asked for so far."""
    assert app in _NOTIFIED, "notifications are recorded for apps made by make_app"
    return list(_NOTIFIED[app])


def text_of(widget: Widget) -> str:
    """The text a Static was given (a `rich.text.Text` or a string), as plain characters."""
    content = widget.content  # type: ignore[attr-defined]
    return content.plain if hasattr(content, "plain") else str(content)


def showing_feedback(app: App[Any]) -> bool:
    """Whether the quiz screen shows the feedback of an answer."""
    return getattr(app.screen, "showing", None) == "feedback"


def asking(app: App[Any]) -> bool:
    """Whether the quiz screen shows a question, ready for an answer."""
    return getattr(app.screen, "showing", None) == "question"


def moved_on(app: App[Any]) -> bool:
    """Whether the app shows the next question or the results (after feedback)."""
    return asking(app) or type(app.screen).__name__ == "ResultsScreen"


async def assert_fits_once_laid_out(pilot: Pilot[Any], app: App[Any]) -> None:
    """`assert_fits` once the screen's layout has settled: a widget just mounted or
    restyled is laid out on a later refresh, which a loaded machine may take a moment to
    reach (waited for up to 2 s; the screen must fit then, as assert_fits says)."""

    def fits() -> bool:
        try:
            assert_fits(app)
        except AssertionError:
            return False
        return True

    with contextlib.suppress(AssertionError):
        await wait_for(pilot, fits, seconds=2)
    assert_fits(app)


def assert_fits(app: App[Any]) -> None:
    """Everything on the screen is visible: inside the screen, above the footer, and no
    list or panel needs scrolling to show all of its lines."""
    width, height = app.size
    screen = app.screen
    footer = screen.query_one("QuizFooter")
    assert footer.region.y == height - 1
    for widget in screen.query("*"):
        if not widget.display or widget is footer or widget.region.area == 0:
            continue
        if footer in widget.ancestors:
            continue
        region = widget.region
        assert region.right <= width and region.bottom <= height - 1, (widget, region)
        if widget.is_scrollable:
            assert widget.max_scroll_y == 0, (widget, widget.virtual_size, region)
