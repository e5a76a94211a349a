"""The registry of question kinds: from a pack's `type` to the one kind that owns it."""

from __future__ import annotations

from typing import Any

from ..core.grading import Grade, Response
from .base import Kind

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


def grade(question: Any, response: Response) -> Grade:
    """Grade a response to a question of any registered kind, by asking its kind.

    The response's shape depends on the kind: `choice` and `text` take a str, `multi` a
    collection of option texts, `truefalse` a bool, `numeric` a str or a number, `order` a
    sequence of item texts, `match` a mapping of left side to right side. TypeError for a
    response of the wrong shape, or an object that isn't a question.
    """
    try:
        kind = kind_of(question)
    except TypeError:
        raise TypeError(f"can't grade a {type(question).__name__}") from None
    return kind.grade(question, response)


def correct_answer_text(question: Any) -> str:
    """A human-readable statement of the correct answer, for feedback screens, by asking the
    question's kind: `Brussels (also accepted: Bruxelles)`, `between 1 and 3 percent`,
    `1. a → 2. b → 3. c`, `France → Paris; Italy → Rome`."""
    try:
        kind = kind_of(question)
    except TypeError:
        raise TypeError(f"not a question: {type(question).__name__}") from None
    return kind.correct_text(question)
