"""The pack list's options: measured by counting lines when nothing wraps, as Textual would
measure them by wrapping, and drawn with their text literal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content
from textual.geometry import Spacing
from textual.style import Style
from textual.visual import Padding, RenderOptions

from game.ui.widgets.pack_list import PackPrompt
from tests.fuzzing import fuzz_settings

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


@fuzz_settings(300)
@given(
    bold=TEXT,
    plain=st.text(alphabet="ab \u2014", max_size=30),
    details=st.lists(TEXT, min_size=1, max_size=3),
    width=st.integers(4, 100),
)
def test_the_height_is_the_wrapped_height(
    bold: str, plain: str, details: list[str], width: int
) -> None:
    text = "\n".join(details)
    prompt = PackPrompt(bold, plain, text)
    assert prompt.get_height({}, width) == wrapped_height(bold + plain, text, width)


def test_lines_that_fit_are_counted_and_long_ones_wrapped() -> None:
    prompt = PackPrompt("NATO", "", "12 questions\nSource: DW, 13 November 2016")
    assert prompt.get_height({}, 40) == 3
    # At 20 cells the source line (29 cells + 2 of indent) wraps onto a second line.
    assert (
        prompt.get_height({}, 20)
        == wrapped_height("NATO", "12 questions\nSource: DW, 13 November 2016", 20)
        == 4
    )


def test_the_prompt_is_drawn_literally_with_a_bold_title() -> None:
    prompt = PackPrompt("[b]NATO[/b]", " \u2014 broken", "[@click=app.quit]x[/]")
    title, _details = prompt.parts
    assert isinstance(title, Content) and title.plain == "[b]NATO[/b] \u2014 broken"
    assert [(span.start, span.end, str(span.style)) for span in title.spans] == [(0, 11, "bold")]
    strips = prompt.render_strips(40, None, Style(), RenderOptions(lambda _: Style(), {}))
    assert [strip.text.rstrip() for strip in strips] == [
        "[b]NATO[/b] \u2014 broken",
        "  [@click=app.quit]x[/]",
    ]


def test_the_draft_count_shows_and_a_pack_of_drafts_only_says_it_cannot_be_played() -> None:
    from pathlib import Path

    from game.packs.catalog import PackEntry
    from game.ui.widgets.pack_list import entry_prompt

    some = PackEntry(Path("p.yaml"), "p", "P", 12, "", None, "h", drafts=5)
    only = PackEntry(Path("d.yaml"), "d", "D", 0, "", None, "h", drafts=3)
    assert entry_prompt(some, None)._text[2].startswith("12 questions \u00b7 5 drafts \u00b7")
    assert "3 drafts only: cannot be played" in entry_prompt(only, None)._text[2]


def test_unsourced_questions_are_counted_on_the_home_screen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A pack imported without quotes says how many of its questions are unsourced."""
    from game.packs.catalog import load_catalog
    from game.ui.widgets.pack_list import entry_prompt

    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "g.yaml").write_text(
        "format: civic-quiz/1\nid: g\ntitle: G\nquestions:\n"
        "  - {id: a, type: truefalse, prompt: A?, answer: true, explanation: e}\n"
        "  - {id: b, type: truefalse, prompt: B?, answer: false, explanation: e,"
        " quote: it was so}\n",
        encoding="utf-8",
    )
    (entry,) = load_catalog([packs], cache_dir=tmp_path / "cache").entries
    assert entry.unsourced == 1
    assert entry_prompt(entry, None)._text[2].startswith("2 questions \u00b7 1 unsourced \u00b7")
    # From the cache, the same.
    (again,) = load_catalog([packs], cache_dir=tmp_path / "cache").entries
    assert again.unsourced == 1
