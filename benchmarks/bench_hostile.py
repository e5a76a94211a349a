"""Benchmark: how fast and how lean hostile packs are refused (alias bomb, deep nesting, size).

Target (issue 2): a small alias bomb is refused within a second, using little memory.
Reports each case's time relative to checking a small valid pack in the same run.

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

from game.packs.loader import check_pack_bytes

VALID = b"""format: civic-quiz/1
id: small
title: Small
as_of: 2016-11-13
questions:
  - {id: q, type: truefalse, prompt: p, answer: true, explanation: e}
"""


def _bomb() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


CASES: dict[str, bytes] = {
    "valid small pack (baseline)": VALID,
    "alias bomb (9 levels of 9)": _bomb(),
    "nesting 999 deep": b"a: " + b"[" * 999 + b"]" * 999 + b"\n",
    "nesting 100,000 deep": b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "python/object tag": b"a: !!python/object/apply:os.system ['true']\n",
}


def _measure(check: Callable[[], object], runs: int = 7) -> tuple[float, int]:
    times = []
    tracemalloc.start()
    for _ in range(runs):
        start = time.perf_counter()
        check()
        times.append(time.perf_counter() - start)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak


def main() -> int:
    baseline = None
    worst = 0.0
    for name, data in CASES.items():
        seconds, peak = _measure(lambda data=data: check_pack_bytes(data))
        baseline = baseline or seconds
        checked = check_pack_bytes(data)
        outcome = "accepted" if checked.ok else checked.errors[0].code
        if name != "valid small pack (baseline)":
            worst = max(worst, seconds)
        print(
            f"{name:30} {outcome:16} {seconds * 1000:8.2f} ms  x{seconds / baseline:7.1f}"
            f"  peak {peak / 1024:8.0f} KiB"
        )
    print(f"slowest refusal: {worst * 1000:.1f} ms (target < 1000 ms)")
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
