"""The event store: durable, append-only SQLite by default, PostgreSQL to scale.

Both stores (PostgreSQL in ``store_postgres``) refuse, in the database itself,
any statement that changes or removes a stored event: UPDATE, DELETE, and on
SQLite ``INSERT OR REPLACE`` (whose implicit delete fires no DELETE trigger),
refused by a BEFORE INSERT trigger on an existing (aggregate, version).
Every event also gets a link in a hash chain (``gcm_process.integrity``),
written in the same transaction; a guard dropped by someone with the file
leaves the chain to show what was done.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import PersistenceError, StoredEvent
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteCursor,
    SQLiteFactory,
)
from eventsourcing.utils import Environment, EnvType

from gcm_process.integrity.chain import GENESIS, id_bytes, link

APPEND_ONLY_MESSAGE = "history is append-only: stored events cannot be changed or deleted"
CHAIN_DAMAGED_MESSAGE = (
    "the record's hash chain does not follow its events (run 'gcm-process verify'); "
    "nothing was recorded"
)


def chain_table(events_table: str) -> str:
    """The companion table of an events table that holds its hash chain."""
    return f"{events_table}_chain"


def sqlite_guards(events: str) -> dict[str, str]:
    """The triggers that keep ``events`` and its chain append-only, by name."""
    chain = chain_table(events)
    refuse = f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
    guards: dict[str, str] = {}
    for table, key in ((events, "originator_id, originator_version"), (chain, "position")):
        for operation in ("UPDATE", "DELETE"):
            name = f"{table}_no_{operation.lower()}"
            guards[name] = f"BEFORE {operation} ON {table} {refuse}"
        match = " AND ".join(f"{column} = NEW.{column}" for column in key.split(", "))
        guards[f"{table}_no_replace"] = (
            f"BEFORE INSERT ON {table} WHEN EXISTS (SELECT 1 FROM {table} WHERE {match}) {refuse}"
        )
    return guards


class AppendOnlySQLiteRecorder(SQLiteApplicationRecorder):
    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {chain_table(self.events_table_name)} ("
            "position INTEGER PRIMARY KEY, originator_id TEXT NOT NULL, "
            "originator_version INTEGER NOT NULL, topic TEXT NOT NULL, hash BLOB NOT NULL)"
        )
        for name, body in sqlite_guards(self.events_table_name).items():
            statements.append(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        return statements

    def create_table(self) -> None:
        """Create the tables and guards; a store from before the chain gets it, once."""
        with self.datastore.get_connection(commit=True) as conn:
            cursor = conn.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                cursor.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                    (chain_table(self.events_table_name),),
                )
                had_chain = cursor.fetchone()[0] == 1
                for statement in self.create_table_statements:
                    cursor.execute(statement)
                if not had_chain:
                    self._chain_existing(cursor)
                conn.commit()
            except BaseException:
                conn.rollback()
                raise

    def _chain_existing(self, cursor: SQLiteCursor) -> None:
        """The one-time migration: link every event already stored, in order."""
        cursor.execute(
            f"SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events_table_name} ORDER BY rowid"
        )
        previous = GENESIS
        rows = []
        for position, originator_id, version, topic, state in cursor.fetchall():
            previous = link(previous, position, id_bytes(originator_id), version, topic, state)
            rows.append((position, originator_id, version, topic, previous))
        cursor.executemany(
            f"INSERT INTO {chain_table(self.events_table_name)} VALUES (?, ?, ?, ?, ?)", rows
        )

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        assert positions is not None
        chain = chain_table(self.events_table_name)
        # The insert above holds the write lock: no other link can come in between.
        c.execute(f"SELECT position, hash FROM {chain} ORDER BY position DESC LIMIT 1")
        head = c.fetchone()
        if head is not None and positions and head[0] >= positions[0]:
            raise PersistenceError(CHAIN_DAMAGED_MESSAGE)
        previous = GENESIS if head is None else bytes(head[1])
        rows = []
        for position, stored in zip(positions, stored_events, strict=True):
            originator_id = stored.originator_id
            text = originator_id.hex if not isinstance(originator_id, str) else originator_id
            previous = link(
                previous,
                position,
                id_bytes(originator_id),
                stored.originator_version,
                stored.topic,
                stored.state,
            )
            rows.append((position, text, stored.originator_version, stored.topic, previous))
        c.executemany(f"INSERT INTO {chain} VALUES (?, ?, ?, ?, ?)", rows)
        return positions

    def chain_head(self) -> tuple[int, bytes] | None:
        """The position and hash of the last link, or None for an empty record."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT position, hash FROM {chain_table(self.events_table_name)} "
                "ORDER BY position DESC LIMIT 1"
            )
            row = c.fetchone()
        return None if row is None else (int(row[0]), bytes(row[1]))


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
        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous=FULL")
        # REPLACE's implicit delete fires the DELETE guard too on the project's own
        # connections (the BEFORE INSERT guard covers everyone else's).
        cursor.execute("PRAGMA recursive_triggers=ON")
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
