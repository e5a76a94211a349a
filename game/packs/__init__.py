"""Question packs: the format's model, the safe loader and validator, grading and discovery."""
