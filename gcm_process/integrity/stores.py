"""The event store read and written below the application: for verify, export and restore.

``open_raw`` opens the store the settings name with a connection of its own,
so that ``verify`` looks at the database as it is, before any application
opens it (and re-creates a guard someone dropped).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any, Protocol
from uuid import UUID

from gcm_process.config import Settings, postgres_env
from gcm_process.domain.errors import InvalidInput
from gcm_process.integrity.chain import Link, StoredRow
from gcm_process.store import chain_table, sqlite_guards

#: Rows fetched at a time when reading the whole log.
FETCH = 2_000
POSTGRES_EVENTS = "gcm_events"


class RawStore(Protocol):
    kind: str

    def guard_problems(self) -> list[str]:
        """What is missing or added around the tables that keeps them append-only."""

    def read(self) -> tuple[Iterator[StoredRow], Iterator[tuple[int, bytes]]]:
        """The events and the links' (position, hash) in position order, from one snapshot."""

    def lookup(self, position: int) -> Link:
        """The whole link at ``position`` (in the snapshot ``read`` opened)."""

    def joined(self) -> tuple[int, int, Iterator[tuple[Any, ...]]]:
        """From one snapshot: how many events and links, and each event joined to its link's
        hash, ``(position, id as hex, version, topic, state, hash)``: ``verify``'s fast path."""

    def counts(self) -> tuple[int, int]:
        """How many events and links the store holds."""

    def write(self, rows: Iterable[tuple[StoredRow, bytes]]) -> int:
        """Store events with their positions and links in one transaction; how many."""

    def close(self) -> None: ...


def open_raw(settings: Settings) -> RawStore:
    if settings.store_kind == "sqlite":
        if not settings.events_path.exists():
            raise InvalidInput(f"There is no record in {settings.data_dir} (no events.sqlite).")
        return SQLiteRaw(str(settings.events_path))
    if settings.store_kind == "postgresql":
        return PostgresRaw(str(settings.event_store))
    raise InvalidInput("The in-memory store keeps no chain: use a SQLite or PostgreSQL store.")


class SQLiteRaw:
    kind = "sqlite"
    events = "stored_events"

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.chain = chain_table(self.events)

    def guard_problems(self) -> list[str]:
        found = {
            name
            for (name,) in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (?, ?)",
                (self.events, self.chain),
            )
        }
        expected = set(sqlite_guards(self.events))
        problems = [f"the guard trigger {name} is missing" for name in sorted(expected - found)]
        problems += [f"an unexpected trigger {name} is on the record" for name in found - expected]
        return problems

    def read(self) -> tuple[Iterator[StoredRow], Iterator[tuple[int, bytes]]]:
        self.conn.execute("BEGIN")
        events = self.conn.execute(
            f"SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events} ORDER BY rowid"
        )
        links = self.conn.execute(f"SELECT position, hash FROM {self.chain} ORDER BY position")
        return (
            (
                StoredRow._make(row) if type(row[4]) is bytes else _text_state(row)
                for batch in _batches(events)
                for row in batch
            ),
            (row for batch in _batches(links) for row in batch),
        )

    def joined(self) -> tuple[int, int, Iterator[tuple[Any, ...]]]:
        self.conn.execute("BEGIN")
        events, links = self.counts()
        rows = self.conn.execute(
            f"SELECT e.rowid, e.originator_id, e.originator_version, e.topic, e.state, c.hash "
            f"FROM {self.events} e JOIN {self.chain} c ON c.position = e.rowid ORDER BY e.rowid"
        )
        return events, links, (row for batch in _batches(rows) for row in batch)

    def lookup(self, position: int) -> Link:
        row = self.conn.execute(
            f"SELECT * FROM {self.chain} WHERE position = ?", (position,)
        ).fetchone()
        return Link(*row)

    def counts(self) -> tuple[int, int]:
        (events,) = self.conn.execute(f"SELECT count(*) FROM {self.events}").fetchone()
        (links,) = self.conn.execute(f"SELECT count(*) FROM {self.chain}").fetchone()
        return int(events), int(links)

    def write(self, rows: Iterable[tuple[StoredRow, bytes]]) -> int:
        count, events, links = 0, [], []
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for row, digest in rows:
                values = (row.position, UUID(row.originator_id).hex, row.originator_version)
                events.append((*values, row.topic, row.state))
                links.append((*values, row.topic, digest))
                if len(events) == FETCH:
                    count += self._write(events, links)
                    events, links = [], []
            count += self._write(events, links)
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return count

    def _write(self, events: list[tuple[Any, ...]], links: list[tuple[Any, ...]]) -> int:
        self.conn.executemany(
            f"INSERT INTO {self.events} (rowid, originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?, ?)",
            events,
        )
        self.conn.executemany(f"INSERT INTO {self.chain} VALUES (?, ?, ?, ?, ?)", links)
        return len(events)

    def close(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.close()


class PostgresRaw:
    kind = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        env = postgres_env(url)
        self.schema = env.get("POSTGRES_SCHEMA", "public")
        self.conn = psycopg.connect(
            dbname=env["POSTGRES_DBNAME"],
            host=env["POSTGRES_HOST"],
            port=env["POSTGRES_PORT"],
            user=env["POSTGRES_USER"],
            password=env["POSTGRES_PASSWORD"],
        )
        self.cursors: list[Any] = []
        self.events = f'"{self.schema}"."{POSTGRES_EVENTS}"'
        self.chain = f'"{self.schema}"."{chain_table(POSTGRES_EVENTS)}"'

    def guard_problems(self) -> list[str]:
        problems = []
        for table in (POSTGRES_EVENTS, chain_table(POSTGRES_EVENTS)):
            rows = self.conn.execute(
                "SELECT t.tgname, t.tgenabled FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = %s AND NOT t.tgisinternal",
                (self.schema, table),
            ).fetchall()
            found = {name: enabled for name, enabled in rows}
            for guard in (f"{table}_append_only", f"{table}_no_truncate"):
                if guard not in found:
                    problems.append(f"the guard trigger {guard} is missing")
                elif found[guard] == "D":
                    problems.append(f"the guard trigger {guard} is disabled")
            rules = self.conn.execute(
                "SELECT rulename FROM pg_rules WHERE schemaname = %s AND tablename = %s",
                (self.schema, table),
            ).fetchall()
            problems += [f"a rule {name} rewrites statements on {table}" for (name,) in rules]
        self.conn.rollback()
        return problems

    def read(self) -> tuple[Iterator[StoredRow], Iterator[tuple[int, bytes]]]:
        import psycopg

        self.conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        events = self.conn.cursor(name="events")
        events.itersize = FETCH
        events.execute(
            f"SELECT notification_id, originator_id, originator_version, topic, state "
            f"FROM {self.events} ORDER BY notification_id"
        )
        links = self.conn.cursor(name="links")
        links.itersize = FETCH
        links.execute(f"SELECT position, hash FROM {self.chain} ORDER BY position")
        self.cursors = [events, links]
        return (
            (StoredRow(p, i.hex, v, t, bytes(s)) for p, i, v, t, s in events),
            ((p, bytes(h)) for p, h in links),
        )

    def joined(self) -> tuple[int, int, Iterator[tuple[Any, ...]]]:
        import psycopg

        self.conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        (events,) = _one(self.conn.execute(f"SELECT count(*) FROM {self.events}"))
        (links,) = _one(self.conn.execute(f"SELECT count(*) FROM {self.chain}"))
        rows = self.conn.cursor(name="joined")
        rows.itersize = FETCH
        rows.execute(
            f"SELECT e.notification_id, e.originator_id, e.originator_version, e.topic, e.state, "
            f"c.hash FROM {self.events} e JOIN {self.chain} c ON c.position = e.notification_id "
            "ORDER BY e.notification_id"
        )
        self.cursors.append(rows)
        return (
            int(events),
            int(links),
            ((p, i.hex, v, t, bytes(s), bytes(h)) for p, i, v, t, s, h in rows),
        )

    def lookup(self, position: int) -> Link:
        row = _one(
            self.conn.execute(f"SELECT * FROM {self.chain} WHERE position = %s", (position,))
        )
        p, i, v, t, h = row
        return Link(p, i.hex, v, t, bytes(h))

    def counts(self) -> tuple[int, int]:
        (events,) = _one(self.conn.execute(f"SELECT count(*) FROM {self.events}"))
        (links,) = _one(self.conn.execute(f"SELECT count(*) FROM {self.chain}"))
        self.conn.rollback()
        return int(events), int(links)

    def write(self, rows: Iterable[tuple[StoredRow, bytes]]) -> int:
        count, batch = 0, []
        with self.conn.transaction(), self.conn.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {self.events} IN EXCLUSIVE MODE")
            for row, digest in rows:
                batch.append((row, digest))
                if len(batch) == FETCH:
                    count += self._write(cursor, batch)
                    batch = []
            count += self._write(cursor, batch)
            sequence = f"{self.schema}.{POSTGRES_EVENTS}"
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), "
                f"(SELECT coalesce(max(notification_id), 0) + 1 FROM {self.events}), false)",
                (sequence,),
            )
        return count

    def _write(self, cursor: Any, batch: list[tuple[StoredRow, bytes]]) -> int:
        if not batch:
            return 0
        cursor.executemany(
            f"INSERT INTO {self.events} (notification_id, originator_id, originator_version, "
            "topic, state) VALUES (%s, %s, %s, %s, %s)",
            [
                (r.position, UUID(r.originator_id), r.originator_version, r.topic, r.state)
                for r, _ in batch
            ],
        )
        cursor.executemany(
            f"INSERT INTO {self.chain} VALUES (%s, %s, %s, %s, %s)",
            [
                (r.position, UUID(r.originator_id), r.originator_version, r.topic, d)
                for r, d in batch
            ],
        )
        return len(batch)

    def close(self) -> None:
        for cursor in self.cursors:
            cursor.close()
        self.conn.close()


def _text_state(row: tuple[Any, ...]) -> StoredRow:
    """A state someone stored as TEXT (SQLite lets them): hashed as its UTF-8 bytes."""
    position, originator_id, version, topic, state = row
    return StoredRow(position, originator_id, version, topic, str(state).encode())


def _batches(cursor: sqlite3.Cursor) -> Iterator[list[Any]]:
    while batch := cursor.fetchmany(FETCH):
        yield batch


def _one(cursor: Any) -> Any:
    row = cursor.fetchone()
    assert row is not None
    return row
