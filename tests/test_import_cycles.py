"""No module of `game/` imports itself back: the import graph, read with `ast`, has no cycle."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO


def module_names(root: Path, package: str) -> dict[str, Path]:
    """Every module of `package` (a directory under `root`) by its dotted name; a package's
    `__init__.py` by the package's own name."""
    modules: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    """`if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:`."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _imports(node: ast.AST, type_checking: bool = False) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements anywhere below `node` (in functions too, which run them when
    called), except under `if TYPE_CHECKING:`, which never runs, unless `type_checking`
    (the type checker reads them, and the issue that asked for this test counts them)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        elif isinstance(child, ast.If) and _is_type_checking(child.test) and not type_checking:
            for other in child.orelse:
                yield from _imports_of_statement(other)
        else:
            yield from _imports(child, type_checking)


def _imports_of_statement(statement: ast.stmt) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(statement, ast.Import | ast.ImportFrom):
        yield statement
    else:
        yield from _imports(statement)


def _targets(
    module: str, is_package: bool, node: ast.Import | ast.ImportFrom, modules: dict[str, Path]
) -> list[str]:
    """The dotted names an import statement names, relative ones resolved (`from . import
    x` names both the package and its submodule `x`, whichever exists; only the submodules
    when all the names are submodules and the importer is inside the package, whose
    `__init__` Python has run, or is running, before any module inside it)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = module.split(".")
        if not is_package:
            parts = parts[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join([*parts, *([node.module] if node.module else [])])
    named = [f"{base}.{alias.name}" for alias in node.names]
    if module.startswith(base + ".") and all(name in modules for name in named):
        return named
    return [base, *named]


def import_graph(root: Path, package: str, *, type_checking: bool = False) -> dict[str, set[str]]:
    """Which modules of `package` each of its modules imports (`type_checking`: counting the
    imports under `if TYPE_CHECKING:`). Importing `a.b.c` also runs the `__init__` of the
    packages `a` and `a.b`: an edge to each, unless the importer is inside that package
    (Python has already run it then)."""
    modules = module_names(root, package)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in _imports(tree, type_checking):
            for target in _targets(name, is_package, node, modules):
                if target in modules and target != name:
                    graph[name].add(target)
                parts = target.split(".")
                for end in range(1, len(parts)):
                    parent = ".".join(parts[:end])
                    inside = name == parent or name.startswith(parent + ".")
                    if parent in modules and not inside:
                        graph[name].add(parent)
    return graph


def loops(graph: dict[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import each other, directly or not (the strongly connected
    components of two or more modules), by their first module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group: set[str] = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups, key=min)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each group of `loops`, as the modules in import order, the first
    repeated last."""
    return [_shortest_cycle(graph, group) for group in loops(graph)]


def _shortest_cycle(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """The shortest cycle through the first module of a group (breadth first)."""
    start = min(group)
    paths: dict[str, list[str]] = {start: [start]}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for other in sorted(graph[node] & group):
                if other == start:
                    return [*paths[node], start]
                if other not in paths:
                    paths[other] = [*paths[node], other]
                    following.append(other)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # a component always has one


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _describe(graph: dict[str, set[str]]) -> list[str]:
    return [
        f"{' -> '.join(_shortest_cycle(graph, group))}"
        f" (all {len(group)}: {', '.join(sorted(group))})"
        for group in loops(graph)
    ]


def test_the_game_has_no_import_cycle() -> None:
    found = _describe(import_graph(REPO, "game"))
    assert not found, "import cycles:\n" + "\n".join(found)


def test_the_game_has_no_import_cycle_even_through_type_checking_imports() -> None:
    """The type checker reads `if TYPE_CHECKING:` imports too: a loop through them is still
    two modules built on each other (the screens type their app as `game.ui.host.QuizHost`,
    not as the `QuizApp` that imports them)."""
    found = _describe(import_graph(REPO, "game", type_checking=True))
    assert not found, "import cycles through TYPE_CHECKING imports:\n" + "\n".join(found)


def test_the_graph_sees_the_game_s_imports() -> None:
    graph = import_graph(REPO, "game")
    assert "game.kinds" in graph["game.packs.loader"]
    assert "game.kinds.registry" in graph["game.kinds.choice"]
    assert "game.kinds" not in graph["game.kinds.choice"]  # inside the package: no edge
    assert "game.core.model" in graph["game.kinds.base"]


def test_a_loop_through_packages_like_the_old_kinds_and_packs_is_found(tmp_path) -> None:
    _write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/kinds/__init__.py": "from . import choice\n",
            "app/kinds/choice.py": "from ..packs.model import Base\n",
            "app/packs/__init__.py": "",
            "app/packs/model.py": (
                "def late():\n    from ..kinds import choice  # imported late: still a loop\n"
            ),
        },
    )
    assert cycles(import_graph(tmp_path, "app")) == [
        ["app.kinds", "app.kinds.choice", "app.packs.model", "app.kinds"]
    ]


def test_importing_a_submodule_runs_its_package_s_init(tmp_path) -> None:
    _write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/a/__init__.py": "from app.b import helper\n",
            "app/a/inner.py": "",
            "app/b/__init__.py": "",
            "app/b/helper.py": "import app.a.inner\n",
        },
    )
    assert cycles(import_graph(tmp_path, "app")) == [["app.a", "app.b.helper", "app.a"]]


def test_type_checking_imports_and_imports_inside_a_package_are_no_loop(tmp_path) -> None:
    _write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/ui/__init__.py": "from .screen import Screen\n",
            "app/ui/screen.py": (
                "from typing import TYPE_CHECKING\n"
                "from .widgets import Widget\n"
                "if TYPE_CHECKING:\n    from .app import App\n"
            ),
            "app/ui/widgets.py": "",
            "app/ui/app.py": "from .screen import Screen\n",
        },
    )
    graph = import_graph(tmp_path, "app")
    assert graph["app.ui.screen"] == {"app.ui.widgets"}
    assert cycles(graph) == []


def test_a_loop_through_type_checking_imports_is_found_when_they_count(tmp_path) -> None:
    _write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/ui/__init__.py": "",
            "app/ui/screen.py": (
                "import typing\nif typing.TYPE_CHECKING:\n    from .app import App\n"
            ),
            "app/ui/app.py": "from .screen import Screen\n",
        },
    )
    assert cycles(import_graph(tmp_path, "app")) == []
    graph = import_graph(tmp_path, "app", type_checking=True)
    assert graph["app.ui.screen"] == {"app.ui.app"}
    assert cycles(graph) == [["app.ui.app", "app.ui.screen", "app.ui.app"]]


def test_from_dot_import_a_submodule_inside_the_package_is_no_edge_to_it(tmp_path) -> None:
    """As `game.store`: its `__init__` imports the store for the type checker, and a module
    of the store imports a sibling with `from . import base`, which runs no `__init__`."""
    _write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/store/__init__.py": (
                "TYPE_CHECKING = False\n"
                "if TYPE_CHECKING:\n    from .store import Store\n    from .names import N\n"
            ),
            "app/store/base.py": "",
            "app/store/store.py": "from . import base\n",
            "app/store/names.py": "from . import Store, base  # Store is the __init__'s\n",
            "app/other.py": "from .store import base\n",
        },
    )
    graph = import_graph(tmp_path, "app", type_checking=True)
    assert graph["app.store.store"] == {"app.store.base"}
    assert graph["app.store.names"] == {"app.store", "app.store.base"}
    assert graph["app.other"] == {"app.store", "app.store.base"}  # outside: runs the __init__
    # names.py needs the `__init__` to have defined Store: a loop; store.py's import, none
    assert cycles(graph) == [["app.store", "app.store.names", "app.store"]]


def test_the_kinds_import_nothing_from_packs_or_importers() -> None:
    """The kinds build on game/core; packs and importers build on the kinds."""
    graph = import_graph(REPO, "game")
    above = ("game.packs", "game.importers", "game.exporters", "game.ui")
    wrong = {
        (module, target)
        for module, targets in graph.items()
        if module == "game.kinds" or module.startswith("game.kinds.")
        for target in targets
        if target.startswith(above)
    }
    assert not wrong
