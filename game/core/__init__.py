"""The base types every layer shares: question model, grading, limits, text reading."""
