"""Several nodes on one PostgreSQL event store, in real processes."""
