"""The live class game: the teacher sets the pace, the whole class answers together."""
