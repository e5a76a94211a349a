"""The command line says what happens (issue 22, item 14): the closest command or option
for a mistyped one, `--version`, and `serve` on this machine only saying how to serve the
class."""

from __future__ import annotations

import pytest

import game
from game.cli import main
from game.web.addresses import Interface, announcement


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_a_mistyped_command_gets_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "paly")
    assert status == 2 and out == ""
    assert "invalid choice: 'paly'" in err
    assert "did you mean 'play'?" in err


def test_a_mistyped_option_of_a_command_gets_the_closest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = _run(capsys, "play", "--plian")
    assert status == 2
    assert "unrecognized arguments: --plian" in err
    assert "did you mean '--plain'?" in err
    assert "usage: civic-quiz play" in err  # the command's own usage, not the top one


def test_a_mistyped_option_of_the_top_level_gets_the_closest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = _run(capsys, "--lesosn", "x.yaml")
    assert status == 2
    assert "did you mean '--lesson'?" in err


def test_an_option_with_its_value_still_gets_the_closest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = _run(capsys, "scores", "--playr=Zoe")
    assert status == 2
    assert "did you mean '--player'?" in err


def test_nothing_close_gets_no_guess(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "xyzzy")
    assert status == 2
    assert "did you mean" not in err


def test_version_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "--version")
    assert status == 0
    assert out == f"civic-quiz {game.__version__}\n"


def test_serving_this_machine_only_says_how_to_serve_the_class() -> None:
    text = announcement("127.0.0.1", 8000, interfaces=[Interface("eth0", "192.168.1.5")], qr=False)
    assert text.startswith("civic-quiz is served on this machine only")
    assert "--host 0.0.0.0" in text
    # Listening on every address, the hint is not needed.
    text = announcement("0.0.0.0", 8000, interfaces=[Interface("eth0", "192.168.1.5")], qr=False)
    assert "--host 0.0.0.0" not in text


def test_a_mistyped_option_of_an_action_gets_the_actions_closest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = _run(capsys, "db", "backup", "copy.sqlite3", "--forse")
    assert status == 2
    assert "usage: civic-quiz db backup" in err
    assert "did you mean '--force'?" in err


def test_a_hidden_option_is_never_suggested(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "--servde", "x")
    assert status == 2
    assert "--served" not in err
