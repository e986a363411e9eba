"""Registrations and their delivery log, in ``webhooks.sqlite`` beside the views of a node.

A registration names a process, a URL (http or https) and a shared secret; it
remembers the position of the last change its receiver acknowledged, how many
attempts in a row failed, and when to try next. Every attempt is a row of the
delivery log. The secret is kept (it signs each delivery) but never shown
again after it was created: ``Webhook`` leaves it out of its repr and its JSON.
The file is readable by its owner only. A connection per call, so the store is
safe across forks and threads.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gcm_process.domain.errors import AlreadyExists, IdempotencyConflict, InvalidInput, NotFound

FILE = "webhooks.sqlite"
URL_MAX = 2000
SECRET_MIN, SECRET_MAX = 16, 256

_SCHEMA = """
CREATE TABLE IF NOT EXISTS webhooks (
    id TEXT PRIMARY KEY,
    process TEXT NOT NULL,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    base_url TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    removed_at TEXT,
    acknowledged INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    next_try REAL NOT NULL DEFAULT 0,
    request_key TEXT UNIQUE
);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id),
    position INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    at TEXT NOT NULL,
    status INTEGER,
    error TEXT,
    acknowledged INTEGER NOT NULL,
    next_try TEXT,
    elapsed_ms REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS deliveries_by_webhook ON deliveries (webhook_id, id);
"""
_COLUMNS = (
    "id, process, url, base_url, created_at, created_by, removed_at, acknowledged, failures, "
    "next_try, secret"
)


@dataclass(frozen=True)
class Webhook:
    id: str
    process: str
    url: str
    #: Where the pages of the record are served, for the links in each delivery.
    base_url: str
    created_at: str
    created_by: str
    removed_at: str | None
    #: The position of the last change its receiver acknowledged.
    acknowledged: int
    #: Attempts in a row that were not acknowledged.
    failures: int
    #: When the next attempt may be made (Unix time).
    next_try: float
    secret: str = field(repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "process": self.process,
            "url": self.url,
            "base_url": self.base_url,
            "created_at": self.created_at,
            "created_by": self.created_by,
            "removed_at": self.removed_at,
            "acknowledged": self.acknowledged,
            "failures": self.failures,
            "next_try": moment(self.next_try) if self.failures else None,
        }


@dataclass(frozen=True)
class Attempt:
    """What one attempt to deliver a change gave."""

    position: int
    acknowledged: bool
    status: int | None
    error: str | None
    elapsed_ms: float
    #: When to try again (Unix time), when not acknowledged.
    next_try: float | None = None


def moment(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds")


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def checked_url(url: str) -> str:
    """``url`` when it is an http or https URL with a host, else ``InvalidInput``."""
    text = url.strip()
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or len(text) > URL_MAX
        or any(c.isspace() for c in text)
    ):
        raise InvalidInput(
            f"A webhook URL is an http:// or https:// address with a host (at most {URL_MAX} "
            f"characters), not '{text[:100]}'."
        )
    return text


def checked_secret(secret: str | None) -> str:
    """The secret given (16 to 256 visible characters), or a new random one."""
    if secret is None:
        return "whsec_" + secrets.token_urlsafe(32)
    if not SECRET_MIN <= len(secret) <= SECRET_MAX or not secret.isprintable() or " " in secret:
        raise InvalidInput(
            f"A webhook secret is {SECRET_MIN} to {SECRET_MAX} visible characters without "
            "spaces; leave it out to have one made."
        )
    return secret


class WebhookStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.touch(mode=0o600)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @classmethod
    def of(cls, data_dir: Path) -> WebhookStore:
        return cls(data_dir / FILE)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            yield db
        finally:
            db.close()

    def add(
        self,
        process: str,
        url: str,
        *,
        base_url: str,
        actor: str,
        after: int,
        secret: str | None = None,
        request_key: str | None = None,
    ) -> tuple[Webhook, bool]:
        """Register ``url`` for the changes of ``process`` recorded after ``after``.

        With a ``request_key`` already used, the registration it made (and False).
        """
        url, secret = checked_url(url), checked_secret(secret)
        if after < 0:
            raise InvalidInput("A position in the record is a whole number from 0.")
        if request_key is not None:
            found = self._find("request_key = ?", request_key)
            if found is not None:
                if (found.process, found.url) != (process, url):
                    raise IdempotencyConflict(
                        "This Idempotency-Key was used for another webhook; use a new key."
                    )
                return found, False
        twin = self._find("process = ? AND url = ? AND removed_at IS NULL", process, url)
        if twin is not None:
            raise AlreadyExists(
                f"{url} is already registered for {process} as {twin.id}; remove it first."
            )
        webhook_id = "wh-" + secrets.token_hex(6)
        with self._connect() as db:
            db.execute(
                "INSERT INTO webhooks (id, process, url, secret, base_url, created_at, created_by, "
                "acknowledged, request_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (webhook_id, process, url, secret, base_url.rstrip("/"), now_text(), actor,
                 after, request_key),
            )  # fmt: skip
        return self.get(webhook_id), True

    def _find(self, where: str, *params: Any) -> Webhook | None:
        with self._connect() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM webhooks WHERE {where}", params).fetchone()
        return None if row is None else Webhook(*row)

    def get(self, webhook_id: str, process: str | None = None) -> Webhook:
        found = self._find("id = ? AND (? IS NULL OR process = ?)", webhook_id, process, process)
        if found is None:
            raise NotFound(f"There is no webhook '{webhook_id}'" + (
                f" for process '{process}'." if process else "."))  # fmt: skip
        return found

    def registrations(self, process: str | None = None, active: bool = False) -> list[Webhook]:
        with self._connect() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM webhooks WHERE (? IS NULL OR process = ?) "
                "AND (? = 0 OR removed_at IS NULL) ORDER BY created_at, id",
                (process, process, int(active)),
            ).fetchall()
        return [Webhook(*row) for row in rows]

    def remove(self, webhook_id: str, process: str | None = None) -> Webhook:
        """Stop delivering to it; its delivery log is kept."""
        found = self.get(webhook_id, process)
        if found.removed_at is not None:
            raise NotFound(f"Webhook '{webhook_id}' was already removed.")
        with self._connect() as db:
            db.execute("UPDATE webhooks SET removed_at = ? WHERE id = ?", (now_text(), found.id))
        return self.get(webhook_id)

    def due(self, at: float) -> list[Webhook]:
        """The active registrations whose next attempt may be made at ``at``."""
        return [w for w in self.registrations(active=True) if w.next_try <= at]

    def attempted(self, webhook: Webhook, attempt: Attempt) -> None:
        """Log an attempt and move the registration on, in one transaction."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            failures = db.execute(
                "SELECT failures FROM webhooks WHERE id = ?", (webhook.id,)
            ).fetchone()[0]
            db.execute(
                "INSERT INTO deliveries (webhook_id, position, attempt, at, status, error, "
                "acknowledged, next_try, elapsed_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (webhook.id, attempt.position, failures + 1, now_text(), attempt.status,
                 attempt.error, int(attempt.acknowledged),
                 None if attempt.next_try is None else moment(attempt.next_try),
                 attempt.elapsed_ms),
            )  # fmt: skip
            if attempt.acknowledged:
                db.execute(
                    "UPDATE webhooks SET acknowledged = MAX(acknowledged, ?), failures = 0, "
                    "next_try = 0 WHERE id = ?",
                    (attempt.position, webhook.id),
                )
            else:
                db.execute(
                    "UPDATE webhooks SET failures = failures + 1, next_try = ? WHERE id = ?",
                    (attempt.next_try or 0, webhook.id),
                )
            db.execute("COMMIT")

    def deliveries(self, webhook_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """The newest attempts first."""
        with self._connect() as db:
            cursor = db.execute(
                "SELECT position, attempt, at, status, error, acknowledged, next_try, elapsed_ms "
                "FROM deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?",
                (webhook_id, limit),
            )
            names = [c[0] for c in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor]
        for row in rows:
            row["acknowledged"] = bool(row["acknowledged"])
        return rows
