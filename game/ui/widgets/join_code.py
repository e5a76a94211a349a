"""The join code of a class game in large type, for the back of the room to read."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

# Each character is 5x5 pixels: "#" is ink. Codes use letters and digits; anything else is
# drawn as itself, small (never the case for codes the game makes).
GLYPHS: dict[str, tuple[str, ...]] = {
    "A": (".###.", "#...#", "#####", "#...#", "#...#"),
    "B": ("####.", "#...#", "####.", "#...#", "####."),
    "C": (".####", "#....", "#....", "#....", ".####"),
    "D": ("####.", "#...#", "#...#", "#...#", "####."),
    "E": ("#####", "#....", "####.", "#....", "#####"),
    "F": ("#####", "#....", "####.", "#....", "#...."),
    "G": (".####", "#....", "#..##", "#...#", ".####"),
    "H": ("#...#", "#...#", "#####", "#...#", "#...#"),
    "I": ("#####", "..#..", "..#..", "..#..", "#####"),
    "J": ("..###", "...#.", "...#.", "#..#.", ".##.."),
    "K": ("#...#", "#..#.", "###..", "#..#.", "#...#"),
    "L": ("#....", "#....", "#....", "#....", "#####"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#...#", "##..#", "#.#.#", "#..##", "#...#"),
    "O": (".###.", "#...#", "#...#", "#...#", ".###."),
    "P": ("####.", "#...#", "####.", "#....", "#...."),
    "Q": (".###.", "#...#", "#.#.#", "#..#.", ".##.#"),
    "R": ("####.", "#...#", "####.", "#..#.", "#...#"),
    "S": (".####", "#....", ".###.", "....#", "####."),
    "T": ("#####", "..#..", "..#..", "..#..", "..#.."),
    "U": ("#...#", "#...#", "#...#", "#...#", ".###."),
    "V": ("#...#", "#...#", "#...#", ".#.#.", "..#.."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#...#", ".#.#.", "..#..", ".#.#.", "#...#"),
    "Y": ("#...#", ".#.#.", "..#..", "..#..", "..#.."),
    "Z": ("#####", "...#.", "..#..", ".#...", "#####"),
    "0": (".###.", "#..##", "#.#.#", "##..#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "..##.", ".#...", "#####"),
    "3": ("####.", "....#", ".###.", "....#", "####."),
    "4": ("#..#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "####."),
    "6": (".###.", "#....", "####.", "#...#", ".###."),
    "7": ("#####", "...#.", "..#..", ".#...", ".#..."),
    "8": (".###.", "#...#", ".###.", "#...#", ".###."),
    "9": (".###.", "#...#", ".####", "....#", ".###."),
}

GLYPH_WIDTH = 5
GAP = 1
"""Blank pixels between two characters."""

TALL_SCREEN = 20
"""Lines of the screen from which the code is drawn five rows high (else three)."""


def _pixels(code: str) -> list[str] | None:
    """The code as rows of pixels, or None when a character has no glyph."""
    glyphs = [GLYPHS.get(char) for char in code.upper()]
    if not glyphs or any(g is None for g in glyphs):
        return None
    rows = []
    for row in range(5):
        rows.append(("." * GAP).join(g[row] for g in glyphs if g is not None))
    return rows


def code_text(code: str, width: int, *, tall: bool = True) -> Text:
    """The code in large type that fits `width` columns: five rows of blocks two columns a
    pixel (only when `tall`), else three rows of half blocks, else the letters spaced out
    in bold."""
    pixels = _pixels(code)
    if pixels is None or len(pixels[0]) > width:
        return Text(" ".join(code), style="bold")
    glyphs = [GLYPHS[char] for char in code.upper()]
    # Large: two columns a pixel (square on a terminal's tall cells), one column between
    # two characters.
    if tall and len(code) * (2 * GLYPH_WIDTH + 1) - 1 <= width:
        lines = [
            " ".join("".join("\u2588\u2588" if p == "#" else "  " for p in g[row]) for g in glyphs)
            for row in range(5)
        ]
        return Text("\n".join(lines), style="bold")
    # Two rows of pixels per line: upper half, lower half or both.
    padded = [*pixels, "." * len(pixels[0])]
    lines = []
    for top, bottom in zip(padded[0::2], padded[1::2], strict=True):
        cells = {("#", "#"): "\u2588", ("#", "."): "\u2580", (".", "#"): "\u2584"}
        lines.append("".join(cells.get((a, b), " ") for a, b in zip(top, bottom, strict=True)))
    return Text("\n".join(lines), style="bold")


class JoinCode(Static):
    """The join code as large as the width allows; the code in plain letters stays in the
    text around it for screen readers (the drawing is only a picture of it)."""

    def __init__(self, code: str, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.code = code

    def on_resize(self) -> None:
        self._draw()

    def on_mount(self) -> None:
        self._draw()

    def _draw(self) -> None:
        # Five rows on a screen of 24 lines or more, three on a shorter one.
        tall = self.app.size.height >= TALL_SCREEN
        self.update(code_text(self.code, max(self.size.width, 1), tall=tall))
