"""Item analysis of a pack's games, as Moodle's quiz statistics report computes it.

For each question: how many attempted it, its facility index (how easy it was), its
discrimination index (whether the players who did well on the rest of the game did well on
it), the most common wrong answer and the time taken, with flags for questions worth a look.
For the pack: players, finished games, the average score and how the scores are spread.
Each question also carries the players' flags on it (wrong, out of date, unclear: see
`game.reports.flags`), counted by reason; and a question answered in games played before the pack
changed, no longer in it, is kept as `retired` rather than dropped.

Definitions follow Moodle's "Quiz statistics calculations" (MoodleDocs, developer docs,
https://docs.moodle.org/dev/Quiz_statistics_calculations) and its implementation in
`question/classes/statistics/questions/calculator.php` (moodle/moodle):

* Only each player's first attempt counts ("by default, the report should only include data
  from the first attempt by each student"): here, each player's first finished graded game
  of the pack (first by start time), among the games started at or after `since`. Practice
  rounds are never analysed (each serves a player the questions due for them, so they are
  not a test), nor unfinished or abandoned games; `PackStats.left_out` counts what was left
  out and why, so a teacher can see it.
* Facility index F = 100 x mean item score / maximum item score; here the item score is the
  answer's credit (0 to 1), so F is the mean credit as a percentage.
* Discrimination index D = 100 x r(x, X - x), Pearson's correlation between the score x on
  the question and the score on the rest of the test X - x, over the attempts at the
  question (calculator.php: `100 * covariance / sqrt(markvariance * othermarkvariance)`,
  and null when that product is 0). Here X is the game's total credit, so every question
  weighs the same (Moodle weighs by marks; the two agree when questions are worth the same
  points). D is None with fewer than 2 attempts or when either variance is zero.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..store.analysis import QuestionSums, question_sums, score_counts
from ..util.textsafe import one_line
from .flags import count_reasons, counts_text

if TYPE_CHECKING:
    from ..store import GameRecord, ScoreStore

EASY_ABOVE = 90.0
"""A facility index above this flags the question `too easy`."""
HARD_BELOW = 20.0
"""A facility index below this flags the question `too hard`."""
DISCRIMINATION_BELOW = 20.0
"""A discrimination index below this flags the question `discriminates badly`..."""
DISCRIMINATION_MIN_ATTEMPTS = 10
"""...once it has at least this many attempts (fewer say little about discrimination)."""

RETIRED = "retired"
"""The mark of a question answered in earlier games that the pack no longer has."""

TOO_EASY = "too easy"
TOO_HARD = "too hard"
DISCRIMINATES_BADLY = "discriminates badly"
NEGATIVE_DISCRIMINATION = "negative discrimination: check the answer key"
"""Added to `discriminates badly` when the index is below zero: the players who did best
on the rest of the game did worst on this question, which usually means a wrong key."""

BINS = 10
"""The score distribution's bins, each 10 percentage points of the maximum score wide."""

SortKey = Literal["question", "facility", "discrimination", "attempts"]
SORT_KEYS: tuple[SortKey, ...] = ("question", "facility", "discrimination", "attempts")


@dataclass(frozen=True, slots=True)
class ItemStats:
    """One question's statistics over the first finished games."""

    question_id: str
    attempts: int
    """Answers to the question in the games analysed."""
    facility: float | None
    """Mean credit x 100 (0 = nobody got it, 100 = everybody did); None without attempts."""
    discrimination: float | None
    """100 x Pearson's r between the credit on this question and the rest of the game's
    credit; None with fewer than 2 attempts or zero variance."""
    common_wrong_answer: str | None
    """The most common answer with less than full credit (ties: alphabetically first)."""
    common_wrong_count: int
    """How many gave `common_wrong_answer`."""
    average_seconds: float | None
    """Mean time to answer, over the answers that have a time."""
    flags: tuple[str, ...] = ()
    """What the analysis marks the question for (`too easy`, `too hard`, ...)."""
    flagged: tuple[tuple[str, int], ...] = ()
    """The players' flags on the question, counted by reason, the most given first."""
    retired: bool = False
    """The pack no longer has this question: its answers come from games played on an
    earlier version of the pack."""

    @property
    def flagged_count(self) -> int:
        """How many flags the players gave the question."""
        return sum(count for _, count in self.flagged)

    @property
    def flagged_text(self) -> str:
        """`flagged: 2 out of date, 1 wrong`, or empty without flags."""
        return f"flagged: {counts_text(self.flagged)}" if self.flagged else ""


@dataclass(frozen=True, slots=True)
class LeftOut:
    """The games of a pack that the statistics do not analyse, by reason."""

    practice: int = 0
    """Practice rounds (never a test: each player gets the questions due for them)."""
    unfinished: int = 0
    """Graded games still active (they may yet be resumed)."""
    abandoned: int = 0
    """Graded games their players discarded."""
    later: int = 0
    """Finished graded games of players whose first one is analysed."""

    def text(self, *, short: bool = False) -> str:
        """`left out: 3 practice rounds, 2 unfinished games, ...`, or `left out: nothing`;
        `short` words it for a narrow screen (`3 practice, 2 unfinished, ...`)."""
        parts = []
        for count, long_word, short_word in (
            (self.practice, "practice round", "practice"),
            (self.unfinished, "unfinished game", "unfinished"),
            (self.abandoned, "abandoned game", "abandoned"),
            (self.later, "later game", "later"),
        ):
            if count:
                word = short_word if short else long_word + ("s" if count != 1 else "")
                parts.append(f"{count} {word}")
        if self.later and not short:
            parts[-1] += " of the same players"
        return "left out: " + (", ".join(parts) if parts else "nothing")

    def as_dict(self) -> dict[str, int]:
        """The counts, JSON-ready."""
        return {
            "practice_rounds": self.practice,
            "unfinished_games": self.unfinished,
            "abandoned_games": self.abandoned,
            "later_games": self.later,
        }


@dataclass(frozen=True, slots=True)
class PackStats:
    """A pack's class overview and per-question statistics."""

    pack_id: str
    since: dt.datetime | None
    players: int
    """Distinct players with a finished graded game (each one's first is analysed)."""
    games: int
    """Finished graded games (not practice), every attempt counted."""
    average_score: float | None
    """Mean score (points) of the games analysed."""
    average_max_score: float | None
    """Mean maximum score of the games analysed."""
    average_percent: float | None
    """Mean of each analysed game's score as a percentage of its maximum."""
    distribution: tuple[int, ...]
    """Games analysed per 10-point band of percent of maximum: 0-9, 10-19, ..., 90-100 (a
    score above the maximum, from bonuses, counts in the last band)."""
    items: list[ItemStats] = field(default_factory=list)
    left_out: LeftOut = field(default_factory=LeftOut)
    """The games not analysed, and why."""

    @property
    def analysed_games(self) -> int:
        """The games the statistics come from: one per player."""
        return self.players

    def sorted_items(
        self, key: SortKey = "facility", *, descending: bool = False
    ) -> list[ItemStats]:
        """The items ordered by `key` (ties by question id); unknown values come last."""
        return sort_items(self.items, key, descending=descending)


# -- computing -----------------------------------------------------------------------------


def item_analysis(
    store: ScoreStore,
    pack_id: str,
    *,
    since: dt.datetime | None = None,
    question_ids: Sequence[str] | None = None,
) -> PackStats:
    """The statistics of each player's first finished graded game of a pack (among the
    games started at or after `since`); practice rounds, unfinished and abandoned games and
    later games are counted in `left_out`.

    Items are the questions in `question_ids`, in that order (questions nobody answered get
    zero attempts), then the questions answered or flagged that are not among them, sorted
    by id and marked `retired` (the pack no longer has them); without `question_ids`, every
    question answered or flagged, sorted by id. Question ids are those stored with the
    answers (`pack/question` in a game of several packs). The players' flags given at or
    after `since` are counted on each item.

    The database does the per-answer work (`game.store.analysis`): it chooses the first
    games, counts the others, and sums each question's credits, their spread and the
    answers given; Python gets a row per question and per distinct score, so time and
    memory here do not grow with the games (a school's year is 100,000).
    """
    counts = store.pack_game_counts(pack_id, since=since)
    scores = score_counts(store, pack_id, since=since)
    players = sum(c.games for c in scores)
    finished = counts.get((False, "finished"), 0)
    left_out = LeftOut(
        practice=sum(n for (practice, _), n in counts.items() if practice),
        unfinished=counts.get((False, "active"), 0),
        abandoned=counts.get((False, "abandoned"), 0),
        later=finished - players,
    )
    sums = question_sums(store, pack_id, since=since, first_games=players)
    percents = [(_percent(c.score, c.max_score), c.games) for c in scores]
    return PackStats(
        pack_id=pack_id,
        since=since,
        players=players,
        games=finished,
        average_score=_weighted_mean((float(c.score), c.games) for c in scores),
        average_max_score=_weighted_mean((float(c.max_score), c.games) for c in scores),
        average_percent=_weighted_mean(percents),
        distribution=score_distribution(percents),
        items=summed_items(
            {s.question_id: s for s in sums}, question_ids, player_flags(store, pack_id, since)
        ),
        left_out=left_out,
    )


class AnalysisCache:
    """A store's item analyses, each kept until a game finishes (in any process) or a
    player flags a question of its pack: opening the Teacher screen again, or going back
    to a pack, then costs two small queries instead of reading the answers again. Safe to
    use from several threads (the Teacher screen analyses in a worker)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._results: dict[tuple[Any, ...], tuple[Any, PackStats]] = {}

    @staticmethod
    def _key(
        pack_id: str, since: dt.datetime | None, question_ids: Sequence[str] | None
    ) -> tuple[Any, ...]:
        return (pack_id, since, None if question_ids is None else tuple(question_ids))

    @staticmethod
    def _mark(store: ScoreStore, pack_id: str, since: dt.datetime | None) -> Any:
        """What changes when the analysis may have: the finished games, and the flags."""
        return store.finished_mark(), player_flags(store, pack_id, since)

    def cached(
        self,
        store: ScoreStore,
        pack_id: str,
        *,
        since: dt.datetime | None = None,
        question_ids: Sequence[str] | None = None,
    ) -> PackStats | None:
        """The analysis kept for these arguments if it is still current, else None."""
        with self._lock:
            kept = self._results.get(self._key(pack_id, since, question_ids))
        if kept is None or kept[0] != self._mark(store, pack_id, since):
            return None
        return kept[1]

    def analyse(
        self,
        store: ScoreStore,
        pack_id: str,
        *,
        since: dt.datetime | None = None,
        question_ids: Sequence[str] | None = None,
    ) -> PackStats:
        """`item_analysis`, from the cache while it is current."""
        key = self._key(pack_id, since, question_ids)
        # The mark is read first: a game finished during the analysis makes the next call
        # analyse again rather than keep a result that may have missed it.
        mark = self._mark(store, pack_id, since)
        with self._lock:
            kept = self._results.get(key)
        if kept is not None and kept[0] == mark:
            return kept[1]
        stats = item_analysis(store, pack_id, since=since, question_ids=question_ids)
        with self._lock:
            self._results[key] = (mark, stats)
        return stats


_CACHES: weakref.WeakKeyDictionary[ScoreStore, AnalysisCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def analysis_cache(store: ScoreStore) -> AnalysisCache:
    """The analysis cache of a store (made on first use, gone with the store)."""
    with _CACHES_LOCK:
        cache = _CACHES.get(store)
        if cache is None:
            cache = _CACHES[store] = AnalysisCache()
        return cache


def player_flags(
    store: ScoreStore, pack_id: str, since: dt.datetime | None = None
) -> dict[str, tuple[tuple[str, int], ...]]:
    """The players' flags on a pack's questions (given at or after `since`), counted by
    reason, by question id as the answers store it: a game of several packs (`a+b`) has
    its questions as `a/q1`, and each flag is filed under its question's own pack."""
    parts = pack_id.split("+")
    reasons: dict[str, list[str]] = defaultdict(list)
    for part in parts:
        for flag in store.flags(part):
            if since is not None and flag.created_at < since:
                continue
            key = flag.question_id if len(parts) == 1 else f"{part}/{flag.question_id}"
            reasons[key].append(flag.reason)
    return {key: count_reasons(given) for key, given in reasons.items()}


def first_games(games: Iterable[GameRecord]) -> list[GameRecord]:
    """Each player's first game (by start time, then id), in that order."""
    first: dict[str, GameRecord] = {}
    for game in sorted(games, key=lambda g: (g.started_at, g.id)):
        first.setdefault(game.player, game)
    return list(first.values())


def discrimination(sums: QuestionSums) -> float | None:
    """100 x Pearson's r of a question's credit and the rest of its games' credit; None
    below 2 attempts or with a zero variance."""
    if sums.attempts < 2:
        return None
    # Sums of squares this small are rounding noise around a constant series.
    if sums.sxx <= 1e-12 or sums.syy <= 1e-12:
        return None
    return 100.0 * sums.sxy / math.sqrt(sums.sxx * sums.syy)


def summed_items(
    sums: Mapping[str, QuestionSums],
    question_ids: Sequence[str] | None = None,
    flagged: Mapping[str, tuple[tuple[str, int], ...]] | None = None,
) -> list[ItemStats]:
    """Per-question statistics from each answered question's sums (by question id), with
    the players' flags counted by reason (`flagged`, by question id): the questions of
    `question_ids` in that order, then the others answered or flagged, marked retired."""
    flagged = flagged or {}
    seen = set(sums) | set(flagged)
    if question_ids is None:
        current, retired = sorted(seen), []
    else:
        current, retired = list(question_ids), sorted(seen - set(question_ids))
    return [
        _item(qid, sums.get(qid), flagged.get(qid, ()), retired=qid in retired)
        for qid in [*current, *retired]
    ]


def _item(
    question_id: str,
    sums: QuestionSums | None,
    flagged: tuple[tuple[str, int], ...] = (),
    *,
    retired: bool = False,
) -> ItemStats:
    if sums is None:  # not answered in the games analysed
        sums = QuestionSums(question_id, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, None, 0)
    attempts = sums.attempts
    facility = None if not attempts else 100.0 * sums.credit / attempts
    index = discrimination(sums)
    return ItemStats(
        question_id=question_id,
        attempts=attempts,
        facility=facility,
        discrimination=index,
        common_wrong_answer=sums.common_wrong_answer,
        common_wrong_count=sums.common_wrong_count,
        average_seconds=sums.seconds / sums.timed if sums.timed else None,
        flags=tuple(item_flags(facility, index, attempts)),
        flagged=flagged,
        retired=retired,
    )


def item_flags(facility: float | None, discrimination: float | None, attempts: int) -> list[str]:
    """The flags for a question: `too easy` (facility above 90), `too hard` (below 20),
    `discriminates badly` (index below 20 with at least 10 attempts), and the wrong-key
    note when that index is negative."""
    flags: list[str] = []
    if facility is not None:
        if facility > EASY_ABOVE:
            flags.append(TOO_EASY)
        elif facility < HARD_BELOW:
            flags.append(TOO_HARD)
    if (
        discrimination is not None
        and attempts >= DISCRIMINATION_MIN_ATTEMPTS
        and discrimination < DISCRIMINATION_BELOW
    ):
        flags.append(DISCRIMINATES_BADLY)
        if discrimination < 0:
            flags.append(NEGATIVE_DISCRIMINATION)
    return flags


def score_distribution(
    percents: Iterable[float | tuple[float, int]], bins: int = BINS
) -> tuple[int, ...]:
    """How many scores fall in each of `bins` equal bands of 0-100 percent (the last band
    includes 100 and anything above; anything below 0 counts in the first); a score may
    come with how many games had it, as (percent, games)."""
    counts = [0] * bins
    width = 100.0 / bins
    for entry in percents:
        value, games = entry if isinstance(entry, tuple) else (entry, 1)
        counts[min(max(int(value // width), 0), bins - 1)] += games
    return tuple(counts)


def sort_items(
    items: Iterable[ItemStats], key: SortKey = "facility", *, descending: bool = False
) -> list[ItemStats]:
    """Items ordered by `key`, ties by question id; items without a value come last."""
    if key not in SORT_KEYS:
        raise ValueError(f"cannot sort by {key!r}; choose one of {', '.join(SORT_KEYS)}")
    ordered = sorted(items, key=lambda i: i.question_id)
    if key == "question":
        return ordered[::-1] if descending else ordered
    known = [i for i in ordered if getattr(i, key) is not None]
    unknown = [i for i in ordered if getattr(i, key) is None]
    known.sort(key=lambda i: getattr(i, key), reverse=descending)
    return known + unknown


def _percent(score: int, top: int) -> float:
    return 100.0 * score / top if top > 0 else 0.0


def _weighted_mean(values: Iterable[tuple[float, int]]) -> float | None:
    """The mean of values each given with how many times it occurs."""
    total = 0.0
    count = 0
    for value, times in values:
        total += value * times
        count += times
    return total / count if count else None


# -- export --------------------------------------------------------------------------------

ROW_FIELDS: tuple[str, ...] = (
    "question_id",
    "attempts",
    "facility",
    "discrimination",
    "common_wrong_answer",
    "common_wrong_count",
    "average_seconds",
    "flags",
    "player_flags",
    "retired",
)
"""The keys of each `as_rows` row, in order (a CSV header)."""


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def as_rows(stats: PackStats) -> list[dict[str, Any]]:
    """One flat mapping per question, for CSV or JSON (flags joined with `; `)."""
    return [
        {
            "question_id": item.question_id,
            "attempts": item.attempts,
            "facility": _rounded(item.facility),
            "discrimination": _rounded(item.discrimination),
            "common_wrong_answer": item.common_wrong_answer,
            "common_wrong_count": item.common_wrong_count,
            "average_seconds": _rounded(item.average_seconds),
            "flags": "; ".join(item.flags),
            "player_flags": counts_text(item.flagged),
            "retired": item.retired,
        }
        for item in stats.items
    ]


def as_dict(stats: PackStats) -> dict[str, Any]:
    """The overview and the rows, JSON-ready (for `civic-quiz stats --json`)."""
    return {
        "pack_id": stats.pack_id,
        "since": stats.since.isoformat() if stats.since else None,
        "players": stats.players,
        "games": stats.games,
        "analysed_games": stats.analysed_games,
        "left_out": stats.left_out.as_dict(),
        "left_out_text": stats.left_out.text(),
        "average_score": _rounded(stats.average_score),
        "average_max_score": _rounded(stats.average_max_score),
        "average_percent": _rounded(stats.average_percent),
        "distribution": [
            {"from": i * 100 // len(stats.distribution), "games": n}
            for i, n in enumerate(stats.distribution)
        ],
        "questions": as_rows(stats),
    }


# -- rendering -----------------------------------------------------------------------------


def _number(value: float | None, suffix: str = "", digits: int = 0) -> str:
    return "\u2013" if value is None else f"{value:.{digits}f}{suffix}"


def _points(value: float | None) -> str:
    """A mean number of points as the Teacher screen shows it: `265` when it is whole
    (never `265.0`), else `46.7`."""
    if value is None:
        return "\u2013"
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def overview_table(stats: PackStats) -> Table:
    """The class overview: players, games, average score and the score distribution."""
    table = Table(title=Text(f"Pack {one_line(stats.pack_id)}"), show_header=False, box=None)
    table.add_column("what", style="bold")
    table.add_column("value")
    if stats.since is not None:
        table.add_row("Since", stats.since.isoformat(sep=" ", timespec="minutes"))
    table.add_row("Players", str(stats.players))
    table.add_row(
        "Finished games", f"{stats.games} (each player's first finished graded game analysed)"
    )
    table.add_row("Left out", stats.left_out.text().removeprefix("left out: "))
    if stats.average_score is not None:
        table.add_row(
            "Average score",
            f"{_points(stats.average_score)} of {_points(stats.average_max_score)}"
            f" ({_number(stats.average_percent, '%')})",
        )
    widest = max(stats.distribution, default=0)
    for index, count in enumerate(stats.distribution):
        low = index * 100 // len(stats.distribution)
        high = (index + 1) * 100 // len(stats.distribution)
        bar = "\u2588" * round(20 * count / widest) if widest else ""
        table.add_row(f"{low}\u2013{high}%", Text(f"{count:>3} {bar}"))
    return table


def items_table(
    stats: PackStats,
    *,
    sort: SortKey = "question",
    descending: bool = False,
    retired: bool = False,
) -> Table:
    """One row per question of the pack (or, with `retired`, per question it no longer
    has); question ids and answers are shown as plain text, never markup, and on one line
    with their control characters escaped (answers come from players). The Flags column
    has the analysis' marks and the players' flags by reason."""
    what = "Retired questions" if retired else "Questions"
    table = Table(
        title=Text(f"{what} of {one_line(stats.pack_id)}"),
        caption=(
            Text("No longer in the pack: answered in games played before it changed.")
            if retired
            else None
        ),
    )
    table.add_column("Question")
    table.add_column("Attempts", justify="right")
    table.add_column("Facility", justify="right")
    table.add_column("Discrimination", justify="right")
    table.add_column("Common wrong answer")
    table.add_column("Avg s", justify="right")
    table.add_column("Flags")
    shown = [item for item in stats.items if item.retired == retired]
    for item in sort_items(shown, sort, descending=descending):
        wrong = (
            Text(f"{one_line(item.common_wrong_answer)} ({item.common_wrong_count})")
            if item.common_wrong_answer is not None
            else Text("\u2013")
        )
        table.add_row(
            Text(one_line(item.question_id)),
            str(item.attempts),
            _number(item.facility, "%"),
            _number(item.discrimination),
            wrong,
            _number(item.average_seconds, digits=1),
            Text(", ".join([*item.flags, *filter(None, [item.flagged_text])])),
        )
    return table


def render_stats(
    stats: PackStats, *, sort: SortKey = "question", descending: bool = False
) -> Group:
    """The overview and the question table, for `civic-quiz stats` to print with Rich; the
    questions the pack no longer has follow in a table of their own."""
    parts: list[Table] = [
        overview_table(stats),
        items_table(stats, sort=sort, descending=descending),
    ]
    if any(item.retired for item in stats.items):
        parts.append(items_table(stats, sort=sort, descending=descending, retired=True))
    return Group(*parts)
