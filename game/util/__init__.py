"""Small helpers every layer uses: safe text, atomic files, numbers, settings, progress."""
