"""Read models: views of the event log in SQLite, kept current and rebuilt on demand."""
