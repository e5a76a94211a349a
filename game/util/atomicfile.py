"""One way to write a file atomically: a temporary file beside it, then a rename or a link."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def default_mode() -> int:
    """The mode a new file gets from open(): 0o666 less the umask (mkstemp gives 0o600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    replace: bool = True,
    mode: int | None = None,
    durable: bool = True,
) -> None:
    """Write `data` to `path` so that a reader, or the file after a crash or a full disk,
    shows the old content or the new, never half of it: the bytes go to a temporary file in
    the same folder, which is then moved into place.

    A symlink is followed: the file it names is replaced. `replace=False` never replaces an
    existing file, even one created meanwhile (FileExistsError): the temporary file is hard
    linked to the name, which fails when the name is taken (on a file system without hard
    links, the name is looked at just before the rename: a narrow race, not none). `mode`
    is the new file's mode; by default an existing file keeps its own, and a new one gets
    what open() would give it (0o666 less the umask). `durable` flushes the bytes to the
    disk before the rename (a cache that may be lost can skip it: it costs milliseconds).

    Raises OSError (FileExistsError as above) and leaves no temporary file behind."""
    target = Path(os.path.realpath(path))
    if mode is None:
        try:
            mode = stat.S_IMODE(os.stat(target).st_mode)
        except OSError:
            mode = default_mode()
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            if durable:
                file.flush()
                os.fsync(file.fileno())
        os.chmod(temporary, mode)
        if replace:
            os.replace(temporary, target)
        else:
            _place_new(temporary, target)
    finally:
        if os.path.lexists(temporary):
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _place_new(temporary: str, target: Path) -> None:
    """Move the written file to `target` only if nothing is there: a hard link fails when the
    name exists, where os.replace would silently replace it."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: look, then move (a narrow race, not none).
        if os.path.lexists(target):
            raise FileExistsError(f"{target} already exists") from None
        os.replace(temporary, target)
