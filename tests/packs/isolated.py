"""Run a call that might hang or exhaust memory in a child process with a time and memory cap.

Hostile files (FIFOs, /dev/zero, huge sparse files) hang or swallow memory when a reader gets
them wrong; running the call in a child keeps the test suite itself from hanging: a child that
does not finish in time is killed and the test fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60
"""Seconds a child may take; generous, since the suite may share a busy machine."""
MEMORY = 1024 * 1024 * 1024
"""Address space a child may use: a reader that slurps a 2 GB file fails instead."""


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_isolated(code: str, *args: str, env: dict[str, str] | None = None) -> Any:
    """Run `code` (which prints one JSON value last) in a fresh interpreter; its value.

    Fails the test when the child hangs, crashes or prints no JSON."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            preexec_fn=_limit_memory if sys.platform != "win32" else None,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the call did not finish within {TIMEOUT} s (it hangs)")
    if done.returncode != 0:
        pytest.fail(f"the call failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    lines = done.stdout.strip().splitlines()
    if not lines:
        pytest.fail(f"the call printed nothing:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1])


CHECK_PACK = """
import json, sys
from game.packs.loader import check_pack_file
checked = check_pack_file(sys.argv[1], display="pack.yaml")
print(json.dumps([p.as_dict() for p in checked.problems]))
"""


def check_pack_isolated(path: Path) -> list[dict[str, Any]]:
    """The problems of the pack at `path`, as dicts, checked in a child process."""
    return run_isolated(CHECK_PACK, str(path))


CATALOG = """
import json, sys
from pathlib import Path
from game.packs.catalog import entry_as_dict, load_catalog
found = load_catalog([Path(p) for p in sys.argv[2:]], cache_dir=Path(sys.argv[1]))
print(json.dumps([entry_as_dict(e) for e in found.entries]))
"""


def catalog_isolated(cache_dir: Path, *folders: Path) -> list[dict[str, Any]]:
    """The catalog entries of `folders`, as dicts, built in a child process."""
    return run_isolated(CATALOG, str(cache_dir), *(str(f) for f in folders))
