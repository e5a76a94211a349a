"""`showing`: whether a screen or widget is still on show, for results that arrive late."""

from __future__ import annotations

from textual.dom import DOMNode


def showing(node: DOMNode) -> bool:
    """Whether `node` is in the app and not being taken down.

    A worker's result reaches the event loop whenever its read ends, which may be while the
    screen is being closed (the player left, or the app is quitting). Textual then removes
    the screen's widgets first and the screen last: the screen is still attached for a while
    but its widgets are gone, so `query_one` would fail. Textual marks such nodes itself
    (it hides them from `display` and from signals the same way); these are its marks.
    """
    return node.is_attached and not (node._closing or node._closed or node._pruning)
