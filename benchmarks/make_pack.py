"""Writes a large valid pack (every question type, quotes grounded in a source) for benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

SOURCE = """\
NATO leader Jens Stoltenberg warned on Sunday that the US and Europe are inextricably linked
when it comes to defense. Many member nations have struggled to meet the military spending
target of 2 percent of GDP that is obligatory under the organization's treaty.
"""

QUOTE = "the US and Europe are inextricably linked"


def _question(i: int) -> list[str]:
    head = [f"  - id: q{i}", f"    prompt: Generated question number {i}, about NATO and the EU?"]
    tail = [
        "    explanation: Generated so that the benchmark has realistic text to read.",
        f'    quote: "{QUOTE}"',
        "    tags: [generated, nato]",
        "    difficulty: medium",
    ]
    kind = i % 7
    if kind == 0:
        body = [
            "    type: choice",
            "    choices:",
            "      - Alpha option",
            "      - text: Beta",
            "        correct: true",
            "        feedback: Well done.",
            "      - Gamma",
        ]
    elif kind == 1:
        body = [
            "    type: multi",
            "    choices: [Norway, Canada, Spain, Japan]",
            "    answer: [Norway, Canada]",
        ]
    elif kind == 2:
        body = ["    type: truefalse", "    answer: true"]
    elif kind == 3:
        body = ["    type: numeric", f"    answer: {i}", "    tolerance: 0.5", "    unit: percent"]
    elif kind == 4:
        body = ["    type: text", "    answer: [Brussels, Brüssel]"]
    elif kind == 5:
        body = ["    type: order", "    items: [Greece, Spain, Poland]"]
    else:
        body = [
            "    type: match",
            "    pairs:",
            "      - {left: NATO, right: Brussels}",
            "      - {left: UN, right: New York}",
        ]
    return head[:1] + body[:1] + head[1:] + body[1:] + tail


def write_pack(folder: Path, questions: int, pack_id: str = "big") -> Path:
    """Write `<folder>/<pack_id>.yaml` (and its source text) with that many questions."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "article.txt").write_text(SOURCE, encoding="utf-8")
    lines = [
        "format: civic-quiz/1",
        f"id: {pack_id}",
        f"title: Generated pack {pack_id}",
        "source:",
        "  title: Generated",
        "  published: 2016-11-13",
        "  file: sources/article.txt",
        "questions:",
    ]
    for i in range(questions):
        lines += _question(i)
    path = folder / f"{pack_id}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--questions", type=int, default=10_000)
    args = parser.parse_args()
    print(write_pack(args.folder, args.questions))


if __name__ == "__main__":
    main()
