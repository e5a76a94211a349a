"""What writes packs for a teacher: a source brought in from a saved page, drafts, sentences."""
