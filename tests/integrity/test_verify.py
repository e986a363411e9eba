"""``verify`` names the first position of every tampering someone with the file can do."""

from __future__ import annotations

import threading

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.integrity.record import verify_record
from tests.integrity.records import cli, make_record, postgres_url, sqlite

DROP_GUARDS = (
    "DROP TRIGGER stored_events_no_update",
    "DROP TRIGGER stored_events_no_delete",
    "DROP TRIGGER stored_events_no_replace",
)


def problems(settings: Settings) -> list[tuple[int, str]]:
    return [(p.position, p.kind) for p in verify_record(settings).problems if p.kind != "guard"]


def test_an_intact_record_verifies_with_its_head(sqlite_settings: Settings) -> None:
    make_record(sqlite_settings)
    result = cli(sqlite_settings, "verify")
    assert result.exit_code == 0, result.output
    verdict = verify_record(sqlite_settings)
    assert (verdict.events, verdict.head_position) == (6, 6)
    assert result.output.splitlines() == [
        "The record is intact: 6 events, head at position 6.",
        f"record fingerprint: 6:{verdict.head_hash.hex()}",
    ]


@pytest.mark.parametrize(
    ("tampering", "expected"),
    [
        pytest.param(
            [
                "UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), "
                "'no quorum', 'quorum') AS BLOB) WHERE rowid = 5"
            ],
            [(5, "altered")],
            id="change a state",
        ),
        pytest.param(
            ["UPDATE stored_events SET topic = 'gcm.Session.Held' WHERE rowid = 5"],
            [(5, "altered")],
            id="change a topic",
        ),
        pytest.param(["DELETE FROM stored_events WHERE rowid = 3"], [(3, "removed")], id="delete"),
        pytest.param(
            [
                "CREATE TEMP TABLE t AS SELECT * FROM stored_events WHERE rowid IN (3, 4)",
                "DELETE FROM stored_events WHERE rowid IN (3, 4)",
                "INSERT INTO stored_events SELECT * FROM t ORDER BY originator_version DESC",
            ],
            [(3, "removed"), (4, "removed"), (7, "moved"), (8, "moved")],
            id="reorder by reinserting",
        ),
        pytest.param(
            [
                "UPDATE stored_events SET originator_version = originator_version + 10 "
                "WHERE rowid IN (3, 4)",
                "UPDATE stored_events SET originator_version = 3 WHERE rowid = 3",
                "UPDATE stored_events SET originator_version = 2 WHERE rowid = 4",
            ],
            [(3, "reordered"), (4, "reordered")],
            id="reorder in place",
        ),
        pytest.param(
            [
                "INSERT INTO stored_events (rowid, originator_id, originator_version, topic, "
                "state) SELECT 0, originator_id, 99, topic, state "
                "FROM stored_events WHERE rowid = 2"
            ],
            [(0, "inserted")],
            id="insert before the first",
        ),
        pytest.param(
            [
                "INSERT INTO stored_events SELECT originator_id, 6, topic, state "
                "FROM stored_events WHERE rowid = 6"
            ],
            [(7, "inserted")],
            id="append outside the service",
        ),
        pytest.param(
            [
                "INSERT OR REPLACE INTO stored_events SELECT originator_id, originator_version, "
                "topic, x'7b7d' FROM stored_events WHERE rowid = 6"
            ],
            [(6, "removed"), (7, "moved")],
            id="replace the last event",
        ),
        pytest.param(
            [
                "INSERT OR REPLACE INTO stored_events SELECT originator_id, originator_version, "
                "topic, state FROM stored_events WHERE rowid = 1"
            ],
            [(1, "removed"), (7, "moved")],
            id="replace the first event",
        ),
    ],
)
def test_every_tampering_is_named_at_its_first_position(
    sqlite_settings: Settings, tampering: list[str], expected: list[tuple[int, str]]
) -> None:
    make_record(sqlite_settings)
    sqlite(sqlite_settings, *DROP_GUARDS, *tampering)
    assert problems(sqlite_settings) == expected
    result = cli(sqlite_settings, "verify")
    assert result.exit_code == 1
    first_position, first_kind = expected[0]
    assert f"The record was tampered with: position {first_position}: {first_kind}" in (
        result.output
    )
    assert "the guard trigger stored_events_no_update is missing" in result.output


def test_a_dropped_guard_alone_is_reported_and_put_back_on_opening(
    sqlite_settings: Settings,
) -> None:
    make_record(sqlite_settings)
    sqlite(sqlite_settings, "DROP TRIGGER stored_events_no_replace")
    verdict = verify_record(sqlite_settings)
    assert [str(p) for p in verdict.problems] == [
        "the store: guard: the guard trigger stored_events_no_replace is missing"
    ]
    GcmProcess.from_settings(sqlite_settings).close()
    assert verify_record(sqlite_settings).ok


def test_a_chain_rewritten_from_scratch_is_caught_by_an_earlier_fingerprint(
    sqlite_settings: Settings,
) -> None:
    """Someone with the file can recompute every link: a fingerprint held elsewhere can't be."""
    make_record(sqlite_settings)
    printed = str(verify_record(sqlite_settings).fingerprint)
    sqlite(
        sqlite_settings,
        *DROP_GUARDS,
        "DROP TABLE stored_events_chain",
        "UPDATE stored_events SET topic = 'gcm.Session.Held' WHERE rowid = 5",
    )
    GcmProcess.from_settings(sqlite_settings).close()  # the "migration" links the forgery
    assert verify_record(sqlite_settings).ok
    result = cli(sqlite_settings, "verify", "--expect", printed)
    assert result.exit_code == 1
    assert "position 6: altered: the chain holds" in result.output
    assert cli(sqlite_settings, "verify", "--expect", "6:abc").exit_code == 1


def test_a_write_after_the_end_was_cut_off_is_refused(sqlite_settings: Settings) -> None:
    make_record(sqlite_settings)
    sqlite(sqlite_settings, *DROP_GUARDS, "DELETE FROM stored_events WHERE rowid = 6")
    app = GcmProcess.from_settings(sqlite_settings)
    try:
        with pytest.raises(Exception, match="hash chain does not follow its events"):
            app.open_process("another", "Another", actor="clerk:test")
    finally:
        app.close()
    assert problems(sqlite_settings) == [(6, "removed")]


def test_a_store_from_before_the_chain_gets_it_once_on_opening(
    sqlite_settings: Settings,
) -> None:
    make_record(sqlite_settings)
    head = verify_record(sqlite_settings).fingerprint
    sqlite(
        sqlite_settings,
        *(f"DROP TRIGGER stored_events_chain_no_{what}" for what in ("update", "delete")),
        "DROP TRIGGER stored_events_chain_no_replace",
        "DROP TABLE stored_events_chain",
    )
    GcmProcess.from_settings(sqlite_settings).close()
    assert verify_record(sqlite_settings).fingerprint == head


@pytest.mark.postgres
def test_postgres_tampering_is_named(postgres_settings: Settings) -> None:
    import psycopg

    make_record(postgres_settings)
    url, schema = postgres_url(postgres_settings)
    app = GcmProcess.from_settings(postgres_settings)
    try:  # a rolled-back insert leaves a gap in the positions: the chain follows it
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"SELECT nextval('{schema}.gcm_events_notification_id_seq')")
        app.open_process("another", "Another", actor="clerk:test")
    finally:
        app.close()
    assert verify_record(postgres_settings).ok
    events = f"{schema}.gcm_events"
    with psycopg.connect(url, autocommit=True) as conn:
        (gap,) = conn.execute(
            f"SELECT s.i FROM generate_series(1, (SELECT max(notification_id) FROM {events})) s(i) "
            f"WHERE s.i NOT IN (SELECT notification_id FROM {events})"
        ).fetchone() or (None,)
        assert gap is not None
        conn.execute(f"ALTER TABLE {events} DISABLE TRIGGER USER")
        conn.execute(
            f"INSERT INTO {events} SELECT originator_id, 99, topic, state, {gap} "
            f"FROM {events} WHERE notification_id = 2"
        )
        conn.execute(f"DELETE FROM {events} WHERE notification_id = 3")
        conn.execute(f"UPDATE {events} SET state = '\\x7b7d' WHERE notification_id = 4")
    assert problems(postgres_settings) == [(3, "removed"), (4, "altered"), (gap, "inserted")]
    result = cli(postgres_settings, "verify", "--no-views")
    assert result.exit_code == 1
    assert "position 3: removed" in result.output
    assert "the guard trigger gcm_events_append_only is disabled" in result.output


def test_writers_racing_keep_one_chain(durable_settings: Settings) -> None:
    make_record(durable_settings)

    def write(n: int) -> None:
        app = GcmProcess.from_settings(durable_settings)
        try:
            for i in range(10):
                app.open_process(f"p-{n}-{i}", "P", actor="clerk:test")
        finally:
            app.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    verdict = verify_record(durable_settings)
    assert verdict.ok, verdict.problems
    assert verdict.events == 6 + 40
