"""Where the record lives: a data directory, and which event store to use.

``GCM_DATA_DIR`` (or ``--data-dir``) names the data directory, ``./gcm-data``
by default; the SQLite event store is ``events.sqlite`` in it and the views
``views.sqlite`` beside it. ``GCM_EVENT_STORE`` chooses another event store:
a ``postgresql://user:password@host:port/db`` URL (``?schema=NAME`` to use
another schema than ``public``), or ``memory`` (tests).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from gcm_process.domain.errors import InvalidInput

DEFAULT_DATA_DIR = "./gcm-data"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    event_store: str | None = None

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None) -> Settings:
        chosen = data_dir or os.environ.get("GCM_DATA_DIR") or DEFAULT_DATA_DIR
        return cls(Path(chosen), os.environ.get("GCM_EVENT_STORE") or None)

    @property
    def events_path(self) -> Path:
        return self.data_dir / "events.sqlite"

    @property
    def views_path(self) -> Path:
        return self.data_dir / "views.sqlite"

    @property
    def store_kind(self) -> str:
        if self.event_store is None:
            return "sqlite"
        if self.event_store == "memory":
            return "memory"
        return "postgresql"

    def application_env(self) -> dict[str, str]:
        """The eventsourcing environment for the chosen event store."""
        if self.store_kind == "memory":
            return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        if self.store_kind == "sqlite":
            self.data_dir.mkdir(parents=True, exist_ok=True)
            return {
                "PERSISTENCE_MODULE": "gcm_process.store:DurableSQLiteFactory",
                "SQLITE_DBNAME": str(self.events_path),
                "SQLITE_LOCK_TIMEOUT": "10",
            }
        return postgres_env(str(self.event_store))


def postgres_env(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.path.strip("/"):
        raise InvalidInput(
            "GCM_EVENT_STORE must be 'postgresql://user:password@host:port/db' or 'memory'."
        )
    env = {
        "PERSISTENCE_MODULE": "gcm_process.store_postgres:AppendOnlyPostgresFactory",
        "POSTGRES_DBNAME": unquote(parts.path.strip("/")),
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or ""),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
    }
    schema = parse_qs(parts.query).get("schema")
    if schema:
        env["POSTGRES_SCHEMA"] = schema[0]
    return env
