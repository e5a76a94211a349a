"""Reading files named by packs, settings and the command line: regular files only, bounded.

A path that comes from outside (a pack's `source.file`, `CIVIC_QUIZ_SETTINGS`, `--db`,
`import FILE`, a packs folder) may name a FIFO (opening it for reading blocks forever), a
device (`/dev/zero` never ends), a huge sparse file, or carry a NUL byte (Python raises
ValueError). Every such read goes through `read_regular_file`, which refuses each of those
with a one-line reason that shows nothing of the file's content.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Literal

Refusal = Literal["missing", "not-regular", "too-large", "unreadable", "bad-name", "outside"]

_CHUNK = 1024 * 1024


class FileRefused(Exception):
    """A file that was not read: missing, not a regular file, too large or unreadable."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason: Refusal = reason
        """Why, as a short code: missing, not-regular, too-large, unreadable, bad-name,
        outside (`file_inside` only)."""
        self.message = message
        """What is wrong, in words, without the path (callers say which file)."""


def kind_of(mode: int) -> str:
    """What a file of this `st_mode` is, for a message: "a folder", "a pipe (FIFO)"..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_name(path: str | os.PathLike[str]) -> None:
    """Refuse a path with a NUL byte (the operating system cannot name such a file)."""
    if "\0" in os.fspath(path):
        raise FileRefused("bad-name", "has a NUL byte in its name")


def regular_size(path: str | os.PathLike[str]) -> int:
    """The size of the regular file at `path` (symlinks followed), without opening it.

    FileRefused when it is missing, not a regular file, or cannot be looked at."""
    check_name(path)
    try:
        info = os.stat(path)
    except FileNotFoundError as error:
        raise FileRefused("missing", "does not exist") from error
    except OSError as error:
        raise FileRefused("unreadable", f"cannot be read ({_reason(error)})") from error
    if not stat.S_ISREG(info.st_mode):
        kind = kind_of(info.st_mode)
        raise FileRefused(
            "not-regular",
            f"is {kind}, not a regular file" if kind != "not a regular file" else f"is {kind}",
        )
    return info.st_size


def read_regular_file(path: str | os.PathLike[str], *, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path`, refused (FileRefused) when the path has a
    NUL byte, the file is missing, is not a regular file (FIFO, device, folder, socket),
    holds more than `max_bytes`, or cannot be read.

    The file is opened without blocking and checked again once open, so a FIFO swapped in
    after the first look cannot hang the reader; at most `max_bytes + 1` bytes are read,
    so a file that lies about its size (`/proc`) cannot exhaust memory either."""
    size = regular_size(path)
    if size > max_bytes:
        raise FileRefused("too-large", f"is larger than {_size(max_bytes)} ({_size(size)})")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as error:
        raise FileRefused("missing", "does not exist") from error
    except OSError as error:
        raise FileRefused("unreadable", f"cannot be read ({_reason(error)})") from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused("not-regular", f"is {kind_of(info.st_mode)}, not a regular file")
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as error:
        raise FileRefused("unreadable", f"cannot be read ({_reason(error)})") from error
    finally:
        os.close(fd)
    if total > max_bytes:
        raise FileRefused("too-large", f"is larger than {_size(max_bytes)}")
    return b"".join(chunks)


def is_inside(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Whether `path`, with every symlink resolved, lies inside `folder` (also resolved)."""
    check_name(path)
    try:
        real = Path(os.path.realpath(path))
        base = Path(os.path.realpath(folder))
    except (OSError, ValueError):
        return False
    return real == base or base in real.parents


def file_inside(folder: str | os.PathLike[str], name: str) -> Path:
    """The file `name` names relative to `folder`, with every symlink resolved; FileRefused
    ("outside") when it lies outside `folder` (`..`, an absolute path, a symlink that leads
    out), ("bad-name") when the name has a NUL byte.

    Reading the resolved path, not the name, means a symlink swapped in after this check
    cannot lead the reader out of the folder through the last component."""
    check_name(name)
    check_name(folder)
    try:
        base = os.path.realpath(folder)
        real = os.path.realpath(os.path.join(base, name))
    except (OSError, ValueError) as error:
        raise FileRefused("unreadable", "cannot be resolved") from error
    if os.path.commonpath([base, real]) != base:
        raise FileRefused("outside", "is outside the folder it must be in")
    return Path(real)


def _reason(error: OSError) -> str:
    if error.errno is not None and error.strerror:
        return error.strerror.lower() if error.errno != errno.EACCES else "permission denied"
    return str(error)


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count} bytes"
