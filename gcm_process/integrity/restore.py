"""Restore a record from an export into an empty store, and back up a live SQLite record."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from gcm_process.domain.errors import InvalidInput
from gcm_process.integrity.archive import Summary
from gcm_process.integrity.archive_read import ExportReader
from gcm_process.integrity.signing import KEY_FILE, check_signature
from gcm_process.integrity.stores import open_raw


def restore(settings: Settings, path: Path, key: Ed25519PublicKey | None) -> Summary:
    """Write the export's events, positions and links into the empty store ``settings`` names.

    The signature is checked first; then every line is checked as it is written,
    all in one transaction: a corrupted, cut-short or forged export restores nothing.
    """
    check_signature(path, key)
    GcmProcess.from_settings(settings).close()  # the tables and their guards
    raw = open_raw(settings)
    try:
        events, links = raw.counts()
        if events or links:
            raise InvalidInput(
                f"The store already holds {events} event(s): a record is restored only into "
                "an empty store (another --data-dir or GCM_EVENT_STORE). Nothing was restored."
            )
        reader = ExportReader(path)
        raw.write(reader.rows(whole=True))
    finally:
        raw.close()
    return reader.summary


def backup(settings: Settings, destination: Path) -> None:
    """A consistent copy of a live SQLite record into the new directory ``destination``.

    SQLite's online backup copies the event store in one step from one read
    snapshot, so writers go on meanwhile (WAL); the credentials and the node's
    key are copied beside it. The views are not: they are rebuilt on opening.
    """
    if settings.store_kind != "sqlite":
        raise InvalidInput(
            "backup copies a SQLite record; back up PostgreSQL with pg_dump (see the README)."
        )
    if not settings.events_path.exists():
        raise InvalidInput(f"There is no record in {settings.data_dir} to back up.")
    if destination.exists() and any(destination.iterdir()):
        raise InvalidInput(f"{destination} is not empty: back up into a new directory.")
    destination.mkdir(parents=True, exist_ok=True)
    target = Settings(destination)
    for name in ("events.sqlite", "tokens.sqlite"):
        source_path = settings.data_dir / name
        if not source_path.exists():
            continue
        source = sqlite3.connect(source_path, timeout=30)
        copy = sqlite3.connect(destination / name)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    key = settings.data_dir / KEY_FILE
    if key.exists():
        shutil.copy2(key, destination / KEY_FILE)
        os.chmod(destination / KEY_FILE, 0o600)
    assert target.events_path.exists()
