"""Benchmark: `civic-quiz validate` on a 10,000-question pack against a bare CSafeLoader parse.

Both run as whole processes, alternating, and the median of the runs is compared.
Target (issue 2): validate <= 1.3 x the bare parse.

    python benchmarks/bench_validate.py [--questions 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_pack import write_pack

TARGET = 1.3


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _validate_command(path: Path) -> list[str]:
    script = Path(sys.executable).with_name("civic-quiz")
    if script.exists():
        return [str(script), "validate", str(path)]
    found = shutil.which("civic-quiz")
    return (
        [found, "validate", str(path)]
        if found
        else [sys.executable, "-m", "game", "validate", str(path)]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_pack(Path(tmp), args.questions)
        bare = [
            sys.executable,
            "-c",
            "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)",
            str(path),
        ]
        validate = _validate_command(path)
        subprocess.run(validate, check=True, stdout=subprocess.DEVNULL)  # warm the disk cache
        bare_times, validate_times = [], []
        for _ in range(args.runs):
            bare_times.append(_time(bare))
            validate_times.append(_time(validate))
        size = path.stat().st_size
    bare_median = statistics.median(bare_times)
    validate_median = statistics.median(validate_times)
    ratio = validate_median / bare_median
    print(f"pack: {args.questions:,} questions, {size / 1e6:.1f} MB")
    print(f"bare yaml.load(CSafeLoader): median {bare_median:.3f} s  runs {_fmt(bare_times)}")
    print(
        f"civic-quiz validate:         median {validate_median:.3f} s  runs {_fmt(validate_times)}"
    )
    print(f"ratio validate / bare parse: {ratio:.2f} (target <= {TARGET})")
    return 0 if ratio <= TARGET else 1


def _fmt(times: list[float]) -> str:
    return " ".join(f"{t:.3f}" for t in times)


if __name__ == "__main__":
    sys.exit(main())
