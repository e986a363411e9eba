"""The durable event stores: the same story on a SQLite file and on PostgreSQL, append-only."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from gcm_process.application import GcmProcess, HistoryEntry
from gcm_process.config import Settings, postgres_env
from gcm_process.domain.errors import InvalidInput
from gcm_process.store import APPEND_ONLY_MESSAGE, sqlite_guards
from tests.factories import PROCESS, ROUND_1, schedule_round_1, tell_round_1_story
from tests.integrity.records import make_record


def snapshot(app: GcmProcess) -> tuple[list[HistoryEntry], list[Any]]:
    """The session's whole history and its state at every version."""
    history = app.session_history(PROCESS, "round-1")
    states = [
        (s.version, s.status, s.days, s.reason)
        for s in (app.session(PROCESS, "round-1", version=h.version) for h in history)
    ]
    return history, states


def test_the_round_1_story_survives_closing_and_reopening(
    durable: GcmProcess, durable_settings: Settings
) -> None:
    tell_round_1_story(durable)
    history, states = snapshot(durable)
    assert [h.event for h in history] == [
        "Scheduled",
        "VenueChanged",
        "Rescheduled",
        "Cancelled",
        "Rescheduled",
    ]
    assert states[-1] == (5, "scheduled", ROUND_1, "reinstated")
    durable.close()

    reopened = GcmProcess.from_settings(durable_settings)
    try:
        # Everything comes back as it was recorded: provenance, timestamps, values.
        assert snapshot(reopened) == (history, states)
        assert reopened.process_slugs() == [PROCESS]
        assert reopened.last_position() == 6
    finally:
        reopened.close()


def test_the_in_memory_store_tells_the_same_story(round_1: GcmProcess, durable: GcmProcess) -> None:
    """Memory, SQLite and PostgreSQL agree on what the story leaves, event by event."""
    schedule_round_1(durable)
    for app in (round_1, durable):
        app.change_venue(PROCESS, "round-1", "Conference Room 1", actor="clerk:ana")
        app.cancel_session(PROCESS, "round-1", actor="clerk:ana")
    memory, stored = (
        [(h.version, h.event, h.topic, h.data) for h in app.session_history(PROCESS, "round-1")]
        for app in (round_1, durable)
    )
    assert memory == stored


# -- append-only, in the database itself ------------------------------------------------


def sqlite_execute(settings: Settings, sql: str) -> Any:
    with sqlite3.connect(settings.events_path) as conn:
        return conn.execute(sql).fetchall()


def test_sqlite_refuses_to_update_or_delete_an_event(sqlite_settings: Settings) -> None:
    make_record(sqlite_settings)
    select = "SELECT originator_id, originator_version, topic, state FROM stored_events"
    before = sqlite_execute(sqlite_settings, select)
    for sql in (
        "UPDATE stored_events SET topic = 'gcm.Session.Held' WHERE originator_version = 4",
        "UPDATE stored_events SET state = x'7b7d'",
        "DELETE FROM stored_events WHERE originator_version = 4",
        "DELETE FROM stored_events",
    ):
        with pytest.raises(sqlite3.DatabaseError, match=APPEND_ONLY_MESSAGE):
            sqlite_execute(sqlite_settings, sql)
    assert sqlite_execute(sqlite_settings, select) == before


def test_sqlite_stays_append_only_and_appendable_after_a_reopen(sqlite_settings: Settings) -> None:
    for _ in range(2):  # the second opening finds the table and its triggers already there
        app = GcmProcess.from_settings(sqlite_settings)
        app.open_process(f"p-{app.last_position()}", "P", actor="clerk:test")
        app.close()
    triggers = sqlite_execute(
        sqlite_settings, "SELECT name FROM sqlite_master WHERE type='trigger'"
    )
    assert sorted(t for (t,) in triggers) == sorted(sqlite_guards("stored_events"))
    assert sqlite_execute(sqlite_settings, "SELECT count(*) FROM stored_events") == [(2,)]


@pytest.mark.postgres
def test_postgres_refuses_to_update_delete_or_truncate_events(postgres_settings: Settings) -> None:
    import psycopg

    make_record(postgres_settings)
    env = postgres_env(str(postgres_settings.event_store))
    table = f'"{env["POSTGRES_SCHEMA"]}".gcm_events'
    select = f"SELECT originator_id, originator_version, topic, state FROM {table} ORDER BY 1, 2"
    url = str(postgres_settings.event_store).split("?")[0]
    with psycopg.connect(url, autocommit=True) as conn:
        before = conn.execute(select).fetchall()
        assert len(before) == 6
        for sql in (
            f"UPDATE {table} SET topic = 'gcm.Session.Held' WHERE originator_version = 4",
            f"DELETE FROM {table} WHERE originator_version = 4",
            f"DELETE FROM {table}",
            f"TRUNCATE {table}",
        ):
            with pytest.raises(psycopg.errors.RaiseException, match=APPEND_ONLY_MESSAGE):
                conn.execute(sql)
        assert conn.execute(select).fetchall() == before


# -- durability -------------------------------------------------------------------------


def test_the_sqlite_store_is_wal_with_full_synchronous_writes(sqlite_settings: Settings) -> None:
    app = GcmProcess.from_settings(sqlite_settings)
    try:
        with app.recorder.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous")
            synchronous = cursor.fetchone()[0]
    finally:
        app.close()
    assert (journal, synchronous) == ("wal", 2)  # 2 is FULL
    assert sqlite_settings.events_path.exists()


# -- which store, from the settings ---------------------------------------------------


def test_settings_come_from_the_argument_then_the_environment_then_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GCM_DATA_DIR", raising=False)
    monkeypatch.delenv("GCM_EVENT_STORE", raising=False)
    assert Settings.from_env() == Settings(Path("./gcm-data"), None)
    monkeypatch.setenv("GCM_DATA_DIR", "/srv/gcm")
    monkeypatch.setenv("GCM_EVENT_STORE", "memory")
    assert Settings.from_env() == Settings(Path("/srv/gcm"), "memory")
    assert Settings.from_env("/tmp/other").data_dir == Path("/tmp/other")
    assert Settings(Path("d")).store_kind == "sqlite"
    assert Settings(Path("d"), "memory").store_kind == "memory"
    assert Settings(Path("d"), "postgresql://u@h/db").store_kind == "postgresql"


def test_the_sqlite_settings_make_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "new" / "data")
    env = settings.application_env()
    assert settings.data_dir.is_dir()
    assert env["SQLITE_DBNAME"] == str(tmp_path / "new" / "data" / "events.sqlite")
    assert env["PERSISTENCE_MODULE"] == "gcm_process.store:DurableSQLiteFactory"


def test_a_postgresql_url_becomes_the_library_settings() -> None:
    env = postgres_env("postgresql://gcm:p%40ss%2Fword@db.internal:6543/records?schema=gcm_2018")
    assert env == {
        "PERSISTENCE_MODULE": "gcm_process.store_postgres:AppendOnlyPostgresFactory",
        "POSTGRES_DBNAME": "records",
        "POSTGRES_HOST": "db.internal",
        "POSTGRES_PORT": "6543",
        "POSTGRES_USER": "gcm",
        "POSTGRES_PASSWORD": "p@ss/word",
        "POSTGRES_SCHEMA": "gcm_2018",
    }
    plain = postgres_env("postgres://localhost/records")
    assert (plain["POSTGRES_PORT"], "POSTGRES_SCHEMA" in plain) == ("5432", False)


@pytest.mark.parametrize(
    "url", ["mysql://u:p@h/db", "postgresql://u:p@h", "postgresql://u:p@h/", "events.sqlite"]
)
def test_an_event_store_that_is_not_postgresql_is_refused(url: str) -> None:
    with pytest.raises(InvalidInput, match="GCM_EVENT_STORE must be"):
        Settings(Path("d"), url).application_env()
