"""Limits on what a pack file may be, so hostile files are refused early and cheaply."""

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Packs larger than this are refused before they are parsed."""
SOURCE_MAX_BYTES = 10 * 1024 * 1024
"""Source texts larger than this are refused unread (a long article is well under 1 MB)."""
MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted; a pack needs about six."""
MAX_ALIAS_EXPANSION = 100_000
"""Most values that aliases may add by repeating anchored ones (stops 'billion laughs' files)."""
MAX_ALIAS_CHARACTERS = DEFAULT_MAX_BYTES
"""Most characters that aliases may add by repeating anchored values, scalars included: as
many as the largest pack file holds, so a pack's data is at most about twice its file."""
MAX_PROBLEMS = 200
"""Most problems listed for one pack; the rest are counted in one last 'and K more'."""

# Bounds on a pack's numbers and lists: far beyond any real pack, well inside what the game
# and its SQLite store can hold (an integer over 2**63 makes SQLite raise OverflowError).
MAX_POINTS = 10_000
"""Most points a question may be worth."""
MAX_TIME_LIMIT = 3600
"""Longest time limit of a question, in seconds (an hour)."""
MAX_NUMBER = 1e15
"""Largest magnitude of a numeric answer, range end or tolerance."""
MAX_QUESTIONS = 10_000
"""Most questions in one pack."""
MAX_ITEMS = 100
"""Most options, items, pairs, answers, tags or authors in one list."""

# Bounds on the file's shape, checked while it is read (game/packs/yamlread.py), before any
# value is built: a plain list needs no alias to be huge (`choices: [a, a, ...]`, 1.5 million
# items in 3 MB), and each value read costs a few hundred bytes.
MAX_LIST_ENTRIES = MAX_QUESTIONS
"""Most items in one list, or keys in one mapping: the longest list of a pack is its
questions; every other holds at most MAX_ITEMS, a mapping a few dozen keys."""
MAX_NODES = 50 * MAX_QUESTIONS
"""Most values (texts, lists and mappings) in one file: 50 for each question of the longest
pack, where a question has about 30 (its keys, values and lists: 32 in the bundled pack)."""
