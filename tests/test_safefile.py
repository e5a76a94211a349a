"""Tests for game.util.safefile: only regular files are read, and never more than the limit."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from game.util.safefile import FileRefused, is_inside, read_regular_file, regular_size


def test_reads_a_regular_file(tmp_path: Path) -> None:
    file = tmp_path / "a.txt"
    file.write_bytes(b"hello")
    assert read_regular_file(file, max_bytes=5) == b"hello"
    assert regular_size(file) == 5


def test_refuses_a_file_over_the_limit(tmp_path: Path) -> None:
    file = tmp_path / "a.txt"
    file.write_bytes(b"x" * 11)
    with pytest.raises(FileRefused) as caught:
        read_regular_file(file, max_bytes=10)
    assert caught.value.reason == "too-large"


def test_refuses_a_sparse_file_without_reading_it(tmp_path: Path) -> None:
    file = tmp_path / "sparse.bin"
    with file.open("wb") as handle:
        handle.truncate(2 * 1024**3)
    with pytest.raises(FileRefused) as caught:
        read_regular_file(file, max_bytes=1024)
    assert caught.value.reason == "too-large"


def test_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result: list[BaseException | bytes] = []
    reader = threading.Thread(target=lambda: result.append(_attempt(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=30)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert isinstance(result[0], FileRefused)
    assert result[0].reason == "not-regular"
    assert "FIFO" in str(result[0])


def _attempt(path: Path) -> BaseException | bytes:
    try:
        return read_regular_file(path, max_bytes=100)
    except FileRefused as error:
        return error


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_refuses_devices(device: str) -> None:
    with pytest.raises(FileRefused) as caught:
        read_regular_file(device, max_bytes=100)
    assert caught.value.reason == "not-regular"


def test_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(FileRefused) as caught:
        read_regular_file(tmp_path, max_bytes=100)
    assert caught.value.reason == "not-regular"


def test_a_proc_file_that_lies_about_its_size_is_read_no_further_than_the_limit() -> None:
    # /proc files say they hold 0 bytes; the limit still holds while reading.
    with pytest.raises(FileRefused) as caught:
        read_regular_file("/proc/self/maps", max_bytes=8)
    assert caught.value.reason == "too-large"


def test_refuses_a_nul_byte_in_the_name() -> None:
    with pytest.raises(FileRefused) as caught:
        read_regular_file("a\0b.txt", max_bytes=100)
    assert caught.value.reason == "bad-name"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileRefused) as caught:
        read_regular_file(tmp_path / "nope", max_bytes=100)
    assert caught.value.reason == "missing"


def test_is_inside_resolves_symlinks(tmp_path: Path) -> None:
    inner = tmp_path / "pack"
    inner.mkdir()
    (inner / "source.txt").write_text("x")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (inner / "link.txt").symlink_to(outside)
    assert is_inside(inner / "source.txt", inner)
    assert not is_inside(inner / "link.txt", inner)
    assert not is_inside(inner / ".." / "secret.txt", inner)
    assert not is_inside("/etc/passwd", inner)


def test_file_inside_resolves_and_refuses_a_way_out(tmp_path: Path) -> None:
    from game.util.safefile import file_inside

    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("s", encoding="utf-8")
    (tmp_path / "pack" / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert file_inside(tmp_path / "pack", "a.txt") == (tmp_path / "pack" / "a.txt").resolve()
    for name in ("../secret.txt", str(tmp_path / "secret.txt"), "link.txt", "/etc/passwd"):
        with pytest.raises(FileRefused) as caught:
            file_inside(tmp_path / "pack", name)
        assert caught.value.reason == "outside"
    with pytest.raises(FileRefused) as caught:
        file_inside(tmp_path / "pack", "a\0.txt")
    assert caught.value.reason == "bad-name"
