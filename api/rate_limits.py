"""Where the rate limit counts writes: a table shared by every worker that opens it.

``gcm+sqlite:///PATH`` is a SQLite file (the workers of one node share it);
``gcm+postgresql://...`` a table in a PostgreSQL database (every node naming it
shares it: the event store's, by default). Both count a moving window of hits
per key (flask-limiter's strategy here) and a fixed window too; a connection is
opened per call, so the counts are safe across gunicorn's forks, and each
change runs in one transaction (``BEGIN IMMEDIATE`` on SQLite, an advisory
lock on the key on PostgreSQL).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from limits.storage import MovingWindowSupport, Storage

from gcm_process.domain.errors import InvalidInput

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS gcm_rate_hits (key TEXT NOT NULL, at DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS gcm_rate_hits_key ON gcm_rate_hits (key, at)",
    "CREATE TABLE IF NOT EXISTS gcm_rate_counts "
    "(key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at DOUBLE PRECISION NOT NULL)",
)
#: Seconds a count may wait for its database before the write goes on uncounted.
TIMEOUT = 2


class SharedCounts(Storage, MovingWindowSupport):
    STORAGE_SCHEME = ["gcm+sqlite", "gcm+postgresql"]  # noqa: RUF012  (as limits declares it)

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions, **options)
        scheme, _, rest = uri.partition("://")
        self.postgres = scheme == "gcm+postgresql"
        self.target = rest
        self._ready = False

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        if self.postgres:
            import psycopg

            return (sqlite3.Error, psycopg.Error)
        return sqlite3.Error

    # -- moving window ------------------------------------------------------------

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        now = time.time()
        with self._transaction(key) as run:
            run("DELETE FROM gcm_rate_hits WHERE key = ? AND at <= ?", (key, now - expiry))
            count = int(run("SELECT count(*) FROM gcm_rate_hits WHERE key = ?", (key,))[0][0])
            if count + amount > limit:
                return False
            for _ in range(amount):
                run("INSERT INTO gcm_rate_hits (key, at) VALUES (?, ?)", (key, now))
        return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now = time.time()
        with self._transaction(key) as run:
            first, count = run(
                "SELECT min(at), count(*) FROM gcm_rate_hits WHERE key = ? AND at > ?",
                (key, now - expiry),
            )[0]
        return (float(first) if first is not None else now), int(count)

    # -- fixed window -------------------------------------------------------------

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._transaction(key) as run:
            rows = run(
                "INSERT INTO gcm_rate_counts (key, count, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET "
                "count = CASE WHEN gcm_rate_counts.expires_at <= ? THEN excluded.count "
                "ELSE gcm_rate_counts.count + excluded.count END, "
                "expires_at = CASE WHEN gcm_rate_counts.expires_at <= ? "
                "THEN excluded.expires_at ELSE gcm_rate_counts.expires_at END "
                "RETURNING count",
                (key, amount, now + expiry, now, now),
            )
        return int(rows[0][0])

    def get(self, key: str) -> int:
        found = self._row(key)
        return 0 if found is None else int(found[0])

    def get_expiry(self, key: str) -> float:
        found = self._row(key)
        return time.time() if found is None else float(found[1])

    def check(self) -> bool:
        try:
            with self._transaction("") as run:
                run("SELECT 1", ())
        except Exception:
            return False
        return True

    def reset(self) -> int | None:
        with self._transaction("") as run:
            count = int(run("SELECT count(*) FROM gcm_rate_counts", ())[0][0])
            run("DELETE FROM gcm_rate_counts", ())
            run("DELETE FROM gcm_rate_hits", ())
        return count

    def clear(self, key: str) -> None:
        with self._transaction(key) as run:
            run("DELETE FROM gcm_rate_counts WHERE key = ?", (key,))
            run("DELETE FROM gcm_rate_hits WHERE key = ?", (key,))

    # -- the machinery ------------------------------------------------------------

    def _row(self, key: str) -> tuple[Any, ...] | None:
        with self._transaction(key) as run:
            rows = run(
                "SELECT count, expires_at FROM gcm_rate_counts WHERE key = ? AND expires_at > ?",
                (key, time.time()),
            )
        return tuple(rows[0]) if rows else None

    @contextmanager
    def _transaction(self, key: str) -> Iterator[Any]:
        """``run(sql, params) -> rows`` inside one transaction that holds ``key``."""
        if self.postgres:
            with self._postgres(key) as run:
                yield run
            return
        db = sqlite3.connect(self.target, timeout=TIMEOUT)
        try:
            db.isolation_level = None
            db.execute("BEGIN IMMEDIATE")
            if not self._ready:
                for statement in SCHEMA:
                    db.execute(statement)
                self._ready = True
            yield lambda sql, params: db.execute(sql, params).fetchall()
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    @contextmanager
    def _postgres(self, key: str) -> Iterator[Any]:
        import psycopg

        parts = urlsplit(f"postgresql://{self.target}")
        schema = parse_qs(parts.query).get("schema", ["public"])[0]
        url = parts._replace(query="").geturl()
        options = f"-c search_path={schema} -c statement_timeout={TIMEOUT * 1000}"
        with (
            psycopg.connect(url, connect_timeout=TIMEOUT, options=options) as conn,
            conn.transaction(),
        ):
            if not self._ready:
                conn.execute("SELECT pg_advisory_xact_lock(hashtext('gcm_rate_schema'))")
                for statement in SCHEMA:
                    conn.execute(statement)
                self._ready = True
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))

            def run(sql: str, params: tuple[Any, ...]) -> list[Any]:
                cursor = conn.execute(sql.replace("?", "%s"), params)
                return cursor.fetchall() if cursor.description else []

            yield run


def storage_uri(named: str, data_dir: Path, event_store: str | None) -> str:
    """The counts' storage a deployment names (``GCM_RATE_LIMIT_STORAGE``), as a limits URI.

    ``node`` (the default): a file in the data directory, shared by the node's workers;
    ``event-store``: the PostgreSQL event store's database, shared by every node;
    ``memory``: each worker its own; anything else is a limits URI (``redis://...``).
    """
    if named in ("", "node"):
        return f"gcm+sqlite://{(data_dir / 'rate_limits.sqlite').resolve()}"
    if named == "memory":
        return "memory://"
    if named == "event-store":
        if not event_store or not event_store.startswith(("postgresql://", "postgres://")):
            raise InvalidInput("GCM_RATE_LIMIT_STORAGE=event-store needs a PostgreSQL event store.")
        return "gcm+postgresql://" + event_store.split("://", 1)[1]
    return named
