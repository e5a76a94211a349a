"""The teacher's screen: pick a pack, see how the class did (players, games, average score,
score distribution) and the item analysis of each question (what the class got wrong, what
the players flagged, which questions the pack no longer has); `c`
turns to the class results (one row per student of the pack's latest lesson, or of today
without a lesson), the rows of `civic-quiz scores --lesson ID`; `g` lists the class games
(`civic-quiz host`)."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import DataTable, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...reports.flags import counts_text
from ...reports.results import StudentResult, class_results, class_summary
from ...reports.stats import RETIRED, ItemStats, PackStats, SortKey, analysis_cache
from ...store import GameFilter, StoreError
from ...util.textsafe import one_line, printable
from ..formatting import plural
from ..lifecycle import showing
from ..widgets.class_table import ClassTable
from ..widgets.footer import QuizFooter
from ..widgets.item_table import ItemTable, flags_text
from ..widgets.score_chart import ScoreChart, band_label
from ..widgets.title_bar import TitleBar
from .base import AppScreen

NO_STORE = "Scores are not being saved in this session, so there is nothing to analyse."
NO_GAMES = "No finished games of this pack yet: the analysis appears after the class has played."
NO_PACKS = "There are no packs to analyse."
LOADING = "Reading the class results\N{HORIZONTAL ELLIPSIS}"
ANALYSING = "Analysing the games\N{HORIZONTAL ELLIPSIS}"
"""Shown at once while a pack's analysis starts (its number of games follows)."""


def analysing_text(games: int) -> str:
    """`Analysing 73,214 games…`, while the analysis runs (in a worker)."""
    word = "game" if games == 1 else "games"
    return f"Analysing {games:,} {word}\N{HORIZONTAL ELLIPSIS}"


View = Literal["items", "class"]
"""What the screen shows of the highlighted pack: the item analysis or the class results."""

SORT_CYCLE: tuple[SortKey, ...] = ("facility", "discrimination", "attempts", "question")
"""The orders `s` steps through, in turn."""

SORT_TEXT: dict[SortKey, str] = {
    "facility": "facility, hardest first",
    "discrimination": "discrimination, weakest first",
    "attempts": "attempts, fewest first",
    "question": "question id",
}
"""How each order is described above the table."""


def points(value: float | None) -> str:
    """A mean number of points: `46.7`, or `70` when it is whole."""
    if value is None:
        return "\u2013"
    return f"{value:.0f}" if value == round(value) else f"{value:.1f}"


def shown_item(item: ItemStats) -> ItemStats:
    """A question as the table shows it: the analysis' marks, then `retired` for a question
    the pack no longer has and `flagged N` for the players' flags (the detail line below
    the table says which reasons)."""
    marks = list(item.flags)
    if item.retired:
        marks.append(RETIRED)
    if item.flagged:
        marks.append(f"flagged {item.flagged_count}")
    return dataclasses.replace(item, flags=tuple(marks))


def flagged_line(item: ItemStats) -> str:
    """`Flagged by players: 2 out of date, 1 wrong` (one line at 80 columns: `civic-quiz
    flags PACK` lists each flag with its note)."""
    return f"Flagged by players: {counts_text(item.flagged)}"


def summary_text(title: str, stats: PackStats, sort: SortKey) -> Text:
    """The class overview beside the chart: players, games, average score, the order of the
    table and what its two indices mean (pack title literal, never markup)."""
    percent = "\u2013" if stats.average_percent is None else f"{stats.average_percent:.0f}%"
    return Text.assemble(
        (title, "bold"),
        "\n",
        ("Players ", "bold"),
        str(stats.players),
        ("  Finished games ", "bold"),
        str(stats.games),
        # One line, 46 columns at most: which games are not analysed, and why.
        f"\nFirst graded game each; {stats.left_out.text(short=True)}\n",
        ("Average score ", "bold"),
        f"{points(stats.average_score)} of {points(stats.average_max_score)} points ({percent})",
        "\n\n",
        ("Sorted by ", "bold"),
        SORT_TEXT[sort],
        # Short lines: the summary is 46 columns wide beside the chart at 80 columns.
        "\nFacility: % of the credit earned.",
        "\nDiscrim.: do the best players get it right?",
        "\n(-100 to 100; below 20 is weak)",
    )


def scores_in_words(distribution: tuple[int, ...]) -> str:
    """`10-19% 1, 20-29% 2`: the bands with games and their counts (the chart in words)."""
    bands = [
        f"{band_label(index, len(distribution))} {count}"
        for index, count in enumerate(distribution)
        if count
    ]
    return ", ".join(bands) or "\N{EN DASH}"


def brief_text(title: str, stats: PackStats, sort: SortKey) -> Text:
    """The overview in four lines, for a short terminal (the chart in words), so that the
    table keeps its rows."""
    percent = "\u2013" if stats.average_percent is None else f"{stats.average_percent:.0f}%"
    return Text.assemble(
        (title, "bold"),
        "\n",
        ("Players ", "bold"),
        str(stats.players),
        ("  Finished games ", "bold"),
        str(stats.games),
        ("  Average score ", "bold"),
        f"{points(stats.average_score)} of {points(stats.average_max_score)} ({percent})",
        "\n",
        ("Games by score: ", "bold"),
        scores_in_words(stats.distribution),
        "\n",
        ("Sorted by ", "bold"),
        SORT_TEXT[sort],
        "; Discrim. below 20 is weak",
    )


class TeacherScreen(AppScreen[None]):
    """A list of packs above the class overview and item analysis of the highlighted one."""

    AUTO_FOCUS = "#teacher-packs"
    CSS_PATH = "teacher.tcss"
    # Below 34 lines the chart and summary give way to four lines (`-short` in the CSS);
    # not annotated ClassVar: Screen declares it an instance variable (mypy refuses it).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]  # noqa: RUF012
    SUB_TITLE = "Teacher: what the class got wrong"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "back", "Back", key_display="esc"),
        Binding("q", "app.quit", "Quit"),
        Binding("s", "sort", "Sort"),
        Binding("c", "toggle_view", "Class/items"),
        Binding("g", "class_games", "Class games"),
    ]

    view: var[View] = var[View]("items")
    """The item analysis, or the class results (one row per student)."""

    sort: var[SortKey] = var[SortKey]("facility")
    """The order of the questions in the table."""

    def __init__(self, pack_id: str | None = None) -> None:
        super().__init__()
        self.pack_id = pack_id
        """The pack shown first."""
        self.pack_ids: list[str] = []
        """The packs listed, in order."""
        self.stats: PackStats | None = None
        """The statistics shown, if any."""
        self.pack_shown: str | None = None
        """The pack highlighted, whose statistics (or the reason there are none) are shown."""
        self.title_shown = ""
        """The title of the pack whose statistics are shown."""
        self._prompts: dict[str, dict[str, str]] = {}
        """Each pack's question prompts by question id, in pack order (read once)."""
        self.analysing: str | None = None
        """The pack whose analysis is being read (in a worker), if any."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield OptionList(markup=False, id="teacher-packs")
        yield Static("", markup=False, id="teacher-message")
        yield LoadingIndicator(id="teacher-loading")
        with Vertical(id="teacher-analysis"):
            yield Static("", markup=False, id="teacher-brief")
            with Horizontal(id="teacher-overview"):
                yield ScoreChart(id="teacher-chart")
                yield Static("", markup=False, id="teacher-summary")
            yield ItemTable(id="teacher-items")
            yield Static("", markup=False, id="teacher-detail")
        with Vertical(id="teacher-class"):
            yield Static("", markup=False, id="teacher-class-title")
            yield ClassTable(id="teacher-class-table")
            yield Static("", markup=False, id="teacher-class-export")
        yield QuizFooter()

    def on_mount(self) -> None:
        app = self.quiz_app
        self.pack_ids = app.playable_pack_ids(self.pack_id)
        packs = self.query_one("#teacher-packs", OptionList)
        packs.border_title = "Pick a pack"
        packs.set_options(Option(Text(app.pack_title(p))) for p in self.pack_ids)
        if not self.pack_ids:
            self._message(NO_PACKS)
            return
        start = self.pack_ids.index(self.pack_id) if self.pack_id in self.pack_ids else 0
        packs.highlighted = start
        self.show_pack(self.pack_ids[start])

    @on(OptionList.OptionHighlighted, "#teacher-packs")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        pack_id = self.pack_ids[event.option_index]
        # Highlighting the first pack on mount posts this too: it is shown already.
        if pack_id != self.pack_shown:
            self.show_pack(pack_id)

    def show_pack(self, pack_id: str) -> None:
        """Show the overview and item analysis of one pack (or why there is none): read in
        a worker, the screen meanwhile saying so and answering keys (a school's database
        takes a second or two); a pack analysed before comes from the store's cache."""
        app = self.quiz_app
        self.pack_shown = pack_id
        self.stats = None
        self.refresh_bindings()
        if self.view == "class":
            self._load_class(pack_id)
        if app.store is None:
            self.analysing = None
            self._message(NO_STORE)
            return
        prompts = self._pack_prompts(pack_id)
        self.analysing = pack_id
        self._message(ANALYSING)
        self._analyse(pack_id, list(prompts) or None)

    @work(thread=True, exclusive=True, group="analysis")
    def _analyse(self, pack_id: str, question_ids: list[str] | None) -> None:
        """Read a pack's analysis in a thread and hand it to the screen; a later pack, or
        leaving the screen, cancels this one (its result is then dropped)."""
        store = self.quiz_app.store
        if store is None:  # pragma: no cover - show_pack checks it first
            return
        worker = get_current_worker()
        cache = analysis_cache(store)
        try:
            stats = cache.cached(store, pack_id, question_ids=question_ids)
            if stats is None:
                games = store.count_games(GameFilter(pack_id=pack_id, status="finished"))
                if worker.is_cancelled:
                    return
                self._from_thread(self._loading, pack_id, analysing_text(games))
                stats = cache.analyse(store, pack_id, question_ids=question_ids)
        except StoreError as error:
            if not worker.is_cancelled:
                self._from_thread(self._analysis_failed, pack_id, error)
            return
        if not worker.is_cancelled:
            self._from_thread(self._analysed, pack_id, stats)

    def _from_thread(self, callback: Any, *args: Any) -> None:
        """Run `callback` on the app's thread, unless the app has closed meanwhile."""
        # RuntimeError: the app is gone, so nobody is waiting for the result.
        with contextlib.suppress(RuntimeError):
            self.app.call_from_thread(callback, *args)

    def _current(self, pack_id: str) -> bool:
        """Whether `pack_id` is still the pack the screen waits for."""
        return showing(self) and self.analysing == pack_id and self.pack_shown == pack_id

    def _loading(self, pack_id: str, text: str) -> None:
        if self._current(pack_id):
            self._message(text)

    def _analysis_failed(self, pack_id: str, error: StoreError) -> None:
        if not self._current(pack_id):
            return
        self.analysing = None
        self.notify(str(error), title="Statistics", severity="error", markup=False)
        self._message(f"The statistics cannot be read: {error}")

    def _analysed(self, pack_id: str, stats: PackStats) -> None:
        """Show the analysis read for `pack_id` (if it is still the pack waited for)."""
        if not self._current(pack_id):
            return
        self.analysing = None
        if not stats.players:
            self._message(NO_GAMES)
            return
        app = self.quiz_app
        self.stats = stats
        self.title_shown = app.pack_title(pack_id)
        self.refresh_bindings()
        self._apply_view()
        self.query_one(ScoreChart).distribution = stats.distribution
        self._show_items(keep_cursor=False)

    def _pack_prompts(self, pack_id: str) -> dict[str, str]:
        """The pack's prompts by question id; empty if the pack cannot be read (the analysis
        then lists the questions answered, without their prompts)."""
        if pack_id not in self._prompts:
            # Imported here: the pack model loads pydantic, which the app defers.
            from ...packs.problems import PackError

            entry = self.quiz_app.catalog.by_id(pack_id)
            prompts: dict[str, str] = {}
            if entry is not None:
                try:
                    pack = self.quiz_app.catalog.load_pack(entry)
                except (PackError, OSError):
                    pass  # changed or removed since the catalog was read: no prompts
                else:
                    prompts = {q.id: q.prompt for q in pack.questions}
            self._prompts[pack_id] = prompts
        return self._prompts[pack_id]

    def _show_items(self, *, keep_cursor: bool) -> None:
        """Fill the summary and the table in the current order."""
        if self.stats is None:
            return
        self.query_one("#teacher-summary", Static).update(
            summary_text(self.title_shown, self.stats, self.sort)
        )
        self.query_one("#teacher-brief", Static).update(
            brief_text(one_line(self.title_shown), self.stats, self.sort)
        )
        table = self.query_one(ItemTable)
        shown = [shown_item(item) for item in self.stats.sorted_items(self.sort)]
        table.show(shown, keep_cursor=keep_cursor)
        self._show_detail()

    def _message(self, text: str) -> None:
        self.query_one("#teacher-message", Static).update(Text(printable(text)))
        self._apply_view()

    def _apply_view(self) -> None:
        """Show the class results, or the item analysis (or why there is none)."""
        items = self.view == "items"
        self.query_one("#teacher-class").display = not items
        self.query_one("#teacher-message").display = items and self.stats is None
        self.query_one("#teacher-loading").display = items and self.analysing is not None
        self.query_one("#teacher-analysis").display = items and self.stats is not None

    @on(DataTable.RowHighlighted, "#teacher-items")
    def _row_highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The whole prompt, wrong answer and flags of the question under the cursor."""
        detail = self.query_one("#teacher-detail", Static)
        current = self.query_one(ItemTable).current_item
        if current is None or self.stats is None:
            detail.update("")
            return
        # The item as analysed, without the marks the table adds (said in words here).
        item = next(i for i in self.stats.items if i.question_id == current.question_id)
        prompts = self._prompts.get(self.stats.pack_id, {})
        # Ids and answers come from the database: escaped, whoever wrote them.
        text = Text.assemble((one_line(item.question_id), "bold"), ": ")
        text.append(printable(prompts.get(item.question_id, "(not in the pack as it is now)")))
        if item.common_wrong_answer is not None:
            text.append("\nMost common wrong answer: ")
            text.append(one_line(item.common_wrong_answer))
            text.append(f" (given {plural(item.common_wrong_count, 'time')})")
        if item.flags:
            text.append("  " if item.common_wrong_answer is not None else "\n")
            text.append_text(flags_text(item.flags))
        if item.flagged:
            text.append("\n")
            text.append(flagged_line(item), style="bold")
        detail.update(text)

    def watch_sort(self) -> None:
        self._show_items(keep_cursor=True)

    # -- class results ---------------------------------------------------------------------

    def _today(self) -> dt.date:
        """Today's date where the teacher is (the app's clock, fixed in tests)."""
        now = self.quiz_app.now() if self.quiz_app.now else dt.datetime.now(dt.UTC)
        return now.astimezone().date()

    def _class_text(self, title: str, export: str) -> None:
        if not showing(self):
            return
        self.query_one("#teacher-class-title", Static).update(Text(printable(title)))
        self.query_one("#teacher-class-export", Static).update(Text(printable(export)))

    @work(thread=True, exclusive=True, group="class-results")
    def _load_class(self, pack_id: str) -> None:
        """Read the class results of the pack's latest lesson (or of today, without one) in
        a thread: on a big database the query must not hold up the screen."""
        store = self.quiz_app.store
        call = self.app.call_from_thread
        if store is None:
            call(self._show_class, pack_id, None, [], NO_STORE)
            return
        call(self._class_text, LOADING, "")
        day = self._today()
        try:
            lessons = store.lessons(pack_id)
            lesson = lessons[0] if lessons else None
            # A date as `scores --since` reads it (its 00:00 UTC), for the same rows.
            since = None if lesson else dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
            rows = class_results(store, lesson=lesson, since=since, pack_id=pack_id)
        except StoreError as error:
            call(self._show_class, pack_id, None, [], f"The results cannot be read: {error}")
            return
        call(self._show_class, pack_id, lesson, rows, None)

    def _show_class(
        self, pack_id: str, lesson: str | None, rows: list[StudentResult], problem: str | None
    ) -> None:
        """Fill the class view with the rows read for `pack_id` (if it is still the pack
        shown: a slower read for an earlier pack is dropped)."""
        if pack_id != self.pack_shown or not showing(self):
            return
        table = self.query_one(ClassTable)
        day = self._today()
        table.show(rows, day)
        if problem is not None:
            self._class_text(problem, "")
            return
        # Lesson and pack ids come from the database and pack files: escaped on one line.
        shown = f"Lesson {one_line(lesson)}" if lesson else f"Today ({day.isoformat()}), no lesson"
        choice = f"--lesson {one_line(lesson)}" if lesson else f"--since {day.isoformat()} --class"
        summary = class_summary(rows) if rows else "nobody has played this pack here yet"
        self._class_text(
            f"{shown}: {summary}",
            f"Export: civic-quiz scores {choice} --pack {one_line(pack_id)} --format csv",
        )

    def watch_view(self) -> None:
        self._apply_view()
        self.refresh_bindings()
        if self.view == "class" and self.pack_shown is not None:
            self._load_class(self.pack_shown)

    def action_toggle_view(self) -> None:
        """Turn between the item analysis and the class results."""
        self.view = "class" if self.view == "items" else "items"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Sorting is offered (but greyed out) only while there is a table to sort."""
        if action == "sort":
            return True if self.stats is not None and self.view == "items" else None
        return True

    def action_class_games(self) -> None:
        """The class games held on this database (`civic-quiz host`), newest first."""
        from .class_games import ClassGamesScreen

        self.app.push_screen(ClassGamesScreen())

    def action_sort(self) -> None:
        """Order the questions by the next key: facility, discrimination, attempts, id."""
        self.sort = SORT_CYCLE[(SORT_CYCLE.index(self.sort) + 1) % len(SORT_CYCLE)]

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
