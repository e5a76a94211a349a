"""Progress of long work on a terminal: a Rich bar on stderr; nothing when stderr is piped."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID


enabled = False
"""Whether bars may be drawn: set by `civic-quiz` for its commands, never while the game owns
the terminal (a bar on its screen would scramble it) nor for code used as a library."""


def stderr_console() -> Console:
    """The console progress is drawn on: standard error (a test injects its own)."""
    from rich.console import Console

    return Console(stderr=True)


class Step:
    """How far the work is; does nothing when no bar is drawn. Safe from any thread (Rich
    refreshes the bar in a thread of its own)."""

    def __init__(self, bar: Progress | None = None, task: TaskID | None = None) -> None:
        self._bar = bar
        self._task = task

    def update(
        self, done: float | None = None, *, total: float | None = None, what: str | None = None
    ) -> None:
        """Say how much is done (of `total`, when it becomes known), and what is being done."""
        if self._bar is None or self._task is None:
            return
        self._bar.update(self._task, completed=done, total=total, description=what)

    def advance(self, amount: float = 1) -> None:
        """One more (or `amount` more) done."""
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, amount)


@contextmanager
def progress(what: str, total: float | None = None) -> Iterator[Step]:
    """A progress bar saying `what` is being done and how far (of `total`; a spinner when
    it is not known), on standard error when it is a terminal. Piped or redirected, nothing
    is drawn, so scripts see the same output as ever. The bar goes when the work ends:
    what the command prints afterwards stays as it was."""
    console = stderr_console() if enabled else None
    if console is None or not console.is_terminal:
        yield Step()
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn()]
    if total is not None:
        columns.append(MofNCompleteColumn())
    columns.append(TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        yield Step(bar, bar.add_task(what, total=total))
