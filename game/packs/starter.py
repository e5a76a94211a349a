"""The commented starter pack that `civic-quiz new` writes: one question of every type."""

from __future__ import annotations

STARTER_PACK = """\
# A civic-quiz question pack (format civic-quiz/1).
# Check it with:  civic-quiz validate {filename}
# The teachers' guide (docs/authoring.md) explains every key.
format: civic-quiz/1
id: {pack_id}                 # lowercase letters, digits and dashes
title: My first pack
description: What this pack is about, in a sentence or two.
language: en
authors: [Your Name]
level: secondary school
as_of: {today}           # the date the facts below were true

# Where the questions come from. With `file`, every `quote` is checked against that text.
# source:
#   title: "NATO: US, Europe need each other"
#   publisher: DW
#   published: 2016-11-13
#   url: https://www.dw.com/
#   file: sources/my-article.txt
#
# Then give each question a `quote`: a passage copied word for word from the source file.

defaults:
  points: 100                 # points for a fully correct answer
  time_limit: 30              # seconds per question in timed mode

questions:
  - id: capital               # unique within the pack
    type: choice              # one correct option
    prompt: Where does the European Union hold its summits?
    choices:
      - Brussels
      - Geneva
      - text: Strasbourg
        feedback: The European Parliament sits there, but summits are in Brussels.
    # Or mark the option with `correct: true`. (A comment never follows a text on its line:
    # the validator would take it for a text cut short by its `#`.)
    answer: Brussels
    explanation: EU summits (European Council meetings) are held in Brussels.
    hint: It is also the capital of Belgium.
    difficulty: easy
    tags: [eu]

  - id: founding-members
    type: multi               # several correct options; partial credit
    prompt: Which of these countries founded NATO in 1949?
    choices: [Norway, Germany, Canada, Spain]
    answer: [Norway, Canada]
    explanation: Germany joined in 1955 and Spain in 1982.

  - id: nato-in-paris
    type: truefalse
    prompt: NATO's headquarters are in Paris.
    answer: false
    explanation: NATO moved its headquarters from Paris to Brussels in 1967.

  - id: members-1949
    type: numeric
    prompt: How many countries signed the North Atlantic Treaty in 1949?
    answer: 12
    tolerance: 0              # accept answers this far from the answer
    # range: [10, 14]         # ...or accept any number in a range instead
    unit: countries
    explanation: Twelve countries signed the treaty in Washington on 4 April 1949.

  - id: treaty-city
    type: text                # typed answer: case, accents and small typos are forgiven
    prompt: In which city was the North Atlantic Treaty signed?
    answer: [Washington, "Washington, D.C."]
    explanation: It was signed in Washington on 4 April 1949.

  - id: enlargement-order
    type: order               # list the items in the correct order; players see them shuffled
    prompt: Put these countries in the order they joined NATO, earliest first.
    items: [Greece, Spain, Poland]
    explanation: Greece joined in 1952, Spain in 1982 and Poland in 1999.

  - id: institutions
    type: match               # players pair each left side with a right side
    prompt: Match each institution with its seat.
    pairs:
      - left: European Central Bank
        right: Frankfurt
      - left: European Court of Human Rights
        right: Strasbourg
      - left: United Nations headquarters
        right: New York
    explanation: The Court of Human Rights belongs to the Council of Europe, not the EU.
"""


def starter_pack(pack_id: str, filename: str, today: str) -> str:
    """The starter pack text for a pack id, its file name and today's date (YYYY-MM-DD)."""
    return STARTER_PACK.format(pack_id=pack_id, filename=filename, today=today)
