"""The commented starter pack that `civic-quiz new` writes (one question of every kind, on an
example text of its own), and the warnings for its placeholders left in a pack."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

EXAMPLE_ID = "example"
"""The starter's example source: the id its example questions name."""
EXAMPLE_FILE = "sources/civic-quiz-example.txt"
"""Where `new` writes the example text, relative to the pack."""
EXAMPLE_TITLE = "NATO in brief (an example text)"
EXAMPLE_DATE = "2026-12-07"
"""When the example text was written: its facts held then (checked that day)."""

# Our own words, every sentence true as of EXAMPLE_DATE, so the example questions can quote
# it; the teacher's article replaces it.
EXAMPLE_TEXT = """\
NATO in brief

An example text written for the civic-quiz starter pack.

The North Atlantic Treaty was signed in Washington on 4 April 1949 by twelve countries: \
Belgium, Canada, Denmark, France, Iceland, Italy, Luxembourg, the Netherlands, Norway, \
Portugal, the United Kingdom and the United States. Together they founded the North \
Atlantic Treaty Organization, NATO.

More countries joined later: Greece and Turkey in 1952, West Germany in 1955, Spain in \
1982, and Poland, Hungary and the Czech Republic in 1999.

NATO's headquarters were in Paris until 1967, when they moved to Brussels, where they \
still are.

Article 5 of the treaty says that an armed attack against one or more of the allies in \
Europe or North America shall be considered an attack against them all. NATO has invoked \
Article 5 only once, after the attacks on the United States of 11 September 2001.
"""

PLACEHOLDER_TITLE = "My first pack"
PLACEHOLDER_AUTHOR = "Your Name"
PLACEHOLDER_DESCRIPTION = "What this pack is about, in a sentence or two."

EXAMPLE_SOURCE = f"""\
  - id: {EXAMPLE_ID}                 # the starter's example text; remove it with its questions
    title: "{EXAMPLE_TITLE}"
    publisher: civic-quiz
    published: {EXAMPLE_DATE}       # when it was written: its facts are dated by this
    file: {EXAMPLE_FILE}"""

STARTER_HEAD = """\
# A civic-quiz question pack (format civic-quiz/1).
# Check it with:  civic-quiz validate {filename}
# The teachers' guide (docs/authoring.md) explains every key.
format: civic-quiz/1
id: {pack_id}                 # lowercase letters, digits and dashes
title: {title}
description: {description}
language: en
authors: [{author}]
level: secondary school
# No pack-wide `as_of`: each question is dated by its source's `published` date, or by
# its own `as_of` (the date its facts were checked).

# Where the questions come from. Every `quote` is checked word for word in its source's
# `file`. The first source is the default; a question names another with `source: ID`.
# Bring in an article with:  civic-quiz source add ARTICLE.html --pack {filename}
sources:
"""

STARTER_QUESTIONS = f"""
defaults:
  points: 100                 # points for a fully correct answer
  time_limit: 30              # seconds per question in timed mode

# The example questions below quote the example text. Replace them with your own questions
# on your article (and then remove the example source above).
questions:
  - id: headquarters          # unique within the pack
    type: choice              # one correct option
    source: {EXAMPLE_ID}
    frame: true               # shown as a fact, "True as of ..."
    as_of: {EXAMPLE_DATE}         # the date it was checked
    prompt: In which city are NATO's headquarters?
    choices:
      - Brussels
      - text: Paris
        feedback: NATO's headquarters were in Paris until 1967.
      - Geneva
    answer: Brussels          # or mark the option with `correct: true`
    explanation: NATO's headquarters moved from Paris to Brussels in 1967.
    quote: when they moved to Brussels, where they still are
    hint: It is also the capital of Belgium.
    difficulty: easy
    tags: [nato]

  - id: founders
    type: multi               # several correct options; partial credit
    source: {EXAMPLE_ID}
    prompt: Which of these countries founded NATO in 1949?
    choices: [Norway, Canada, Spain, Poland]
    answer: [Norway, Canada]
    explanation: Spain joined in 1982 and Poland in 1999.
    quote: >-
      signed in Washington on 4 April 1949 by twelve countries: Belgium, Canada,
      Denmark, France, Iceland, Italy, Luxembourg, the Netherlands, Norway,
      Portugal, the United Kingdom and the United States

  - id: same-city
    type: truefalse
    source: {EXAMPLE_ID}
    prompt: NATO has always had its headquarters in the same city.
    answer: false
    explanation: They were in Paris until 1967.
    quote: NATO's headquarters were in Paris until 1967

  - id: members-1949
    type: numeric
    source: {EXAMPLE_ID}
    prompt: How many countries signed the North Atlantic Treaty in 1949?
    answer: 12
    tolerance: 0              # accept answers this far from the answer
    # range: [10, 14]         # ...or accept any number in a range instead
    unit: countries
    explanation: Twelve countries signed the treaty on 4 April 1949.
    quote: by twelve countries

  - id: treaty-city
    type: text                # typed answer: case, accents and small typos are forgiven
    source: {EXAMPLE_ID}
    prompt: In which city was the North Atlantic Treaty signed?
    answer: [Washington, "Washington, D.C."]
    explanation: It was signed in Washington on 4 April 1949.
    quote: The North Atlantic Treaty was signed in Washington on 4 April 1949

  - id: events-order
    type: order               # list the items in the correct order; players see them shuffled
    source: {EXAMPLE_ID}
    prompt: Put these events in the order they happened, earliest first.
    items:
      - Twelve countries sign the North Atlantic Treaty
      - NATO's headquarters leave Paris
      - NATO invokes Article 5 for the first time
    explanation: 1949, 1967 and 2001.
    quote: >-
      NATO has invoked Article 5 only once, after the attacks on the United
      States of 11 September 2001.

  - id: joined
    type: match               # players pair each left side with a right side
    source: {EXAMPLE_ID}
    prompt: Match each country with the year it joined NATO.
    pairs:
      - left: Greece
        right: "1952"
      - left: West Germany
        right: "1955"
      - left: Spain
        right: "1982"
    explanation: Greece joined with Turkey in 1952; Poland followed in 1999.
    quote: Greece and Turkey in 1952, West Germany in 1955, Spain in 1982

  - id: article-5-used
    type: evidence            # which sentence of the source supports a claim?
    source: {EXAMPLE_ID}
    claim: NATO's promise of mutual defence has been called on one time.
    answer: >-
      NATO has invoked Article 5 only once, after the attacks on the United
      States of 11 September 2001.
    choices:                  # other sentences of the source, word for word
      - >-
        More countries joined later: Greece and Turkey in 1952, West Germany in
        1955, Spain in 1982, and Poland, Hungary and the Czech Republic in 1999.
    explanation: Article 5 is the mutual defence clause; it was invoked once, in 2001.

  - id: founding-statement
    type: claim               # a fact, an opinion, or the publication's own words?
    source: {EXAMPLE_ID}
    frame: claim              # shown as what the source says, "According to ..."
    statement: Together they founded the North Atlantic Treaty Organization, NATO.
    answer: fact
    explanation: The text reports it as a fact, one anyone can check in NATO's history.
"""

STARTER_QUESTION_PROMPTS = {
    "headquarters": "In which city are NATO's headquarters?",
    "founders": "Which of these countries founded NATO in 1949?",
    "same-city": "NATO has always had its headquarters in the same city.",
    "members-1949": "How many countries signed the North Atlantic Treaty in 1949?",
    "treaty-city": "In which city was the North Atlantic Treaty signed?",
    "events-order": "Put these events in the order they happened, earliest first.",
    "joined": "Match each country with the year it joined NATO.",
    "article-5-used": "Which sentence of the article supports this claim?",
    "founding-statement": "Is this a reported fact, someone's opinion, or the publication's own",
}
"""Each example question's id and the start of its prompt, as the starter writes them: a
pack still holding both still holds the example."""


def starter_pack(
    pack_id: str,
    filename: str,
    *,
    title: str | None = None,
    article_source: str | None = None,
) -> str:
    """The starter pack text for a pack id and its file name. `title` replaces the
    placeholder title (written as YAML already); `article_source` is the teacher's article
    as a `sources:` item (written as YAML), put first so it is the default source."""
    head = STARTER_HEAD.format(
        pack_id=pack_id,
        filename=filename,
        title=title or PLACEHOLDER_TITLE,
        description=PLACEHOLDER_DESCRIPTION,
        author=PLACEHOLDER_AUTHOR,
    )
    sources = [article_source] if article_source else []
    sources.append(EXAMPLE_SOURCE)
    return head + "\n".join(sources) + "\n" + STARTER_QUESTIONS


def placeholders(data: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Where a pack still holds the starter's placeholders, each with what to do: the title,
    the author, the description, the example questions and the example source."""
    if data.get("title") == PLACEHOLDER_TITLE:
        yield ("title",), f"the title is still the starter's '{PLACEHOLDER_TITLE}': give your own"
    if data.get("description") == PLACEHOLDER_DESCRIPTION:
        yield ("description",), "the description is still the starter's: say what the pack is about"
    authors = data.get("authors")
    if isinstance(authors, list):
        for index, author in enumerate(authors):
            if author == PLACEHOLDER_AUTHOR:
                yield (
                    ("authors", index),
                    f"'{PLACEHOLDER_AUTHOR}' is the starter's: write your name",
                )
    questions = data.get("questions")
    if isinstance(questions, list):
        for index, question in enumerate(questions):
            if not isinstance(question, dict):
                continue
            start = STARTER_QUESTION_PROMPTS.get(str(question.get("id")))
            prompt = question.get("prompt", "")
            if start is not None and (
                (isinstance(prompt, str) and prompt.startswith(start))
                or (question.get("source") == EXAMPLE_ID and "prompt" not in question)
            ):
                yield (
                    ("questions", index, "id"),
                    "this is the starter's example question: replace it with your own",
                )
    sources = data.get("sources")
    if isinstance(sources, list):
        for index, source in enumerate(sources):
            if isinstance(source, dict) and source.get("title") == EXAMPLE_TITLE:
                yield (
                    ("sources", index, "title"),
                    "the starter's example text is still a source: remove it once its example"
                    " questions are gone",
                )
