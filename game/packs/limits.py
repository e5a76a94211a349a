"""Limits on what a pack file may be, so hostile files are refused early and cheaply."""

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Packs larger than this are refused before they are parsed."""
MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted; a pack needs about six."""
MAX_ALIAS_EXPANSION = 100_000
"""Most values that aliases may add by repeating anchored ones (stops 'billion laughs' files)."""
