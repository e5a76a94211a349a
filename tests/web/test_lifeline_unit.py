"""A served tab ties itself to its server only when the server started it, and leaves at once
when that server is already gone (`game.web.lifeline`). Run in a child process of the test:
the tie is asked of the kernel for the process that makes it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from game.web.lifeline import SERVER_PID, tie_to_server
from tests.conftest import REPO

TIE = "from game.web.lifeline import tie_to_server; tie_to_server(); print('still here')"


def _tied(server: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, SERVER_PID: server}
    return subprocess.run(
        [sys.executable, "-c", TIE], env=env, cwd=REPO, capture_output=True, text=True, timeout=30
    )


def test_a_game_not_started_by_a_server_is_left_alone() -> None:
    tie_to_server({})  # no prctl asked: this process is not a served tab
    assert _tied("not a number").stdout == "still here\n"


def test_a_game_stays_while_its_server_lives_and_leaves_when_it_is_gone() -> None:
    assert _tied(str(os.getpid())).stdout == "still here\n"
    gone = _tied(str(os.getpid() + 100_000))  # not this child's parent: its server is gone
    assert gone.returncode == 0
    assert gone.stdout == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_kernel_is_asked_to_end_the_game_with_its_server() -> None:
    ask = TIE.replace(
        "print('still here')",
        "import ctypes; s = ctypes.c_int(); ctypes.CDLL(None).prctl(2, ctypes.byref(s), 0, 0, 0);"
        " print(s.value)",
    )
    env = {**os.environ, SERVER_PID: str(os.getpid())}
    done = subprocess.run(
        [sys.executable, "-c", ask], env=env, cwd=REPO, capture_output=True, text=True, timeout=30
    )
    assert done.stdout.strip() == "15"  # SIGTERM
