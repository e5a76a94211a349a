"""The live class game's screens: the host's, for the projector, and each student's."""
