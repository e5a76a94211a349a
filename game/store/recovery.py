"""Moving a damaged score database aside (renamed, never deleted) to start a new one."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .errors import StoreError

_COMPANIONS = ("-wal", "-shm", "-journal")


def _with_suffix(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def move_aside(path: Path, now: dt.datetime | None = None) -> Path:
    """Rename a damaged database (and its -wal, -shm and -journal files) to
    `scores.sqlite3.corrupt-YYYYmmdd-HHMMSS` (with `-2`, `-3`... if taken) and return the new
    path. Nothing is deleted or overwritten."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"cannot move {path} aside: it does not exist", path)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = f"{path.name}.corrupt-{stamp}"
    counter = 1
    while True:
        target = path.with_name(base if counter == 1 else f"{base}-{counter}")
        taken = [target, *(_with_suffix(target, s) for s in _COMPANIONS)]
        if not any(os.path.lexists(p) for p in taken):
            try:
                _rename_no_clobber(path, target)
            except FileExistsError:
                counter += 1
                continue
            except OSError as error:
                raise StoreError(
                    f"cannot move {path} aside ({error.strerror or error}); move or rename it"
                    " yourself",
                    path,
                ) from error
            break
        counter += 1
    for suffix in _COMPANIONS:
        companion = _with_suffix(path, suffix)
        if os.path.lexists(companion):
            try:
                _rename_no_clobber(companion, _with_suffix(target, suffix))
            except OSError as error:
                raise StoreError(
                    f"moved {path} to {target} but could not move {companion}"
                    f" ({error.strerror or error}); move it yourself before starting again",
                    path,
                ) from error
    return target


def _rename_no_clobber(source: Path, target: Path) -> None:
    """Rename `source` to `target`, raising FileExistsError rather than replacing a file."""
    if source.is_file() and not source.is_symlink():
        try:
            os.link(source, target)  # atomic: fails if target exists
            linked = True
        except FileExistsError:
            raise
        except OSError:
            linked = False  # no hard links on this file system: check, then rename
        if linked:
            os.unlink(source)
            return
    if os.path.lexists(target):
        raise FileExistsError(target)
    os.rename(source, target)
