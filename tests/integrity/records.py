"""A small record on a durable store, and raw SQL on it as someone with the file would run it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from click.testing import CliRunner, Result

from gcm_process.application import GcmProcess
from gcm_process.cli import main
from gcm_process.config import Settings, postgres_env
from tests.factories import open_gcm, tell_round_1_story


def make_record(settings: Settings, start: Callable[[GcmProcess], object] = open_gcm) -> None:
    """gcm-2018 begun by ``start`` (by default opened: then six events), round 1's story told."""
    app = GcmProcess.from_settings(settings)
    try:
        start(app)
        tell_round_1_story(app)
    finally:
        app.close()


def sqlite(settings: Settings, *statements: str) -> list[Any]:
    """Run statements on the SQLite file with a plain connection, as a person with the file."""
    conn = sqlite3.connect(settings.events_path, isolation_level=None)
    try:
        rows: list[Any] = []
        for statement in statements:
            rows = conn.execute(statement).fetchall()
        return rows
    finally:
        conn.close()


def postgres_url(settings: Settings) -> tuple[str, str]:
    """The server's URL without the schema, and the schema."""
    env = postgres_env(str(settings.event_store))
    return str(settings.event_store).split("?")[0], env["POSTGRES_SCHEMA"]


def cli(settings: Settings, *args: str) -> Result:
    env = {"GCM_EVENT_STORE": settings.event_store or ""}
    return CliRunner().invoke(
        main, ["--data-dir", str(settings.data_dir), *args], env=env, catch_exceptions=False
    )
