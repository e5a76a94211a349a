"""The score store: one interface, a SQLite and a PostgreSQL backend, opening, admin and copy."""
