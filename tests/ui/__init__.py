"""Tests of the Textual app: pilot tests that play whole games, and snapshots."""
