"""The package type-checks: mypy (pinned in the test extras, configured in pyproject.toml)
finds no error in game/, and every `# type: ignore` names its error code."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO


def test_mypy_finds_no_error_in_game() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_type_ignore_says_which_error_and_why() -> None:
    # mypy checks the code (ignore-without-code); the reason is a comment on the line or above.
    for path in sorted((REPO / "game").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if "type: ignore" not in line:
                continue
            where = f"{path.relative_to(REPO)}:{number}"
            assert re.search(r"type: ignore\[[a-z-]+(, *[a-z-]+)*\]", line), where
            code, _, after = line.partition("# type: ignore")
            before = lines[number - 2].strip() if number > 1 else ""
            reason = "#" in code or before.startswith("#") or re.search(r"\]\s*#\s*\w", after)
            assert reason, f"{where}: say why, on the line or in a comment above it"
