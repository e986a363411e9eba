"""The PostgreSQL event store (the ``postgres`` extra): append-only, enforced by a trigger."""

from __future__ import annotations

from eventsourcing.postgres import PostgresApplicationRecorder, PostgresFactory
from psycopg.sql import SQL, Identifier, Literal

from gcm_process.store import APPEND_ONLY_MESSAGE


class AppendOnlyPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        schema = Identifier(self.datastore.schema)
        function = Identifier(f"{self.events_table_name}_append_only")
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE FUNCTION {schema}.{function}() RETURNS trigger "
                "LANGUAGE plpgsql AS $BODY$ BEGIN "
                "RAISE EXCEPTION '{message}'; END; $BODY$"
            ).format(schema=schema, function=function, message=SQL(APPEND_ONLY_MESSAGE))
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE TRIGGER {trigger} BEFORE UPDATE OR DELETE "
                "ON {schema}.{table} FOR EACH ROW EXECUTE FUNCTION {schema}.{function}()"
            ).format(
                trigger=Identifier(f"{self.events_table_name}_append_only"),
                schema=schema,
                table=Identifier(self.events_table_name),
                function=function,
            )
        )
        self.sql_create_statements.append(
            SQL(
                "CREATE OR REPLACE TRIGGER {trigger} BEFORE TRUNCATE "
                "ON {schema}.{table} FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{function}()"
            ).format(
                trigger=Identifier(f"{self.events_table_name}_no_truncate"),
                schema=schema,
                table=Identifier(self.events_table_name),
                function=function,
            )
        )

    def create_table(self) -> None:
        """Create the types, tables, trigger and functions, one application at a time.

        Applications starting at once on one database (API workers, nodes) would
        otherwise deadlock: ``CREATE OR REPLACE`` writes to the catalog even when
        nothing changes, and two new schemas' types collide. A session lock, held
        on a connection of its own, puts them in a queue.
        """
        key = Literal(f"gcm_process:{self.datastore.schema}.{self.events_table_name}")
        with self.datastore.get_connection() as conn:
            conn.execute(SQL("SELECT pg_advisory_lock(hashtext({key}))").format(key=key))
            try:
                super().create_table()
            finally:
                conn.execute(SQL("SELECT pg_advisory_unlock(hashtext({key}))").format(key=key))


class AppendOnlyPostgresFactory(PostgresFactory):
    application_recorder_class = AppendOnlyPostgresRecorder
