"""Telling a saved web page from a text, and either from a binary file, by a first look.

Kept apart from `article` (whose patterns take a while to compile) because the pack loader
asks it of every source file.
"""

from __future__ import annotations

import re

_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)


def looks_like_html(name: str, raw: bytes) -> bool:
    """Whether a file is a web page: named `.html`/`.htm`, or starting like one."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(_HTML_START.match(raw[:4096].removeprefix(b"\xef\xbb\xbf")))


def is_binary(raw: bytes) -> bool:
    """A NUL byte in the first 8 KB: an image, a PDF, an archive, not a page or a text."""
    return b"\0" in raw[:8192]
