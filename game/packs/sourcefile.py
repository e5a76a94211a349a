"""A pack's source text file: only a regular file inside the pack's own folder is ever read.

A pack may come from a stranger, and a wrong quote shows the closest passage of the source;
so a `source.file` that leads out of the pack's folder (`..`, an absolute path, a symlink, a
`/proc` file) would let a pack show any file its player can read. Every reader of a source
(the checks, `--fix-quotes`, the catalog's hash and stat) goes through here.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.limits import SOURCE_MAX_BYTES
from ..util.safefile import file_inside, read_regular_file


def source_path(pack_dir: Path, name: str) -> Path:
    """The resolved path of the source `name` of a pack in `pack_dir`; FileRefused when the
    name has a NUL byte ("bad-name") or leads outside the folder ("outside")."""
    return file_inside(pack_dir, name)


def read_source_bytes(pack_dir: Path, name: str) -> bytes:
    """The bytes of a pack's source: a regular file inside `pack_dir` (symlinks resolved),
    at most SOURCE_MAX_BYTES; FileRefused otherwise (nothing of the file is shown)."""
    return read_regular_file(source_path(pack_dir, name), max_bytes=SOURCE_MAX_BYTES)


def source_stat(pack_dir: Path, name: str) -> os.stat_result:
    """The stat of a pack's source, looked at only when it is inside the pack's folder;
    FileRefused or OSError otherwise."""
    return os.stat(source_path(pack_dir, name))
