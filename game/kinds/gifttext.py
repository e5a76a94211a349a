"""GIFT primitives the kinds and the exporter share: escaping, numbers, Moodle's grades."""

from __future__ import annotations

from .base import CannotExport

MOODLE_SHARES = {
    1: "100",
    2: "50",
    3: "33.33333",
    4: "25",
    5: "20",
    6: "16.66667",
    7: "14.28571",
    8: "12.5",
    9: "11.11111",
    10: "10",
}
"""The share of each of k correct options, written as Moodle's list of grades has it (an
import with another value fails with "grade not listed")."""

_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Text written for GIFT: `~ = # { } :` and `\\` escaped, line breaks written `\\n`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        "\\" + char if char in _SPECIAL else "\\n" if char == "\n" else char for char in text
    )


def gift_number(value: float) -> str:
    """A number as GIFT writes it: `12` not `12.0`."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def distinct(texts: list[str], what: str) -> None:
    """CannotExport when two texts are the same once GIFT trims them."""
    if len(set(texts)) != len(texts):
        raise CannotExport(f"two of its {what} read the same once GIFT trims their spaces")
