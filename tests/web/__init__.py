"""Tests of `civic-quiz serve`: the served game driven in headless Chromium."""
