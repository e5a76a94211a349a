"""Tests of the question kinds, one module per kind."""
