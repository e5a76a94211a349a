"""The pack list's options: measured by counting lines when nothing wraps, as Textual would
measure them by wrapping."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content
from textual.geometry import Spacing
from textual.visual import Padding

from game.ui.widgets.pack_list import PackPrompt

# Letters, spaces, wide (CJK) characters and combining marks: what cell widths are made of.
TEXT = st.text(
    alphabet=st.sampled_from(list("abc xyz\u00e9\u4e2d\u6587\u0301-\u00b7")),
    min_size=1,
    max_size=90,
)


def wrapped_height(title: str, details: str, width: int) -> int:
    """The height Textual's own measuring gives, by wrapping."""
    padded = Padding(Content(details), Spacing(0, 0, 0, 2))
    return Content(title).get_height({}, width) + padded.get_height({}, width)


@settings(max_examples=300, deadline=None)
@given(title=TEXT, details=st.lists(TEXT, min_size=1, max_size=3), width=st.integers(4, 100))
def test_the_height_is_the_wrapped_height(title: str, details: list[str], width: int) -> None:
    text = "\n".join(details)
    prompt = PackPrompt(Content(title), Content(text))
    assert prompt.get_height({}, width) == wrapped_height(title, text, width)


def test_lines_that_fit_are_counted_and_long_ones_wrapped() -> None:
    prompt = PackPrompt(Content("NATO"), Content("12 questions\nSource: DW, 13 November 2016"))
    assert prompt.get_height({}, 40) == 3
    # At 20 cells the source line (29 cells + 2 of indent) wraps onto a second line.
    assert (
        prompt.get_height({}, 20)
        == wrapped_height("NATO", "12 questions\nSource: DW, 13 November 2016", 20)
        == 4
    )
