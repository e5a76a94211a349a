"""Player names and the error a game request raises: light enough for the home screen to
import without loading the pack model."""

from __future__ import annotations

from collections.abc import Sequence

MAX_PLAYERS = 8
"""Hot-seat games have at most this many players."""

MAX_NAME_LENGTH = 40

PLAYER_SETTING = "player"
"""The score database's setting that remembers the last player's name (the app and plain
mode share it)."""


class GameError(Exception):
    """A game cannot be built or resumed as asked; the message says why, for the player."""


def check_player_name(name: str) -> str:
    """A player's name, trimmed; GameError when it is empty, too long or has control codes."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise GameError("a player name cannot be empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise GameError(f"a player name has at most {MAX_NAME_LENGTH} characters")
    if any(not ch.isprintable() for ch in cleaned):
        raise GameError("a player name cannot contain control characters")
    return cleaned


def check_player_names(names: Sequence[str]) -> tuple[str, ...]:
    """The players of a game, each name cleaned, in turn order; GameError when there are
    none or more than `MAX_PLAYERS`, or when two share a name (whatever its case)."""
    cleaned = tuple(check_player_name(name) for name in names)
    if not 1 <= len(cleaned) <= MAX_PLAYERS:
        raise GameError(f"a game has 1 to {MAX_PLAYERS} players")
    seen: dict[str, str] = {}
    for name in cleaned:
        first = seen.get(name.casefold())
        seen.setdefault(name.casefold(), name)
        if first is not None:
            # Named, so the player knows which line to change.
            raise GameError(
                f"{first} and {name} are one name (case does not count):"
                " each player needs a different name"
            )
    return cleaned
