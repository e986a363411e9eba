"""The PostgreSQL event store (the ``postgres`` extra): append-only, enforced by triggers.

UPDATE (so also ``INSERT … ON CONFLICT DO UPDATE``), DELETE and TRUNCATE of a
stored event or of its link in the hash chain are refused by triggers; each
insert links its events into the chain in the same transaction, under the
table lock the library takes so that notification order is commit order. A
rule that would silently swallow inserted events is caught too: the number of
events the insert returned must be the number given.

An unreachable server fails fast instead of stalling a request: each connection
is made within ``GCM_STORE_CONNECT_TIMEOUT`` seconds, a query waits at most
``GCM_STORE_POOL_TIMEOUT`` seconds for a connection from the pool and runs at most
``GCM_STORE_STATEMENT_TIMEOUT`` seconds, and a query that failed for want of a
connection is tried ``GCM_STORE_ATTEMPTS`` times in all (not the library's ten).
The pool gives up reconnecting after a second, so that the next query connects
afresh: a server that comes back is used at once.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar, cast

from eventsourcing.persistence import (
    AggregateRecorder,
    InterfaceError,
    OperationalError,
    PersistenceError,
    StoredEvent,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresFactory,
)
from eventsourcing.utils import Environment
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier, Literal

from gcm_process.integrity.chain import GENESIS, id_bytes, link, message
from gcm_process.store import APPEND_ONLY_MESSAGE, chain_table

#: Links inserted per statement by the one-time migration.
_MIGRATION_BATCH = 5_000
#: The environment variables of the store's timeouts (seconds) and attempts, and defaults.
TIMEOUTS = {
    "GCM_STORE_CONNECT_TIMEOUT": 2.0,
    "GCM_STORE_POOL_TIMEOUT": 1.0,
    "GCM_STORE_STATEMENT_TIMEOUT": 5.0,
    "GCM_STORE_ATTEMPTS": 2.0,
}
#: Seconds between two attempts of a query.
_RETRY_WAIT = 0.05
F = TypeVar("F", bound=Callable[..., Any])


def _once(method: F) -> F:
    """``method`` of the library without its ten retries: ``attempts`` tries in all."""
    inner = getattr(method, "__wrapped__", method)

    @wraps(inner)
    def attempt(self: Any, *args: Any, **kwargs: Any) -> Any:
        tries = 1
        while True:
            try:
                return inner(self, *args, **kwargs)
            except (InterfaceError, OperationalError):
                if tries >= self.attempts:
                    raise
                tries += 1
                time.sleep(_RETRY_WAIT)

    return cast("F", attempt)


def timeouts(env: Environment) -> dict[str, float]:
    """The store's timeouts from the environment, each a positive number."""
    found = {}
    for key, default in TIMEOUTS.items():
        text = env.get(key) or str(default)
        try:
            value = float(text)
        except ValueError:
            value = 0.0
        if value <= 0:
            raise OSError(f"{key} must be a positive number of seconds, not '{text}'.")
        found[key] = value
    return found


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
    """The snapshots table (``gcm_process.snapshots``), created in the same queue, and
    read and written with the store's few attempts, as the events are."""

    attempts = 2
    insert_events = _once(PostgresAggregateRecorder.insert_events)
    select_events = _once(PostgresAggregateRecorder.select_events)

    def create_table(self) -> None:
        with one_at_a_time(self.datastore):
            super().create_table()


class AppendOnlyPostgresRecorder(PostgresApplicationRecorder):
    #: How many times a query is tried when the server cannot be reached.
    attempts = 2

    insert_events = _once(PostgresApplicationRecorder.insert_events)
    select_events = _once(PostgresApplicationRecorder.select_events)
    select_notifications = _once(PostgresApplicationRecorder.select_notifications)
    max_notification_id = _once(PostgresApplicationRecorder.max_notification_id)

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

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        found = timeouts(self.env)
        pool = self.datastore.pool
        # libpq takes whole seconds (at least 2); the pool and statements take fractions.
        given = pool.kwargs if isinstance(pool.kwargs, dict) else {}
        pool.kwargs = dict(
            given,
            connect_timeout=max(2, round(found["GCM_STORE_CONNECT_TIMEOUT"])),
            options=f"-c statement_timeout={int(found['GCM_STORE_STATEMENT_TIMEOUT'] * 1000)}",
        )
        pool.timeout = found["GCM_STORE_POOL_TIMEOUT"]
        pool.reconnect_timeout = 1.0
        self.attempts = max(1, int(found["GCM_STORE_ATTEMPTS"]))
        # The library reads its composite types when a recorder is made; only its database
        # functions use them, and this store never does: a node starts while the server is away.
        register = self.datastore.register_type_adapters

        def register_if_reachable() -> None:
            with contextlib.suppress(InterfaceError, OperationalError):
                register()

        setattr(self.datastore, "register_type_adapters", register_if_reachable)  # noqa: B010

    def aggregate_recorder(self, purpose: str = "events") -> AggregateRecorder:
        recorder = super().aggregate_recorder(purpose)
        if isinstance(recorder, SnapshotsPostgresRecorder):
            recorder.attempts = self.attempts
        return recorder

    def application_recorder(self) -> AppendOnlyPostgresRecorder:
        recorder = super().application_recorder()
        assert isinstance(recorder, AppendOnlyPostgresRecorder)
        recorder.attempts = self.attempts
        return recorder
