"""The browser tests' reading of a page's terminal: escapes split across frames."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.web.served import ESCAPES, TerminalText

PIECES = [
    "Packs",
    "\x1b[1;31m",
    "Player (n):",
    "\x1b]0;civic-quiz\x07",
    "\x1b]2;title\x1b\\",
    "\x1b(B",
    "\x1b[?25l",
    "é ü",
    "\x1b7",
    "\x1bM",
]


class _Page:
    """Stands in for a Playwright page: the frames are handed over by the test."""

    def on(self, *_args: object) -> None:
        pass


@given(
    st.lists(st.sampled_from(PIECES), max_size=30),
    st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=40),
)
def test_text_read_in_frames_is_the_text_read_at_once(pieces: list[str], sizes: list[int]) -> None:
    data = "".join(pieces).encode()
    terminal = TerminalText(_Page())  # type: ignore[arg-type]
    at = 0
    while at < len(data):
        size = sizes[at % len(sizes)]
        terminal._received(data[at : at + size])
        at += size
    assert terminal.text == ESCAPES.sub("", data.decode())
    assert terminal.mark() == len(terminal.text)
    assert terminal.raw == data.decode()


def test_an_unfinished_escape_waits_for_its_end() -> None:
    terminal = TerminalText(_Page())  # type: ignore[arg-type]
    terminal._received(b"Play\x1b[1;3")
    assert terminal.text == "Play"
    terminal._received(b"1mNow")
    assert terminal.text == "PlayNow"
