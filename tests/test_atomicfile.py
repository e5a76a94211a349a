"""The one atomic-write helper: old file kept on a crash, no clobbering, modes as open() gives."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from game.util import atomicfile
from game.util.atomicfile import default_mode, write_atomic


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_a_new_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomic(target, b"hello\n")
    assert target.read_bytes() == b"hello\n"
    assert _leftovers(tmp_path) == []


def test_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"


def test_crash_mid_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old content")

    def crash(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomicfile.os, "fsync", crash)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new content that never lands")
    assert target.read_bytes() == b"old content"
    assert _leftovers(tmp_path) == []


def test_no_clobber_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        write_atomic(target, b"other", replace=False)
    assert target.read_bytes() == b"keep me"
    assert _leftovers(tmp_path) == []


def test_no_clobber_writes_a_missing_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomic(target, b"fresh", replace=False)
    assert target.read_bytes() == b"fresh"


def test_no_clobber_without_hard_links_still_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"keep me")

    def no_links(source: str, destination: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(atomicfile.os, "link", no_links)
    with pytest.raises(FileExistsError):
        write_atomic(target, b"other", replace=False)
    assert target.read_bytes() == b"keep me"
    write_atomic(tmp_path / "new.txt", b"made by rename", replace=False)
    assert (tmp_path / "new.txt").read_bytes() == b"made by rename"


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_file_follows_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        assert default_mode() == 0o666 & ~umask
        write_atomic(tmp_path / "out.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o666 & ~umask


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_an_explicit_mode_wins(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomic(target, b"x", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symlink_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_a_missing_folder_is_an_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        write_atomic(tmp_path / "nowhere" / "out.txt", b"x")


def test_every_site_uses_the_helper() -> None:
    # The four former copies of mkstemp + rename are gone: one helper, one set of rules.
    game = Path(atomicfile.__file__).parent.parent
    users = [
        "play/lesson.py",
        "util/settings.py",
        "exporters/output.py",
        "packs/fixquotes.py",
        "packs/catalog.py",
    ]
    for name in users:
        text = (game / name).read_text(encoding="utf-8")
        assert "mkstemp" not in text, name
        assert "write_atomic" in text, name
