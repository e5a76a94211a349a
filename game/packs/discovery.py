"""Where packs are found: bundled, ./questions, the user's packs folder and CIVIC_QUIZ_PACKS."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:
    from .loader import CheckedPack

PACKS_ENV = "CIVIC_QUIZ_PACKS"
"""Environment variable naming extra pack folders, separated by ':' (';' on Windows)."""
PACK_SUFFIXES = (".yaml", ".yml")


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


def pack_files(path: Path) -> list[Path]:
    """The pack files at a path: the file itself, or every *.yaml/*.yml below a folder, in
    the order of their paths' parts."""
    if path.is_file():
        return [path]
    # os.walk and plain strings, not Path.rglob: listing a hundred packs is part of every
    # start, and the directory entries already say which are files.
    found: list[tuple[str, ...]] = []
    for folder, _dirs, files in os.walk(path):
        relative = os.path.relpath(folder, path)
        parts = () if relative == os.curdir else tuple(relative.split(os.sep))
        found.extend(
            (*parts, name)
            for name in files
            if name.endswith(PACK_SUFFIXES) and os.path.isfile(os.path.join(folder, name))
        )
    return [path.joinpath(*parts) for parts in sorted(found)]


@dataclass(slots=True)
class Discovery:
    """Every pack found, checked, plus warnings about the collection (such as shared ids)."""

    packs: list[CheckedPack]
    warnings: list[Problem]

    def by_id(self, pack_id: str) -> CheckedPack | None:
        """The first usable pack with this id."""
        return next((c for c in self.packs if c.pack is not None and c.pack.id == pack_id), None)


def discover(folders: Iterable[Path] | None = None) -> Discovery:
    """Check every pack in the search folders and warn about ids used by two files."""
    from .loader import check_pack_file

    checked = [check_pack_file(f) for d in (folders or search_dirs()) for f in pack_files(d)]
    return Discovery(checked, duplicate_id_warnings(checked))


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
