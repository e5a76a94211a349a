"""The player's settings kept between runs (the colour theme), in a small JSON file in the
platformdirs user config folder; `CIVIC_QUIZ_SETTINGS` points elsewhere."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .atomicfile import write_atomic
from .safefile import FileRefused, read_regular_file

SETTINGS_ENV = "CIVIC_QUIZ_SETTINGS"
SETTINGS_FILENAME = "settings.json"
MAX_BYTES = 64 * 1024
"""A settings file larger than this is not ours: it is ignored, never read whole."""


def default_settings_path() -> Path:
    """Where the settings live: `CIVIC_QUIZ_SETTINGS`, else the user config folder."""
    if named := os.environ.get(SETTINGS_ENV):
        return Path(named)
    from platformdirs import user_config_path

    return user_config_path("civic-quiz", appauthor=False) / SETTINGS_FILENAME


def load_settings(path: Path) -> dict[str, str]:
    """The settings saved at `path`; empty when there are none or the file cannot be used
    (a damaged settings file must never stop the game). Only a regular file is opened, and
    never read past MAX_BYTES: `CIVIC_QUIZ_SETTINGS` naming a FIFO or a device must not hang
    the start. A byte-order mark, which some editors write, is allowed."""
    try:
        data = json.loads(read_regular_file(path, max_bytes=MAX_BYTES).decode("utf-8-sig"))
    except (FileRefused, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def save_setting(path: Path, name: str, value: str) -> None:
    """Set one setting, keeping the others; written to a temporary file and renamed, so a
    crash never leaves half a file. OSError when the folder cannot be written, or when the
    path names something other than a regular file (a FIFO or a device is never replaced)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except ValueError as error:  # a NUL byte in the name
        raise OSError(str(error)) from None
    if mode is not None and not stat.S_ISREG(mode):
        raise OSError(f"{path} is not a regular file; the settings were not saved")
    settings = load_settings(path)
    settings[name] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(settings, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_atomic(path, text.encode("utf-8"))
