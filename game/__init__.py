"""civic-quiz: a terminal quiz game for civic education, with packs drawn from news articles."""

__version__ = "0.1.0"
