"""Where packs are found: bundled, ./questions, the user's packs folder and CIVIC_QUIZ_PACKS
(the packs found there are listed, checked, by `catalog.load_catalog`)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:
    from .loader import CheckedPack

PACKS_ENV = "CIVIC_QUIZ_PACKS"
"""Environment variable naming extra pack folders, separated by ':' (';' on Windows)."""
PACK_SUFFIXES = (".yaml", ".yml")

# The walk below a packs folder is bounded, since a folder can be named by anyone
# (CIVIC_QUIZ_PACKS=/ walks the whole machine): it never enters the kernel's pseudo file
# systems, whose files are not packs and some of which are endless; it follows no symlinked
# folder, so a symlink loop cannot trap it; and it stops after MAX_WALK_FOLDERS folders or
# MAX_PACK_FILES pack files, whichever comes first, keeping what it found so far.
PSEUDO_FILE_SYSTEMS: tuple[str, ...] = ("/proc", "/sys", "/dev")
"""Folders the walk never enters (nor lists, when named as a packs folder)."""
MAX_WALK_FOLDERS = 20_000
"""Most folders visited below one packs folder."""
MAX_PACK_FILES = 5_000
"""Most pack files taken from one packs folder."""


def bundled_dir() -> Path:
    """The packs that ship with the game: inside the installed package, or the source tree's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "questions"
    return installed if installed.is_dir() else package.parent / "questions"


def user_packs_dir() -> Path:
    """The player's own packs folder (platformdirs' user data folder)."""
    from platformdirs import user_data_path

    return user_data_path("civic-quiz", appauthor=False) / "packs"


def search_dirs(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> list[Path]:
    """The folders packs are looked for in, in order, each once."""
    env = os.environ if env is None else env
    cwd = Path.cwd() if cwd is None else cwd
    candidates = [bundled_dir(), cwd / "questions", user_packs_dir()]
    candidates += [Path(p) for p in env.get(PACKS_ENV, "").split(os.pathsep) if p.strip()]
    unique: list[Path] = []
    seen: set[Path] = set()
    for folder in candidates:
        resolved = folder.resolve()
        if resolved not in seen and folder.exists():
            seen.add(resolved)
            unique.append(folder)
    return unique


class PackFiles(list[Path]):
    """The pack files found at a path; `cut_short` when the walk stopped at its bounds."""

    cut_short: bool = False


def pack_files(path: Path) -> PackFiles:
    """The pack files at a path: every regular *.yaml/*.yml file below a folder, in the order
    of their paths' parts (within the walk's bounds, see above); a path that is not a folder
    is returned as it is, for the loader to check or refuse (a FIFO or a device named as a
    pack is then reported, never opened)."""
    try:
        if not path.is_dir():
            return PackFiles([path] if os.path.lexists(path) else [])
    except ValueError:  # a NUL byte in the name
        return PackFiles([path])
    real_top = os.path.realpath(path)
    if _pseudo(real_top):
        return PackFiles()
    cut_short = False
    # os.walk and plain strings, not Path.rglob: listing a hundred packs is part of every
    # start, and the directory entries already say which are files. os.walk does not follow
    # symlinked folders; os.path.isfile only looks (stat), it opens nothing.
    found: list[tuple[str, ...]] = []
    for folders, (folder, dirs, names) in enumerate(os.walk(path), start=1):
        if folders > MAX_WALK_FOLDERS:
            cut_short = True
            break
        relative = os.path.relpath(folder, path)
        parts = () if relative == os.curdir else tuple(relative.split(os.sep))
        found.extend(
            (*parts, name)
            for name in names
            if name.endswith(PACK_SUFFIXES) and os.path.isfile(os.path.join(folder, name))
        )
        if len(found) >= MAX_PACK_FILES:
            cut_short = True
            break
        # No symlinked folder is entered, so a folder's real path is the top's plus its own.
        real = os.path.normpath(os.path.join(real_top, relative))
        dirs[:] = [d for d in dirs if not _pseudo(os.path.join(real, d))]
    files = PackFiles(path.joinpath(*parts) for parts in sorted(found)[:MAX_PACK_FILES])
    files.cut_short = cut_short
    return files


def cut_short_warning(folder: Path) -> Problem:
    """The warning for a packs folder whose walk stopped at its bounds (say, `/`)."""
    return Problem(
        str(folder),
        1,
        1,
        "warning",
        "too-many-files",
        f"stopped looking for packs here after {MAX_WALK_FOLDERS:,} folders or"
        f" {MAX_PACK_FILES:,} pack files; name a smaller folder (CIVIC_QUIZ_PACKS)",
    )


def _pseudo(real: str) -> bool:
    """Whether a resolved folder is, or is inside, one of the PSEUDO_FILE_SYSTEMS."""
    return any(real == top or real.startswith(top + os.sep) for top in PSEUDO_FILE_SYSTEMS)


def duplicate_id_warnings(checked: Iterable[CheckedPack]) -> list[Problem]:
    """A warning for each pack whose id an earlier pack already uses, naming both files."""
    return shared_id_warnings((c.pack.id if c.pack else None, c.display) for c in checked)


def shared_id_warnings(packs: Iterable[tuple[str | None, str]]) -> list[Problem]:
    """Warnings for (pack id, file) pairs whose id an earlier pair already has."""
    first: dict[str, str] = {}
    warnings: list[Problem] = []
    for pack_id, file in packs:
        if pack_id is None:
            continue
        earlier = first.setdefault(pack_id, file)
        if earlier != file:
            warnings.append(
                Problem(
                    file,
                    1,
                    1,
                    "warning",
                    "duplicate-pack-id",
                    f"pack id '{pack_id}' is also used by {earlier};"
                    " the game uses the first one found",
                )
            )
    return warnings
