"""Real `civic-quiz host --plain` and `join --plain` processes, read line by line."""

from __future__ import annotations

import contextlib
import queue
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

from tests.conftest import civic_quiz_process
from tests.sample_packs import EVERY_TYPE

CLASS_PACK = """\
format: civic-quiz/1
id: class
title: Class game
source:
  publisher: DW
  title: "NATO: US, Europe need each other"
  published: 2016-11-13
questions:
  - id: where
    type: choice
    prompt: Where was the EU summit?
    choices: [Brussels, Paris, Rome]
    answer: Brussels
    explanation: It was in Brussels.
  - id: who
    type: choice
    prompt: Who leads NATO?
    choices: [Stoltenberg, Juncker, Tusk]
    answer: Stoltenberg
    explanation: Jens Stoltenberg.
  - id: names
    type: truefalse
    prompt: The op-ed names Trump.
    answer: false
    explanation: It does not.
"""
"""Three questions answered by typing the right line: `Brussels`/`Stoltenberg` are found by
their number in the shown options, the last is `f`."""


def pack_folder(root: Path) -> Path:
    """A packs folder holding the every-type pack and the class pack (id `class`)."""
    folder = root / "packs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "every-type.yaml").write_text(EVERY_TYPE.format(pack_id="every-type"))
    (folder / "class.yaml").write_text(CLASS_PACK)
    return folder


class Proc:
    """One civic-quiz process: its output lines as they come, its input written on demand."""

    def __init__(self, *args: str, db: Path, packs: Path) -> None:
        self.process: subprocess.Popen[str] = civic_quiz_process(*args, db=db, packs=packs)
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def expect(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:
        """The first new line matching `pattern`; AssertionError with the output after
        `timeout` seconds or at the end of output."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            try:
                line = self._queue.get(timeout=max(left, 0.01))
            except queue.Empty:
                line = ""
                if time.monotonic() >= end:
                    self.dump()
                    message = f"no line matching {pattern!r} in:\n" + self.output()
                    raise AssertionError(message) from None
                continue
            if line is None:
                raise AssertionError(f"ended before {pattern!r}:\n" + self.output())
            self.lines.append(line)
            found = re.search(pattern, line)
            if found:
                return found

    def dump(self) -> None:
        """Stop a stuck process with its threads' tracebacks on stderr (faulthandler)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGABRT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def close_input(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()

    def output(self) -> str:
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.lines.append(line)
        err = ""
        if self.process.poll() is not None and self.process.stderr is not None:
            err = self.process.stderr.read()
        return "\n".join(self.lines) + ("\n[stderr] " + err if err else "")

    def wait(self, timeout: float = 20.0) -> int:
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


RIGHT = ("Brussels", "Stoltenberg")


def answer_rightly(student: Proc, number: int) -> None:
    """Wait for question `number` on a student's screen and type its right answer."""
    student.expect(rf"^Question {number} of")
    options: dict[str, str] = {}
    while True:
        line = student.expect(r".")
        found = re.match(r"^\s+(\d+)\. (.*)$", line.string)
        if found:
            options[found.group(2)] = found.group(1)
        if line.string.startswith(("Answer with", "Answer t")):
            break
    right = next((options[text] for text in RIGHT if text in options), "f")
    student.send(right)
    student.expect("^Saved")
