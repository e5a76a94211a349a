"""Modal dialogs: confirming an action, and a score database that cannot be used."""
