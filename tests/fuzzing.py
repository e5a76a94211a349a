"""Shared fuzzing helpers: hostile text, mutated files, hypothesis settings, importer checks."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from game.importers.base import ImportFailed, ImportResult, build_pack, dump_pack
from game.packs.loader import check_pack_text, validate_pack_data

# --- hostile text: what an attacker puts in a name, an answer, a pack or a file name -------

TITLE = "\x1b]0;PWNED\x07"
"""OSC 0: would retitle the terminal's window."""
CLEAR = "\x1b[2J"
"""CSI 2 J: would clear the screen."""
LINK = "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"
"""OSC 8: would show `click` as a link to somewhere else."""
C1 = "\x9b31m"
"""An 8-bit CSI: some terminals read U+009B as ESC [."""
BIDI = "\u202etxt.exe"
"""A right-to-left override: would display as `exe.txt`."""

NASTY_BITS = st.sampled_from(
    [
        "\x1b]0;T\x07",
        "\x1b[2J",
        "\x1b]8;;http://x\x1b\\",
        "\x9b",
        "\x00",
        "\x7f",
        "\u202e",
        "\u2066",
        "\u2028",
        "\r",
        "\n",
        "\t",
        "=",
        "+",
        "-",
        "@",
        " ",
        "cmd|' /C calc'!A0",
    ]
)
"""The pieces attacks are made of: escapes, controls, bidi, formula starts, newlines."""

HOSTILE_TEXT = st.lists(st.one_of(NASTY_BITS, st.text(max_size=5)), max_size=12).map("".join)
"""Text biased towards those pieces, mixed with any other text."""

# --- hypothesis settings ------------------------------------------------------------------


def fuzz_settings(
    max_examples: int,
    *,
    slow: bool = False,
    fixtures: bool = False,
    deadline: int | None = None,
) -> settings:
    """The settings of a fuzz test: `max_examples` examples, no deadline unless given (in
    ms: parsing a large example may take a while on a busy machine); `slow` lets large
    generated inputs be slow to draw, `fixtures` lets a function-scoped fixture be shared by
    the examples (when the test does not depend on its state)."""
    checks = [HealthCheck.too_slow] if slow else []
    if fixtures:
        checks.append(HealthCheck.function_scoped_fixture)
    return settings(max_examples=max_examples, deadline=deadline, suppress_health_check=checks)


# --- mutated files --------------------------------------------------------------------------

EDITS = ("insert", "delete", "swap-lines", "duplicate-line")
"""The edits `mutated` makes: insert a piece, delete a run, swap or duplicate a line."""


@st.composite
def mutated(
    draw: st.DrawFn,
    seeds: Sequence[str],
    bits: st.SearchStrategy[str],
    edits: Sequence[str] = EDITS,
) -> str:
    """One of the `seeds` with one to six edits: a piece of `bits` (or any short text)
    inserted, up to 20 characters deleted, or (among `edits`) two lines swapped or a line
    duplicated."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(edits))
        if action == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(bits | st.text(max_size=5)) + text[at:]
        elif action == "delete":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        else:
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if action == "swap-lines":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(j, lines[i])
            text = "\n".join(lines)
    return text


# --- importers: what any input must give --------------------------------------------------

UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""Messages are printed to a terminal: no control codes (escape sequences) or lone
surrogates."""


def assert_usable(result: ImportResult, text: str, *, cr_ends_lines: bool = True) -> None:
    """Every skip has a line in the file and a reason; the questions make a valid pack, and the
    YAML written for it loads back without errors. `cr_ends_lines`: a lone CR counts as a
    line end (it does in line-based formats, not in JSON)."""
    last_line = text.count("\n") + (text.count("\r") if cr_ends_lines else 0) + 1
    for skipped in result.skipped:
        assert 1 <= skipped.line <= last_line
        assert skipped.reason
        assert not UNPRINTABLE.search(skipped.reason), skipped.reason
    pack = build_pack(result, pack_id="x", title="X")
    checked = validate_pack_data(pack)
    if result.questions:
        assert not checked.errors, [p.format() for p in checked.errors]
        reloaded = check_pack_text(dump_pack(pack))
        assert not reloaded.errors, [p.format() for p in reloaded.errors]
        assert reloaded.pack is not None
        assert len(reloaded.pack.questions) == len(result.questions)


def import_or_fail(
    importer: Callable[[str], ImportResult], text: str, *, cr_ends_lines: bool = True
) -> None:
    """Whatever `text` is, `importer` gives a usable result or fails with ImportFailed and a
    printable, located message: never another exception."""
    try:
        result = importer(text)
    except ImportFailed as failed:
        assert failed.message
        assert not UNPRINTABLE.search(failed.message), failed.message
        assert failed.line is None or failed.line >= 1
        return
    assert_usable(result, text, cr_ends_lines=cr_ends_lines)
