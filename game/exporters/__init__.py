"""Exporters that write packs in other quiz formats (Moodle GIFT), for other quiz tools."""
