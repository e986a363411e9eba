"""Fixtures of the desk: an app with a clerk's and a reader's tokens, and browsers signed in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import create_app
from api.config import ApiConfig
from api.services import Services
from gcm_process.config import Settings
from gcm_process.letters import plan_import, read_letters, record_plan, seed_text
from tests.desk.forms import sign_in

SEED = "2018-01-30-co-facilitators"


@pytest.fixture
def desk_app(tmp_path: Path) -> Iterator[Flask]:
    config = ApiConfig(Settings(tmp_path / "data"), write_rate=None, views_poll_seconds=0)
    app = create_app(config)
    yield app
    app.extensions["gcm"].close()


@pytest.fixture
def services(desk_app: Flask) -> Services:
    found: Services = desk_app.extensions["gcm"]
    return found


@pytest.fixture
def record(services: Services) -> Services:
    """The GCM 2018 record of the seed letter, recorded by another clerk."""
    plan = plan_import(services.app, read_letters(seed_text()), None)
    record_plan(services.app, plan, actor="clerk-bea")
    services.views.catch_up()
    return services


@pytest.fixture
def clerk_token(services: Services) -> str:
    return services.tokens.create("clerk-ana", "clerk")


@pytest.fixture
def reader_token(services: Services) -> str:
    return services.tokens.create("reader-rui", "reader")


@pytest.fixture
def clerk(desk_app: Flask, clerk_token: str) -> FlaskClient:
    """A browser signed in at the desk with the clerk's token."""
    client = desk_app.test_client()
    assert sign_in(client, clerk_token).status_code == 303
    return client


@pytest.fixture
def reader(desk_app: Flask, reader_token: str) -> FlaskClient:
    client = desk_app.test_client()
    assert sign_in(client, reader_token).status_code == 303
    return client


def recorded(services: Services) -> list[str]:
    """The topics of what the record holds, besides the credentials the tests issued."""
    found = services.app.recorder.select_notifications(start=1, limit=10_000)
    return [n.topic for n in found if not n.topic.startswith("gcm.Credential.")]
