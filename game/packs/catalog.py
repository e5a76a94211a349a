"""The packs the game can offer, checked once and cached by file content for a fast home screen.

Validating a pack means parsing its YAML and checking every question; doing that for a hundred
packs at every start would make the home screen slow. The catalog keeps, per pack file, a
summary (id, title, question count, source, first error) keyed by the SHA-256 of the file's
bytes (and of each of its source texts), plus the validated pack as JSON, in the user's cache
folder. A changed file gets a new key and is checked again; a stale or unreadable cache is
ignored.

Reading and hashing every file at each start still costs time, so the cache also notes each
file's size, modification time, inode and change time when it was hashed. A file whose four
are the same (and its source texts' four too) is taken to be unchanged, as git does for its
index; and, as git does, a file modified less than `RACY_SECONDS` before it was hashed is
hashed again, since a change within the same tick of the file system's clock would leave its
time unchanged.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard, cast

from ..core.limits import DEFAULT_MAX_BYTES
from ..util.atomicfile import write_atomic
from ..util.safefile import FileRefused, read_regular_file, regular_size
from .discovery import cut_short_warning, pack_files, search_dirs, shared_id_warnings
from .problems import PackError, Problem
from .sourcefile import read_source_bytes, source_stat

if TYPE_CHECKING:
    from .loader import CheckedPack
    from .model import Pack

CACHE_VERSION = 5
"""Bump when the summary or the model changes shape, to ignore older caches (2: an error
names its question, as `validate` and `packs` do; 3: a pack may have several sources, each
text noted and hashed; 4: drafts are counted apart from the questions to play; 5: unsourced
questions are counted)."""

RACY_SECONDS = 2
"""A file modified this soon before it was hashed is hashed again at the next start."""


class PackEntry(NamedTuple):
    """One pack file as the home screen, `play` and `civic-quiz packs` list it."""

    path: Path
    pack_id: str | None
    title: str
    questions: int
    """The questions a game may ask (drafts are not counted)."""
    source: str
    """Publisher, title and date of the source article, e.g. "DW, 13 November 2016"."""
    error: str | None
    """The first error, as `LINE:COL: message [question ID]`, when the pack cannot be
    played."""
    content_hash: str
    drafts: int = 0
    """Questions marked `draft: true`: checked, listed, never played."""
    unsourced: int = 0
    """Questions without a quote (packs from GIFT, Aiken, CSV, Open Trivia DB)."""

    @property
    def ok(self) -> bool:
        """Whether the pack can be played."""
        return self.error is None and self.pack_id is not None


@dataclass(slots=True)
class Catalog:
    """Every pack found, in search order, with warnings about the collection: the one list
    of packs, read by the home screen, `play`, `serve` and `civic-quiz packs` alike."""

    entries: list[PackEntry]
    warnings: list[Problem] = field(default_factory=list)
    cache_dir: Path | None = None

    @property
    def listed(self) -> list[PackEntry]:
        """The entries a player chooses from: a pack whose id an earlier playable pack has
        is left out (the game would play the earlier one; `duplicate_warnings` says so)."""
        seen: set[str] = set()
        listed: list[PackEntry] = []
        for entry in self.entries:
            if entry.ok and entry.pack_id is not None:
                if entry.pack_id in seen:
                    continue
                seen.add(entry.pack_id)
            listed.append(entry)
        return listed

    @property
    def duplicate_warnings(self) -> list[Problem]:
        """The warnings about packs left out of `listed` for sharing an id."""
        return [w for w in self.warnings if w.code == "duplicate-pack-id"]

    def by_id(self, pack_id: str) -> PackEntry | None:
        """The first playable pack with this id."""
        return next((e for e in self.entries if e.ok and e.pack_id == pack_id), None)

    def load_pack(self, entry: PackEntry) -> Pack:
        """The validated pack of an entry (from the cache when it is there); PackError if broken."""
        from .loader import load_pack
        from .model import Pack

        cached = _pack_file(self.cache_dir, entry.content_hash)
        if cached is not None and entry.ok:
            try:
                return Pack.model_validate_json(cached.read_bytes())
            except (OSError, ValueError):
                pass  # a damaged cache file: fall back to the pack itself
        return load_pack(entry.path)


def default_cache_dir() -> Path:
    """Where checked packs are cached (platformdirs' user cache folder)."""
    from platformdirs import user_cache_path

    return user_cache_path("civic-quiz", appauthor=False) / f"packs-v{CACHE_VERSION}"


def load_catalog(
    folders: Iterable[Path] | None = None, *, cache_dir: Path | None = None
) -> Catalog:
    """Every pack in the search folders, summarised; only new or changed files are checked."""
    cache_dir = default_cache_dir() if cache_dir is None else cache_dir
    index, files = _read_index(cache_dir)
    changed = False
    entries: list[PackEntry] = []
    warnings: list[Problem] = []
    for folder in folders if folders is not None else search_dirs():
        found = pack_files(folder)
        for path in found:
            entry, fresh = _entry(path, index, files, cache_dir)
            entries.append(entry)
            changed |= fresh
        if found.cut_short:
            warnings.append(cut_short_warning(folder))
    if changed:
        _write_index(cache_dir, index, files)
    warnings += shared_id_warnings((e.pack_id if e.ok else None, str(e.path)) for e in entries)
    return Catalog(entries, warnings, cache_dir)


def _entry(
    path: Path, index: dict[str, Any], files: dict[str, Any], cache_dir: Path
) -> tuple[PackEntry, bool]:
    # A pack file is only ever opened when it is a regular file within the size limit: a
    # FIFO, a device or a huge sparse file among the packs is listed as broken, unread.
    try:
        if regular_size(path) > DEFAULT_MAX_BYTES:
            raise FileRefused("too-large", f"is larger than the {DEFAULT_MAX_BYTES:,} byte limit")
        stat = path.stat()
        known = files.get(str(path))
        digest = known.get("digest") if isinstance(known, dict) else None
        cached = index.get(digest) if isinstance(digest, str) else None
        if _well_formed(cached) and _unchanged_since_hashed(
            path, stat, cast(dict[str, Any], known), _source_names(cached)
        ):
            entry = _cached_entry(path, cast(str, digest), cached)
            if entry is not None:
                return entry, False
        raw = read_regular_file(path, max_bytes=DEFAULT_MAX_BYTES)
    except FileRefused:
        return _refused_entry(path), False
    except OSError as exc:
        return PackEntry(
            path, None, path.name, 0, "", f"1:1: cannot read the file: {exc}", ""
        ), False
    digest = _sha256(raw)
    cached = index.get(digest)
    entry = None
    if _well_formed(cached) and _source_unchanged(path, cached):
        entry = _cached_entry(path, digest, cached)
    if entry is None:
        entry = _check(path, raw, digest, index, cache_dir)
    files[str(path)] = _file_note(path, stat, digest, _source_names(index[digest]))
    return entry, True


def _refused_entry(path: Path) -> PackEntry:
    """The entry of a file refused unread (a FIFO, a device, too large...), with the error
    the loader gives it, so that `validate` and the catalog word it alike. The loader
    refuses it again, reading nothing."""
    from .loader import check_pack_file

    return PackEntry(path, None, path.name, 0, "", _first_error(check_pack_file(path)), "")


def _first_error(checked: CheckedPack) -> str | None:
    """The first error as an entry shows it: `LINE:COL: message [question ID]`."""
    first = checked.errors[0] if checked.errors else None
    if first is None:
        return None
    where = f" [question {first.question}]" if first.question else ""
    return f"{first.line}:{first.column}: {first.message}{where}"


def _well_formed(cached: object) -> TypeGuard[dict[str, Any]]:
    """Whether a cached summary can be trusted as far as its shape goes (a damaged one
    means checking the pack again)."""
    if not isinstance(cached, dict):
        return False
    names = cached.get("source_files")
    return isinstance(names, list) and all(isinstance(n, str) and n for n in names)


def _cached_entry(path: Path, digest: str, cached: dict[str, Any]) -> PackEntry | None:
    """The entry from a cached summary (None when the summary is damaged)."""
    try:
        return PackEntry(path=path, content_hash=digest, **cached["summary"])
    except (KeyError, TypeError):
        return None


def _signature(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]


def _file_note(
    path: Path, stat: os.stat_result, digest: str, source_files: list[str]
) -> dict[str, Any]:
    """What is noted of a file just hashed: its signature and its source texts'."""
    noted: list[list[int] | None] = []
    for source_file in source_files:
        try:
            noted.append(_signature(source_stat(path.parent, source_file)))
        except (OSError, FileRefused):
            noted.append(None)
    return {
        "stat": _signature(stat),
        "source_stats": noted,
        "digest": digest,
        "hashed_at_ns": time.time_ns(),
    }


def _unchanged_since_hashed(
    path: Path, stat: os.stat_result, known: dict[str, Any], source_files: list[str]
) -> bool:
    """Whether the file, and every one of its source texts, are as they were when they
    were hashed."""
    hashed_at = known.get("hashed_at_ns")
    if not isinstance(hashed_at, int) or not _same(stat, known.get("stat"), hashed_at):
        return False
    noted = known.get("source_stats")
    if not isinstance(noted, list) or len(noted) != len(source_files):
        return False
    for source_file, signature in zip(source_files, noted, strict=True):
        try:
            current = source_stat(path.parent, source_file)
        except (OSError, FileRefused):
            return False
        if not _same(current, signature, hashed_at):
            return False
    return True


def _same(stat: os.stat_result, noted: object, hashed_at: int) -> bool:
    racy = hashed_at - stat.st_mtime_ns < RACY_SECONDS * 1_000_000_000
    return not racy and noted == _signature(stat)


def _check(
    path: Path, raw: bytes, digest: str, index: dict[str, Any], cache_dir: Path
) -> PackEntry:
    from .loader import check_pack_bytes

    checked = check_pack_bytes(raw, display=str(path), base_dir=path.parent, path=path)
    pack = checked.pack
    summary: dict[str, Any] = {
        "pack_id": pack.id if pack else None,
        "title": pack.title if pack else path.name,
        "questions": len(pack.playable_questions()) if pack else 0,
        "drafts": pack.draft_count if pack else 0,
        "unsourced": pack.unsourced_count if pack else 0,
        "source": pack.default_source.citation() if pack and pack.default_source else "",
        "error": _first_error(checked),
    }
    source_files = _source_files_of(checked)
    index[digest] = {
        "summary": summary,
        "source_files": source_files,
        "source_hashes": _hash_sources(path, source_files),
    }
    if pack is not None:
        _write_atomically(cache_dir / f"{digest}.json", pack.model_dump_json().encode("utf-8"))
    return PackEntry(path=path, content_hash=digest, **summary)


def _source_files_of(checked: CheckedPack) -> list[str]:
    """The source text files of a usable pack, each once, as the pack names them."""
    if checked.pack is None:
        return []
    named = (s.file for s in checked.pack.all_sources() if s.file)
    return list(dict.fromkeys(named))


def _source_unchanged(path: Path, cached: dict[str, Any]) -> bool:
    """Whether every source text of a cached pack hashes as it did when it was checked."""
    return _hash_sources(path, _source_names(cached)) == cached.get("source_hashes")


def _source_names(cached: dict[str, Any]) -> list[str]:
    """The pack's source text files, as the pack names them (a cache passed _well_formed)."""
    return list(cached["source_files"])


def _hash_sources(pack: Path, source_files: list[str]) -> list[str | None]:
    """The hash of each source text of a pack (see _hash_source)."""
    return [_hash_source(pack, source_file) for source_file in source_files]


def _hash_source(pack: Path, source_file: str) -> str | None:
    """The hash of a pack's source text; None when it cannot be read by the rules of
    `read_source_bytes` (a damaged cache naming a file outside the folder included)."""
    try:
        return _sha256(read_source_bytes(pack.parent, source_file))
    except FileRefused:
        return None


def _sha256(data: bytes) -> str:
    # Imported here: loading OpenSSL's hashes takes a few milliseconds, and a start where
    # every file is unchanged hashes nothing.
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _pack_file(cache_dir: Path | None, digest: str) -> Path | None:
    if cache_dir is None or not digest:
        return None
    path = cache_dir / f"{digest}.json"
    return path if path.is_file() else None


def _read_index(cache_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The summaries by content hash, and the notes on files by path (both empty when the
    cache is missing, damaged or of another version)."""
    try:
        data = json.loads((cache_dir / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}, {}
    entries, files = data.get("entries"), data.get("files")
    return (
        entries if isinstance(entries, dict) else {},
        files if isinstance(files, dict) else {},
    )


def _write_index(cache_dir: Path, index: dict[str, Any], files: dict[str, Any]) -> None:
    payload = json.dumps(
        {"version": CACHE_VERSION, "entries": index, "files": files}, ensure_ascii=False
    )
    _write_atomically(cache_dir / "index.json", payload.encode("utf-8"))


def _write_atomically(path: Path, data: bytes) -> None:
    """Write a cache file whole (readers never see half of it); a cache that cannot be
    written is simply not used, and one lost in a crash is rebuilt, so no fsync."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, durable=False)
    except OSError:
        return


def listed(entry: PackEntry) -> dict[str, Any]:
    """An entry as `civic-quiz packs --format json` lists it: id, title, questions (to
    play), drafts, path, ok and error (title, questions and drafts are None for a pack
    that cannot be played)."""
    return {
        "id": entry.pack_id,
        "title": entry.title if entry.ok else None,
        "questions": entry.questions if entry.ok else None,
        "drafts": entry.drafts if entry.ok else None,
        "path": str(entry.path),
        "ok": entry.ok,
        "error": entry.error,
    }


def entry_as_dict(entry: PackEntry) -> dict[str, Any]:
    """An entry as JSON-ready data."""
    data = entry._asdict()
    data["path"] = str(entry.path)
    data["ok"] = entry.ok
    return data


__all__ = ["Catalog", "PackEntry", "PackError", "default_cache_dir", "listed", "load_catalog"]
