"""API credentials: bearer tokens kept as SHA-256 hashes in ``tokens.sqlite``.

A token is 32 random bytes from ``secrets``; it is shown once when created and
only its hash is stored, so a stolen file cannot be used to call the API.
The token's name is the actor recorded on every event written with it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from gcm_process.domain.errors import AlreadyExists, InvalidInput, NotFound

#: ``reader``: reads only (where reads need a token); ``clerk``: records; ``admin``: the same
#: as a clerk today, for what only administrators will do.
ROLES = ("reader", "clerk", "admin")
WRITE_ROLES = frozenset({"clerk", "admin"})
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
PREFIX = "gcm_"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS tokens_active_name ON tokens(name) WHERE revoked_at IS NULL;
"""


@dataclass(frozen=True)
class Token:
    name: str
    role: str
    created_at: str
    revoked_at: str | None = None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenStore:
    """The tokens of one data directory; a connection per call, so safe across forks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            yield db
        finally:
            db.close()

    def create(self, name: str, role: str) -> str:
        """Store a new token and return it: the only time it is ever seen."""
        if not NAME_PATTERN.match(name):
            raise InvalidInput(
                "A token name is 1 to 64 letters, digits, '.', '_', '@' or '-', "
                "starting with a letter or digit."
            )
        if role not in ROLES:
            raise InvalidInput(f"A role is one of {', '.join(ROLES)}, not '{role}'.")
        secret = PREFIX + secrets.token_urlsafe(32)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with self._connect() as db:
                db.execute(
                    "INSERT INTO tokens (name, role, hash, created_at) VALUES (?, ?, ?, ?)",
                    (name, role, digest(secret), now),
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
        with self._connect() as db:
            rows = db.execute(
                "SELECT name, role, created_at, hash FROM tokens WHERE revoked_at IS NULL"
            ).fetchall()
        found: Token | None = None
        for name, role, created_at, stored in rows:
            if hmac.compare_digest(stored, wanted):
                found = Token(name, role, created_at)
        return found

    def list(self) -> list[Token]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT name, role, created_at, revoked_at FROM tokens ORDER BY id"
            ).fetchall()
        return [Token(*row) for row in rows]

    def revoke(self, name: str) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as db:
            done = db.execute(
                "UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                (now, name),
            ).rowcount
        if not done:
            raise NotFound(f"There is no active token named '{name}'.")
