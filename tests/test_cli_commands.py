"""The command line is built from game/commands/: each module adds its sub-parser and the
handler that runs it, and main turns interruptions and store failures into exit statuses."""

from __future__ import annotations

import argparse
import pkgutil
import subprocess
import sys

import pytest

import game.commands
from game import cli
from game.commands import schema
from tests.conftest import REPO


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_command_module_adds_its_parser_with_its_own_handler() -> None:
    names = {
        info.name
        for info in pkgutil.iter_modules(game.commands.__path__)
        if info.name not in ("common", "fix_quotes")  # helpers, no sub-parser of their own
    }
    assert names == {module.__name__.rsplit(".", 1)[1] for module in cli.COMMANDS}
    subcommands = _subcommands(cli.build_parser())
    assert len(subcommands) == len(cli.COMMANDS)
    for name, parser in subcommands.items():
        handler = parser.get_default("handler")
        assert callable(handler), name
        assert handler.__module__ in {m.__name__ for m in cli.COMMANDS}, name


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        ([], "game.commands.play"),
        (["play", "--plain"], "game.commands.play"),
        (["scores"], "game.commands.scores"),
        (["stats", "p"], "game.commands.stats"),
        (["import", "f.gift"], "game.commands.imports"),
        (["validate", "--fix-quotes", "p.yaml"], "game.commands.validate"),
        (["schema"], "game.commands.schema"),
    ],
)
def test_the_parsed_command_names_the_handler_that_runs_it(argv: list[str], module: str) -> None:
    args = cli.build_parser().parse_args(argv)
    assert args.handler.__module__ == module
    if not argv:
        assert args.handler.__name__ == "run_home"  # no command: the game opens


def test_ctrl_c_ends_a_command_quietly_with_status_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(schema, "run", interrupted)
    assert cli.main(["schema"]) == cli.EXIT_INTERRUPTED == 130
    assert capsys.readouterr().err == "\ncivic-quiz: interrupted\n"


def test_another_error_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only store failures and command errors become messages: a bug still shows."""

    def broken(args: argparse.Namespace) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(schema, "run", broken)
    with pytest.raises(ZeroDivisionError):
        cli.main(["schema"])


def test_help_loads_no_command_s_dependencies() -> None:
    """The parser of every command is built without pydantic, the store, YAML or Textual,
    which only the command that runs loads."""
    code = (
        "import sys, contextlib, io\n"
        "from game.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "heavy = ('pydantic', 'textual', 'yaml', 'sqlite3', 'rich', 'game.store.store')\n"
        "print(sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "[]"
