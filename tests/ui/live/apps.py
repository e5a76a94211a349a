"""The host's and a student's windows on a fake class game, as `civic-quiz host` and
`civic-quiz join` show them."""

from __future__ import annotations

from game.ui.live.app import LiveApp
from game.ui.live.host_screen import HostScreen
from game.ui.live.student_screen import StudentScreen
from tests.ui.helpers import FakeClock, record_notifications
from tests.ui.live.fake import FakeGame, FakeHost, FakeStudent, FakeWatcher


def host_app(game: FakeGame, *, clock: FakeClock | None = None, url: str | None = None) -> LiveApp:
    """The host's window on `game`."""
    screen = HostScreen(
        FakeHost(game), lambda: FakeWatcher(game), url=url, clock=clock or FakeClock()
    )
    return record_notifications(LiveApp(screen))


def student_app(game: FakeGame, name: str = "Ana", *, clock: FakeClock | None = None) -> LiveApp:
    """A student's window on `game`, joined as `name`."""
    app: LiveApp
    screen = StudentScreen(
        FakeStudent(game, name),
        lambda: FakeWatcher(game),
        on_leave=lambda: app.exit(0),
        clock=clock or FakeClock(),
    )
    app = record_notifications(LiveApp(screen))
    return app
