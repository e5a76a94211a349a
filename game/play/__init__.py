"""Playing a game: the session engine, scoring, practice, lessons and starting a game."""
