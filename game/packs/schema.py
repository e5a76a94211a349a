"""The JSON Schema of the pack format, generated from the pack model, for editors."""

from __future__ import annotations

from typing import Any

from .model import Pack

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def pack_json_schema() -> dict[str, Any]:
    """The JSON Schema a pack file satisfies (yaml-language-server reads it)."""
    schema = Pack.model_json_schema()
    schema["title"] = "civic-quiz question pack (format civic-quiz/1)"
    return {"$schema": SCHEMA_DIALECT, **schema}
