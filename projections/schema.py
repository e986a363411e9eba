"""The views' schema, created and evolved by named sqlite-utils migrations.

Times are exact integers: recorded time in microseconds since 1970 UTC,
announced dates as proleptic ordinals. "The row valid at (T, D)" is found
with B-tree indexes (see ``bitemporal``): ``session_bounds`` holds each bound
of a session's announced axis with the time it appeared, ``session_rows_at``
the rows from a bound in recorded order, ``session_rows_tail`` the rows open
on the announced axis (what ``as_of`` alone asks), both with the row's state
id so that a lookup reads the index alone, ``session_rows_current`` the rows
still open in recorded time (what catching up extends).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("gcm-views")


@migrations(name="001_views")
def _views(db: Any) -> None:
    db.executescript(
        """
        CREATE TABLE position (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            position INTEGER NOT NULL,
            originator_id TEXT,
            originator_version INTEGER
        );
        INSERT INTO position (id, position) VALUES (1, 0);

        CREATE TABLE processes (
            key INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            slug TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            mandate TEXT,
            announced_on TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
        CREATE TABLE facilitators (
            process_key INTEGER NOT NULL REFERENCES processes(key),
            name TEXT NOT NULL,
            title TEXT,
            delegation TEXT,
            announced_on TEXT NOT NULL,
            PRIMARY KEY (process_key, name)
        );

        CREATE TABLE sessions (
            key INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            process_key INTEGER NOT NULL REFERENCES processes(key),
            slug TEXT NOT NULL,
            status TEXT,
            version INTEGER,
            first_date TEXT,
            state_id INTEGER,
            UNIQUE (process_key, slug)
        );
        CREATE TABLE session_days (
            session_key INTEGER NOT NULL REFERENCES sessions(key),
            date TEXT NOT NULL,
            start TEXT,
            "end" TEXT,
            venue TEXT,
            PRIMARY KEY (session_key, date)
        );
        CREATE TABLE session_states (
            id INTEGER PRIMARY KEY,
            json TEXT NOT NULL
        );
        CREATE TABLE session_rows (
            id INTEGER PRIMARY KEY,
            session_key INTEGER NOT NULL,
            t_from INTEGER NOT NULL,
            t_to INTEGER,
            d_from INTEGER NOT NULL,
            d_to INTEGER,
            state_id INTEGER NOT NULL
        );
        CREATE INDEX session_rows_current ON session_rows (session_key, d_from)
            WHERE t_to IS NULL;
        CREATE VIRTUAL TABLE session_boxes USING rtree_i32 (
            id, t0, t1, d0, d1, p0, p1
        );

        CREATE TABLE session_events (
            position INTEGER PRIMARY KEY,
            process_key INTEGER NOT NULL,
            session_key INTEGER NOT NULL,
            version INTEGER NOT NULL,
            event TEXT NOT NULL,
            announced_on TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            source TEXT,
            command_id TEXT NOT NULL,
            data TEXT NOT NULL,
            before_state_id INTEGER,
            state_id INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX session_events_version ON session_events (session_key, version);
        CREATE INDEX session_events_announced ON session_events (process_key, announced_on);

        CREATE TABLE drafts (
            key INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            process_key INTEGER NOT NULL REFERENCES processes(key),
            slug TEXT NOT NULL,
            title TEXT NOT NULL,
            circulated_on TEXT,
            note TEXT,
            announced_on TEXT NOT NULL,
            source TEXT,
            version INTEGER NOT NULL
        );
        CREATE TABLE presentations (
            draft_key INTEGER NOT NULL REFERENCES drafts(key),
            session TEXT NOT NULL,
            presented_on TEXT,
            announced_on TEXT NOT NULL,
            source TEXT,
            PRIMARY KEY (draft_key, session)
        );

        CREATE TABLE letters (
            key INTEGER PRIMARY KEY,
            process_key INTEGER NOT NULL REFERENCES processes(key),
            slug TEXT NOT NULL,
            dated TEXT NOT NULL,
            place TEXT,
            senders TEXT NOT NULL,
            addressees TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            reference TEXT,
            encloses TEXT NOT NULL,
            announced_on TEXT NOT NULL,
            source TEXT,
            recorded_at TEXT NOT NULL,
            UNIQUE (process_key, slug)
        );
        """
    )


@migrations(name="002_letters_fts")
def _letters_fts(db: Any) -> None:
    """Full-text search over letters' subject and body, kept in step by triggers."""
    db["letters"].enable_fts(["subject", "body"], fts_version="FTS5", create_triggers=True)


@migrations(name="003_session_bounds")
def _session_bounds(db: Any) -> None:
    """B-tree lookups instead of the R*Tree of closed rows (derived from the rows)."""
    db.executescript(
        """
        DROP TABLE session_boxes;
        CREATE TABLE session_bounds (
            session_key INTEGER NOT NULL,
            d INTEGER NOT NULL,
            t INTEGER NOT NULL,
            PRIMARY KEY (session_key, d)
        ) WITHOUT ROWID;
        INSERT INTO session_bounds
            SELECT session_key, d_from, min(t_from) FROM session_rows GROUP BY 1, 2;
        CREATE INDEX session_rows_at ON session_rows (session_key, d_from, t_from);
        CREATE INDEX session_rows_tail ON session_rows (session_key, t_from)
            WHERE d_to IS NULL;
        """
    )


#: Every table of rows made from the log, children first (what a refill empties).
ROW_TABLES = (
    "session_bounds",
    "session_rows",
    "session_states",
    "session_events",
    "session_days",
    "sessions",
    "presentations",
    "drafts",
    "letters",
    "facilitators",
    "processes",
)


@migrations(name="004_session_reason")
def _session_reason(db: Any) -> None:
    """Session states carry the reason of their latest change: the rows are made again.

    Emptied here, they are refilled from the log when the views are opened
    (rebuilt when far behind, caught up otherwise).
    """
    for table in ROW_TABLES:
        db.execute(f"DELETE FROM {table}")
    db.execute("UPDATE position SET position = 0, originator_id = NULL, originator_version = NULL")


@migrations(name="005_paging_indexes")
def _paging_indexes(db: Any) -> None:
    """Every list is read a page at a time from an index in its order (``paging``)."""
    db.executescript(
        """
        CREATE INDEX session_events_process_position ON session_events (process_key, position);
        CREATE INDEX session_events_session_position ON session_events (session_key, position);
        CREATE INDEX sessions_timeline
            ON sessions (process_key, coalesce(first_date, '9999-12-31'), slug);
        CREATE INDEX letters_dated ON letters (process_key, dated, slug);
        CREATE INDEX drafts_circulated ON drafts (process_key, key);
        """
    )


@migrations(name="006_corrections_index")
def _corrections_index(db: Any) -> None:
    """The corrections of a process, which every page of a change log or history tells,
    are found without reading the process's other events (``projections.corrections``)."""
    db.execute(
        "CREATE INDEX session_events_corrections ON session_events (process_key, session_key) "
        "WHERE event = 'Corrected'"
    )


@migrations(name="007_ids_from_positions")
def _ids_from_positions(db: Any) -> None:
    """Session rows and states are numbered from their event's position, sessions by the
    order scheduled (``session_rows``): the rows are made again, as in ``004``."""
    _session_reason(db)


@migrations(name="008_covering_lookups")
def _covering_lookups(db: Any) -> None:
    """The as-of lookups read a session's state id from the index they search, not its row.

    A session's rows from one bound (and its rows open on the announced axis)
    cover recorded time without gaps or overlaps, an empty row is never
    stored, so the latest one recorded at or before ``t`` is the one holding
    ``t``: the queries need neither the row's ``t_to`` nor the table
    (``queries``). ``session_rows_tail`` also holds ``d_to`` (always NULL in
    it), without which SQLite reads the table to test its own condition.
    Statistics, where the file has them, are taken again for the two indexes.
    """
    db.executescript(
        """
        DROP INDEX session_rows_at;
        CREATE INDEX session_rows_at ON session_rows (session_key, d_from, t_from, state_id);
        DROP INDEX session_rows_tail;
        CREATE INDEX session_rows_tail ON session_rows (session_key, t_from, state_id, d_to)
            WHERE d_to IS NULL;
        """
    )
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        db.execute("ANALYZE session_rows_at")
        db.execute("ANALYZE session_rows_tail")


@migrations(name="009_current_rows_from_bounds")
def _current_rows_from_bounds(db: Any) -> None:
    """The rows open in recorded time are read as the latest row from each of the session's
    bounds (``session_rows_at``), not from an index of their own, which every event
    rewrote: a catch-up writes one page less."""
    db.execute("DROP INDEX session_rows_current")


def migrate(db: Database, stop_before: str | None = None) -> None:
    """Bring the schema up to date (each migration in its own transaction)."""
    migrations.apply(db, stop_before=stop_before)
