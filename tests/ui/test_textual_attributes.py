"""No screen, dialog or widget of the game sets or defines a private attribute of the Textual
class it extends (issue 12, defect 2: `HomeScreen._name` was Textual's `_name`, so that
`screen.name` returned the player's name; `OrderAnswer._options` was OptionList's list)."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import re

from textual.app import App
from textual.dom import DOMNode

import game.ui

PRIVATE = re.compile(r"self\.(_[A-Za-z]\w*)\s*(?::[^=\n]+)?=[^=]|def (_[A-Za-z]\w*)\(")
"""`self._x = ...`, `self._x: T = ...` and `def _x(`: the private names a class gives."""


@functools.cache  # Textual's classes are read once, not once per subclass
def private_names(cls: type) -> frozenset[str]:
    """The private names a class's own source gives (not dunder names)."""
    return frozenset(a or b for a, b in PRIVATE.findall(inspect.getsource(cls)))


def game_classes() -> list[type]:
    """Every app, screen and widget class defined in game.ui."""
    found = []
    for info in pkgutil.walk_packages(game.ui.__path__, "game.ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and value.__module__ == module.__name__
                and issubclass(value, (DOMNode, App))
            ):
                found.append(value)
    return found


def test_the_pattern_finds_a_private_name() -> None:
    class Probe:
        def __init__(self) -> None:
            self._name = ""
            self._typed: str = ""

        def _options(self) -> None: ...

    assert private_names(Probe) == {"_name", "_typed", "_options"}


def test_no_game_class_shadows_a_textual_private_attribute() -> None:
    classes = game_classes()
    assert len(classes) > 20  # the screens, dialogs and widgets were all found
    clashes = []
    for cls in classes:
        ours = private_names(cls)
        for base in cls.__mro__[1:]:
            if base.__module__.startswith("textual"):
                for name in sorted(ours & private_names(base)):
                    clashes.append(f"{cls.__qualname__}.{name} (Textual's {base.__qualname__})")
    assert clashes == []
