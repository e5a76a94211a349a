"""Small packs for tests: one question of every type, built through the real loader."""

from __future__ import annotations

from game.kinds import kind_of
from game.packs.loader import check_pack_text
from game.packs.model import Pack

EVERY_TYPE = """\
format: civic-quiz/1
id: {pack_id}
title: Every type
source:
  publisher: DW
  title: "NATO: US, Europe need each other"
  published: 2016-11-13
questions:
  - id: choice
    type: choice
    prompt: Where was the EU summit?
    choices: [Brussels, Paris, Rome]
    answer: Brussels
    hint: Capital of Belgium.
    explanation: It was in Brussels.
    quote: an EU summit in Brussels
  - id: multi
    type: multi
    prompt: Which sources are named?
    choices: [AP, Reuters, AFP]
    answer: [AP, Reuters]
    explanation: AP and Reuters.
  - id: truefalse
    type: truefalse
    prompt: The op-ed names Trump.
    answer: false
    explanation: It does not.
  - id: numeric
    type: numeric
    prompt: What is the spending target?
    answer: 2
    unit: percent
    explanation: Two percent of GDP.
  - id: text
    type: text
    prompt: Which city?
    answer: [Brussels]
    explanation: Brussels.
  - id: order
    type: order
    prompt: Order the sentence.
    items: [Going it alone, is not an option, for Europe]
    explanation: As written.
  - id: match
    type: match
    prompt: Match.
    pairs:
      - {{left: Stoltenberg, right: NATO}}
      - {{left: Trump, right: USA}}
      - {{left: Observer, right: UK}}
    explanation: As in the article.
"""


def every_type_pack(pack_id: str = "every-type", **defaults: object) -> Pack:
    """A valid pack with one question of each type (ids are the type names)."""
    text = EVERY_TYPE.format(pack_id=pack_id)
    if defaults:
        lines = "".join(f"  {k}: {v}\n" for k, v in defaults.items())
        text = text.replace("questions:\n", f"defaults:\n{lines}questions:\n", 1)
    checked = check_pack_text(text, display=f"{pack_id}.yaml")
    assert checked.pack is not None, [p.format() for p in checked.problems]
    return checked.pack


def right_answer(played) -> object:
    """The fully correct response to a played question, in the shape the session takes."""
    return kind_of(played.question).sample_answer(played, True)


def wrong_answer(played) -> object:
    """A response that earns no credit."""
    return kind_of(played.question).sample_answer(played, False)
