"""Classroom play in a browser: `civic-quiz serve` runs the game through textual-serve."""
