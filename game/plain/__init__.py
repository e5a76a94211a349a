"""The plain-text front end: the game as numbered lines on stdin and stdout."""
