"""Importers that turn other quiz formats (GIFT, Aiken, CSV, Open Trivia DB) into packs."""
