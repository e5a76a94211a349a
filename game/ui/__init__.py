"""The Textual app (the only part of the game that imports Textual)."""
