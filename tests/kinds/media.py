"""The media-literacy test pack (evidence and claim questions on the NATO article) and
helpers to write variations of it next to a copy of its source."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from game.core.grounding import SourceText
from game.packs.loader import CheckedPack, check_pack_file, load_pack
from game.packs.model import Pack
from tests.conftest import REPO

FOLDER = REPO / "tests" / "packs" / "data" / "media-literacy"
PACK = FOLDER / "media-literacy.yaml"
SOURCE_FILE = FOLDER / "sources" / "nato-us-europe-2016.txt"

HEADER = """\
format: civic-quiz/1
id: media-test
title: Media test
source:
  publisher: DW
  published: 2016-11-13
  file: sources/article.txt
questions:
"""

CLAUSE = (
    '"The only time NATO has invoked its self-defense clause, that an attack on one is an'
    ' attack on all, was in support of the United States after the 9/11 terrorist attacks."'
)
"""The sentence that supports the claim that the defence clause was used only once."""


def source() -> SourceText:
    """The NATO article as a source text."""
    return SourceText(SOURCE_FILE.read_text("utf-8"))


def media_pack() -> Pack:
    """The media-literacy test pack, loaded (and prepared) from its file."""
    return load_pack(PACK)


def check_questions(
    folder: Path, questions: str, *, header: str = HEADER, article: str | None = None
) -> CheckedPack:
    """Check a pack of the given question YAML written in `folder`, with the NATO article
    (or `article`) as its source file."""
    (folder / "sources").mkdir(exist_ok=True)
    if article is None:
        shutil.copy(SOURCE_FILE, folder / "sources" / "article.txt")
    else:
        (folder / "sources" / "article.txt").write_text(article, encoding="utf-8")
    path = folder / "pack.yaml"
    path.write_text(header + textwrap.indent(textwrap.dedent(questions), "  "), "utf-8")
    return check_pack_file(path, display="pack.yaml")


def errors(checked: CheckedPack) -> list[tuple[int, str, str]]:
    """The errors as (line, code, message)."""
    return [(p.line, p.code, p.message) for p in checked.errors]
