"""The live game's widgets drawn as text: the join code's sizes, the bars of the class's
answers (labels, counts and the right one in words), the moves of the top five."""

from __future__ import annotations

from rich.cells import cell_len

from game.live.model import Bar, Standing
from game.ui.widgets.answer_count import count_text
from game.ui.widgets.class_answers import RIGHT, bars_text
from game.ui.widgets.join_code import code_text
from game.ui.widgets.top_five import move_text, top_text


def test_the_code_is_as_large_as_the_width_allows() -> None:
    large = code_text("K7Q2", 43).plain.splitlines()
    assert len(large) == 5 and max(map(cell_len, large)) <= 43
    small = code_text("K7Q2", 42).plain.splitlines()
    assert len(small) == 3 and max(map(cell_len, small)) <= 23
    assert len(code_text("K7Q2", 80, tall=False).plain.splitlines()) == 3
    assert code_text("K7Q2", 10).plain == "K 7 Q 2"
    assert code_text("K-Q2", 80).plain == "K - Q 2"  # no glyph: the letters themselves


def test_bars_say_the_counts_and_the_right_answer_in_words() -> None:
    bars = [Bar("A", "Paris", 0, False), Bar("B", "Brussels", 12, True)]
    lines = bars_text(bars, 60).plain.splitlines()
    assert lines[0].startswith("A Paris") and lines[0].rstrip().endswith(" 0")
    assert lines[1].startswith("B Brussels") and lines[1].endswith(f"12 {RIGHT}")
    assert "\u2588" * 24 in lines[1] and "\u2588" not in lines[0]
    assert all(cell_len(line) <= 60 for line in lines)


def test_long_labels_and_texts_are_cut_to_one_line() -> None:
    bars = [Bar("Jens Stoltenberg of Norway \u2192 NATO", "N" * 90, 3, True)]
    (line,) = bars_text(bars, 60).plain.splitlines()
    assert "\u2026" in line and cell_len(line) <= 60


def test_moves_and_the_answered_count() -> None:
    assert (move_text(2), move_text(-1), move_text(0)) == ("\u25b22", "\u25bc1", "\u2013")
    top = top_text([Standing(1, "Ana", 340, 2), Standing(2, "Ben", 1, -1)]).plain
    assert "1. Ana" in top and "340 points \u25b22" in top and "1 point" in top
    assert count_text(3, 4).plain.endswith("3 of 4 answered")
    assert count_text(0, 0).plain.endswith("0 of 0 answered")


def test_a_label_that_says_the_text_is_drawn_once() -> None:
    bars = [
        Bar("Article 3 \u2192 defences", "defences", 2, True),
        Bar("Article 4 \u2192 talks", "talks", 0, True),
    ]
    lines = bars_text(bars, 60).plain.splitlines()
    assert lines[0].startswith("Article 3 \u2192 defences ") and lines[0].count("defences") == 1
    assert all(cell_len(line) <= 60 for line in lines)
