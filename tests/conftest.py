"""Fixtures: tiny factories, a fresh store for every test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from gcm_process.application import GcmProcess
from gcm_process.config import Settings
from tests.factories import open_gcm, schedule_round_1

POSTGRES_URL = os.environ.get("GCM_TEST_POSTGRES")


@pytest.fixture
def app() -> Iterator[GcmProcess]:
    """The application on the in-memory store."""
    application = GcmProcess(Settings(Path("unused"), "memory").application_env())
    yield application
    application.close()


@pytest.fixture
def gcm(app: GcmProcess) -> GcmProcess:
    """The in-memory application with the process ``gcm-2018`` opened."""
    open_gcm(app)
    return app


@pytest.fixture
def round_1(gcm: GcmProcess) -> GcmProcess:
    """``gcm-2018`` with round 1 scheduled on its three days (version 1)."""
    schedule_round_1(gcm)
    return gcm


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "data")


@contextmanager
def postgres_schema(data_dir: Path, prefix: str) -> Iterator[Settings]:
    """Settings on a fresh schema in the test PostgreSQL server (GCM_TEST_POSTGRES), dropped
    afterwards; the test is skipped when no server is named."""
    if not POSTGRES_URL:
        pytest.skip("GCM_TEST_POSTGRES is not set (.ci/run sets it)")
    import psycopg

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield Settings(data_dir, f"{POSTGRES_URL}?schema={schema}")
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def postgres_settings(tmp_path: Path) -> Iterator[Settings]:
    """A fresh schema in the test PostgreSQL server, dropped afterwards."""
    with postgres_schema(tmp_path / "data", "t") as settings:
        yield settings


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def durable_settings(request: pytest.FixtureRequest) -> Settings:
    """Each durable store in turn: a SQLite file, then PostgreSQL."""
    name = "sqlite_settings" if request.param == "sqlite" else "postgres_settings"
    settings: Settings = request.getfixturevalue(name)
    return settings


@pytest.fixture
def durable(durable_settings: Settings) -> Iterator[GcmProcess]:
    """The application on each durable store in turn, with ``gcm-2018`` opened."""
    application = GcmProcess.from_settings(durable_settings)
    open_gcm(application)
    yield application
    application.close()
