"""`civic-quiz stats`: item analysis of a pack, what the class got wrong."""

from __future__ import annotations

import argparse
import json

from ..util.textsafe import json_text
from .common import EXIT_OK, check_pack_known, date_arg, reading_store, write_csv


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `stats` and its options."""
    stats = subparsers.add_parser("stats", help="item analysis of a pack: what the class got wrong")
    stats.add_argument("pack", metavar="PACK", help="pack id")
    stats.add_argument("--since", type=date_arg, metavar="DATE", help="only games from DATE")
    stats.add_argument("--format", choices=("table", "json", "csv"), default="table")
    stats.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS)
    stats.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the pack's item analysis."""
    from rich.console import Console

    from ..packs.catalog import load_catalog
    from ..reports.stats import as_dict, as_rows, item_analysis, render_stats

    catalog = load_catalog()
    entry = catalog.by_id(args.pack)
    question_ids = None
    if entry is not None:
        question_ids = [q.id for q in catalog.load_pack(entry).questions]
    with reading_store(args.db) as store:
        check_pack_known(store, args.pack, "stats", catalog)
        stats = item_analysis(store, args.pack, since=args.since, question_ids=question_ids)
    if args.format == "json":
        print(json_text(json.dumps(as_dict(stats), ensure_ascii=False, indent=2, default=str)))
    elif args.format == "csv":
        rows = as_rows(stats)
        write_csv(rows, list(rows[0]) if rows else ["question_id"])
    else:
        Console().print(render_stats(stats, sort="facility"))
    return EXIT_OK
