"""The JSON Schema of the pack format, generated from the pack model and the registered
kinds' models (a new kind appears in it), for editors."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field, create_model

from ..core.limits import MAX_QUESTIONS
from ..kinds import KINDS
from .model import Pack

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def pack_json_schema() -> dict[str, Any]:
    """The JSON Schema a pack file satisfies (yaml-language-server reads it): the pack's keys,
    and for `questions` one schema per registered kind, told apart by `type`."""
    models = tuple(kind.model for kind in KINDS.values())
    # A union built at run time from the registry: no static type, so mypy is told to accept
    # it, and `X | Y` cannot be spelled for a tuple of models (hence the noqa).
    question = Annotated[Union[models], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007
    described = create_model(
        "Pack",
        __base__=Pack,
        __doc__=Pack.__doc__,
        questions=(
            Annotated[list[question], Field(min_length=1, max_length=MAX_QUESTIONS)],
            ...,
        ),
    )
    schema = described.model_json_schema()
    schema["title"] = "civic-quiz question pack (format civic-quiz/1)"
    return {"$schema": SCHEMA_DIALECT, **schema}
