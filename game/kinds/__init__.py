"""The question kinds: a registry from a pack's `type` to the one module that owns that kind."""

from __future__ import annotations

from typing import Any

from .base import CannotExport, Found, InputProblem, Kind, Loc, Presented

KINDS: dict[str, Kind[Any]] = {}
"""Every registered kind by its `type`, in registration order (the order docs list them)."""


def register(kind: Kind[Any]) -> Kind[Any]:
    """Add a kind; ValueError when its name is taken."""
    if kind.name in KINDS:
        raise ValueError(f"a kind named {kind.name!r} is already registered")
    KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a kind (tests that register a throwaway kind)."""
    KINDS.pop(name, None)


def kind_named(name: object) -> Kind[Any] | None:
    """The kind for a `type` value, or None."""
    return KINDS.get(name) if isinstance(name, str) else None


def kind_of(question: Any) -> Kind[Any]:
    """The kind of a validated question; TypeError for anything else."""
    kind = kind_named(getattr(question, "type", None))
    if kind is None or not isinstance(question, kind.model):
        raise TypeError(f"not a question of a known kind: {type(question).__name__}")
    return kind


def names() -> tuple[str, ...]:
    """The registered `type` values."""
    return tuple(KINDS)


# The built-in kinds register themselves on import, in the order docs and menus list them.
from . import choice, multi, truefalse, numeric, text, order, match, evidence, claim  # noqa: E402, F401, I001

__all__ = [
    "KINDS",
    "CannotExport",
    "Found",
    "InputProblem",
    "Kind",
    "Loc",
    "Presented",
    "kind_named",
    "kind_of",
    "names",
    "register",
    "unregister",
]
