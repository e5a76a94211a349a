"""Each kind owns its editor form (issue 20): fields inferred from its model, refined by it."""

from __future__ import annotations

import pytest

from game.kinds import KINDS, kind_named
from game.kinds.form import FormField, infer_widget


def widgets(kind: str) -> dict[str, str]:
    found = kind_named(kind)
    assert found is not None
    return {f.name: f.widget for f in found.form()}


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_a_form_starting_with_id_and_prompt(name: str) -> None:
    form = KINDS[name].form()
    assert [f.name for f in form[:2]] == ["id", "prompt"]
    assert all(isinstance(f, FormField) for f in form)
    assert len({f.name for f in form}) == len(form)
    # Every field the form shows is one the kind's model takes.
    assert {f.name for f in form} <= set(KINDS[name].model.model_fields)
    assert KINDS[name].quote_field in {f.name for f in form}


def test_kinds_say_how_their_own_fields_are_edited() -> None:
    assert widgets("choice")["choices"] == "choices"
    assert widgets("multi")["choices"] == "choices" and widgets("multi")["answer"] == "items"
    assert widgets("order")["items"] == "items"
    assert widgets("match")["pairs"] == "pairs"
    assert widgets("numeric")["answer"] == "number"
    assert widgets("numeric")["range"] == "range"
    assert widgets("truefalse")["answer"] == "flag"
    assert widgets("evidence")["answer"] == "sentence"
    assert widgets("claim")["statement"] == "sentence"
    assert widgets("claim")["ask"] == "pick"


def test_the_source_pane_sets_the_field_each_kind_names() -> None:
    assert KINDS["evidence"].quote_field == "answer"
    assert KINDS["claim"].quote_field == "statement"
    assert KINDS["choice"].quote_field == "quote"


def test_pick_fields_list_their_values() -> None:
    form = {f.name: f for f in KINDS["claim"].form()}
    assert form["ask"].options == ("kind", "who")
    assert form["difficulty"].options == ("easy", "medium", "hard")
    assert form["id"].required and not form["hint"].required


def test_infer_widget_from_types() -> None:
    import datetime as dt

    assert infer_widget(int | None) == ("number", ())
    assert infer_widget(dt.date) == ("date", ())
    assert infer_widget(list[str]) == ("items", ())
    assert infer_widget(bool) == ("flag", ())
    assert infer_widget(tuple[float, float]) == ("range", ())
