"""The QR code and address of a served game, for students to scan or type."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...util.textsafe import one_line


def qr_text(url: str) -> Text:
    """The QR code of `url` drawn in half blocks, then the address itself."""
    from ...web.addresses import qr_code

    text = Text(qr_code(url).rstrip("\n"))
    text.append("\n")
    text.append(one_line(url), style="bold")
    return text


class QrCode(Static):
    """A served game's address as a QR code and in letters (hidden without an address)."""

    def show(self, url: str | None) -> None:
        """Show `url` (None: hide the widget)."""
        self.display = url is not None
        if url is not None:
            self.update(qr_text(url))
