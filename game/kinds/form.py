"""A kind's editor form: its fields and the widget each needs, inferred from its pydantic model.

The pack editor shows one form per question; which fields it has and how each is edited is
the kind's business (`Kind.form()`), like its grading and its GIFT form. The default reads
the kind's model, so a new kind gets a form without declaring anything; a kind refines it
with `Kind.form_widgets` (`{"pairs": "pairs"}`) where the model's types alone cannot tell.
Nothing here imports Textual: the editor maps each widget name to a widget of its own.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel

FieldWidget = Literal[
    "text",
    "long-text",
    "number",
    "flag",
    "date",
    "pick",
    "quote",
    "sentence",
    "choices",
    "items",
    "pairs",
    "records",
    "group",
    "range",
]
"""How a field is edited: a line of text, several lines, a number, yes/no, a date, one of a
few values (`pick`), a quote picked from the source (`quote`; `sentence`: a sentence of the
source that the kind itself checks, such as an evidence question's supporting sentence or a
claim's statement), options with their right ones marked (`choices`), a list of texts
(`items`), left/right pairs, a list of small mappings (`records`: updates, categories), one
mapping (`group`: a correction), or two numbers (`range`)."""

LEFT_OUT = frozenset(("type", "draft", "prepared"))
"""Fields the form does not show: the kind is picked apart, drafts are accepted with a key,
and `prepared` is the game's own."""

BASE_WIDGETS: dict[str, FieldWidget] = {
    "prompt": "long-text",
    "explanation": "long-text",
    "quote": "quote",
    "hint": "long-text",
    "tags": "items",
    "updates": "records",
    "correction": "group",
}
"""Widgets of fields every question has, where their types alone would say `text`."""


@dataclass(frozen=True, slots=True)
class FormField:
    """One field of a question's editor form."""

    name: str
    """The question's key."""
    widget: FieldWidget
    label: str
    """The key as a teacher reads it (`time limit`)."""
    required: bool
    help: str = ""
    """The model's description of the field, when it has one."""
    options: tuple[str, ...] = ()
    """The values of a `pick` field."""
    own: bool = False
    """Whether the field is the kind's own rather than one every question has."""


def _unwrap(annotation: Any) -> Any:
    """The type inside `Annotated[...]` and `X | None`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation


def infer_widget(annotation: Any) -> tuple[FieldWidget, tuple[str, ...]]:
    """The widget a field of this type is edited with, and the values of a `pick`."""
    kind = _unwrap(annotation)
    origin = typing.get_origin(kind)
    if origin is Literal:
        return "pick", tuple(str(v) for v in typing.get_args(kind))
    if kind is bool:
        return "flag", ()
    if kind in (int, float):
        return "number", ()
    if kind is dt.date:
        return "date", ()
    if origin is tuple:
        return "range", ()
    if origin is list:
        inner = _unwrap(typing.get_args(kind)[0]) if typing.get_args(kind) else str
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return "records", ()
        return "items", ()
    if origin in (Union, types.UnionType):  # `str | list[str]`: one text or several
        return "text", ()
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return "group", ()
    return "text", ()


def form_fields(
    model: type[BaseModel], base: type[BaseModel], widgets: dict[str, FieldWidget]
) -> tuple[FormField, ...]:
    """The form of a kind's `model`: `id` and `prompt`, then the kind's own fields, then
    the other fields every question (`base`) has; `widgets` overrides what the types say."""
    shared = list(base.model_fields)
    names = [n for n in model.model_fields if n not in LEFT_OUT]
    own = [n for n in names if n not in shared]
    first = [n for n in ("id", "prompt") if n in names]
    rest = [n for n in shared if n in names and n not in first]
    fields: list[FormField] = []
    for name in [*first, *own, *rest]:
        info = model.model_fields[name]
        widget, options = infer_widget(info.annotation)
        chosen = widgets.get(name) or (BASE_WIDGETS.get(name) if name not in own else None)
        fields.append(
            FormField(
                name=name,
                widget=chosen or widget,
                label=name.replace("_", " "),
                required=info.is_required(),
                help=info.description or "",
                options=options,
                own=name in own,
            )
        )
    return tuple(fields)
