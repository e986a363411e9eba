"""Every statement that would rewrite a stored event or its link is refused, on both stores."""

from __future__ import annotations

import sqlite3

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.integrity.record import verify_record
from gcm_process.store import APPEND_ONLY_MESSAGE
from tests.integrity.records import make_record, postgres_url, sqlite

FIRST = "(SELECT originator_id FROM stored_events WHERE rowid = 1)"
SQLITE_REWRITES = [
    f"INSERT OR REPLACE INTO stored_events VALUES ({FIRST}, 1, 'gcm.Process.Opened', x'7b7d')",
    f"REPLACE INTO stored_events VALUES ({FIRST}, 1, 'gcm.Process.Opened', x'7b7d')",
    f"INSERT INTO stored_events VALUES ({FIRST}, 1, 't', x'7b7d') "
    "ON CONFLICT DO UPDATE SET state = excluded.state",
    "UPDATE OR REPLACE stored_events SET originator_version = 1 WHERE rowid = 2",
    "UPDATE stored_events SET state = x'7b7d'",
    "DELETE FROM stored_events WHERE rowid = 6",
    "INSERT OR REPLACE INTO stored_events_chain "
    "SELECT position, originator_id, originator_version, topic, x'00' FROM stored_events_chain",
    "UPDATE stored_events_chain SET hash = x'00'",
    "DELETE FROM stored_events_chain",
]


@pytest.mark.parametrize("statement", SQLITE_REWRITES)
def test_sqlite_refuses_every_rewrite_from_any_connection(
    sqlite_settings: Settings, statement: str
) -> None:
    make_record(sqlite_settings)
    everything = "SELECT rowid, * FROM stored_events ORDER BY rowid"
    before = sqlite(sqlite_settings, everything)
    with pytest.raises(sqlite3.DatabaseError, match=APPEND_ONLY_MESSAGE):
        sqlite(sqlite_settings, statement)
    assert sqlite(sqlite_settings, everything) == before
    assert verify_record(sqlite_settings).ok


def test_the_projects_own_connections_fire_delete_guards_on_replace(
    sqlite_settings: Settings,
) -> None:
    make_record(sqlite_settings)
    app = GcmProcess.from_settings(sqlite_settings)
    try:
        with app.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            cursor.execute("PRAGMA recursive_triggers")
            assert cursor.fetchone()[0] == 1
    finally:
        app.close()


def test_a_plain_insert_of_a_stored_version_is_still_a_concurrency_conflict(
    sqlite_settings: Settings,
) -> None:
    """The library tells two writers apart by the IntegrityError: the guard keeps it one."""
    make_record(sqlite_settings)
    with pytest.raises(sqlite3.IntegrityError):
        sqlite(sqlite_settings, f"INSERT INTO stored_events VALUES ({FIRST}, 1, 't', x'7b7d')")


PG_REWRITES = [
    "INSERT INTO {events} SELECT originator_id, 1, topic, '\\x7b7d', notification_id "
    "FROM {events} WHERE notification_id = 1 "
    "ON CONFLICT (originator_id, originator_version) DO UPDATE SET state = excluded.state",
    "UPDATE {events} SET state = '\\x7b7d'",
    "DELETE FROM {events} WHERE notification_id = 6",
    "TRUNCATE {events}",
    "UPDATE {chain} SET hash = '\\x00'",
    "DELETE FROM {chain}",
    "TRUNCATE {chain}",
    "INSERT INTO {chain} SELECT * FROM {chain} ON CONFLICT (position) DO UPDATE SET hash = '\\x00'",
]


@pytest.mark.postgres
@pytest.mark.parametrize("statement", PG_REWRITES)
def test_postgres_refuses_every_rewrite(postgres_settings: Settings, statement: str) -> None:
    import psycopg

    make_record(postgres_settings)
    url, schema = postgres_url(postgres_settings)
    events, chain = f"{schema}.gcm_events", f"{schema}.gcm_events_chain"
    with psycopg.connect(url, autocommit=True) as conn:
        before = conn.execute(f"SELECT * FROM {events} ORDER BY notification_id").fetchall()
        with pytest.raises(psycopg.errors.RaiseException, match=APPEND_ONLY_MESSAGE):
            conn.execute(statement.format(events=events, chain=chain))
        assert conn.execute(f"SELECT * FROM {events} ORDER BY notification_id").fetchall() == before
    assert verify_record(postgres_settings).ok


@pytest.mark.postgres
def test_postgres_a_rule_or_a_disabled_guard_is_named_and_a_swallowed_insert_refused(
    postgres_settings: Settings,
) -> None:
    import psycopg

    make_record(postgres_settings)
    url, schema = postgres_url(postgres_settings)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE RULE swallow AS ON INSERT TO {schema}.gcm_events DO INSTEAD NOTHING")
        conn.execute(f"ALTER TABLE {schema}.gcm_events_chain DISABLE TRIGGER USER")
    verdict = verify_record(postgres_settings)
    assert [(p.kind, p.detail) for p in verdict.problems] == [
        ("guard", "a rule swallow rewrites statements on gcm_events"),
        ("guard", "the guard trigger gcm_events_chain_append_only is disabled"),
        ("guard", "the guard trigger gcm_events_chain_no_truncate is disabled"),
    ]
    app = GcmProcess.from_settings(postgres_settings)
    try:
        # PostgreSQL itself refuses a bare DO INSTEAD rule on INSERT … RETURNING; a rule
        # with a RETURNING clause that drops the row meets the store's own count check.
        with pytest.raises(Exception, match=r"INSERT RETURNING|rewriting inserts"):
            app.open_process("another", "Another", actor="clerk:test")
        assert app.last_position() == 6
    finally:
        app.close()
