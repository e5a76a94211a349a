"""Benchmark: how fast and how lean hostile files are refused, and how checking grows.

Two parts, in one run:

1. Refusals. Every hostile shape (alias bombs of values and of characters, deep nesting,
   tags, a source outside the pack's folder, a FIFO, /dev/zero or a 2 GB sparse file as the
   source or as the pack, a NUL byte in a name, huge numbers, a settings path that is a FIFO
   or a device) with the time and peak traced memory its refusal takes, and the problem code.
   Target: each refusal within a second.
2. Flat lists. A plain list needs no alias to be huge (`choices: [a, a, ...]`, issue 21
   item 12): the time and peak traced memory of refusing one at 1 MB and 4 MB, flow and
   block, beside a bare CSafeLoader parse of the same file in the same run (what reading
   it whole cost before). Target: peak under MAX_FLAT_PEAK and time growing at most
   linearly (a ratio at most MAX_RATIO).
3. Growth. The time at n and at 4n of the loader (many unknown top-level keys, many questions
   each with an unknown key, many duplicate ids), of import format detection on
   `'{' + '=' * n`, and of each importer on generated inputs. Linear work gives a ratio of
   about 4, quadratic about 16; a ratio above MAX_RATIO fails the run.

Timed assertions are kept out of the tests (machines are noisy); this script is where time
is checked. It exits non-zero when a refusal is slow, a case is not refused, or a ratio is
too high.

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from game.core.limits import MAX_NODES
from game.packs.loader import check_pack_bytes, check_pack_file

MAX_REFUSAL_SECONDS = 1.0
"""A refusal slower than this fails the run."""
MAX_RATIO = 8.0
"""Time at 4n over time at n above this fails the run (linear ~4, quadratic ~16)."""
CASE_TIMEOUT = 60
"""Seconds any one measurement may take before it counts as hanging."""
MAX_FLAT_PEAK = 100 * 1024 * 1024
"""Peak traced memory of refusing a flat list above this fails the run."""

VALID = b"""format: civic-quiz/1
id: small
title: Small
as_of: 2016-11-13
questions:
  - {id: q, type: truefalse, prompt: p, answer: true, explanation: e}
"""

HEADER = "format: civic-quiz/1\nid: bench\ntitle: Bench\nas_of: 2016-11-13\n"

SOURCE_PACK = """format: civic-quiz/1
id: stranger
title: A stranger's pack
as_of: 2016-11-13
source:
  file: {file}
questions:
  - {{id: q, type: truefalse, prompt: p, answer: true, explanation: e, quote: a quote}}
"""


class Hung(Exception):
    """A measurement took longer than CASE_TIMEOUT."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Hung


def _bomb() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def _scalar_bomb() -> bytes:
    big = "x" * (4 * 1024 * 1024)
    uses = "".join(
        f"  - {{id: q{i}, type: truefalse, prompt: *big, answer: true}}\n" for i in range(500)
    )
    return (f"big: &big {big}\n" + HEADER + "questions:\n" + uses).encode()


def _numbers(field: str, value: str) -> bytes:
    return (
        HEADER + "questions:\n  - {id: q, type: numeric, prompt: p, answer: 3, explanation: e,"
        f" {field}: {value}}}\n"
    ).encode()


BYTE_CASES: dict[str, bytes] = {
    "alias bomb (9 levels of 9)": _bomb(),
    "scalar alias bomb (4 MB x 500)": _scalar_bomb(),
    "nesting 999 deep": b"a: " + b"[" * 999 + b"]" * 999 + b"\n",
    "nesting 100,000 deep": b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "python/object tag": b"a: !!python/object/apply:os.system ['true']\n",
    "points 10^20": _numbers("points", "100000000000000000000"),
    "time_limit 10^20": _numbers("time_limit", "100000000000000000000"),
    "tolerance 1e300": _numbers("tolerance", "1e300"),
}


def _file_cases(work: Path) -> dict[str, Callable[[], Any]]:
    """Cases that need files: sources and packs that are not what they claim."""
    secret = work / "secret.txt"
    secret.write_text("a secret that must never be shown", encoding="utf-8")
    cases: dict[str, Callable[[], Any]] = {}

    def pack_with_source(name: str, file: str, prepare: Callable[[Path], None]) -> None:
        folder = work / f"source-{len(cases)}"
        folder.mkdir()
        prepare(folder)
        path = folder / "pack.yaml"
        path.write_text(SOURCE_PACK.format(file=file), encoding="utf-8")
        cases[f"source: {name}"] = lambda: check_pack_file(path)

    pack_with_source("outside (..)", "../secret.txt", lambda _f: None)
    pack_with_source("outside (absolute)", str(secret), lambda _f: None)
    pack_with_source(
        "outside (symlink)", "article.txt", lambda f: (f / "article.txt").symlink_to(secret)
    )
    pack_with_source("/proc/self/environ", "/proc/self/environ", lambda _f: None)
    pack_with_source("FIFO", "article.txt", lambda f: os.mkfifo(f / "article.txt"))
    pack_with_source("/dev/zero", "/dev/zero", lambda _f: None)
    pack_with_source(
        "/dev/zero (symlink)", "article.txt", lambda f: (f / "article.txt").symlink_to("/dev/zero")
    )
    pack_with_source("sparse 2 GB", "article.txt", lambda f: _sparse(f / "article.txt"))
    pack_with_source("NUL in name", '"a\\0b.txt"', lambda _f: None)

    fifo_pack = work / "fifo.yaml"
    os.mkfifo(fifo_pack)
    sparse_pack = work / "sparse.yaml"
    _sparse(sparse_pack)
    cases["pack: FIFO"] = lambda: check_pack_file(fifo_pack)
    cases["pack: /dev/zero"] = lambda: check_pack_file("/dev/zero")
    cases["pack: /dev/urandom"] = lambda: check_pack_file("/dev/urandom")
    cases["pack: sparse 2 GB"] = lambda: check_pack_file(sparse_pack)
    cases["pack: NUL in name"] = lambda: check_pack_file("pa\0ck.yaml")

    from game.util.settings import load_settings

    fifo_settings = work / "settings.json"
    os.mkfifo(fifo_settings)
    cases["settings: FIFO"] = lambda: load_settings(fifo_settings)
    cases["settings: /dev/zero"] = lambda: load_settings(Path("/dev/zero"))
    cases["settings: sparse 2 GB"] = lambda: load_settings(sparse_pack)
    return cases


def _sparse(path: Path) -> None:
    with open(path, "wb") as file:
        file.truncate(2 * 1024 * 1024 * 1024)


def _outcome(result: Any) -> tuple[str, bool]:
    """A short word for what came out, and whether it is a refusal."""
    if isinstance(result, dict):  # settings
        return ("ignored" if not result else "READ"), not result
    errors = getattr(result, "errors", None)
    if errors:
        return errors[0].code, True
    return "ACCEPTED", False


def _measure(call: Callable[[], Any], runs: int) -> tuple[float, int, Any]:
    """Median seconds, peak traced bytes and the last result of `runs` calls."""
    times = []
    result = None
    tracemalloc.start()
    signal.alarm(CASE_TIMEOUT)
    try:
        for _ in range(runs):
            start = time.perf_counter()
            result = call()
            times.append(time.perf_counter() - start)
    finally:
        signal.alarm(0)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return statistics.median(times), peak, result


def refusals(work: Path) -> bool:
    """Print every refusal; whether all were refused in time."""
    ok = True
    baseline, _, _ = _measure(lambda: check_pack_bytes(VALID), 7)
    print(f"{'valid small pack (baseline)':34} {'accepted':20} {baseline * 1000:9.2f} ms")
    cases: dict[str, Callable[[], Any]] = {
        name: (lambda data=data: check_pack_bytes(data)) for name, data in BYTE_CASES.items()
    }
    cases.update(_file_cases(work))
    worst = 0.0
    for name, call in cases.items():
        runs = 1 if "bomb (4 MB" in name else 3
        try:
            seconds, peak, result = _measure(call, runs)
        except Hung:
            print(f"{name:34} HANGS (over {CASE_TIMEOUT} s)")
            ok = False
            continue
        outcome, refused = _outcome(result)
        worst = max(worst, seconds)
        slow = seconds > MAX_REFUSAL_SECONDS
        ok = ok and refused and not slow
        flag = "" if refused and not slow else "  <-- FAIL"
        print(f"{name:34} {outcome:20} {seconds * 1000:9.2f} ms  peak {peak / 1024:9.0f} KiB{flag}")
    print(f"slowest refusal: {worst * 1000:.1f} ms (target < {MAX_REFUSAL_SECONDS * 1000:.0f} ms)")
    return ok


# --- flat lists ----------------------------------------------------------------------------


def _flat(size: int, block: bool) -> bytes:
    """A pack of about `size` bytes whose one question has a `choices` list of `a`s."""
    head = HEADER + "questions:\n  - id: q\n    type: choice\n    prompt: p\n    answer: a\n"
    if block:
        return (head + "    choices:\n" + "    - a\n" * ((size - len(head)) // 8)).encode()
    return (head + "    choices: [" + ", ".join(["a"] * ((size - len(head)) // 3)) + "]\n").encode()


def _bare_parse(data: bytes) -> Any:
    """What reading the file cost before: the C parser building every node."""
    import yaml

    return yaml.compose(data.decode("utf-8"), Loader=yaml.CSafeLoader)


def flat_lists() -> bool:
    """Print the refusal of flat lists at 1 MB and 4 MB, with a bare parse of each beside it;
    whether every one was refused, under MAX_FLAT_PEAK, and growing at most linearly."""
    ok = True
    print(
        f"\n{'flat list':22} {'size':>5} {'refusal':>10} {'peak':>10}"
        f"   {'bare parse':>10} {'peak':>10}"
    )
    for block in (False, True):
        times = []
        for megabytes in (1, 4):
            data = _flat(megabytes * 1024 * 1024, block)
            items = data.count(b"- a\n") if block else data.count(b", ") + 1
            name = f"{'block' if block else 'flow'} ({items:,} items)"
            try:
                seconds, peak, result = _measure(lambda data=data: check_pack_bytes(data), 3)
                bare, bare_peak, _ = _measure(lambda data=data: _bare_parse(data), 1)
            except Hung:
                print(f"{name:22} {megabytes:4} MB HANGS (over {CASE_TIMEOUT} s)")
                ok = False
                continue
            outcome, refused = _outcome(result)
            fine = refused and outcome == "too-large" and peak < MAX_FLAT_PEAK
            ok = ok and fine
            times.append(seconds)
            print(
                f"{name:22} {megabytes:2} MB {seconds * 1000:8.1f}ms {peak / 2**20:7.1f} MiB"
                f"   {bare * 1000:8.1f}ms {bare_peak / 2**20:7.1f} MiB"
                f"{'' if fine else '  <-- FAIL (' + outcome + ')'}"
            )
        if len(times) == 2:
            ratio = times[1] / times[0] if times[0] > 0 else float("inf")
            ok = ok and ratio <= MAX_RATIO
            flag = "" if ratio <= MAX_RATIO else "  <-- FAIL (superlinear)"
            print(f"{'':22} 4 MB / 1 MB time ratio {ratio:.1f}{flag}")
    print(f"peak target < {MAX_FLAT_PEAK / 2**20:.0f} MiB; ratio linear ~4 at most {MAX_RATIO:g}")
    # Lists each short enough, more values in all than any pack: read up to MAX_NODES,
    # which costs what reading the largest real pack costs (no time target: a pack of
    # 10,000 questions takes as long), and far less than reading it all.
    lists = 4 * 1024 * 1024 // 27_000
    data = "".join(f"k{i}: [" + ", ".join(["a"] * 9_000) + "]\n" for i in range(lists)).encode()
    try:
        seconds, peak, result = _measure(lambda: check_pack_bytes(data), 1)
        bare, bare_peak, _ = _measure(lambda: _bare_parse(data), 1)
    except Hung:
        print(f"lists of 9,000 items: HANGS (over {CASE_TIMEOUT} s)")
        return False
    outcome, refused = _outcome(result)
    fine = refused and outcome == "too-large"
    print(
        f"{lists} lists of 9,000 items ({lists * 9_000:,} values, {len(data) / 2**20:.1f} MB):"
        f" refused after {MAX_NODES:,} values in {seconds * 1000:.0f}ms, peak"
        f" {peak / 2**20:.1f} MiB; bare parse {bare * 1000:.0f}ms, peak {bare_peak / 2**20:.1f} MiB"
        f"{'' if fine else '  <-- FAIL (' + outcome + ')'}"
    )
    return ok and fine


# --- growth ------------------------------------------------------------------------------------


def _unknown_top_level_keys(n: int) -> bytes:
    keys = "".join(f"key{i}: v\n" for i in range(n))
    return (
        HEADER + keys + "questions:\n  - {id: q, type: truefalse, prompt: p, answer: true}\n"
    ).encode()


def _questions_with_unknown_key(n: int) -> bytes:
    questions = "".join(
        f"  - {{id: q{i}, type: truefalse, prompt: p, answer: true, explanation: e, bad: 1}}\n"
        for i in range(n)
    )
    return (HEADER + "questions:\n" + questions).encode()


def _duplicate_ids(n: int) -> bytes:
    questions = "".join(
        "  - {id: same, type: truefalse, prompt: p, answer: true, explanation: e}\n"
        for _ in range(n)
    )
    return (HEADER + "questions:\n" + questions).encode()


def _gift(n: int) -> str:
    return "".join(
        f"::Q{i}:: Which city hosts NATO's headquarters? {{=Brussels ~Paris ~Rome}}\n\n"
        for i in range(n)
    )


def _aiken(n: int) -> str:
    return "".join(
        f"Which city hosts NATO's headquarters ({i})?\nA. Brussels\nB. Paris\nC. Rome\n"
        "ANSWER: A\n\n"
        for i in range(n)
    )


def _csv(n: int) -> str:
    rows = "".join(
        f"choice,Which city hosts NATO's headquarters ({i})?,Brussels,Brussels|Paris|Rome,"
        "It is in Brussels.,,nato\n"
        for i in range(n)
    )
    return "type,prompt,answer,choices,explanation,quote,tags\n" + rows


def _opentdb(n: int) -> str:
    result = {
        "type": "multiple",
        "difficulty": "easy",
        "category": "Politics",
        "question": "Which city hosts NATO&#039;s headquarters?",
        "correct_answer": "Brussels",
        "incorrect_answers": ["Paris", "Rome", "Berlin"],
    }
    return json.dumps({"response_code": 0, "results": [result] * n}, indent=2)


def _growth_cases() -> dict[str, tuple[int, Callable[[int], Callable[[], Any]]]]:
    """Each case: its n, and a function making the call to time for a given size."""
    from game.importers.aiken import import_aiken
    from game.importers.csvfile import import_csv
    from game.importers.detect import detect_format, formats_in
    from game.importers.gift import import_gift
    from game.importers.opentdb import import_opentdb

    def loader(make: Callable[[int], bytes]) -> Callable[[int], Callable[[], Any]]:
        def prepare(n: int) -> Callable[[], Any]:
            data = make(n)
            return lambda: check_pack_bytes(data)

        return prepare

    def importer(make: Callable[[int], str], run: Callable[[str], Any]) -> Any:
        def prepare(n: int) -> Callable[[], Any]:
            text = make(n)
            return lambda: _quietly(run, text)

        return prepare

    def detect(n: int) -> Callable[[], Any]:
        text = "{" + "=" * n
        return lambda: (formats_in(text), _quietly(lambda t: detect_format(Path("x.txt"), t), text))

    return {
        # 4n stays under MAX_LIST_ENTRIES keys, past which the reader refuses the mapping.
        "loader: unknown top-level keys": (2_000, loader(_unknown_top_level_keys)),
        "loader: questions with unknown key": (2_000, loader(_questions_with_unknown_key)),
        "loader: duplicate ids": (2_000, loader(_duplicate_ids)),
        "detect: '{' + '=' * n": (200_000, detect),
        "import gift": (1_000, importer(_gift, import_gift)),
        "import aiken": (2_000, importer(_aiken, import_aiken)),
        "import csv": (2_000, importer(_csv, import_csv)),
        "import opentdb": (2_000, importer(_opentdb, import_opentdb)),
        # Shapes that were quadratic before (a regex or a list scan restarting per item).
        **{
            f"{label} (adversarial)": (n, importer(make, run))
            for label, n, make, run in (
                ("detect: '{ ' + '~' * n", 200_000, lambda n: "{ " + "~" * n, formats_in),
                (
                    "gift: '[tag:' * n",
                    40_000,
                    lambda n: "// " + "[tag:" * n + "\nQ {T}\n",
                    import_gift,
                ),
                (
                    "gift: '[id:' * n",
                    40_000,
                    lambda n: "// " + "[id:" * n + "\nQ {T}\n",
                    import_gift,
                ),
                ("gift: n answers", 2_000, _gift_answers, import_gift),
                ("gift: n tags", 20_000, _gift_tags, import_gift),
                (
                    "gift: html '<a' * n",
                    20_000,
                    lambda n: "[html]Q " + "<a" * n + " {T}\n",
                    import_gift,
                ),
                (
                    "gift: html '<![' * n",
                    20_000,
                    lambda n: "[html]Q " + "<![" * n + " {T}\n",
                    import_gift,
                ),
                ("csv: n options", 4_000, _csv_options, import_csv),
                ("csv: n pairs", 2_000, _csv_pairs, import_csv),
                (
                    "csv: wide header",
                    2_000,
                    lambda n: "prompt" + "," * n + "\n" + "Q\n" * n,
                    import_csv,
                ),
                ("opentdb: n answers", 20_000, _opentdb_answers, import_opentdb),
            )
        },
    }


def _gift_answers(n: int) -> str:
    return "Q {" + "".join(f"=a{i} " for i in range(n)) + "}\n"


def _gift_tags(n: int) -> str:
    return "// " + "".join(f"[tag:t{i}]" for i in range(n)) + "\nQ {T}\n"


def _csv_options(n: int) -> str:
    return "type,prompt,answer,choices\nchoice,Q,a0," + "|".join(f"a{i}" for i in range(n)) + "\n"


def _csv_pairs(n: int) -> str:
    pairs = "|".join(f"a{i}=b{i}" for i in range(n))
    return "type,prompt,answer,choices\nmatch,Q,," + pairs + "\n"


def _opentdb_answers(n: int) -> str:
    question = {
        "type": "multiple",
        "question": "Q",
        "correct_answer": "a",
        "incorrect_answers": [f"b{i}" for i in range(n)],
    }
    return json.dumps({"results": [question]})


def _quietly(run: Callable[[str], Any], text: str) -> Any:
    """The importer's result, or its refusal (a refusal is an outcome, not a crash)."""
    try:
        return run(text)
    except Exception as error:
        return error


def _best(call: Callable[[], Any], runs: int = 3) -> float:
    times = []
    signal.alarm(CASE_TIMEOUT)
    try:
        for _ in range(runs):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
    finally:
        signal.alarm(0)
    return min(times)


def growth() -> bool:
    """Print each case's time at n and 4n and their ratio; whether all ratios are low."""
    ok = True
    print(f"\n{'growth case':36} {'n':>8} {'t(n)':>10} {'t(4n)':>10} {'ratio':>6}")
    for name, (n, prepare) in _growth_cases().items():
        try:
            small = _best(prepare(n))
            large = _best(prepare(4 * n))
        except Hung:
            print(f"{name:36} {n:8} HANGS (over {CASE_TIMEOUT} s)")
            ok = False
            continue
        ratio = large / small if small > 0 else float("inf")
        flag = "" if ratio <= MAX_RATIO else "  <-- FAIL (superlinear)"
        ok = ok and ratio <= MAX_RATIO
        print(f"{name:36} {n:8} {small * 1000:8.1f}ms {large * 1000:8.1f}ms {ratio:6.1f}{flag}")
    print(f"ratios: linear ~4, quadratic ~16; fail above {MAX_RATIO:g}")
    return ok


def main() -> int:
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory() as folder:
        refused = refusals(Path(folder))
    flat = flat_lists()
    grows = growth()
    print("\nresult:", "ok" if refused and flat and grows else "FAIL")
    return 0 if refused and flat and grows else 1


if __name__ == "__main__":
    sys.exit(main())
