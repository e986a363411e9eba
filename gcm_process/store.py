"""The event store: durable, append-only SQLite by default, PostgreSQL to scale.

Both stores (PostgreSQL in ``store_postgres``) refuse, in the database itself,
any UPDATE or DELETE of a stored event: history is corrected by new events,
never by editing old ones.
"""

from __future__ import annotations

import sqlite3
import time

from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteFactory,
)
from eventsourcing.utils import Environment, EnvType

APPEND_ONLY_MESSAGE = "history is append-only: stored events cannot be changed or deleted"


class AppendOnlySQLiteRecorder(SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        for operation in ("UPDATE", "DELETE"):
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {self.events_table_name}_no_{operation.lower()} "
                f"BEFORE {operation} ON {self.events_table_name} "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
            )
        return statements


class DurableSQLiteConnectionPool(SQLiteConnectionPool):
    """WAL and ``synchronous=FULL``: an acknowledged write survives power loss."""

    def _create_connection(self) -> SQLiteConnection:
        # Switching a new file to WAL fails at once, without waiting, while another
        # process creates the same file: wait for it as for any other lock.
        deadline = time.monotonic() + (self.lock_timeout or 5)
        while True:
            try:
                connection = super()._create_connection()
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        connection.cursor().execute("PRAGMA synchronous=FULL")
        return connection


class DurableSQLiteFactory(SQLiteFactory):
    application_recorder_class = AppendOnlySQLiteRecorder

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        plain = self.datastore.pool
        plain.close()
        self.datastore.pool = DurableSQLiteConnectionPool(
            db_name=plain.db_name, lock_timeout=plain.lock_timeout
        )
