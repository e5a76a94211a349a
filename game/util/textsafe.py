"""Text from outside (packs, file names, player names, answers) made safe to show or export.

Whatever a pack, a file name or a database row contains, what the game writes to a terminal
must not command that terminal: an `ESC ] 0 ; ... BEL` would retitle the window, an
`ESC [ 2 J` clear the screen, an OSC 8 sequence forge a link, and the bidi controls
(U+202A-U+202E, U+2066-U+2069) make text display in another order than it is stored. So
every such character is written as a visible escape (`\\x1b`, `\\u202e`), never raw. Where
one line is expected (a file name in a report line, a name in a table cell), line breaks are
escaped too, so that they cannot forge a line of their own.

A CSV cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a
formula by spreadsheets ("CSV injection", OWASP); `spreadsheet_cell` makes such text a
plain text cell.

The domain core and the UI both use this module, so it imports nothing but `re`.
"""

from __future__ import annotations

import re

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
"""C0 controls but tab and newline, DEL, and the C1 controls (U+009B is a CSI by itself)."""

_INVISIBLE = "\u202a-\u202e\u2066-\u2069\u2028\u2029"
"""Bidi embeddings, overrides and isolates, and the Unicode line and paragraph separators
(which some renderers break lines at)."""

_UNSAFE = re.compile(f"[{_CONTROLS}{_INVISIBLE}]")
_UNSAFE_ON_ONE_LINE = re.compile(f"[\t\n{_CONTROLS}{_INVISIBLE}]")

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
"""The escapes everyone reads; the others are written as `\\xNN` or `\\uNNNN`."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP)."""


def escape(char: str) -> str:
    """One character as a visible escape: `\\n`, `\\x1b`, `\\u202e`."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` safe to write to a terminal: control characters (C0 but tab and newline, DEL,
    C1) and bidi controls shown as visible escapes, never sent raw."""
    if not _UNSAFE.search(text):
        return text  # the common case, without building a new string
    return _UNSAFE.sub(lambda m: escape(m.group()), text)


def one_line(text: str) -> str:
    """`text` as `printable` shows it, and on one line: newlines and tabs escaped too (for
    names and file names in a line of a report or a cell of a table)."""
    if not _UNSAFE_ON_ONE_LINE.search(text):
        return text
    return _UNSAFE_ON_ONE_LINE.sub(lambda m: escape(m.group()), text)


def without_unsafe(text: str) -> str:
    """`text` with the characters `printable` would escape removed: for a last line of
    defence that must not change the width of what it cleans (they take no cells)."""
    return _UNSAFE.sub("", text)


def unsafe_characters(text: str) -> list[str]:
    """The characters `printable` would escape, each once, in the order they first occur."""
    return list(dict.fromkeys(_UNSAFE.findall(text)))


def spreadsheet_cell(value: object) -> object:
    """A value as a CSV cell: text made `printable` and, when it begins with a character
    that starts a formula (`FORMULA_STARTS`, also after leading spaces), prefixed with a
    single quote so that spreadsheets read it as text; anything else (numbers, None,
    booleans) unchanged, so numeric columns stay numbers."""
    if not isinstance(value, str):
        return value
    text = printable(value)
    if value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_INVISIBLE}]")
"""What `json.dumps(..., ensure_ascii=False)` leaves raw (it escapes C0 itself)."""


def json_text(dumped: str) -> str:
    """JSON text (from `json.dumps`) with DEL, C1 and bidi controls written as `\\uNNNN`.

    The same JSON value, since any character of a string may be written escaped, and these
    characters can only occur inside strings (JSON's own syntax is ASCII)."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
