"""`civic-quiz schema`: print the JSON Schema of the pack format."""

from __future__ import annotations

import argparse
import json

from .common import EXIT_OK


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add `schema` (it has no options)."""
    schema = subparsers.add_parser("schema", help="print the JSON Schema of the pack format")
    schema.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the schema."""
    from ..packs.schema import pack_json_schema

    print(json.dumps(pack_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK
