"""API credentials: bearer tokens, found by the hash of their secret in ``tokens.sqlite``.

A token is 32 random bytes from ``secrets``; it is shown once when created and
only its hash is kept, so a stolen file cannot be used to call the API.

A token made with the application at hand (the ``token`` commands) is a
*shared* credential: issued, changed and revoked as events in the event store
(``gcm_process.credentials``), so every node sharing the store knows it; each
node's follower copies those events into its ``tokens.sqlite`` (``catch_up``),
where a request's token is looked up without asking the store. A token made
without one is local to this data directory, as every token was before
credentials were shared; such tokens, and those of an older ``tokens.sqlite``
(given a credential id when the file is opened), keep working on their node.

The actor recorded with a write is the token's name and its credential id.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gcm_process.credentials import CREDENTIAL_TOPICS, ROLES, Credentials, check_role
from gcm_process.domain.errors import AlreadyExists, InvalidInput, NotFound

__all__ = ["ROLES", "WRITE_ROLES", "Token", "TokenStore", "Tokens"]

WRITE_ROLES = frozenset({"clerk", "admin"})
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
PREFIX = "gcm_"
#: Credential events read per query while catching up.
PAGE = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS followed (position INTEGER NOT NULL);
"""
#: A file from before shared credentials gets its columns, and each token an id, once.
_SHARED = """
ALTER TABLE tokens ADD COLUMN credential TEXT;
ALTER TABLE tokens ADD COLUMN shared INTEGER NOT NULL DEFAULT 0;
UPDATE tokens SET credential = lower(hex(randomblob(16))) WHERE credential IS NULL;
DROP INDEX IF EXISTS tokens_active_name;
CREATE UNIQUE INDEX tokens_credential ON tokens(credential);
CREATE UNIQUE INDEX tokens_active_local ON tokens(name) WHERE revoked_at IS NULL AND shared = 0;
"""


@dataclass(frozen=True)
class Token:
    name: str
    role: str
    created_at: str
    revoked_at: str | None = None
    credential: str = ""
    shared: bool = False

    @property
    def actor(self) -> str:
        """Who a write with this token is recorded as: the name and the credential id."""
        return f"{self.name} ({self.credential})"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class TokenStore:
    """The tokens known to one data directory; a connection per change, so safe across forks.

    ``find``, which every request with a token calls, reads on a connection kept
    by each thread of each process (opened again if the file was replaced).
    ``app``: the application whose event store keeps the shared credentials.
    """

    def __init__(self, path: Path, app: Any = None) -> None:
        self.path = path
        self.app = app
        self._readers = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self._connect() as db:
                db.executescript(_SCHEMA)
                columns = {row[1] for row in db.execute("PRAGMA table_info(tokens)")}
                if "credential" not in columns:
                    db.executescript(f"BEGIN IMMEDIATE; {_SHARED} COMMIT;")
                if db.execute("SELECT count(*) FROM followed").fetchone()[0] == 0:
                    db.execute("INSERT INTO followed VALUES (0)")
        except sqlite3.OperationalError:
            if not path.exists():
                raise
            # A read-only data directory: tokens are still found, nothing is changed.

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            yield db
        finally:
            db.close()

    def _reader(self) -> sqlite3.Connection:
        """This thread's connection for reading, while the process and the file stay the same."""
        stamp = (os.getpid(), os.stat(self.path).st_ino)
        kept: tuple[tuple[int, int], sqlite3.Connection] | None = getattr(
            self._readers, "kept", None
        )
        if kept is not None and kept[0] == stamp:
            return kept[1]
        if kept is not None and kept[0][0] == stamp[0]:
            kept[1].close()  # the file was replaced; a forked child leaves its parent's alone
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        self._readers.kept = (stamp, db)
        return db

    def create(self, name: str, role: str, actor: str = "cli") -> str:
        """Make a new token and return it: the only time it is ever seen."""
        if not NAME_PATTERN.match(name):
            raise InvalidInput(
                "A token name is 1 to 64 letters, digits, '.', '_', '@' or '-', "
                "starting with a letter or digit."
            )
        check_role(role)
        if any(t.name == name and t.revoked_at is None for t in self.list()):
            raise AlreadyExists(f"There is already a token named '{name}'; revoke it first.")
        secret = PREFIX + secrets.token_urlsafe(32)
        if self.app is not None:
            Credentials(self.app).issue(name, role, digest(secret), actor)
            self.catch_up()
            return secret
        try:
            with self._connect() as db:
                db.execute(
                    "INSERT INTO tokens (name, role, hash, created_at, credential) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (name, role, digest(secret), _now(), uuid.uuid4().hex),
                )
        except sqlite3.IntegrityError:
            raise AlreadyExists(
                f"There is already a token named '{name}'; revoke it first."
            ) from None
        return secret

    def find(self, secret: str) -> Token | None:
        """The active token with this secret, if any.

        The hash is compared in constant time with every active token's
        (``hmac.compare_digest``, no early exit), so the time taken tells
        nothing about how close a guess was.
        """
        wanted = digest(secret)
        rows = (
            self._reader()
            .execute(
                "SELECT name, role, created_at, hash, credential, shared FROM tokens "
                "WHERE revoked_at IS NULL"
            )
            .fetchall()
        )
        found: Token | None = None
        for name, role, created_at, stored, credential, shared in rows:
            if hmac.compare_digest(stored, wanted):
                found = Token(name, role, created_at, None, credential, bool(shared))
        return found

    def list(self) -> list[Token]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT name, role, created_at, revoked_at, credential, shared FROM tokens "
                "ORDER BY id"
            ).fetchall()
        return [Token(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]

    def revoke(self, name: str, actor: str = "cli") -> None:
        """Revoke the active token ``name``: a shared one on every node."""
        active = [t for t in self.list() if t.name == name and t.revoked_at is None]
        if self.app is not None and (not active or active[0].shared):
            Credentials(self.app).revoke(name, actor)
            self.catch_up()
            return
        with self._connect() as db:
            done = db.execute(
                "UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL "
                "AND shared = 0",
                (_now(), name),
            ).rowcount
        if not done:
            raise NotFound(f"There is no active token named '{name}'.")

    def change_role(self, name: str, role: str, actor: str = "cli") -> None:
        """Give the shared token ``name`` another role, on every node."""
        if self.app is None:
            raise InvalidInput("Only a token kept in the event store can change its role.")
        Credentials(self.app).change_role(name, role, actor)
        self.catch_up()

    def catch_up(self) -> int:
        """Copy the credential events recorded since the last call; the position reached."""
        with self._connect() as db:
            position = int(db.execute("SELECT position FROM followed").fetchone()[0])
            while True:
                page = self.app.recorder.select_notifications(
                    start=position + 1, limit=PAGE, topics=CREDENTIAL_TOPICS
                )
                if not page:
                    return int(position)
                db.execute("BEGIN IMMEDIATE")
                try:
                    for notification in page:
                        _apply(db, self.app.mapper.to_domain_event(notification))
                    position = page[-1].id
                    db.execute("UPDATE followed SET position = ?", (position,))
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                if len(page) < PAGE:
                    return int(position)


def _apply(db: sqlite3.Connection, event: Any) -> None:
    kind = type(event).__name__
    at = event.timestamp.isoformat(timespec="seconds")
    if kind in ("Issued", "Reissued"):
        db.execute(
            "INSERT INTO tokens (name, role, hash, created_at, credential, shared) "
            "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (credential) DO NOTHING",
            (event.name, event.role, event.secret_hash, at, event.credential),
        )
    elif kind == "RoleChanged":
        db.execute(
            "UPDATE tokens SET role = ? WHERE credential = ?", (event.role, event.credential)
        )
    elif kind == "Revoked":
        db.execute(
            "UPDATE tokens SET revoked_at = ? WHERE credential = ? AND revoked_at IS NULL",
            (at, event.credential),
        )


#: The name the rest of the API knows the token store by.
Tokens = TokenStore
