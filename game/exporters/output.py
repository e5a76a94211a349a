"""Writing what `import` and `export` make: no file replaced unasked, never half a file."""

from __future__ import annotations

import os
import stat

from ..util.atomicfile import write_atomic
from ..util.safefile import FileRefused, check_name, kind_of


class OutputRefused(Exception):
    """The output file was not written; the message says why (without the path)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def check_output(
    path: str | os.PathLike[str], *, force: bool, source: str | os.PathLike[str] | None = None
) -> None:
    """Refuse (OutputRefused) an output path before any work is done: a name with a NUL byte,
    a FIFO, device or folder (writing there blocks or fails), or an existing file without
    `force`; `source`, the file being converted, gets its own message, since replacing it
    loses it."""
    try:
        check_name(path)
    except FileRefused as refused:
        raise OutputRefused(refused.message) from None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputRefused(f"cannot be written ({error.strerror or error})") from None
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"is {kind_of(info.st_mode)}, not a regular file: name a file to write")
    if force:
        return
    if source is not None and _same_file(path, source):
        raise OutputRefused(
            "is the file being converted: writing there would replace it; name another file,"
            " or use --force to overwrite it"
        )
    raise OutputRefused("already exists; use --force to overwrite it")


def write_output(path: str | os.PathLike[str], text: str, *, force: bool) -> None:
    """Write `text` (UTF-8) to `path` atomically: to a temporary file in the same folder,
    then moved into place, so a crash or a full disk leaves the old file or none, never
    half of one. Without `force` an existing file is never replaced, even one created
    since `check_output` looked. A symlink is followed: the file it names is replaced.

    Raises OutputRefused when the file is not written."""
    check_output(path, force=force)
    try:
        write_atomic(path, text.encode("utf-8"), replace=force)
    except FileExistsError:
        raise OutputRefused("already exists; use --force to overwrite it") from None
    except OSError as error:
        raise OutputRefused(f"cannot be written ({_reason(error)})") from None


def _same_file(path: str | os.PathLike[str], other: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(path, other)
    except (OSError, ValueError):
        return False


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
