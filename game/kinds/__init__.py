"""The question kinds: a registry from a pack's `type` to the one module that owns that kind."""

from __future__ import annotations

from .base import CannotExport, Found, GiftAnswers, InputProblem, Kind, Loc, Presented
from .registry import (
    KINDS,
    correct_answer_text,
    grade,
    kind_named,
    kind_of,
    names,
    register,
    unregister,
)

__all__ = [
    "KINDS",
    "CannotExport",
    "Found",
    "GiftAnswers",
    "InputProblem",
    "Kind",
    "Loc",
    "Presented",
    "correct_answer_text",
    "grade",
    "kind_named",
    "kind_of",
    "names",
    "register",
    "unregister",
]

# The built-in kinds register themselves on import, in the order docs and menus list them.
from . import choice, multi, truefalse, numeric, text, order, match, evidence, claim  # noqa: F401, I001
