"""The teacher's screen: pick a pack, see how the class did (players, games, average score,
score distribution) and the item analysis of each question (what the class got wrong)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from ...stats import PackStats, SortKey, item_analysis
from ...store import StoreError
from ...textsafe import one_line, printable
from ..formatting import plural
from ..widgets.footer import QuizFooter
from ..widgets.item_table import ItemTable, flags_text
from ..widgets.score_chart import ScoreChart
from ..widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from ..app import QuizApp

NO_STORE = "Scores are not being saved in this session, so there is nothing to analyse."
NO_GAMES = "No finished games of this pack yet: the analysis appears after the class has played."
NO_PACKS = "There are no packs to analyse."

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


class TeacherScreen(Screen[None]):
    """A list of packs above the class overview and item analysis of the highlighted one."""

    AUTO_FOCUS = "#teacher-packs"
    CSS_PATH = "teacher.tcss"
    SUB_TITLE = "Teacher: what the class got wrong"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "back", "Back", key_display="esc"),
        Binding("q", "app.quit", "Quit"),
        Binding("s", "sort", "Sort"),
    ]

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

    @property
    def quiz_app(self) -> QuizApp:
        """The app, typed."""
        return cast("QuizApp", self.app)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield OptionList(markup=False, id="teacher-packs")
        yield Static("", markup=False, id="teacher-message")
        with Vertical(id="teacher-analysis"):
            with Horizontal(id="teacher-overview"):
                yield ScoreChart(id="teacher-chart")
                yield Static("", markup=False, id="teacher-summary")
            yield ItemTable(id="teacher-items")
            yield Static("", markup=False, id="teacher-detail")
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
        """Show the overview and item analysis of one pack (or why there is none)."""
        app = self.quiz_app
        self.pack_shown = pack_id
        self.stats = None
        self.refresh_bindings()
        if app.store is None:
            self._message(NO_STORE)
            return
        prompts = self._pack_prompts(pack_id)
        try:
            stats = item_analysis(app.store, pack_id, question_ids=list(prompts) or None)
        except StoreError as error:
            self.notify(str(error), title="Statistics", severity="error", markup=False)
            self._message(f"The statistics cannot be read: {error}")
            return
        if not stats.players:
            self._message(NO_GAMES)
            return
        self.stats = stats
        self.title_shown = app.pack_title(pack_id)
        self.refresh_bindings()
        self.query_one("#teacher-message").display = False
        self.query_one("#teacher-analysis").display = True
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
        table = self.query_one(ItemTable)
        table.show(self.stats.sorted_items(self.sort), keep_cursor=keep_cursor)
        self._show_detail()

    def _message(self, text: str) -> None:
        self.query_one("#teacher-analysis").display = False
        message = self.query_one("#teacher-message", Static)
        message.display = True
        message.update(Text(printable(text)))

    @on(DataTable.RowHighlighted, "#teacher-items")
    def _row_highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """The whole prompt, wrong answer and flags of the question under the cursor."""
        detail = self.query_one("#teacher-detail", Static)
        item = self.query_one(ItemTable).current_item
        if item is None or self.stats is None:
            detail.update("")
            return
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
        detail.update(text)

    def watch_sort(self) -> None:
        self._show_items(keep_cursor=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Sorting is offered (but greyed out) only while there is a table to sort."""
        if action == "sort":
            return True if self.stats is not None else None
        return True

    def action_sort(self) -> None:
        """Order the questions by the next key: facility, discrimination, attempts, id."""
        self.sort = SORT_CYCLE[(SORT_CYCLE.index(self.sort) + 1) % len(SORT_CYCLE)]

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()
