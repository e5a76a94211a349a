"""GIFT's text formats (`[html]`, `[moodle]`, `[plain]`, `[markdown]`): how the GIFT importer
reads a text in each, which its exporter and the kinds' GIFT rules ask too."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

TEXT_FORMATS = ("moodle", "html", "plain", "markdown")
"""The format markers GIFT knows, written `[html]` at the start of a text."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# --- HTML to text ------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"}
    | {"blockquote", "pre", "hr", "dl", "dt", "dd", "section", "article", "header", "footer"}
)


class _HtmlText(HTMLParser):
    """Collects the text of an HTML fragment; block elements and `<br>` become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str | None] = []  # None is a line break
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        elif tag == "li":
            self.parts += [None, "- "]
        elif tag in _BLOCK_TAGS:
            self.parts.append(None)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS and tag != "br":
            self.parts.append(None)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


# A `<` whose next angle bracket is another `<` (or none) opens no tag: it is text. Written
# `&lt;` before parsing, because html.parser rescans to the end of the text from each such
# `<` (quadratic on `<a<a<a...`, `<![<![...`); then every `<` left has its `>` before the
# next `<`, and the parse is linear.
_OPEN_LT = re.compile(r"<(?=[^<>]*+(?:<|$))")


def html_to_text(text: str, *, collapse: bool = True) -> str:
    """Plain text from an HTML fragment: tags stripped, entities decoded, `<br>`, `<p>` and
    other blocks made line breaks. `collapse` folds runs of white space as a browser does
    (`[html]`); without it white space is kept (`[moodle]` text, where line breaks count)."""
    text = _OPEN_LT.sub("&lt;", text)
    parser = _HtmlText()
    try:
        parser.feed(text)
        parser.close()
        parts = parser.parts
    except AssertionError:  # html.parser gives up on some malformed declarations
        parts = [html.unescape(re.sub(r"<[^>]*>", "", text))]
    lines: list[str] = []
    current: list[str] = []
    for part in [*parts, None]:
        if part is not None:
            current.append(part)
            continue
        line = "".join(current)
        current = []
        line = " ".join(line.split()) if collapse else line.strip(" \t")
        if line.strip():
            lines.append(line)
    return "\n".join(lines)


def read_text(text: str, text_format: str) -> str:
    """How the importer reads a text in a format: HTML made plain for `html` and `moodle`,
    control characters made spaces, white space trimmed at both ends. (The exporter uses it
    to know when a text needs `[plain]` to come back unchanged.)"""
    if text_format == "html":
        text = html_to_text(text)
    elif text_format == "moodle" and ("<" in text or "&" in text):
        text = html_to_text(text, collapse=False)
    return _CONTROL.sub(" ", text).strip()


def split_format(text: str, default: str) -> tuple[str, str]:
    """The format marker at the start of a text, if it has one, and the text after it."""
    if text.startswith("["):
        end = text.find("]")
        if end != -1 and text[1:end] in TEXT_FORMATS:
            return text[1:end], text[end + 1 :]
    return default, text
