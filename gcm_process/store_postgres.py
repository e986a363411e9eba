"""The PostgreSQL event store (the ``postgres`` extra): append-only, enforced by triggers.

UPDATE (so also ``INSERT … ON CONFLICT DO UPDATE``), DELETE and TRUNCATE of a
stored event or of its link in the hash chain are refused by triggers; each
insert links its events into the chain in the same transaction, under the
table lock the library takes so that notification order is commit order. A
rule that would silently swallow inserted events is caught too: the number of
events the insert returned must be the number given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import PersistenceError, StoredEvent
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresFactory,
)
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier, Literal

from gcm_process.integrity.chain import GENESIS, id_bytes, link, message
from gcm_process.store import APPEND_ONLY_MESSAGE, chain_table

#: Links inserted per statement by the one-time migration.
_MIGRATION_BATCH = 5_000


@contextmanager
def one_at_a_time(datastore: PostgresDatastore) -> Iterator[None]:
    """Create tables in a schema one application at a time.

    Applications starting at once on one database (API workers, nodes) would
    otherwise deadlock: ``CREATE OR REPLACE`` writes to the catalog even when
    nothing changes, and two new schemas' types collide. A session lock on the
    schema, held on a connection of its own, puts them in a queue.
    """
    key = Literal(f"gcm_process:{datastore.schema}")
    with datastore.get_connection() as conn:
        conn.execute(SQL("SELECT pg_advisory_lock(hashtext({key}))").format(key=key))
        try:
            yield
        finally:
            conn.execute(SQL("SELECT pg_advisory_unlock(hashtext({key}))").format(key=key))


class SnapshotsPostgresRecorder(PostgresAggregateRecorder):
    """The snapshots table (``gcm_process.snapshots``), created in the same queue."""

    def create_table(self) -> None:
        with one_at_a_time(self.datastore):
            super().create_table()


class AppendOnlyPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # The database function path inserts without linking: never take it.
        self.datastore.enable_db_functions = False
        schema = Identifier(self.datastore.schema)
        self._chain = Identifier(chain_table(self.events_table_name))
        self._function = Identifier(f"{self.events_table_name}_append_only")
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.{function}() RETURNS trigger "
                "LANGUAGE plpgsql AS $BODY$ BEGIN "
                "RAISE EXCEPTION '{message}'; END; $BODY$"
            ).format(schema=schema, function=self._function, message=SQL(APPEND_ONLY_MESSAGE))
        )
        self.sql_create_statements += self._guards(self.events_table_name)

    def _guards(self, table: str) -> list[Composed]:
        schema = Identifier(self.datastore.schema)
        return [
            SQL(
                "CREATE OR REPLACE TRIGGER {trigger} BEFORE {what} ON {schema}.{table} "
                "FOR EACH {each} EXECUTE FUNCTION {schema}.{function}()"
            ).format(
                trigger=Identifier(f"{table}_{name}"),
                what=SQL(what),
                schema=schema,
                table=Identifier(table),
                each=SQL(each),
                function=self._function,
            )
            for name, what, each in (
                ("append_only", "UPDATE OR DELETE", "ROW"),
                ("no_truncate", "TRUNCATE", "STATEMENT"),
            )
        ]

    def create_table(self) -> None:
        """Create the types, tables, triggers and functions, one application at a time."""
        with one_at_a_time(self.datastore):
            super().create_table()
            self._create_chain()

    def _create_chain(self) -> None:
        """The chain table and its guards; a store from before the chain gets it, once."""
        schema = Identifier(self.datastore.schema)
        chain_name = f"{self.datastore.schema}.{chain_table(self.events_table_name)}"
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL("SELECT to_regclass({name}) AS found").format(name=Literal(chain_name))
            )
            row = curs.fetchone()
            if row is None or row["found"] is None:
                curs.execute(
                    SQL(
                        "CREATE TABLE {schema}.{chain} (position bigint PRIMARY KEY, "
                        "originator_id {id_type} NOT NULL, originator_version bigint NOT NULL, "
                        "topic text NOT NULL, hash bytea NOT NULL)"
                    ).format(
                        schema=schema,
                        chain=self._chain,
                        id_type=Identifier(self.datastore.originator_id_type),
                    )
                )
                self._chain_existing(curs)
            for statement in self._guards(chain_table(self.events_table_name)):
                curs.execute(statement)

    def _chain_existing(self, curs: Cursor[DictRow]) -> None:
        """The one-time migration: link every event already stored, in order."""
        for statement in self.lock_table_statements:
            curs.execute(statement)
        curs.execute(
            SQL(
                "SELECT notification_id, originator_id, originator_version, topic, state "
                "FROM {schema}.{table} ORDER BY notification_id"
            ).format(
                schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name)
            )
        )
        previous = GENESIS
        rows = []
        for row in curs.fetchall():
            previous = link(
                previous,
                row["notification_id"],
                id_bytes(row["originator_id"]),
                row["originator_version"],
                row["topic"],
                bytes(row["state"]),
            )
            rows.append(
                (
                    row["notification_id"],
                    row["originator_id"],
                    row["originator_version"],
                    row["topic"],
                    previous,
                )
            )
        for start in range(0, len(rows), _MIGRATION_BATCH):
            curs.executemany(self._insert_links, rows[start : start + _MIGRATION_BATCH])

    @property
    def _insert_links(self) -> Composed:
        return SQL("INSERT INTO {schema}.{chain} VALUES (%s, %s, %s, %s, %s)").format(
            schema=Identifier(self.datastore.schema), chain=self._chain
        )

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if positions is None or len(positions) != len(stored_events):
            raise PersistenceError(
                f"{len(stored_events)} event(s) were given but the store took "
                f"{0 if positions is None else len(positions)}: a rule or trigger on the "
                "events table is rewriting inserts; nothing was recorded"
            )
        # Under the library's EXCLUSIVE table lock no other link can come in between.
        # The server chains each link to the one before it (PostgreSQL's sha256 over
        # the same bytes as ``link``): no round trip to read the head first. The
        # positions come from a sequence, so a new link never meets an old one; if
        # it does (the sequence was set back), the primary key refuses the write.
        rows = []
        for position, stored in zip(positions, stored_events, strict=True):
            rows.append(
                (
                    position,
                    stored.originator_id,
                    stored.originator_version,
                    stored.topic,
                    GENESIS,
                    message(
                        position,
                        id_bytes(stored.originator_id),
                        stored.originator_version,
                        stored.topic,
                        stored.state,
                    ),
                )
            )
        curs.executemany(self._chain_links, rows)
        return positions

    @property
    def _chain_links(self) -> Composed:
        return SQL(
            "INSERT INTO {schema}.{chain} SELECT %s, %s, %s, %s, sha256(coalesce("
            "(SELECT hash FROM {schema}.{chain} ORDER BY position DESC LIMIT 1), %s) || %s)"
        ).format(schema=Identifier(self.datastore.schema), chain=self._chain)

    def chain_head(self) -> tuple[int, bytes] | None:
        """The position and hash of the last link, or None for an empty record."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                SQL(
                    "SELECT position, hash FROM {schema}.{chain} ORDER BY position DESC LIMIT 1"
                ).format(schema=Identifier(self.datastore.schema), chain=self._chain)
            )
            row = curs.fetchone()
        return None if row is None else (int(row["position"]), bytes(row["hash"]))


class AppendOnlyPostgresFactory(PostgresFactory):
    application_recorder_class = AppendOnlyPostgresRecorder
    aggregate_recorder_class = SnapshotsPostgresRecorder
