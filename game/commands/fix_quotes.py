"""`civic-quiz validate --fix-quotes`: rewrite quotes that differ from their source only in
spacing, quote marks or dashes (an option of `validate`, so it adds no sub-parser)."""

from __future__ import annotations

from ..util.textsafe import one_line
from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, given_pack_files


def fix_quotes_in(paths: list[str]) -> int:
    """Fix the quotes of the packs under `paths`, reporting each; the exit status."""
    from ..packs.fixquotes import fix_quotes

    files, missing = given_pack_files(paths)
    status = EXIT_USAGE if missing else EXIT_OK
    for file in files:
        report = fix_quotes(file)
        for line in report.lines():
            print(one_line(line))  # a newline in a file name cannot forge a line
        if report.refused or report.not_fixed:
            status = max(status, EXIT_PROBLEMS)
    return status
